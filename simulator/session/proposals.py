"""What a drug control checks before its values become an action (issue 8 item 5).

The drug inspector holds a draft (a bolus or an infusion: drug, port, dose or concentration and
rate, volume, duration). Before the draft is handed to the plan editor as an action it is
checked here, so that the trainee sees the reason beside the field and no action is made:

1. the catheter is in the patient and the drug is in the drug table; a cytotoxic drug must be
   one of the scenario's protocol (contrast and the tracer may always be given);
2. the plan format's bounds (the same pydantic model the plan file is read with);
3. the catalog and drug-table limits the door checks on a plan file: the opening exists and
   the rate is no more than its lumen carries (on the catheter in the patient), and the drug in
   all is no more than the table allows for one regional procedure
   (:func:`simulator.scenario.catalog_limits.plan_limit_problems` on the plan so far with the
   draft added);
4. not beyond the planned dose: the protocol's dose for the drug, less what the plan has given
   or committed to give (boluses whole, infusions until now), within ``DOSE_TOLERANCE``.

The circuit and embolisation controls are checked the same way (``check_circuit``,
``check_embolize``). Nothing here imports Qt; the inspector shows ``Proposal.reason`` and proposes
``Proposal.action``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from simulator.devices.state import DeviceSet
from simulator.scenario.catalog_file import (
    CatalogFile,
    FilterDevice,
    ImplantablePump,
    PerfusionCircuit,
)
from simulator.scenario.catalog_limits import opening, plan_limit_problems
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.plan_file import (
    AnyAction,
    Bolus,
    Embolize,
    RemoveCatheter,
    StartCircuit,
    StartInfusion,
    StopCircuit,
    StopInfusion,
)
from simulator.scenario.scenario_file import ScenarioFile

DOSE_TOLERANCE = 0.005
"""A dose may exceed what is left of the planned dose by half a percent: the protocol's doses
are rounded (95 mg for 94.6), and a trainee typing the rounded figure is not over the plan."""

FIELD_WORDS = {
    "position": "position",
    "amount": "amount",
    "flow_ml_min": "flow",
    "filter_extraction": "filter extraction",
    "dose_mg": "dose",
    "volume_ml": "volume",
    "duration_s": "duration",
    "rate_ml_min": "rate",
    "concentration_mg_ml": "concentration",
    "port": "port",
}


@dataclass(frozen=True)
class DrugDraft:
    """The values in the drug inspector's fields. Bolus: dose, volume, duration; infusion:
    rate and concentration (it runs until stopped)."""

    mode: Literal["bolus", "infusion"]
    catheter_id: str
    drug: str
    port: int = 0
    dose_mg: float = 0.0
    volume_ml: float = 0.0
    duration_s: float = 0.0
    rate_ml_min: float = 0.0
    concentration_mg_ml: float = 0.0


@dataclass(frozen=True)
class DoseAccount:
    """How much of a drug the plan gives, against the protocol and the drug table."""

    drug: str
    unit: str
    planned_mg: float | None
    """The protocol's dose, or None for a drug outside the protocol (contrast, tracer)."""
    given_mg: float
    """Given or committed by the plan up to now: boluses whole, infusions until now."""
    table_limit_mg: float | None

    @property
    def left_mg(self) -> float | None:
        return None if self.planned_mg is None else max(self.planned_mg - self.given_mg, 0.0)


@dataclass(frozen=True)
class Proposal:
    action: AnyAction | None
    reason: str | None
    """Why the draft is refused, in words the trainee can act on; None when it may go."""
    account: DoseAccount | None = None


def given_mg(actions: Sequence[AnyAction], drug: str, until_s: float) -> float:
    """What the plan's actions up to ``until_s`` give of ``drug``: every bolus whole (it is
    committed once started), every infusion from its start until it stops or ``until_s``."""
    total = 0.0
    running: dict[str, tuple[str, float, float]] = {}
    for action in actions:
        if action.t_s > until_s:
            break
        if isinstance(action, StartInfusion | Bolus | StopInfusion | RemoveCatheter):
            previous = running.pop(action.catheter_id, None)
            if previous is not None and previous[0] == drug:
                total += previous[1] * (action.t_s - previous[2])
        if isinstance(action, Bolus) and action.drug == drug:
            total += action.dose_mg
        elif isinstance(action, StartInfusion):
            amount = action.rate_ml_min / 60.0 * action.concentration_mg_ml
            running[action.catheter_id] = (action.drug, amount, action.t_s)
    for infused, amount, start in running.values():
        if infused == drug:
            total += amount * max(until_s - start, 0.0)
    return total


def dose_account(
    drug: str,
    scenario: ScenarioFile,
    drugs: DrugsFile,
    actions: Sequence[AnyAction],
    now_s: float,
) -> DoseAccount | None:
    entry = next((d for d in drugs.drugs if d.id == drug), None)
    if entry is None:
        return None
    planned = [dose.dose_mg for dose in scenario.drug_protocol if dose.drug == drug]
    return DoseAccount(
        drug,
        entry.amount_unit,
        sum(planned) if planned else None,
        given_mg(actions, drug, now_s),
        entry.max_regional_dose,
    )


def _validation_reason(error: ValidationError) -> str:
    item = error.errors()[0]
    field = next((str(p) for p in item.get("loc", ()) if isinstance(p, str)), "")
    words = FIELD_WORDS.get(field, field.replace("_", " "))
    message = item.get("msg", "not accepted")
    message = message.removeprefix("Value error, ")
    return f"{words}: {message}" if words else message


def check_drug(
    draft: DrugDraft,
    now_s: float,
    scenario: ScenarioFile,
    catalog: CatalogFile,
    drugs: DrugsFile,
    devices: DeviceSet,
    actions: Sequence[AnyAction],
) -> Proposal:
    """The action the draft makes at ``now_s``, or the reason it may not be made."""
    if draft.catheter_id not in devices.catheters:
        return Proposal(None, f"catheter {draft.catheter_id!r} is not in the patient")
    entry = next((d for d in drugs.drugs if d.id == draft.drug), None)
    if entry is None:
        return Proposal(None, f"{draft.drug!r} is not in the drug table")
    protocol = [dose.drug for dose in scenario.drug_protocol]
    if entry.kind == "cytotoxic" and draft.drug not in protocol:
        return Proposal(
            None,
            f"{entry.name} is not in this scenario's protocol ({', '.join(protocol) or 'none'})",
        )
    try:
        if draft.mode == "bolus":
            action: AnyAction = Bolus(
                t_s=now_s,
                catheter_id=draft.catheter_id,
                drug=draft.drug,
                dose_mg=draft.dose_mg,
                volume_ml=draft.volume_ml,
                duration_s=draft.duration_s,
                port=draft.port,
            )
        else:
            action = StartInfusion(
                t_s=now_s,
                catheter_id=draft.catheter_id,
                drug=draft.drug,
                rate_ml_min=draft.rate_ml_min,
                concentration_mg_ml=draft.concentration_mg_ml,
                port=draft.port,
            )
    except ValidationError as error:
        return Proposal(None, _validation_reason(error))
    device = catalog.device(devices.catheters[draft.catheter_id].model)
    rate_ml_min = (
        draft.volume_ml / draft.duration_s * 60.0 if draft.mode == "bolus" else draft.rate_ml_min
    )
    reason = opening_problem(device, draft.catheter_id, draft.port, rate_ml_min)
    if reason is not None:
        return Proposal(None, reason)
    before = [a for a in actions if a.t_s <= now_s]
    index = len(before)
    for path, reason in plan_limit_problems([*before, action], "$", catalog, drugs, now_s):
        if path.startswith(f"$[{index}]"):
            return Proposal(None, reason)
    account = dose_account(draft.drug, scenario, drugs, before, now_s)
    unit = "mg" if entry.amount_unit == "mg" else entry.amount_unit.replace("_", " ")
    if account is not None and account.planned_mg is not None:
        left = account.left_mg
        if draft.mode == "bolus" and draft.dose_mg > left + DOSE_TOLERANCE * account.planned_mg:
            return Proposal(
                None,
                f"beyond the planned dose: the protocol gives {account.planned_mg:g} {unit} of "
                f"{entry.name}, {account.given_mg:.4g} {unit} are given already, so at most "
                f"{left:.4g} {unit} more (this bolus: {draft.dose_mg:g} {unit})",
                account,
            )
        if draft.mode == "infusion" and draft.concentration_mg_ml > 0.0 and left <= 0.0:
            return Proposal(
                None,
                f"beyond the planned dose: all {account.planned_mg:g} {unit} of {entry.name} "
                "are given already",
                account,
            )
    return Proposal(action, None, account)


def opening_problem(device, catheter_id: str, port: int, rate_ml_min: float) -> str | None:
    """The door's opening check (catalog_limits), on the catheter in the patient: the plan may
    not list its insertion (a plan begun from a checkpoint), the devices always do."""
    if isinstance(device, ImplantablePump):
        return None  # its rated flow and bolus port are the door's business
    found = opening(device, "infusion", port)
    if found is None:
        first = opening(device, "infusion", 0)
        has = f"{first.count}" if first is not None else "no"
        return (
            f"catheter '{catheter_id}' ({device.id}) has {has} infusion opening(s), so there is "
            f"no opening {port}"
        )
    if found.max_flow_ml_min is not None and rate_ml_min > found.max_flow_ml_min:
        return (
            f"{rate_ml_min:g} mL/min is more than catheter '{catheter_id}' ({device.id}) carries "
            f"through infusion opening {port}: at most {found.max_flow_ml_min:g} mL/min "
            "(device catalog)"
        )
    return None


def check_stop(catheter_id: str, now_s: float, devices: DeviceSet) -> Proposal:
    catheter = devices.catheters.get(catheter_id)
    if catheter is None:
        return Proposal(None, f"catheter {catheter_id!r} is not in the patient")
    infusion = catheter.infusion
    if infusion is None or (infusion.until_s is not None and infusion.until_s <= now_s):
        return Proposal(None, f"nothing is running through {catheter_id}")
    return Proposal(StopInfusion(t_s=now_s, catheter_id=catheter_id), None)


ARTERIAL_KINDS_FOR_EMBOLI = ("artery",)
"""Coils and particles go into arteries: a vein embolised closes nothing the drug takes."""


def check_embolize(
    vessel: str,
    position: float,
    agent: str,
    amount: float,
    now_s: float,
    scenario: ScenarioFile,
    catalog: CatalogFile,
    segment_kinds: dict[str, str],
) -> Proposal:
    """An ``embolize`` action, or why not: the vessel exists and is an artery, an embolic of
    that agent is on the scenario's shelf, and the values are in the format's bounds."""
    if vessel not in segment_kinds:
        return Proposal(None, f"{vessel!r} is not a vessel of the atlas")
    if segment_kinds[vessel] not in ARTERIAL_KINDS_FOR_EMBOLI:
        return Proposal(
            None,
            f"{vessel.replace('_', ' ')} is not an artery ({segment_kinds[vessel]}): emboli go "
            "in arteries",
        )
    shelf = [catalog.device(device_id) for device_id in scenario.device_shelf]
    if not any(getattr(device, "agent", None) == agent for device in shelf):
        return Proposal(None, f"no {agent} on this scenario's shelf")
    try:
        action = Embolize(t_s=now_s, vessel=vessel, position=position, agent=agent, amount=amount)
    except ValidationError as error:
        return Proposal(None, _validation_reason(error))
    return Proposal(action, None)


Endpoint = str | tuple[str, float]
"""A circuit end: a catheter id, or (vessel id, position) for a cannulated vessel point."""


@dataclass(frozen=True)
class CircuitDraft:
    circuit_id: str
    draw: Endpoint
    return_: Endpoint
    flow_ml_min: float
    draw_port: int = 0
    return_port: int = 0
    filter_extraction: float = 0.0
    oxygenated: bool = False
    model: str | None = None


def _circuit_flow_limit(device) -> float | None:
    if isinstance(device, PerfusionCircuit):
        return device.max_flow_ml_min
    if isinstance(device, FilterDevice):
        return device.max_blood_flow_ml_min
    return None


def _endpoint_problem(
    end: Endpoint,
    function: str,
    port: int,
    flow_ml_min: float,
    devices: DeviceSet,
    catalog: CatalogFile,
    segment_ids: set[str],
) -> str | None:
    if isinstance(end, tuple):
        return None if end[0] in segment_ids else f"{end[0]!r} is not a vessel of the atlas"
    catheter = devices.catheters.get(end)
    if catheter is None:
        return f"catheter {end!r} is not in the patient"
    device = catalog.device(catheter.model)
    found = opening(device, function, port)
    if found is None:
        first = opening(device, function, 0)
        has = f"{first.count}" if first is not None else "no"
        return (
            f"catheter '{end}' ({device.id}) has {has} {function} opening(s), so there is no "
            f"opening {port}"
        )
    if found.max_flow_ml_min is not None and flow_ml_min > found.max_flow_ml_min:
        return (
            f"{flow_ml_min:g} mL/min is more than catheter '{end}' ({device.id}) carries "
            f"through {function} opening {port}: at most {found.max_flow_ml_min:g} mL/min "
            "(device catalog)"
        )
    return None


def check_circuit(
    draft: CircuitDraft,
    now_s: float,
    scenario: ScenarioFile,
    catalog: CatalogFile,
    devices: DeviceSet,
    segment_ids: set[str],
) -> Proposal:
    """A ``start_circuit`` action (a new circuit, or new settings of a running one), or why
    not: both ends exist with the openings named, the flow is within what the openings, the
    pump or the filter carry, the model is a circuit or filter on the shelf, and the values are
    in the format's bounds (two distinct ends)."""
    if draft.model is not None:
        if draft.model not in scenario.device_shelf:
            return Proposal(None, f"{draft.model} is not on this scenario's shelf")
        limit = _circuit_flow_limit(catalog.device(draft.model))
        if limit is None:
            return Proposal(None, f"{draft.model} is not a circuit or a filter")
        if draft.flow_ml_min > limit:
            return Proposal(
                None,
                f"{draft.flow_ml_min:g} mL/min is more than the {draft.model} pumps: at most "
                f"{limit:g} mL/min (device catalog)",
            )
    for end, function, port in (
        (draft.draw, "aspiration", draft.draw_port),
        (draft.return_, "infusion", draft.return_port),
    ):
        reason = _endpoint_problem(
            end, function, port, draft.flow_ml_min, devices, catalog, segment_ids
        )
        if reason is not None:
            return Proposal(None, reason)

    def endpoint(end: Endpoint):
        return {"vessel": end[0], "position": end[1]} if isinstance(end, tuple) else end

    try:
        action = StartCircuit.model_validate(
            {
                "t_s": now_s,
                "circuit_id": draft.circuit_id,
                "draw": endpoint(draft.draw),
                "return": endpoint(draft.return_),
                "flow_ml_min": draft.flow_ml_min,
                "filter_extraction": draft.filter_extraction,
                "oxygenated": draft.oxygenated,
                "model": draft.model,
                "draw_port": draft.draw_port,
                "return_port": draft.return_port,
            }
        )
    except ValidationError as error:
        return Proposal(None, _validation_reason(error))
    return Proposal(action, None)


def check_stop_circuit(circuit_id: str, now_s: float, devices: DeviceSet) -> Proposal:
    if circuit_id not in devices.circuits:
        return Proposal(None, f"circuit {circuit_id!r} is not running")
    return Proposal(StopCircuit(t_s=now_s, circuit_id=circuit_id), None)
