"""Haemodynamic responses an anaesthetist checks (issue 9): thigh tourniquets, stop-flow, and no
false venous-line alarm from a node that holds no blood."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.scenario.library import resolve_scenario
from simulator.session.replay import replay
from simulator.session.session import Session
from tests.session.builders import plan_actions, scenario

CUFFS = [
    {"t_s": 0, "action": "set_cuff", "site": "thigh_root_left", "pressure_mmHg": 300},
    {"t_s": 10, "action": "set_cuff", "site": "thigh_root_right", "pressure_mmHg": 300},
]


def _leg_volume_ml(session: Session) -> float:
    net = session.network
    legs = [
        i
        for i, name in enumerate(net.node_names)
        if name.split(".")[0].startswith(("thigh_", "lower_leg_foot_"))
    ]
    return float(session.state.volume_ml[legs].sum())


def test_two_thigh_tourniquets_on_a_resting_patient_barely_move_the_circulation(atlas):
    """Tourniquets well above systolic shut the legs off, collaterals included: pressure rises a
    little with the resistance, cardiac output falls a little, and the legs do not fill up
    (they kept filling through the obturator and cruciate collaterals, 700 mL in 15 min)."""
    session = Session(scenario(), atlas)
    before = _leg_volume_ml(session)
    for action in plan_actions(CUFFS):
        session.advance(action.t_s)
        session.apply(action)
    session.advance(900.0)
    co_l_min = float(session.state.flow_ml_s[session.network.edge_index("aortic_valve")]) * 0.06
    assert 90.0 <= session.mean_arterial_pressure() <= 105.0
    assert co_l_min >= 5.3
    assert _leg_volume_ml(session) - before < 100.0


def test_a_gap_meeting_a_split_raises_no_venous_line_alarm(atlas):
    """The pulmonary-vein clamp of the lung perfusion puts a balloon gap and a port at the same
    point; the node between them holds no blood and is not a collapsed vein."""
    lung, _ = resolve_scenario("ilup-lung-metastases")
    session = replay(lung, lung.expert_plan.actions, atlas, until_s=200.0)
    assert not [e for e in session.events if e.kind == "venous_line_collapse"]
    assert np.all(session.state.volume_ml >= 0.0)


@pytest.mark.parametrize("until_s", [300.0])
def test_double_balloon_stop_flow_is_not_shock(atlas, until_s):
    """Aortic and caval balloons with thigh cuffs, large lumbar collaterals: cardiac output falls
    with the venous return of the lower body, but the patient is not in shock."""
    hap, _ = resolve_scenario("hap-pancreas-lumbar-collaterals")
    session = replay(hap, hap.expert_plan.actions, atlas, until_s=until_s)
    co_l_min = float(session.state.flow_ml_s[session.network.edge_index("aortic_valve")]) * 0.06
    assert session.mean_arterial_pressure() > 80.0
    assert co_l_min > 3.0
