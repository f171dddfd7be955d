"""A circuit whose venous line drains by gravity into its reservoir (ILP): the patient and the
reservoir trade blood, the limb's venous pressure follows the pump flow against the drain, the
reservoir level shows what left or entered the limb, and an emptied reservoir stops its pump."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import load_catalog, load_drugs
from simulator.devices.drainage import (
    RESERVOIR_EMPTY_ML,
    RESERVOIR_LEVEL_ALARM_ML,
    reservoir_pressure_mmHg,
)
from simulator.devices.effects import point_key
from simulator.scenario.catalog_limits import plan_limit_problems
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import StartCircuit
from simulator.session.live import _reservoir_reading
from simulator.session.session import Session

ATLAS = load_atlas()
ILP = "ilp-sarcoma-leg"
CIRCUIT_START_S = 150.0
TRACER_S = 180.0


def _expert_until_circuit(changes: dict | None = None, skip_cuff: bool = False) -> Session:
    """The ILP expert up to and including its circuit start (with ``changes`` to it)."""
    scenario, _ = resolve_scenario(ILP)
    session = Session(scenario, ATLAS)
    for action in resolve_plan(scenario, "expert").actions:
        if action.t_s > CIRCUIT_START_S:
            break
        if skip_cuff and action.action == "set_cuff":
            continue
        if action.action == "start_circuit" and changes:
            action = action.model_copy(update=changes)
        session.advance(action.t_s)
        session.apply(action)
    return session


def _blood_ml(session: Session) -> float:
    reservoirs = sum(c.reservoir_ml for c in session.devices.circuits.values())
    return float(session.state.volume_ml.sum()) + reservoirs


def _draw_pressure(session: Session) -> float:
    circuit = session.devices.circuits["ilp"]
    node = session.network.split_nodes["node:" + point_key(circuit.draw)]
    return float(session.state.pressure_mmHg[node])


def test_the_ilp_circuit_drains_by_gravity_and_the_level_moves():
    session = _expert_until_circuit({"flow_ml_min": 400.0})
    circuit = session.devices.circuits["ilp"]
    assert circuit.drain_head_cm is not None
    primed = circuit.reservoir_ml
    session.advance(CIRCUIT_START_S + 5.0)
    # At the start the limb's veins hold more than the line leaves them at: the level moves.
    assert circuit.reservoir_ml != primed
    assert {"circuit:ilp", "drain:ilp"} <= set(session.line_flows_ml_s)


def test_patient_and_reservoir_keep_the_blood_between_them():
    session = _expert_until_circuit({"flow_ml_min": 600.0})
    before = _blood_ml(session)
    session.advance(TRACER_S - 1.0)  # nothing infused yet
    assert _blood_ml(session) == pytest.approx(before, abs=1e-6)


def test_limb_venous_pressure_follows_the_pump_flow_and_the_reservoir_height():
    pressures = {}
    for flow, head in ((200.0, 0.0), (500.0, 0.0), (200.0, -15.0)):
        session = _expert_until_circuit({"flow_ml_min": flow, "drainage_head_cm": head})
        session.advance(TRACER_S - 1.0)
        pressures[flow, head] = _draw_pressure(session)
    # More pump flow must drain through the same line: the limb's venous pressure rises.
    assert pressures[500.0, 0.0] > pressures[200.0, 0.0] + 2.0
    # A raised reservoir (15 cm above the patient) holds the veins up by its head.
    raised = reservoir_pressure_mmHg(-15.0) - reservoir_pressure_mmHg(0.0)
    assert pressures[200.0, -15.0] - pressures[200.0, 0.0] == pytest.approx(raised, rel=0.2)


def test_a_reservoir_that_cannot_fill_stops_its_pump():
    # Without the tourniquet the leg's blood runs off into the body, and a reservoir 20 cm above
    # the patient takes in next to nothing: the pump empties it.
    session = _expert_until_circuit({"flow_ml_min": 600.0, "drainage_head_cm": -20.0}, True)
    session.advance(CIRCUIT_START_S + 120.0)
    circuit = session.devices.circuits["ilp"]
    assert circuit.flow_ml_s == 0.0
    assert circuit.reservoir_ml == pytest.approx(RESERVOIR_EMPTY_ML, abs=15.0)
    kinds = {(e.kind, e.severity) for e in session.events}
    assert ("reservoir_level", "alarm") in kinds
    assert np.all(np.isfinite(session.state.pressure_mmHg))


def test_a_level_that_falls_raises_the_leak_sign():
    # A pump far above what the limb drains at this height: the level falls, the alarm says so.
    session = _expert_until_circuit({"flow_ml_min": 300.0, "drainage_head_cm": -20.0}, True)
    session.advance(CIRCUIT_START_S + 60.0)
    messages = [e.message for e in session.events if e.kind == "reservoir_level"]
    assert any("reservoir level down" in m for m in messages)


def test_a_drainage_height_needs_a_gravity_drained_circuit():
    catalog, drugs = load_catalog(), load_drugs()
    scenario, _ = resolve_scenario("ili-melanoma-leg")
    actions = list(resolve_plan(scenario, "expert").actions)
    index = next(i for i, a in enumerate(actions) if isinstance(a, StartCircuit))
    actions[index] = actions[index].model_copy(update={"drainage_head_cm": 30.0})
    problems = plan_limit_problems(actions, "$.actions", catalog, drugs, 4000.0)
    assert any(
        path == f"$.actions[{index}].drainage_head_cm" and "ili_syringe_circuit" in reason
        for path, reason in problems
    ), problems


def test_the_readout_shows_the_reservoir_level_change():
    session = _expert_until_circuit({"flow_ml_min": 300.0, "drainage_head_cm": -20.0}, True)
    session.advance(CIRCUIT_START_S + 30.0)
    circuit = session.devices.circuits["ilp"]
    reading = _reservoir_reading(session)
    assert reading.value == pytest.approx(circuit.reservoir_ml - circuit.level_reference_ml)
    assert reading.value < -RESERVOIR_LEVEL_ALARM_ML
    assert reading.state == "alarm"
