"""The map's picture of a snapshot, checked headless against the network it folds."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from simulator.devices.balloon_geometry import balloon_diameter_mm
from simulator.devices.catalog import load_catalog
from simulator.physics.network import EdgeKind
from simulator.scenario.library import resolve_scenario
from simulator.session.picture import PictureMaker
from simulator.session.replay import replay
from simulator.session.session import Session


@pytest.fixture(scope="module")
def hap():
    scenario, _ = resolve_scenario("hap-pancreas")
    return scenario


@pytest.fixture(scope="module")
def perfusing(hap, atlas):
    """hap-pancreas 70 s into the cisplatin bolus: both balloons up, cuffs on, circuit running."""
    session = replay(hap, hap.expert_plan.actions, atlas, until_s=430.0)
    return session.snapshot()


@pytest.fixture(scope="module")
def maker(atlas):
    return PictureMaker(atlas, load_catalog())


def test_segment_values_fold_the_pieces_of_each_segment(perfusing, maker) -> None:
    picture = maker.picture(perfusing)
    network, state = perfusing.network, perfusing.state
    for segment_id in ("abdominal_aorta_celiac_sma", "splenic_artery", "superior_vena_cava"):
        i = picture.segment_ids.index(segment_id)
        edges = network.segment_edges[segment_id]
        assert picture.segment_flow_ml_s[i] == pytest.approx(np.mean(state.flow_ml_s[list(edges)]))
        first, last = network.edge_from[edges[0]], network.edge_to[edges[-1]]
        assert picture.segment_pressure_in_mmHg[i] == state.pressure_mmHg[first]
        assert picture.segment_pressure_out_mmHg[i] == state.pressure_mmHg[last]
        nodes = [network.edge_from[e] for e in edges] + [last]
        concentration = perfusing.concentration_mg_ml["cisplatin"]
        assert picture.segment_concentration_mg_ml["cisplatin"][i] == pytest.approx(
            np.mean(concentration[nodes])
        )


def test_the_region_holds_more_drug_than_the_body(perfusing, maker) -> None:
    picture = maker.picture(perfusing)
    cisplatin = picture.segment_concentration_mg_ml["cisplatin"]
    inside = picture.segment_inside
    assert inside.any() and (~inside).any()
    assert np.median(cisplatin[inside]) > 10 * np.median(cisplatin[~inside])
    assert picture.segment_inside[picture.segment_ids.index("celiac_trunk")]
    assert not picture.segment_inside[picture.segment_ids.index("ascending_aorta")]


def test_leak_flux_is_the_drug_crossing_the_region_border(perfusing, maker) -> None:
    picture = maker.picture(perfusing)
    network, flow = perfusing.network, perfusing.state.flow_ml_s
    inside, c = perfusing.inside, perfusing.concentration_mg_ml["cisplatin"]
    expected = 0.0
    for e in range(network.edge_count):
        up, down = (network.edge_from[e], network.edge_to[e])
        if flow[e] < 0:
            up, down = down, up
        if inside[up] and not inside[down]:
            expected += abs(flow[e]) * c[up] * 60.0
    assert expected > 0.0
    assert picture.leak_out_mg_min["cisplatin"] == pytest.approx(expected, rel=1e-12)
    leak = picture.segment_leak_mg_min["cisplatin"]
    # Inside the region and away from its border a vessel is not on the leak path.
    assert math.isnan(leak[picture.segment_ids.index("splenic_artery")])
    assert np.nanmax(leak) > 0.0


def test_devices_are_points_on_vessels(perfusing, maker, atlas) -> None:
    devices = maker.picture(perfusing).devices
    catheters = {c.catheter_id: c for c in devices.catheters}
    assert set(catheters) == {"aortic", "caval"}
    aortic = catheters["aortic"]
    assert aortic.access.segment == "common_femoral_artery_left"
    assert aortic.legs[0][0] == "common_femoral_artery_left"
    assert aortic.legs[-1][0] == aortic.tip.segment == "descending_thoracic_aorta_lower"
    (balloon,) = aortic.balloons
    assert balloon.centre.segment == "abdominal_aorta_supraceliac"
    spec = load_catalog().device("aigner_stopflow_arterial_12f").balloons[0]
    assert balloon.diameter_mm == pytest.approx(
        balloon_diameter_mm([tuple(p) for p in spec.volume_diameter_curve], 5.4)
    )
    assert balloon.diameter_mm > balloon.vessel_diameter_mm  # 110 % sizing, as the plan says
    assert aortic.infusing_drug == "cisplatin"
    infusing = [p for p in aortic.ports if p.infusing]
    assert [(p.function, p.index) for p in infusing] == [("infusion", 1)]
    assert {(c.limb_root, c.state) for c in devices.cuffs} == {
        ("thigh_root_left", "full"),
        ("thigh_root_right", "full"),
    }
    (circuit,) = devices.circuits
    assert circuit.flow_ml_min == pytest.approx(120.0)
    assert circuit.draw.segment == "inferior_vena_cava_retrohepatic"


def test_a_cuff_below_systolic_closes_only_the_veins(perfusing, maker) -> None:
    devices = perfusing.devices
    devices.cuffs_mmHg["thigh_root_left"] = 60.0
    states = {c.limb_root: c.state for c in maker.devices(devices, 93.0, 5.0).cuffs}
    devices.cuffs_mmHg["thigh_root_left"] = 300.0
    assert states["thigh_root_left"] == "venous_only"


def test_the_folding_is_reused_for_the_same_network(perfusing, maker) -> None:
    first = maker.folding(perfusing.network)
    maker.picture(perfusing)
    assert maker.folding(perfusing.network) is first


def test_a_resting_session_without_devices_or_drug(hap, atlas, maker) -> None:
    snapshot = Session(hap, atlas).snapshot()
    picture = maker.picture(snapshot)
    assert picture.devices.catheters == () and picture.devices.cuffs == ()
    assert picture.segment_concentration_mg_ml == {}
    assert np.all(np.isfinite(picture.segment_flow_ml_s))
    aorta = picture.segment_ids.index("ascending_aorta")
    assert picture.segment_flow_ml_s[aorta] > 50.0  # mL/s: most of the cardiac output
    brain = picture.bed_state("brain")
    assert 0.05 < brain["fraction_of_cardiac_output"] < 0.25
    gaps = snapshot.network.edge_kind == EdgeKind.DEVICE_GAP
    assert not gaps.any()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_concentrations_fold_within_their_nodes_and_leak_adds_up(
    data, perfusing, maker
) -> None:
    network = perfusing.network
    concentration = data.draw(arrays(np.float64, network.node_count, elements=st.floats(0.0, 10.0)))
    snapshot = dataclasses.replace(perfusing, concentration_mg_ml={"tracer": concentration})
    picture = maker.picture(snapshot)
    flow, inside = perfusing.state.flow_ml_s, perfusing.inside
    means = picture.segment_concentration_mg_ml["tracer"]
    for i, segment_id in enumerate(picture.segment_ids):
        edges = network.segment_edges[segment_id]
        nodes = [network.edge_from[e] for e in edges] + [network.edge_to[edges[-1]]]
        low, high = concentration[nodes].min(), concentration[nodes].max()
        assert low - 1e-12 <= means[i] <= high + 1e-12
    upstream = np.where(flow >= 0, network.edge_from, network.edge_to)
    downstream = np.where(flow >= 0, network.edge_to, network.edge_from)
    leaving = inside[upstream] & ~inside[downstream]
    expected = float(np.sum(np.abs(flow[leaving]) * concentration[upstream[leaving]]) * 60.0)
    assert picture.leak_out_mg_min["tracer"] == pytest.approx(expected, rel=1e-12, abs=1e-15)
    leak = picture.segment_leak_mg_min["tracer"]
    assert np.all(np.isnan(leak) | (leak >= 0.0))


def test_pieces_tile_each_segment(perfusing, maker) -> None:
    picture = maker.picture(perfusing)
    offsets = picture.piece_offsets
    assert len(offsets) == len(picture.segment_ids) + 1
    for i in range(len(picture.segment_ids)):
        starts = picture.piece_start[offsets[i] : offsets[i + 1]]
        ends = picture.piece_end[offsets[i] : offsets[i + 1]]
        assert starts[0] == 0.0 and ends[-1] == 1.0
        np.testing.assert_allclose(starts[1:], ends[:-1])
        assert np.all(ends > starts)
    aorta = picture.segment_ids.index("abdominal_aorta_infrarenal_upper")
    assert offsets[aorta + 1] - offsets[aorta] >= 2  # 116 mm in 60 mm transport pieces


@settings(max_examples=40, deadline=None)
@given(
    members=arrays(bool, (7, 11)),
    values=arrays(float, 11, elements=st.floats(0.0, 1e6, allow_nan=False)),
)
def test_the_leak_row_maximum_is_the_sparse_one(members, values) -> None:
    """The leak path's largest flux per segment, taken over the stored entries, is what the
    sparse product's row maximum gives (empty rows 0)."""
    from scipy import sparse

    from simulator.session.picture import _row_max

    member = sparse.csr_matrix(members.astype(float))
    expected = np.asarray(member.multiply(values[None, :]).tocsr().max(axis=1).todense()).ravel()
    np.testing.assert_array_equal(_row_max(member, values), expected)


def test_a_retone_keeps_the_folding_and_a_rebuild_makes_a_new_one(hap, atlas, maker) -> None:
    session = replay(hap, hap.expert_plan.actions, atlas, until_s=300.0)
    first = session.snapshot()
    folding = maker.folding(first.network)
    toned = session.regulation.apply(session._base_network)
    assert toned is not first.network and toned.edge_from is first.network.edge_from
    assert maker.folding(toned) is folding
    rebuilt = dataclasses.replace(first.network, edge_from=first.network.edge_from.copy())
    assert maker.folding(rebuilt) is not folding
