"""Catheter routing on the real atlas: the usual approaches, every kind of refusal, locating
points back from the tip, and the route's consistency for any reachable arterial tip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import load_catalog
from simulator.devices.navigation import (
    CatheterRefused,
    Route,
    VesselPoint,
    catheter_outer_diameter_mm,
    catheter_system,
    route_catheter,
    route_for_device,
    usable_length_mm,
)

ATLAS = load_atlas()
SEGMENTS = {segment.id: segment for segment in ATLAS.segments}
CATALOG = load_catalog()
FEMORAL_ARTERY = "common_femoral_artery_right"
FEMORAL_VEIN = "common_femoral_vein_right"
JUGULAR = "internal_jugular_vein_right"
AORTA_UP = (
    "common_femoral_artery_right",
    "external_iliac_artery_right",
    "common_iliac_artery_right",
    "abdominal_aorta_infrarenal_lower",
    "abdominal_aorta_infrarenal_upper",
    "abdominal_aorta_suprarenal",
    "abdominal_aorta_celiac_sma",
)


def arterial(site: str, segment: str, position: float = 0.5, **options: object) -> Route:
    options = {"outer_diameter_mm": 4.0 / 3.0, "usable_length_mm": None, **options}
    return route_catheter(ATLAS, site, VesselPoint(segment, position), system="arterial", **options)


def venous(site: str, segment: str, position: float = 0.5, **options: object) -> Route:
    options = {"outer_diameter_mm": 8.0 / 3.0, "usable_length_mm": None, **options}
    return route_catheter(ATLAS, site, VesselPoint(segment, position), system="venous", **options)


def node_at(segment_id: str, position: float) -> str:
    segment = SEGMENTS[segment_id]
    assert position in (0.0, 1.0), f"{segment_id} left or entered mid-vessel at {position}"
    return segment.from_node if position == 0.0 else segment.to_node


def assert_consistent(route: Route) -> None:
    """Legs join end to start at shared nodes, run from the access to the tip, and add up."""
    assert route.legs[0].segment == route.access.segment
    assert route.legs[0].start == route.access.position
    assert route.legs[-1].segment == route.tip.segment
    assert route.legs[-1].end == route.tip.position
    for before, after in zip(route.legs, route.legs[1:], strict=False):
        assert node_at(before.segment, before.end) == node_at(after.segment, after.start)
    for leg in route.legs:
        expected = abs(leg.end - leg.start) * SEGMENTS[leg.segment].length_mm
        assert leg.length_mm == pytest.approx(expected)
    assert route.length_mm == pytest.approx(sum(leg.length_mm for leg in route.legs))


def test_femoral_artery_to_supraceliac_aorta_goes_up_the_iliac_and_aorta() -> None:
    route = arterial(FEMORAL_ARTERY, "abdominal_aorta_supraceliac")
    assert route.segments() == (*AORTA_UP, "abdominal_aorta_supraceliac")
    assert all(leg.end < leg.start for leg in route.legs)  # retrograde, against the flow
    assert 300.0 <= route.length_mm <= 600.0
    assert route.length_mm == pytest.approx(417.8)
    assert_consistent(route)


def test_femoral_vein_to_suprahepatic_ivc_goes_with_the_flow() -> None:
    route = venous(FEMORAL_VEIN, "inferior_vena_cava_suprahepatic")
    assert route.segments() == (
        "common_femoral_vein_right",
        "external_iliac_vein_right",
        "common_iliac_vein_right",
        "inferior_vena_cava_infrarenal",
        "inferior_vena_cava_suprarenal",
        "inferior_vena_cava_retrohepatic",
        "inferior_vena_cava_suprahepatic",
    )
    assert all(leg.end > leg.start for leg in route.legs)
    assert route.length_mm == pytest.approx(430.0)
    assert_consistent(route)


def test_jugular_to_retrohepatic_ivc_crosses_the_right_atrium() -> None:
    route = venous(JUGULAR, "inferior_vena_cava_retrohepatic")
    assert route.segments() == (
        "internal_jugular_vein_right",
        "brachiocephalic_vein_right",
        "superior_vena_cava",
        "inferior_vena_cava_suprahepatic",
        "inferior_vena_cava_retrohepatic",
    )
    svc, ivc = route.legs[2], route.legs[3]
    assert node_at("superior_vena_cava", svc.end) == "right_atrium"
    assert node_at("inferior_vena_cava_suprahepatic", ivc.start) == "right_atrium"
    assert route.length_mm == pytest.approx(230.0)
    assert_consistent(route)


def test_left_brachial_artery_to_celiac_trunk_goes_down_the_descending_aorta() -> None:
    route = arterial("brachial_artery_left", "celiac_trunk")
    assert route.segments()[:3] == (
        "brachial_artery_left",
        "axillary_artery_left",
        "subclavian_artery_left",
    )
    assert "descending_thoracic_aorta_upper" in route.segments()
    assert route.segments()[-1] == "celiac_trunk"
    assert route.length_mm == pytest.approx(486.45)
    assert_consistent(route)


def test_femoral_artery_to_proper_hepatic_artery_goes_through_the_celiac() -> None:
    route = arterial(FEMORAL_ARTERY, "proper_hepatic_artery")
    assert route.segments() == (
        *AORTA_UP,
        "celiac_trunk",
        "common_hepatic_artery",
        "proper_hepatic_artery",
    )
    assert route.length_mm == pytest.approx(477.2)
    assert_consistent(route)


def test_tip_in_the_access_vessel_is_a_single_leg() -> None:
    route = arterial(FEMORAL_ARTERY, FEMORAL_ARTERY, 0.9, access_position=0.3)
    assert route.legs == (route.legs[0],)
    assert route.length_mm == pytest.approx(0.6 * SEGMENTS[FEMORAL_ARTERY].length_mm)


def test_a_catheter_too_wide_for_a_collateral_takes_the_main_route() -> None:
    thin = arterial(FEMORAL_ARTERY, "superior_pancreaticoduodenal_artery", outer_diameter_mm=0.5)
    wide = arterial(FEMORAL_ARTERY, "superior_pancreaticoduodenal_artery", outer_diameter_mm=1.5)
    assert "pancreaticoduodenal_arcade" in thin.segments()  # shortest, 1.4 mm wide
    assert "gastroduodenal_artery" in wide.segments()
    assert wide.length_mm > thin.length_mm


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: venous(FEMORAL_VEIN, "abdominal_aorta_supraceliac"),
            "a venous catheter cannot reach an artery",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "portal_vein"),
            "an arterial catheter cannot reach a vein",
        ),
        (
            lambda: venous(FEMORAL_VEIN, "portal_vein"),
            "portal veins are not reachable from systemic veins",
        ),
        (
            lambda: arterial(FEMORAL_VEIN, "abdominal_aorta_supraceliac"),
            "an arterial catheter must enter an artery; common_femoral_vein_right is a vein",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "pulmonary_artery_left"),
            "only a cannula placed surgically into a pulmonary artery",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "right_gastric_artery", outer_diameter_mm=5.0 / 3.0),
            "the 5.0 F catheter (1.67 mm) does not fit the right_gastric_artery (1.6 mm)",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "maxillary_artery_right", 0.95),
            "the 4.0 F catheter (1.33 mm) does not fit the maxillary_artery_right (1.3 mm)",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "abdominal_aorta_supraceliac", usable_length_mm=400.0),
            "the tip is 42 cm from the access; the catheter's usable length is 40 cm",
        ),
        (
            lambda: arterial("gastroduodenal_artery", "gastroduodenal_artery", 0.0),
            "gastroduodenal_artery is not an access site; allowed: common_femoral_artery_right",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "cystic_artery"),
            "crosses the liver_right capillary bed",
        ),
        (
            lambda: venous(JUGULAR, "coronary_sinus"),
            "the way there crosses the right_atrium",
        ),
        (
            lambda: arterial(FEMORAL_ARTERY, "replaced_right_hepatic_artery"),
            "this patient has no replaced_right_hepatic_artery",
        ),
        (lambda: arterial(FEMORAL_ARTERY, "hepatic_arteria"), "no vessel 'hepatic_arteria'"),
        (lambda: arterial(FEMORAL_ARTERY, "celiac_trunk", 1.2), "between 0 and 1"),
        (
            lambda: arterial(FEMORAL_ARTERY, "celiac_trunk", access_position=-0.1),
            "the access position must be between 0 and 1",
        ),
    ],
)
def test_refusals_say_why(call: object, message: str) -> None:
    with pytest.raises(CatheterRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()  # type: ignore[operator]


def test_a_taper_is_checked_where_the_tip_lies() -> None:
    route = arterial(FEMORAL_ARTERY, "maxillary_artery_right", 0.2)
    assert route.segments()[-3:] == (
        "common_carotid_artery_right",
        "external_carotid_artery_right",
        "maxillary_artery_right",
    )


def test_a_patient_variant_opens_a_vessel() -> None:
    route = arterial(
        FEMORAL_ARTERY,
        "replaced_right_hepatic_artery",
        collateral_strengths={"replaced_right_hepatic_artery": 1.0},
    )
    assert route.segments()[-2:] == ("superior_mesenteric_artery", "replaced_right_hepatic_artery")


def test_a_surgical_site_is_an_access_when_the_scenario_allows_it() -> None:
    route = arterial(
        "gastroduodenal_artery",
        "gastroduodenal_artery",
        0.0,
        surgical_sites=frozenset({"gastroduodenal_artery"}),
    )
    assert route.length_mm == pytest.approx(0.5 * SEGMENTS["gastroduodenal_artery"].length_mm)
    assert route.legs[0].start == 0.5 and route.legs[0].end == 0.0


def test_point_back_from_tip() -> None:
    route = arterial(FEMORAL_ARTERY, "abdominal_aorta_supraceliac")
    assert route.point_back_from_tip(0.0) == route.tip
    last = route.legs[-1]  # 9 mm of the supraceliac aorta, from its lower end up to the middle
    assert route.point_back_from_tip(last.length_mm / 2.0) == VesselPoint(
        "abdominal_aorta_supraceliac", pytest.approx(0.75)
    )
    halfway_down_previous = last.length_mm + 0.5 * SEGMENTS["abdominal_aorta_celiac_sma"].length_mm
    point = route.point_back_from_tip(halfway_down_previous)
    assert point.segment == "abdominal_aorta_celiac_sma"
    assert point.position == pytest.approx(0.5)
    point = route.point_back_from_tip(last.length_mm + 10.0)
    assert point.segment == "abdominal_aorta_celiac_sma"
    assert point.position == pytest.approx(10.0 / 53.0)  # the leg runs from 1 up to 0
    assert route.point_back_from_tip(route.length_mm + 100.0) == route.access
    assert route.point_back_from_tip(route.length_mm) == route.access
    with pytest.raises(ValueError, match=">= 0"):
        route.point_back_from_tip(-1.0)


def test_device_helpers_read_the_catalog() -> None:
    selective = CATALOG.device("selective_catheter_5f")
    coda = CATALOG.device("coda_type_occlusion_32mm")
    pump = CATALOG.device("hai_pump_constant_flow_30ml")
    assert catheter_outer_diameter_mm(selective) == pytest.approx(1.67)
    assert catheter_outer_diameter_mm(coda) == pytest.approx(3.0)
    assert catheter_outer_diameter_mm(pump) == pytest.approx(2.3)
    assert usable_length_mm(selective) == pytest.approx(1000.0)
    assert usable_length_mm(pump) is None
    assert catheter_system(selective) == "arterial"
    assert catheter_system(pump) == "arterial"
    assert catheter_system(coda, "vein") == "venous"
    assert catheter_system(coda, "artery") == "arterial"
    with pytest.raises(CatheterRefused, match="both arteries and veins"):
        catheter_system(coda)
    with pytest.raises(CatheterRefused, match="not a catheter"):
        catheter_outer_diameter_mm(CATALOG.device("tourniquet_cuff_thigh"))


def test_route_for_device() -> None:
    tip = VesselPoint("inferior_vena_cava_retrohepatic", 0.5)
    coda = CATALOG.device("coda_type_occlusion_32mm")
    assert route_for_device(ATLAS, coda, FEMORAL_VEIN, tip).segments()[-1] == tip.segment
    aortic = VesselPoint("abdominal_aorta_supraceliac", 0.5)
    assert route_for_device(ATLAS, coda, FEMORAL_ARTERY, aortic).length_mm == pytest.approx(417.8)
    with pytest.raises(CatheterRefused, match="usable length is 15 cm"):
        route_for_device(ATLAS, CATALOG.device("jugular_return_sheath_10f"), JUGULAR, tip)
    with pytest.raises(CatheterRefused, match="cannot enter through internal_jugular_vein_right"):
        route_for_device(ATLAS, CATALOG.device("selective_catheter_5f"), JUGULAR, aortic)
    ilp = CATALOG.device("ilp_arterial_cannula_14f")
    cut_down = frozenset({"external_iliac_artery_right", FEMORAL_ARTERY})
    for site in cut_down:
        tip_down = VesselPoint(site, 0.9)
        assert route_for_device(ATLAS, ilp, site, tip_down, cut_down).length_mm < 100.0
    pump = CATALOG.device("hai_pump_constant_flow_30ml")
    gda = frozenset({"gastroduodenal_artery"})
    stump = VesselPoint("gastroduodenal_artery", 0.0)
    hai = route_for_device(ATLAS, pump, "gastroduodenal_artery", stump, gda)
    assert hai.segments() == ("gastroduodenal_artery",)


def test_a_balloon_catheter_sheath_must_fit_the_access_vessel() -> None:
    """The 7 F shaft of a 14 F-sheath occlusion balloon fits a narrow femoral artery; its
    sheath, which the folded balloon needs, does not."""
    equalizer = CATALOG.device("equalizer_type_occlusion_20mm")
    narrow = {FEMORAL_ARTERY: 0.6}  # lumen about 3.8 mm at the puncture
    aortic = VesselPoint("abdominal_aorta_infrarenal_upper", 0.5)
    with pytest.raises(CatheterRefused, match=r"14.0 F sheath \(4.67 mm\).*does not fit"):
        route_for_device(ATLAS, equalizer, FEMORAL_ARTERY, aortic, collateral_strengths=narrow)
    assert route_for_device(ATLAS, equalizer, FEMORAL_ARTERY, aortic).length_mm > 0.0


REACHABLE_ARTERIES = tuple(
    segment.id
    for segment in ATLAS.segments
    if segment.kind == "artery"
    and segment.default_strength > 0.0
    and segment.from_node not in {bed.id for bed in ATLAS.beds}
)


@given(
    tip=st.sampled_from(REACHABLE_ARTERIES),
    position=st.floats(0.0, 1.0),
    access_position=st.floats(0.0, 1.0),
    side=st.sampled_from(["left", "right"]),
)
def test_arterial_routes_are_contiguous_and_add_up(
    tip: str, position: float, access_position: float, side: str
) -> None:
    route = arterial(
        f"common_femoral_artery_{side}",
        tip,
        position,
        outer_diameter_mm=0.1,
        access_position=access_position,
    )
    assert_consistent(route)
    assert route.point_back_from_tip(0.0) == route.tip
    assert route.point_back_from_tip(route.length_mm + 1.0) == route.access
