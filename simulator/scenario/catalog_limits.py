"""Limits a plan must keep that only the catalogs know: a rate no more than the catheter's lumen,
the pump or the circuit carries, an opening the catheter has, and no more of a drug than the drug
table allows for one regional procedure.

The format's own bounds (``plan_file.py``) stop absurd numbers; these stop numbers that are
possible in general but not for the device or drug named. Ids the catalogs do not know are
reported by :mod:`simulator.scenario.loading`'s reference checks and skipped here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simulator.scenario.catalog_file import (
    BalloonCatheter,
    CatalogFile,
    Device,
    FilterDevice,
    ImplantablePump,
    InfusionCatheter,
    PerfusionCircuit,
)
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.errors import Problem
from simulator.scenario.plan_file import (
    AnyAction,
    Bolus,
    InsertCatheter,
    RemoveCatheter,
    StartCircuit,
    StartInfusion,
    StopInfusion,
)
from simulator.scenario.scenario_file import ScenarioFile

Catheter = BalloonCatheter | InfusionCatheter | ImplantablePump
"""What ``insert_catheter`` may insert: catheters and the HAI pump with its catheter."""

PUMP_FLOW_TOLERANCE = 1.15
"""[E] Gas-driven implantable pumps run within about ±15 % of their rated flow as body
temperature and altitude change; a plan's rate may differ from the rated flow by that much."""


@dataclass(frozen=True)
class Opening:
    """One opening of a catheter for one function, with the flow its lumen carries."""

    max_flow_ml_min: float | None
    count: int
    """How many openings of that function the catheter has (an end hole counts as one)."""


def opening(device: Catheter, function: str, index: int) -> Opening | None:
    """Opening ``index`` (0 nearest the tip) of ``function``, as the session numbers them
    (:func:`simulator.devices.effects.port_point`), or None when the catheter has no such one.

    A catheter without listed ports of that function uses its end hole: an infusion catheter's
    lumen limit is ``max_flow_ml_min``; a balloon catheter's end hole has no figure. An
    implantable pump delivers its rated flow (within PUMP_FLOW_TOLERANCE)."""
    if isinstance(device, ImplantablePump):
        if index > 0:
            return None
        rated_ml_min = device.flow_ml_per_day / 1440.0
        return Opening(rated_ml_min * PUMP_FLOW_TOLERANCE if function == "infusion" else None, 1)
    ports = sorted(
        (p for p in getattr(device, "ports", []) if p.function == function),
        key=lambda port: port.distance_from_tip_mm,
    )
    if ports:
        if index >= len(ports):
            return None
        return Opening(ports[index].max_flow_ml_min, len(ports))
    if index > 0:
        return None
    limit = device.max_flow_ml_min if isinstance(device, InfusionCatheter) else None
    return Opening(limit, 1)


def _catheter_opening_problems(
    device: Catheter,
    catheter_id: str,
    function: str,
    port: int,
    flow_ml_min: float,
    at: str,
    port_field: str,
    flow_field: str,
) -> Iterable[tuple[str, str]]:
    found = opening(device, function, port)
    if found is None:
        count = opening(device, function, 0)
        has = f"{count.count}" if count is not None else "no"
        yield (
            f"{at}.{port_field}",
            f"catheter '{catheter_id}' ({device.id}) has {has} {function} opening(s), so"
            f" there is no opening {port}",
        )
        return
    if found.max_flow_ml_min is not None and flow_ml_min > found.max_flow_ml_min:
        yield (
            f"{at}.{flow_field}",
            f"{flow_ml_min:g} mL/min is more than catheter '{catheter_id}' ({device.id}) carries"
            f" through {function} opening {port}: at most {found.max_flow_ml_min:g} mL/min"
            " (device catalog)",
        )


def _circuit_limit(device: Device) -> tuple[float, str] | None:
    if isinstance(device, PerfusionCircuit):
        return device.max_flow_ml_min, "max_flow_ml_min"
    if isinstance(device, FilterDevice):
        return device.max_blood_flow_ml_min, "max_blood_flow_ml_min"
    return None


@dataclass
class _RunningInfusion:
    drug: str
    amount_mg_per_s: float
    started_s: float
    path: str


def plan_limit_problems(
    actions: Sequence[AnyAction],
    prefix: str,
    catalog: CatalogFile,
    drugs: DrugsFile,
    end_s: float,
) -> list[tuple[str, str]]:
    """(JSON path, reason) of every device or dose limit the actions break.

    ``end_s`` is when the replay stops: an infusion still running then has given drug until
    that time."""
    devices = {device.id: device for device in catalog.devices}
    drug_limits = {drug.id: drug.max_regional_dose for drug in drugs.drugs}
    catheters: dict[str, Catheter] = {}
    running: dict[str, _RunningInfusion] = {}
    given_mg: dict[str, float] = defaultdict(float)
    first_over: dict[str, str] = {}
    problems: list[tuple[str, str]] = []

    def give(drug: str, amount_mg: float, path: str) -> None:
        given_mg[drug] += amount_mg
        limit = drug_limits.get(drug)
        if limit is not None and given_mg[drug] > limit and drug not in first_over:
            first_over[drug] = path

    def close(catheter_id: str, now_s: float) -> None:
        infusion = running.pop(catheter_id, None)
        if infusion is not None:
            elapsed_s = max(now_s - infusion.started_s, 0.0)
            give(infusion.drug, infusion.amount_mg_per_s * elapsed_s, infusion.path)

    for index, action in enumerate(actions):
        at = f"{prefix}[{index}]"
        if isinstance(action, InsertCatheter):
            device = devices.get(action.model)
            if isinstance(device, BalloonCatheter | InfusionCatheter | ImplantablePump):
                catheters[action.catheter_id] = device
            elif device is not None:
                problems.append(
                    (
                        f"{at}.model",
                        f"'{action.model}' is a {device.type}; only catheters and implantable"
                        " pumps are inserted",
                    )
                )
        elif isinstance(action, StartInfusion | Bolus | StopInfusion | RemoveCatheter):
            close(action.catheter_id, action.t_s)
        if isinstance(action, StartInfusion | Bolus):
            device = catheters.get(action.catheter_id)
            if isinstance(action, StartInfusion):
                rate_ml_min, flow_field = action.rate_ml_min, "rate_ml_min"
                running[action.catheter_id] = _RunningInfusion(
                    action.drug,
                    action.rate_ml_min / 60.0 * action.concentration_mg_ml,
                    action.t_s,
                    f"{at}.concentration_mg_ml",
                )
            else:
                rate_ml_min, flow_field = action.volume_ml / action.duration_s * 60.0, "volume_ml"
                give(action.drug, action.dose_mg, f"{at}.dose_mg")
            through_bolus_port = (
                isinstance(device, ImplantablePump)
                and isinstance(action, Bolus)
                and device.has_bolus_port
            )
            if device is not None and not through_bolus_port:
                problems += _catheter_opening_problems(
                    device,
                    action.catheter_id,
                    "infusion",
                    action.port,
                    rate_ml_min,
                    at,
                    "port",
                    flow_field,
                )
        elif isinstance(action, StartCircuit):
            problems += _circuit_problems(action, at, devices, catheters)
    for catheter_id in list(running):
        close(catheter_id, end_s)
    for drug, path in first_over.items():
        unit = next(d.amount_unit for d in drugs.drugs if d.id == drug)
        problems.append(
            (
                path,
                f"the plan gives {given_mg[drug]:.4g} {unit} of {drug} in all (boluses, and"
                f" infusions until they stop or the replay ends); the drug table allows at most"
                f" {drug_limits[drug]:g} {unit} for one regional procedure",
            )
        )
    return problems


def _circuit_problems(
    action: StartCircuit, at: str, devices: dict[str, Device], catheters: dict[str, Catheter]
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    drained = (
        action.model is not None
        and isinstance(devices.get(action.model), PerfusionCircuit)
        and devices[action.model].gravity_drainage_head_cm is not None
    )
    if action.drainage_head_cm is not None and not drained:
        what = f"the {action.model}" if action.model is not None else "a circuit without a model"
        problems.append(
            (
                f"{at}.drainage_head_cm",
                f"{what} has no venous reservoir that drains by gravity (no"
                " gravity_drainage_head_cm in the device catalog): its pump draws what it returns",
            )
        )
    if action.model is not None and action.model in devices:
        device = devices[action.model]
        limit = _circuit_limit(device)
        if limit is None:
            problems.append(
                (f"{at}.model", f"'{action.model}' is a {device.type}, not a circuit or filter")
            )
        elif action.flow_ml_min > limit[0]:
            problems.append(
                (
                    f"{at}.flow_ml_min",
                    f"{action.flow_ml_min:g} mL/min is more than the {action.model} pumps: at"
                    f" most {limit[0]:g} mL/min ({limit[1]}, device catalog)",
                )
            )
    for end, function, port, field, port_field in (
        (action.draw, "aspiration", action.draw_port, "draw", "draw_port"),
        (action.return_, "infusion", action.return_port, "return", "return_port"),
    ):
        if isinstance(end, str) and end in catheters:
            problems += _catheter_opening_problems(
                catheters[end], end, function, port, action.flow_ml_min, at, port_field, field
            )
    return problems


def scenario_limit_problems(
    scenario: ScenarioFile, catalog: CatalogFile, drugs: DrugsFile, observation_s: float
) -> list[tuple[str, str]]:
    """Protocol doses against the drug table, and every carried plan against the catalogs."""
    drug_limits = {drug.id: drug for drug in drugs.drugs}
    problems: list[tuple[str, str]] = []
    for index, dose in enumerate(scenario.drug_protocol):
        entry = drug_limits.get(dose.drug)
        limit = entry.max_regional_dose if entry is not None else None
        if entry is not None and limit is not None and dose.dose_mg > limit:
            problems.append(
                (
                    f"$.drug_protocol[{index}].dose_mg",
                    f"{dose.dose_mg:g} {entry.amount_unit} of {dose.drug} is more than the drug"
                    f" table allows for one regional procedure ({limit:g} {entry.amount_unit})",
                )
            )
    plans = [("$.expert_plan.actions", scenario.expert_plan.actions)]
    plans += [
        (f"$.mistake_plans[{index}].actions", plan.actions)
        for index, plan in enumerate(scenario.mistake_plans)
    ]
    for prefix, actions in plans:
        end_s = max((a.t_s for a in actions), default=0.0) + observation_s
        problems += plan_limit_problems(actions, prefix, catalog, drugs, end_s)
    return problems


def to_problems(file_label: str, found: Iterable[tuple[str, str]]) -> list[Problem]:
    return [Problem(file_label, path, reason) for path, reason in found]
