"""The resting adult looks like a resting adult (issue: validation of the engine).

Reference fractions are ICRP 89 Table 2.40 as listed in clinical-reference §B1, compared as they
are there (not the normalised targets the atlas calibrates to).
"""

from __future__ import annotations

import pytest

from simulator.physics.transient import TransientSolver, beat_means

ICRP_FRACTIONS = {
    ("brain",): 0.12,
    ("heart_muscle",): 0.04,
    ("kidney_left", "kidney_right"): 0.19,
    ("liver_right", "liver_left", "gallbladder"): 0.065,
    ("small_intestine", "duodenum"): 0.10,
    ("colon_right", "colon_left", "rectum"): 0.04,
    ("stomach",): 0.01,
    ("pancreas_head", "pancreas_body_tail"): 0.01,
    ("spleen",): 0.03,
    ("lung_tissue",): 0.025,
    ("adrenals",): 0.003,
}


@pytest.fixture(scope="module")
def report(circulation, resting):
    return circulation.report(resting)


def test_cardiac_output_and_pressures(report):
    assert 5.5 <= report["cardiac_output_l_min"] <= 7.0
    assert 85.0 <= report["mean_arterial_pressure_mmHg"] <= 100.0
    assert 2.0 <= report["central_venous_pressure_mmHg"] <= 8.0
    assert 10.0 <= report["mean_pulmonary_artery_pressure_mmHg"] <= 20.0


@pytest.mark.parametrize(("beds", "fraction"), list(ICRP_FRACTIONS.items()), ids=lambda v: str(v))
def test_bed_share_of_cardiac_output(report, beds, fraction):
    share = sum(report["beds"][bed]["fraction_of_cardiac_output"] for bed in beds)
    assert share == pytest.approx(fraction, rel=0.20)


def test_portal_vein_carries_most_of_the_liver_inflow(report):
    portal = report["segments"]["portal_vein"]["flow_ml_s"]
    arterial = (
        report["segments"]["right_hepatic_artery"]["flow_ml_s"]
        + report["segments"]["left_hepatic_artery"]["flow_ml_s"]
    )
    assert 0.70 <= portal / (portal + arterial) <= 0.80
    assert 5.0 <= report["portal_vein_pressure_mmHg"] <= 10.0


def test_blood_volume_and_its_venous_share(report):
    total = report["blood_volume_ml"]
    assert 4500.0 <= total <= 5500.0
    assert report["blood_volume_by_compartment_ml"]["systemic_veins"] / total >= 0.55


def test_left_output_exceeds_right_by_the_bronchial_return(circulation, resting):
    net = circulation.network
    left = resting.flow_ml_s[net.edge_index("aortic_valve")]
    right = resting.flow_ml_s[net.edge_index("pulmonary_valve")]
    bronchial = circulation.segment_flow(resting, "bronchial_arteries")
    assert 0.0 < left - right < bronchial


def test_transient_beat_means_agree_with_the_cycle_mean_solver(circulation, resting):
    solver = TransientSolver(circulation.network, dt_s=1e-3, initial=resting)
    means = beat_means(solver, beats_to_settle=15)
    net = circulation.network
    aortic = net.edge_index("aortic_valve")
    root = net.node_index("aortic_root")
    assert means.flow_ml_s[aortic] == pytest.approx(resting.flow_ml_s[aortic], rel=0.04)
    assert means.pressure_mmHg[root] == pytest.approx(resting.pressure_mmHg[root], rel=0.04)


def test_pulsatile_pressures_look_like_an_adult(circulation, resting):
    solver = TransientSolver(circulation.network, dt_s=1e-3, initial=resting)
    solver.run_beats(10)
    _, pressures, _ = solver.run_beats(1, record=True)
    root = pressures[:, circulation.network.node_index("aortic_root")]
    assert 105.0 <= root.max() <= 140.0  # systolic
    assert 65.0 <= root.min() <= 90.0  # diastolic
