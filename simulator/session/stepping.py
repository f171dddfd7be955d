"""One time step of a session: circulation, drugs, metrics, alarms."""

from __future__ import annotations

import numpy as np

from simulator.devices.effects import point_key, port_point
from simulator.physics.transport_group import GroupMember, step_together
from simulator.session.actions import ISOLATION_PROCEDURES
from simulator.session.alarms import check_patient
from simulator.session.limits import (
    HYPOTENSION_MMHG,
    REGION_OVERPRESSURE_MMHG,
    SETTLED_MMHG,
)
from simulator.session.lines import fill_reservoirs, infusion_key, step_circulation


def _infusion_mass(session, drug: str) -> tuple[np.ndarray, bool]:
    rates = np.zeros(session.network.node_count)
    any_infusion = False
    for catheter in session.devices.catheters.values():
        infusion = catheter.infusion
        if infusion is None or infusion.drug != drug:
            continue
        if infusion.until_s is not None and session.time_s >= infusion.until_s:
            continue
        point = port_point(
            catheter, session.catalog.device(catheter.model), "infusion", infusion.port
        )
        node = session.network.split_nodes["node:" + point_key(point)]
        delivered_ml_s = session.transport_line_flow_ml_s(infusion_key(catheter.catheter_id))
        rates[node] += delivered_ml_s * infusion.concentration_mg_ml
        any_infusion = True
    return rates, any_infusion


def step_session(session, dt_s: float) -> None:
    session.regulate(dt_s)
    if not session.settled:
        previous = session.state.pressure_mmHg
        session.state = step_circulation(session, dt_s)
        # Once a step changes no pressure by more than this, the circulation has settled: it is
        # held as it is (to 1e-7 mmHg) until a device changes.
        if np.max(np.abs(session.state.pressure_mmHg - previous)) < SETTLED_MMHG:
            session.settled = True
        # Only a stepped circulation moves blood between the patient and the reservoirs.
        fill_reservoirs(session, dt_s)
    state = session.transport_flow_field()
    flow_key = session.flow_epoch
    # Every drug given so far and, while the region is held, each cytotoxic drug's leak shadow,
    # stepped together on the one field (the same numbers as one by one, in less time).
    members: list[GroupMember] = []
    given = []
    for drug, transport in session.transports.items():
        infusion, infusing = _infusion_mass(session, drug)
        if not infusing and transport.state.tallies.infused_mg == 0.0:
            continue  # idle: never given
        circuits = session.circuits_for_transport(drug)
        hepatic = session.hepatic_elimination(drug, state)
        members.append(GroupMember(transport, infusion, circuits, None, hepatic))
        shadow = session.leak_shadows.get(drug)
        # Leak counts while the region is held: after the first release the systemic peak and
        # the filtration objectives judge what happens to the drug left inside.
        if shadow is not None and not session.released:
            members.append(GroupMember(shadow, infusion, circuits, session.outside, hepatic))
            given.append((drug, transport, infusion, shadow, shadow.state.tallies.absorbed_mg))
        else:
            given.append((drug, transport, infusion, None, 0.0))
    step_together(dt_s, state.volume_ml, state.flow_ml_s, members, flow_key, state.pressure_mmHg)

    net = session.network
    metrics = session.metrics
    session_nodes = session.scenario_nodes()
    inside_nodes = np.flatnonzero(session.inside) if given else None
    for drug, transport, infusion, shadow, absorbed_before in given:
        leak = 0.0
        if shadow is not None:
            leak = (shadow.state.tallies.absorbed_mg - absorbed_before) / dt_s
            metrics.mass_balance_residual = max(
                metrics.mass_balance_residual, shadow.mass_balance_residual()
            )
        metrics.record_drug(
            drug,
            dt_s,
            float(infusion.sum()),
            leak,
            transport.state.concentration_mg_ml,
            session_nodes.targets,
            session_nodes.critical,
            inside_nodes,
            state.volume_ml,
            session_nodes.sampling,
        )
        metrics.mass_balance_residual = max(
            metrics.mass_balance_residual, transport.mass_balance_residual()
        )
    session.time_s += dt_s

    # Pressures, times and alarms.
    state = session.state
    pressure = state.pressure_mmHg
    map_mmHg = float(pressure[net.node_index("aortic_root")])
    region_pressure = (
        float(pressure[session.pressure_nodes].max()) if session.pressure_nodes.any() else 0.0
    )
    isolated = bool(session.sealing_balloons or session.full_cuffs)
    if isolated:
        metrics.max_region_pressure_mmHg = max(metrics.max_region_pressure_mmHg, region_pressure)
        metrics.isolation_s += dt_s
        if region_pressure > map_mmHg + REGION_OVERPRESSURE_MMHG:
            session.alarm_once(
                "region_pressure",
                "region_pressure",
                f"isolated region at {region_pressure:.0f} mmHg, "
                f"{region_pressure - map_mmHg:.0f} mmHg "
                "above the systemic pressure: the segment's pressure drives drug out",
            )
    if session.devices.cuffs_mmHg:
        metrics.tourniquet_s += dt_s
    if session.congesting_cuffs:
        metrics.venous_congestion_s += dt_s
    limits = session.scenario.time_limits
    if limits.stop_flow_max_min and metrics.isolation_s > 60.0 * limits.stop_flow_max_min:
        session.alarm_once(
            "stop_flow_time",
            "ischemia_time",
            f"stop-flow time over {limits.stop_flow_max_min:g} min: tissue damage risk",
        )
    if limits.tourniquet_max_min and metrics.tourniquet_s > 60.0 * limits.tourniquet_max_min:
        session.alarm_once(
            "tourniquet_time",
            "tourniquet_time",
            f"tourniquet time over {limits.tourniquet_max_min:g} min",
        )
    summary_leak = session.cumulative_leak_fraction()
    if (
        summary_leak >= session.scenario.leak_alarm_fraction
        and session.scenario.procedure in ISOLATION_PROCEDURES
    ):
        session.alarm_once(
            "leak",
            "leak",
            f"cumulative leak reached {summary_leak * 100:.0f} % of the delivered drug: "
            "stop and wash out",
        )
    if map_mmHg < HYPOTENSION_MMHG:
        session.alarm_once(
            "hypotension", "hypotension", f"mean arterial pressure {map_mmHg:.0f} mmHg", "warning"
        )
    check_patient(session, dt_s, map_mmHg)
    session.record(map_mmHg, region_pressure, summary_leak)
