"""Which access sites a shelf device may use, why the others not, and where a catheter's parts
sit for a tip: the verdicts agree with navigation (what the session would accept)."""

from __future__ import annotations

import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import load_catalog
from simulator.devices.navigation import CatheterRefused, VesselPoint, route_for_device
from simulator.devices.placement import (
    access_sites,
    initial_tip,
    part_marks,
    preview_tip,
    site_verdict,
    site_verdicts,
)

ATLAS = load_atlas()
SEGMENTS = {segment.id: segment for segment in ATLAS.segments}
CATALOG = load_catalog()
AORTIC = CATALOG.device("aigner_stopflow_arterial_12f")
CAVAL = CATALOG.device("aigner_stopflow_venous_14f")
ILP_CANNULA = CATALOG.device("ilp_arterial_cannula_14f")
OCCLUSION = CATALOG.device("coda_type_occlusion_32mm")


def verdicts_by_site(device, surgical=(), strengths=None):
    return {v.site: v for v in site_verdicts(ATLAS, device, list(surgical), strengths)}


def test_an_arterial_stop_flow_catheter_uses_only_the_femoral_arteries() -> None:
    verdicts = verdicts_by_site(AORTIC)
    usable = sorted(site for site, v in verdicts.items() if v.usable)
    assert usable == ["common_femoral_artery_left", "common_femoral_artery_right"]
    assert verdicts["common_femoral_vein_left"].kind == "wrong_system"
    assert "vein" in verdicts["common_femoral_vein_left"].reason
    assert verdicts["brachial_artery_right"].kind == "not_made_for"
    assert "brachial artery" in verdicts["brachial_artery_right"].reason
    assert verdicts["internal_jugular_vein_right"].kind == "wrong_system"


def test_a_device_for_both_systems_takes_the_side_of_the_vessel() -> None:
    verdicts = verdicts_by_site(OCCLUSION)
    assert verdicts["common_femoral_artery_left"].usable
    assert verdicts["common_femoral_vein_left"].usable
    assert verdicts["internal_jugular_vein_left"].kind == "not_made_for"


def test_a_cut_down_device_needs_the_scenario_to_offer_one() -> None:
    without = verdicts_by_site(ILP_CANNULA)
    assert not any(v.usable for v in without.values())
    assert without["common_femoral_artery_left"].kind == "no_surgical_access"
    assert "no cut-down" in without["common_femoral_artery_left"].reason
    offered = verdicts_by_site(ILP_CANNULA, ["external_iliac_artery_left"])
    assert offered["external_iliac_artery_left"].usable
    assert offered["external_iliac_artery_left"].surgical
    assert "external iliac artery left" in offered["common_femoral_artery_left"].reason


def test_a_narrow_access_vessel_is_too_narrow_for_the_sheath() -> None:
    narrow = {"common_femoral_artery_left": 0.25}
    verdicts = verdicts_by_site(AORTIC, strengths=narrow)
    left = verdicts["common_femoral_artery_left"]
    assert left.kind == "too_narrow"
    assert left.reason.startswith("too narrow") and "does not fit" in left.reason
    assert verdicts["common_femoral_artery_right"].usable


def test_an_absent_vessel_says_so() -> None:
    verdict = site_verdict(
        ATLAS,
        AORTIC,
        "common_femoral_artery_left",
        collateral_strengths={"common_femoral_artery_left": 0.0},
    )
    assert verdict.kind == "absent" and "has no" in verdict.reason


@pytest.mark.parametrize("device", [AORTIC, CAVAL, OCCLUSION, ILP_CANNULA])
def test_every_verdict_agrees_with_navigation(device) -> None:
    surgical = ["external_iliac_artery_left", "femoral_vein_left"]
    for verdict in site_verdicts(ATLAS, device, surgical):
        segment = SEGMENTS[verdict.site]
        try:
            route_for_device(ATLAS, device, verdict.site, initial_tip(segment), frozenset(surgical))
        except CatheterRefused:
            assert not verdict.usable, verdict
        else:
            assert verdict.usable, verdict


def test_surgical_sites_follow_the_standard_ones_once() -> None:
    sites = access_sites(ATLAS, ["external_iliac_artery_left", "common_femoral_artery_left"])
    assert [site for site, _ in sites[: len(ATLAS.access_sites)]] == list(ATLAS.access_sites)
    assert sites[len(ATLAS.access_sites) :] == [("external_iliac_artery_left", True)]


def test_a_dropped_tip_points_to_the_heart() -> None:
    assert initial_tip(SEGMENTS["common_femoral_artery_left"]).position < 0.5
    assert initial_tip(SEGMENTS["common_femoral_vein_left"]).position > 0.5


def test_the_hap_expert_tip_puts_the_parts_where_the_session_does() -> None:
    tip = VesselPoint("descending_thoracic_aorta_lower", 0.4)
    preview = preview_tip(ATLAS, AORTIC, "common_femoral_artery_left", tip)
    assert preview.refusal is None and preview.route is not None
    kinds = [mark.kind for mark in preview.marks]
    assert kinds == ["end_hole", "balloon", "side_holes"]  # tip first
    balloon = preview.marks[1]
    assert balloon.point.segment == "abdominal_aorta_supraceliac"
    assert balloon.vessel_diameter_mm == pytest.approx(18.0, abs=0.1)
    spec = AORTIC.balloons[0]
    expected = preview.route.point_back_from_tip(
        spec.distance_from_tip_mm + 0.5 * spec.working_length_mm
    )
    assert balloon.point == expected
    assert all(mark.inside for mark in preview.marks)


def test_a_part_beyond_a_short_route_is_outside() -> None:
    route = route_for_device(
        ATLAS,
        AORTIC,
        "common_femoral_artery_left",
        initial_tip(SEGMENTS["common_femoral_artery_left"]),
    )
    marks = part_marks(ATLAS, AORTIC, route)
    assert route.length_mm < 45.0
    assert [mark.inside for mark in marks] == [True, False, False]


def test_refusals_are_navigations_reasons() -> None:
    vein = preview_tip(
        ATLAS,
        AORTIC,
        "common_femoral_artery_left",
        VesselPoint("inferior_vena_cava_suprahepatic", 0.5),
    )
    assert vein.route is None and "cannot reach a vein" in (vein.refusal or "")
    narrow = preview_tip(
        ATLAS, AORTIC, "common_femoral_artery_left", VesselPoint("lumbar_arteries_left", 0.5)
    )
    assert narrow.route is None and "does not fit" in (narrow.refusal or "")
