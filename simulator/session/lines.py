"""The session's pump-driven lines (infusions and circuits) and the circulation step they limit.

``build_lines`` turns the devices into :class:`Line` objects after every rebuild;
``step_circulation`` takes one implicit step with each line in the mode the new pressures agree
with (an active-set iteration: step, check every line's mode, re-step from the same start if
one changed), and ``line_flow_ml_s`` tells the drug transport what each line really delivers.

A circuit whose venous line drains by gravity into its reservoir is two lines: the pump's
return at its set flow, and the drain (:class:`GravityDrain`), which takes what the limb's
venous pressure pushes down it. ``fill_reservoirs`` moves the difference into the reservoir
after each step of the circulation, so blood in the patient plus the reservoirs is conserved.
"""

from __future__ import annotations

import numpy as np

from simulator.devices.drainage import (
    RESERVOIR_EMPTY_ML,
    RESERVOIR_LEVEL_ALARM_ML,
    GravityDrain,
    describe_drain,
)
from simulator.devices.effects import point_key, port_point
from simulator.devices.line_limits import (
    BARE_VESSEL_FLOW_ML_MIN,
    INFUSION_LINE_LIMIT_MMHG,
    PERFUSION_LINE_LIMIT_MMHG,
    Line,
    Mode,
    catheter_rated_flow_ml_s,
    circuit_rated_flow_ml_s,
    describe,
)
from simulator.physics.mean import MeanState, MeanStepper, saturated_pumps

MAX_MODE_ITERATIONS = 6
"""A step rarely needs more than two tries; a line that keeps flipping at its exact threshold
after this many keeps the last consistent-enough answer (both modes give the same flow there)."""


def infusion_key(catheter_id: str) -> str:
    return f"infusion:{catheter_id}"


def circuit_key(circuit_id: str) -> str:
    return f"circuit:{circuit_id}"


def drain_key(circuit_id: str) -> str:
    return f"drain:{circuit_id}"


def _node(session, point) -> int:
    return session.network.split_nodes["node:" + point_key(point)]


def _catheter_opening(session, point, function: str) -> float:
    """Rated flow of the catheter opening at ``point`` (a circuit end placed through a
    catheter), or the bare-vessel cannula's."""
    wanted = point_key(point)
    for catheter in session.devices.catheters.values():
        device = session.catalog.device(catheter.model)
        openings = [p for p in getattr(device, "ports", []) if p.function == function]
        for index in range(max(len(openings), 1)):
            try:
                opening = port_point(catheter, device, function, index)
            except IndexError:
                break
            if point_key(opening) == wanted:
                return catheter_rated_flow_ml_s(device, function, index)
    return BARE_VESSEL_FLOW_ML_MIN / 60.0


def build_lines(session) -> tuple[Line, ...]:
    lines = []
    for catheter in session.devices.catheters.values():
        infusion = catheter.infusion
        if infusion is None or (
            infusion.until_s is not None and session.time_s >= infusion.until_s
        ):
            continue
        device = session.catalog.device(catheter.model)
        point = port_point(catheter, device, "infusion", infusion.port)
        lines.append(
            Line(
                infusion_key(catheter.catheter_id),
                "infusion",
                f"infusion through {catheter.catheter_id}",
                _node(session, point),
                -1,
                infusion.rate_ml_s,
                catheter_rated_flow_ml_s(device, "infusion", infusion.port),
                INFUSION_LINE_LIMIT_MMHG,
            )
        )
    for circuit in session.devices.circuits.values():
        pump = (
            circuit_rated_flow_ml_s(session.catalog.device(circuit.model))
            if circuit.model is not None
            else float("inf")
        )
        label = f"circuit {circuit.circuit_id}"
        returned = min(_catheter_opening(session, circuit.return_point, "infusion"), pump)
        drawn = _catheter_opening(session, circuit.draw, "aspiration")
        if circuit.drain_head_cm is None:
            draw_node = _node(session, circuit.draw)
            drawn = min(drawn, pump)
        else:
            draw_node = -1  # the pump takes from the reservoir, not from the vein
            lines.append(
                GravityDrain(
                    drain_key(circuit.circuit_id),
                    label,
                    _node(session, circuit.draw),
                    circuit.drain_head_cm,
                    drawn,
                )
            )
        lines.append(
            Line(
                circuit_key(circuit.circuit_id),
                "circuit",
                label,
                _node(session, circuit.return_point),
                draw_node,
                circuit.flow_ml_s,
                returned,
                PERFUSION_LINE_LIMIT_MMHG,
                drawn,
            )
        )
    return tuple(lines)


def reset_lines(session) -> None:
    """After a rebuild: the lines of the new devices, in the modes today's pressures agree with."""
    session.lines = build_lines(session)
    session.line_modes = tuple(
        line.choose_mode(session.state.pressure_mmHg) for line in session.lines
    )
    session.saturated_pumps = saturated_pumps(session.network, session.state.pressure_mmHg)
    session._steppers = {}
    session._reference_steppers = {}
    _record_flows(session, session.line_modes, session.state.pressure_mmHg)


def line_flow_ml_s(session, key: str) -> float:
    return session.line_flows_ml_s.get(key, 0.0)


def stepper(
    session, dt_s: float, modes: tuple[Mode, ...], saturated: tuple[int, ...] = ()
) -> MeanStepper:
    key = (dt_s, modes, saturated)
    cached = session._steppers.get(key)
    if cached is None:
        controlled = tuple(
            line.controlled(mode) for line, mode in zip(session.lines, modes, strict=True)
        )
        # A retone keeps the last factorization of these lines' network as the new stepper's
        # reference: it refines that solve instead of factorizing (``MeanStepper``).
        reference = session._reference_steppers.get(key)
        cached = MeanStepper(
            session.network, dt_s, session.state, controlled, saturated, reference
        )
        session._steppers[key] = cached
    if cached.exact:
        session._reference_steppers[key] = cached
    cached.pressure_mmHg = session.state.pressure_mmHg.copy()
    return cached


def step_circulation(session, dt_s: float, sources_ml_s: np.ndarray | None = None) -> MeanState:
    """One implicit step of the circulation with every line in a mode its new pressures agree
    with; returns the new state (the session's is left for the caller to replace).
    ``sources_ml_s`` are the fixed volume sources of the step (the session's by default)."""
    sources = session._sources if sources_ml_s is None else sources_ml_s
    modes, saturated = session.line_modes, session.saturated_pumps
    for _ in range(MAX_MODE_ITERATIONS):
        current = stepper(session, dt_s, modes, saturated)
        state = current.step(sources)
        if current.exact:  # it may have factorized its own matrix in this step
            session._reference_steppers[(dt_s, modes, saturated)] = current
        agreed = tuple(
            line.choose_mode(state.pressure_mmHg, mode)
            for line, mode in zip(session.lines, modes, strict=True)
        )
        # A saturated ventricle stays so while its law still asks for more than the ceiling.
        agreed_saturated = saturated_pumps(session.network, state.pressure_mmHg)
        if agreed == modes and agreed_saturated == saturated:
            break
        used = (modes, saturated)
        modes, saturated = agreed, agreed_saturated
    else:
        modes, saturated = used
    _record_flows(session, modes, state.pressure_mmHg)
    if modes != session.line_modes or saturated != session.saturated_pumps:
        session.settled = False
    session.line_modes, session.saturated_pumps = modes, saturated
    if saturated:
        session.alarm_once(
            "cardiac_output_ceiling",
            "circulatory_overload",
            "the heart is at its maximal output: the circulation is overfilled (fluid "
            "overload, venous pressure "
            f"{float(state.pressure_mmHg[session.network.node_index('right_atrium')]):.0f} mmHg)",
        )
    return state


def _record_flows(session, modes: tuple[Mode, ...], pressure_mmHg: np.ndarray) -> None:
    flows = {}
    for line, mode in zip(session.lines, modes, strict=True):
        flow = max(line.controlled(mode).flow_ml_s(pressure_mmHg), 0.0)
        flows[line.key] = flow
        if mode != "set":
            limit = "overpressure" if mode.startswith("overpressure") else "collapse"
            session.alarm_once(
                f"line:{line.key}:{limit}",
                "line_overpressure" if limit == "overpressure" else "venous_line_collapse",
                describe_drain(line, mode, flow)
                if isinstance(line, GravityDrain)
                else describe(line, mode, flow, pressure_mmHg),
            )
    session.line_flows_ml_s = flows


def fill_reservoirs(session, dt_s: float) -> None:
    """After a step of the circulation: each gravity-drained reservoir takes what its venous
    line drained and gives what its pump returned, at the step's flows (the same the implicit
    step used, so the patient lost exactly what the reservoir gained). The level alarms are the
    perfusionist's leak signs; an emptied reservoir stops its pump."""
    stopped = False
    infused_inside_ml_s = sum(
        session.line_flows_ml_s.get(line.key, 0.0)
        for line in session.lines
        if line.kind == "infusion" and session.inside[line.source_node]
    )
    for circuit in session.devices.circuits.values():
        if circuit.drain_head_cm is None:
            continue
        circuit.level_reference_ml += dt_s * infused_inside_ml_s
        drained = session.line_flows_ml_s.get(drain_key(circuit.circuit_id), 0.0)
        returned = session.line_flows_ml_s.get(circuit_key(circuit.circuit_id), 0.0)
        circuit.reservoir_ml += dt_s * (drained - returned)
        change = circuit.reservoir_ml - circuit.level_reference_ml
        if change <= -RESERVOIR_LEVEL_ALARM_ML:
            session.alarm_once(
                f"reservoir:{circuit.circuit_id}:falling",
                "reservoir_level",
                f"circuit {circuit.circuit_id}: reservoir level down {-change:.0f} mL: perfusate "
                "is leaving the isolated region (leak into the body); lower the pump flow",
            )
        elif change >= RESERVOIR_LEVEL_ALARM_ML:
            session.alarm_once(
                f"reservoir:{circuit.circuit_id}:rising",
                "reservoir_level",
                f"circuit {circuit.circuit_id}: reservoir level up {change:.0f} mL: systemic "
                "blood is entering the isolated region; check the tourniquet or the clamps",
            )
        if circuit.reservoir_ml <= RESERVOIR_EMPTY_ML and circuit.flow_ml_s > 0.0:
            circuit.flow_ml_s = 0.0
            stopped = True
            session.alarm_once(
                f"reservoir:{circuit.circuit_id}:empty",
                "reservoir_level",
                f"circuit {circuit.circuit_id}: reservoir nearly empty "
                f"({circuit.reservoir_ml:.0f} mL): the level sensor stopped the pump",
            )
    if stopped:
        reset_lines(session)
        session.settled = False
