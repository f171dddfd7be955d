"""What each plan action does to a session (DESIGN.md §4.1), with the events it raises."""

from __future__ import annotations

from simulator.devices.balloon_geometry import OVERDISTENSION_LIMIT
from simulator.devices.navigation import CatheterRefused, VesselPoint, route_for_device
from simulator.devices.state import CatheterState, CircuitState, Embolization, Infusion
from simulator.scenario.catalog_file import BalloonCatheter, FilterDevice, PerfusionCircuit

ISOLATION_PROCEDURES = frozenset(
    {"HAP", "UAP", "ITP", "IHPP", "EISLI", "ILI", "ILP", "PHP", "ILUP"}
)
DEFAULT_RESERVOIR_ML = 200.0
UNDERSIZED_RATIO = 0.95
"""A balloon below 95 % of the vessel's diameter leaves an annulus worth warning about."""


def apply_action(session, action) -> None:
    handler = _HANDLERS[action.action]
    handler(session, action)


def _catheter(session, catheter_id: str):
    catheter = session.devices.catheters.get(catheter_id)
    if catheter is None:
        session.event("refused", "alarm", f"no catheter '{catheter_id}' is in the patient")
    return catheter


def _route(session, model: str, access: str, tip):
    try:
        device = session.catalog.device(model)
    except KeyError:
        session.event("refused", "alarm", f"'{model}' is not in the device catalog")
        return None
    try:
        return route_for_device(
            session.atlas,
            device,
            access,
            VesselPoint(tip.vessel, tip.position),
            surgical_sites=frozenset(session.scenario.surgical_access),
            collateral_strengths=session.strengths,
        )
    except CatheterRefused as refusal:
        session.event("refused", "alarm", str(refusal))
        return None


def _insert(session, action) -> None:
    route = _route(session, action.model, action.access, action.tip)
    if route is None:
        return
    session.devices.catheters[action.catheter_id] = CatheterState(
        action.catheter_id, action.model, route, inserted_at_s=session.time_s
    )
    session.event(
        "catheter",
        "info",
        f"{action.catheter_id} ({action.model}) in through {action.access}, tip in "
        f"{action.tip.vessel} at {action.tip.position:.2f} ({route.length_mm / 10:.0f} cm inside)",
    )
    session.rebuild()


def _move(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None:
        return
    route = _route(session, catheter.model, catheter.route.access.segment, action.tip)
    if route is None:
        return
    if any(v > 0 for v in catheter.balloon_volume_ml.values()):
        session.event(
            "moved_inflated", "warning", f"{action.catheter_id} moved with a balloon inflated"
        )
    catheter.route = route
    session.event("catheter", "info", f"{action.catheter_id} tip moved to {action.tip.vessel}")
    session.rebuild()


def _remove(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None:
        return
    if any(v > 0 for v in catheter.balloon_volume_ml.values()):
        _check_release(session, f"{action.catheter_id} pulled out with a balloon inflated")
    del session.devices.catheters[action.catheter_id]
    session.event("catheter", "info", f"{action.catheter_id} removed")
    session.rebuild()


def _balloon_device(session, catheter, index: int) -> BalloonCatheter | None:
    device = session.catalog.device(catheter.model)
    if not isinstance(device, BalloonCatheter) or index >= len(device.balloons):
        session.event("refused", "alarm", f"{catheter.catheter_id} has no balloon {index}")
        return None
    return device


def _inflate(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None or _balloon_device(session, catheter, action.balloon) is None:
        return
    arterial_sealed_before = any(
        session.atlas_kind(b.point.segment) == "artery" for b in session.sealing_balloons
    )
    catheter.balloon_volume_ml[action.balloon] = action.volume_ml
    session.rebuild()
    reading = next(
        b
        for b in session.effects.balloons
        if b.catheter_id == catheter.catheter_id and b.balloon == action.balloon
    )
    ratio = reading.overdistension_ratio
    session.event(
        "balloon",
        "info",
        f"{catheter.catheter_id} balloon {action.balloon} at {action.volume_ml:g} mL: "
        f"{reading.diameter_mm:.1f} mm in a {reading.vessel_diameter_mm:.1f} mm "
        f"{reading.point.segment} "
        f"({ratio * 100:.0f} %)",
    )
    if reading.burst:
        session.event(
            "balloon_burst", "alarm", f"{catheter.catheter_id} balloon {action.balloon} burst"
        )
    if ratio > OVERDISTENSION_LIMIT:
        session.metrics.balloon_overdistension = True
        session.event(
            "overdistension",
            "alarm",
            f"{catheter.catheter_id} balloon stretches {reading.point.segment} "
            f"to {ratio * 100:.0f} % "
            "of its diameter: risk of dissection or rupture",
        )
    elif ratio < UNDERSIZED_RATIO:
        session.event(
            "undersized_balloon",
            "warning",
            f"{catheter.catheter_id} balloon is {ratio * 100:.0f} % of the vessel's diameter and "
            f"leaves a gap: it passes {reading.seal_conductance_factor * 100:.2g} % "
            "of the open flow",
        )
    venous = session.atlas_kind(reading.point.segment) == "vein"
    if (
        venous
        and not arterial_sealed_before
        and session.scenario.procedure in ("HAP", "UAP", "ITP", "IHPP")
    ):
        session.event(
            "inflation_order",
            "warning",
            "caval balloon inflated before the aortic one: inflate the aortic balloon first "
            "(Berkenstadt 1998)",
        )


def _check_release(session, what: str) -> None:
    delivered = sum(
        session.metrics.ledger(d).delivered_mg
        for d in session.cytotoxic
        if d in session.metrics.ledgers
    )
    if delivered > 0.0:
        session.released = True
    if delivered > 0.0 and not session.washout_started:
        session.metrics.filtration_before_deflation = False
        session.event(
            "deflation_before_washout",
            "alarm",
            f"{what} before washout or filtration: the drug in the region reaches the body at once",
        )


def _deflate(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None or _balloon_device(session, catheter, action.balloon) is None:
        return
    if catheter.balloon_volume_ml.get(action.balloon, 0.0) > 0.0:
        _check_release(session, f"{catheter.catheter_id} balloon {action.balloon} deflated")
    catheter.balloon_volume_ml[action.balloon] = 0.0
    session.event("balloon", "info", f"{catheter.catheter_id} balloon {action.balloon} deflated")
    session.rebuild()


def _set_cuff(session, action) -> None:
    if action.site not in {root.id for root in session.atlas.limb_roots}:
        session.event("refused", "alarm", f"'{action.site}' is not a limb root where a cuff fits")
        return
    previous = session.devices.cuffs_mmHg.get(action.site, 0.0)
    if action.pressure_mmHg <= 0.0:
        session.devices.cuffs_mmHg.pop(action.site, None)
        if previous > 0.0:
            _check_release(session, f"cuff at {action.site} released")
    else:
        session.devices.cuffs_mmHg[action.site] = action.pressure_mmHg
    session.rebuild()
    state = session.effects.cuff_states.get(action.site, "none")
    session.event("cuff", "info", f"cuff at {action.site}: {action.pressure_mmHg:g} mmHg ({state})")
    if state == "venous_only":
        session.event(
            "venous_congestion",
            "warning",
            f"cuff at {action.site} is below systolic pressure: it closes the veins only and "
            "congests the limb while arterial blood still enters",
        )


def _infusion_checks(session, catheter, drug: str) -> bool:
    if drug not in session.drugs.ids:
        session.event("refused", "alarm", f"'{drug}' is not in the drug table")
        return False
    kind = session.drugs.drug(drug).kind
    if (
        kind == "cytotoxic"
        and session.scenario.procedure in ISOLATION_PROCEDURES
        and not session.isolation_checked
    ):
        session.metrics.isolation_checked_before_infusion = False
        session.event(
            "infusion_before_check",
            "alarm",
            f"{drug} started through {catheter.catheter_id} before isolation was checked",
        )
    return True


def _port_exists(session, catheter, port: int) -> bool:
    from simulator.devices.effects import port_point

    try:
        port_point(catheter, session.catalog.device(catheter.model), "infusion", port)
    except IndexError as missing:
        session.event("refused", "alarm", str(missing))
        return False
    return True


def _start_infusion(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None or not _port_exists(session, catheter, action.port):
        return
    if not _infusion_checks(session, catheter, action.drug):
        return
    session.transport(action.drug)
    catheter.infusion = Infusion(
        action.drug, action.rate_ml_min / 60.0, action.concentration_mg_ml, port=action.port
    )
    session.event(
        "infusion",
        "info",
        f"{action.drug} {action.concentration_mg_ml:g} mg/mL at {action.rate_ml_min:g} mL/min "
        f"through {action.catheter_id}",
    )
    session.rebuild()


def _bolus(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None or not _port_exists(session, catheter, action.port):
        return
    if not _infusion_checks(session, catheter, action.drug):
        return
    session.transport(action.drug)
    catheter.infusion = Infusion(
        action.drug,
        action.volume_ml / action.duration_s,
        action.dose_mg / action.volume_ml,
        until_s=session.time_s + action.duration_s,
        port=action.port,
    )
    session.event(
        "bolus",
        "info",
        f"{action.drug} {action.dose_mg:g} mg in {action.volume_ml:g} mL "
        f"over {action.duration_s:g} s "
        f"through {action.catheter_id}",
    )
    session.rebuild()


def _stop_infusion(session, action) -> None:
    catheter = _catheter(session, action.catheter_id)
    if catheter is None:
        return
    catheter.infusion = None
    session.event("infusion", "info", f"infusion through {action.catheter_id} stopped")
    session.rebuild()


def _embolize(session, action) -> None:
    if action.vessel not in session.network.segment_edges:
        session.event("refused", "alarm", f"unknown vessel '{action.vessel}'")
        return
    session.devices.embolizations.append(
        Embolization(action.vessel, action.position, action.agent, action.amount)
    )
    session.event("embolize", "info", f"{action.agent} in {action.vessel} ({action.amount:g})")
    session.rebuild()


def _endpoint(session, endpoint, function: str, port: int = 0) -> VesselPoint | None:
    if isinstance(endpoint, str):
        catheter = _catheter(session, endpoint)
        if catheter is None:
            return None
        from simulator.devices.effects import port_point

        try:
            return port_point(catheter, session.catalog.device(catheter.model), function, port)
        except IndexError as missing:
            session.event("refused", "alarm", str(missing))
            return None
    if endpoint.vessel not in session.network.segment_edges:
        session.event("refused", "alarm", f"unknown vessel '{endpoint.vessel}'")
        return None
    return VesselPoint(endpoint.vessel, endpoint.position)


def _start_circuit(session, action) -> None:
    draw = _endpoint(session, action.draw, "aspiration", action.draw_port)
    ret = _endpoint(session, action.return_, "infusion", action.return_port)
    if draw is None or ret is None:
        return
    reservoir = DEFAULT_RESERVOIR_ML
    head = None
    if action.model is not None:
        device = session.catalog.device(action.model)
        if isinstance(device, PerfusionCircuit | FilterDevice):
            reservoir = device.priming_volume_ml
        if isinstance(device, PerfusionCircuit) and device.gravity_drainage_head_cm is not None:
            head = (
                action.drainage_head_cm
                if action.drainage_head_cm is not None
                else device.gravity_drainage_head_cm
            )
    existing = session.devices.circuits.get(action.circuit_id)
    primed = reservoir
    if existing is not None and head is not None and existing.drain_head_cm is not None:
        # New settings of a running circuit: the reservoir keeps its perfusate and its level.
        reservoir, primed = existing.reservoir_ml, existing.level_reference_ml
    session.devices.circuits[action.circuit_id] = CircuitState(
        action.circuit_id,
        draw,
        ret,
        action.flow_ml_min / 60.0,
        action.filter_extraction,
        action.oxygenated,
        reservoir,
        action.model,
        existing.started_at_s if existing else session.time_s,
        head,
        primed,
    )
    verb = "changed" if existing else "started"
    session.event(
        "circuit",
        "info",
        f"circuit {action.circuit_id} {verb}: {action.flow_ml_min:g} mL/min from {draw.segment} to "
        f"{ret.segment}, filter extraction {action.filter_extraction:g}",
    )
    session.rebuild()


def _stop_circuit(session, action) -> None:
    session.devices.circuits.pop(action.circuit_id, None)
    session.event("circuit", "info", f"circuit {action.circuit_id} stopped")
    session.rebuild()


def _mark_phase(session, action) -> None:
    session.set_phase(action.phase)
    if action.phase == "isolation_check":
        session.isolation_checked = True
        if not session.sealing_balloons and not session.full_cuffs:
            session.event(
                "empty_check",
                "warning",
                "isolation checked with no balloon or cuff occluding anything",
            )
    if action.phase in ("washout", "filtration"):
        session.washout_started = True
    session.event("phase", "info", f"phase: {action.phase}")


def _give_fluid(session, action) -> None:
    session.regulation.give_fluid(action.fluid, action.volume_ml, action.rate_ml_min)
    session.event(
        "fluid",
        "info",
        f"{action.fluid} {action.volume_ml:g} mL at {action.rate_ml_min:g} mL/min "
        f"(over {action.volume_ml / action.rate_ml_min:.0f} min)",
    )


def _vasoactive(session, action) -> None:
    """A vasopressor or a vasodilator: the same effect compartment, drug table and dose warning,
    each under its own action name."""
    kind = action.action
    per_kg = getattr(session.regulation, f"set_{kind}")(action.drug, action.rate, action.unit)
    if action.rate == 0.0:
        session.event(kind, "info", f"{action.drug} stopped")
        return
    drug = getattr(session.regulation.anaesthetist, kind)(action.drug)
    low, high = drug.usual_rate_ug_kg_min
    session.event(
        kind,
        "info",
        f"{action.drug} at {action.rate:g} {action.unit.replace('_', '/')} "
        f"({per_kg:.2g} ug/kg/min)",
    )
    if per_kg > high:
        session.event(
            f"{kind}_dose",
            "warning",
            f"{action.drug} at {per_kg:.2g} ug/kg/min is above the usual "
            f"{low:g}-{high:g} ug/kg/min",
        )


_HANDLERS = {
    "insert_catheter": _insert,
    "move_catheter": _move,
    "remove_catheter": _remove,
    "inflate_balloon": _inflate,
    "deflate_balloon": _deflate,
    "set_cuff": _set_cuff,
    "start_infusion": _start_infusion,
    "bolus": _bolus,
    "stop_infusion": _stop_infusion,
    "embolize": _embolize,
    "start_circuit": _start_circuit,
    "stop_circuit": _stop_circuit,
    "mark_phase": _mark_phase,
    "give_fluid": _give_fluid,
    "vasopressor": _vasoactive,
    "vasodilator": _vasoactive,
}
