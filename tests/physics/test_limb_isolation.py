"""A thigh tourniquet and an isolated limb perfusion circuit: what the seal under the cuff must do.

The model's perfusion circuit returns exactly what it draws, so a cuffed limb's collateral
inflow always equals its outflow. A residual opening of the deep collaterals under the cuff then
makes an exchange loop (systemic arterial blood in, perfusate out through the veins) whose leak
*falls* as the circuit flow rises, the opposite of Sorkin 1995, and leaves the cuffed limb
filling while its veins are shut. These tests hold both properties, so that a seal change that
brings either back fails here rather than in the validation table.
"""

from __future__ import annotations

import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import SetCuff
from simulator.scoring.report import grade_session
from simulator.session.replay import replay
from simulator.session.session import Session

ATLAS = load_atlas()
ILP = "ilp-sarcoma-leg"
MELPHALAN_DONE_S = 1200.0
"""The expert's melphalan runs from 480 s for 600 s; its leak is read a little after."""


def _ilp_leak_fraction(flow_ml_min: float) -> float:
    scenario, _ = resolve_scenario(ILP)
    actions = [
        a.model_copy(update={"flow_ml_min": flow_ml_min}) if a.action == "start_circuit" else a
        for a in resolve_plan(scenario, "expert").actions
    ]
    session = replay(scenario, actions, ATLAS, until_s=MELPHALAN_DONE_S)
    return float(grade_session(session)["metrics"]["leak_fraction"])


@pytest.mark.slow
def test_ilp_leak_rises_with_circuit_flow():
    low, high = _ilp_leak_fraction(250.0), _ilp_leak_fraction(750.0)
    assert low > 0.0
    # Sorkin 1995: 2.3 % at 286 mL/min, 12.5 % at 869. An exchange loop through a residual
    # seal gives the reverse (13.3 % at 250, 4.8 % at 869).
    assert high > 2.0 * low


def _thigh_volume_ml(session: Session, side: str) -> float:
    arterial, venous, outlet = session.network.bed_nodes[f"thigh_{side}"]
    lower = session.network.bed_nodes[f"lower_leg_foot_{side}"]
    nodes = {arterial, venous, outlet, *lower}
    return float(sum(session.state.volume_ml[n] for n in nodes))


@pytest.mark.slow
def test_cuffed_resting_thighs_keep_their_volume():
    scenario, _ = resolve_scenario("baseline-adult")
    session = Session(scenario, ATLAS)
    session.advance(30.0)
    for site in ("thigh_root_left", "thigh_root_right"):
        session.apply(SetCuff(t_s=30.0, site=site, pressure_mmHg=300.0))
    session.advance(60.0)
    cuffed = _thigh_volume_ml(session, "left") + _thigh_volume_ml(session, "right")
    session.advance(60.0 + 900.0)
    later = _thigh_volume_ml(session, "left") + _thigh_volume_ml(session, "right")
    # Shut veins and open arterial collaterals filled both legs by 700 mL in 15 min before the
    # deep collaterals were sealed; sealed, the legs keep their volume within a few millilitres.
    assert abs(later - cuffed) < 10.0
