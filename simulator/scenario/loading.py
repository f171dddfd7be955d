"""Reading scenario, plan and attempt files: JSON → migration → validation, with every problem
reported as file, JSON path and reason (``$.actions[3].rate_ml_min``), one line each.

Structural checks live in the models; :func:`check_references` adds the checks that need the
atlas and the catalogs, which the caller passes in as plain sets so this module stays independent
of how those are loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from simulator.scenario.attempt_file import AttemptFile
from simulator.scenario.errors import (
    FileFormatError,
    Problem,
    json_path_of,
    problems_from_validation,
    read_json,
)
from simulator.scenario.migrations import FormatName, migrate
from simulator.scenario.plan_file import (
    SUB_PATH,
    AnyAction,
    Bolus,
    Embolize,
    InsertCatheter,
    MoveCatheter,
    PlanFile,
    SetCuff,
    StartCircuit,
    StartInfusion,
)
from simulator.scenario.scenario_file import ScenarioFile

FileModelT = TypeVar("FileModelT", bound=BaseModel)
AnyFile = ScenarioFile | PlanFile | AttemptFile

MODELS: dict[FormatName, type[BaseModel]] = {
    "scenario": ScenarioFile,
    "plan": PlanFile,
    "attempt": AttemptFile,
}


def detect_format(data: object, file_label: str | Path = "<data>") -> FormatName:
    """Tell the format from the keys only it has, so ``validate`` needs no hint from the user."""
    if not isinstance(data, dict):
        raise FileFormatError.single(file_label, "$", "expected a JSON object")
    if "procedure" in data or "expert_plan" in data:
        return "scenario"
    if "plan" in data and "result" in data:
        return "attempt"
    if "actions" in data and "scenario_id" in data:
        return "plan"
    raise FileFormatError.single(
        file_label,
        "$",
        "cannot tell which file this is: a scenario has 'procedure', a plan has 'scenario_id'"
        " and 'actions', an attempt has 'plan' and 'result'",
    )


def _locate(location: Sequence[str | int], data: object, *, missing: bool) -> list[str | int]:
    """Drop the parts of a pydantic error location that are not keys of the file but union tags
    (``actions, 3, start_infusion, rate_ml_min`` → ``actions, 3, rate_ml_min``), by walking the
    input alongside the location. A name absent from the input is kept only as the last part of
    a ``missing`` error, where it is the required field that is absent."""
    path: list[str | int] = []
    node = data
    for position, part in enumerate(location):
        is_last = position == len(location) - 1
        in_object = isinstance(node, dict) and part in node
        in_array = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_object or in_array:
            node = node[part]  # type: ignore[index]
        elif isinstance(part, str) and not (missing and is_last):
            continue
        path.append(part)
    return path


def _problems(file_label: str | Path, error: ValidationError, data: object) -> list[Problem]:
    """problems_from_validation with paths that match the file: union tags dropped, the sub-path
    of our own cross-field errors added, and a bad ``action`` kind reported at ``.action``."""
    problems = []
    for problem, item in zip(
        problems_from_validation(file_label, error), error.errors(), strict=True
    ):
        context: Mapping[str, Any] = item.get("ctx") or {}
        located = _locate(item["loc"], data, missing=item["type"] == "missing")
        path = json_path_of(located) + str(context.get(SUB_PATH, ""))
        reason = problem.reason
        if item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            field = str(context["discriminator"]).strip("'")
            path += f".{field}"
            reason = "required field is missing"
            if item["type"] == "union_tag_invalid":
                tag, expected = context["tag"], context["expected_tags"]
                reason = f"unknown {field} '{tag}'; expected one of {expected}"
        problems.append(replace(problem, json_path=path, reason=reason))
    return problems


def _parse(
    format_name: FormatName, model: type[FileModelT], data: object, file_label: str | Path
) -> FileModelT:
    document = migrate(format_name, data, file_label)
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise FileFormatError(_problems(file_label, error, document)) from None


def parse_scenario(data: object, file_label: str | Path) -> ScenarioFile:
    return _parse("scenario", ScenarioFile, data, file_label)


def parse_plan(data: object, file_label: str | Path) -> PlanFile:
    return _parse("plan", PlanFile, data, file_label)


def parse_attempt(data: object, file_label: str | Path) -> AttemptFile:
    return _parse("attempt", AttemptFile, data, file_label)


def parse_any(data: object, file_label: str | Path) -> AnyFile:
    """Detect the format, migrate and validate."""
    format_name = detect_format(data, file_label)
    return _parse(format_name, MODELS[format_name], data, file_label)  # type: ignore[return-value]


def _read(path: str | Path) -> object:
    return read_json(path)


def load_scenario(path: str | Path) -> ScenarioFile:
    return parse_scenario(_read(path), path)


def load_plan(path: str | Path) -> PlanFile:
    return parse_plan(_read(path), path)


def load_attempt(path: str | Path) -> AttemptFile:
    return parse_attempt(_read(path), path)


def load_any(path: str | Path) -> AnyFile:
    return parse_any(_read(path), path)


def _action_references(actions: Iterable[AnyAction], prefix: str) -> Iterator[tuple[str, str, str]]:
    """(kind, id, JSON path) for every atlas or catalog id an action names."""
    for index, action in enumerate(actions):
        at = f"{prefix}[{index}]"
        if isinstance(action, InsertCatheter):
            yield "device", action.model, f"{at}.model"
            yield "segment", action.access, f"{at}.access"
        if isinstance(action, InsertCatheter | MoveCatheter):
            yield "segment", action.tip.vessel, f"{at}.tip.vessel"
        elif isinstance(action, StartInfusion | Bolus):
            yield "drug", action.drug, f"{at}.drug"
        elif isinstance(action, SetCuff):
            yield "limb_root", action.site, f"{at}.site"
        elif isinstance(action, Embolize):
            yield "segment", action.vessel, f"{at}.vessel"
        elif isinstance(action, StartCircuit):
            for field, end in (("draw", action.draw), ("return", action.return_)):
                if not isinstance(end, str):
                    yield "segment", end.vessel, f"{at}.{field}.vessel"
            if action.model is not None:
                yield "device", action.model, f"{at}.model"


def _scenario_references(scenario: ScenarioFile) -> Iterator[tuple[str, str, str]]:
    variant = scenario.anatomy_variant
    for segment in variant.collateral_strengths:
        yield "segment", segment, f"$.anatomy_variant.collateral_strengths.{segment}"
    for field in ("bed_resistance_factors", "bed_venous_resistance_factors"):
        for bed in getattr(variant, field):
            yield "bed", bed, f"$.anatomy_variant.{field}.{bed}"
    for index, tumor in enumerate(scenario.tumors):
        yield "bed", tumor.bed, f"$.tumors[{index}].bed"
    for index, dose in enumerate(scenario.drug_protocol):
        yield "drug", dose.drug, f"$.drug_protocol[{index}].drug"
    for index, device in enumerate(scenario.device_shelf):
        yield "device", device, f"$.device_shelf[{index}]"
    for kind, field, ids in (
        ("bed", "region.beds", scenario.region.beds),
        ("segment", "region.segments", scenario.region.segments),
        ("bed", "targets", scenario.targets),
        ("bed", "critical_beds", scenario.critical_beds),
    ):
        for index, item in enumerate(ids):
            yield kind, item, f"$.{field}[{index}]"
    yield "segment", scenario.systemic_sampling_site, "$.systemic_sampling_site"
    for index, site in enumerate(scenario.surgical_access):
        yield "segment", site, f"$.surgical_access[{index}]"
    yield from _action_references(scenario.expert_plan.actions, "$.expert_plan.actions")
    for index, plan in enumerate(scenario.mistake_plans):
        yield from _action_references(plan.actions, f"$.mistake_plans[{index}].actions")


def check_plan_references(
    plan: PlanFile,
    known_segments: set[str],
    known_devices: set[str] | None,
    known_drugs: set[str] | None,
    known_limb_roots: set[str] | None = None,
    file_label: str | Path | None = None,
) -> list[Problem]:
    """Every id a plan's actions name that the atlas or a catalog does not have."""
    label = str(file_label) if file_label is not None else f"plan for '{plan.scenario_id}'"
    known: dict[str, set[str] | None] = {
        "segment": known_segments,
        "device": known_devices,
        "drug": known_drugs,
        "limb_root": known_limb_roots,
        "bed": None,
    }
    return [
        Problem(label, path, f"'{item}' is not a {_KIND_NAMES[kind]}")
        for kind, item, path in _action_references(plan.actions, "$.actions")
        if (ids := known[kind]) is not None and item not in ids
    ]


_KIND_NAMES = {
    "segment": "vessel segment of the atlas",
    "bed": "tissue bed of the atlas",
    "limb_root": "limb root of the atlas",
    "device": "device of the catalog",
    "drug": "drug of the drug table",
}


def check_references(
    scenario: ScenarioFile,
    known_segments: set[str],
    known_beds: set[str],
    known_devices: set[str] | None,
    known_drugs: set[str] | None,
    *,
    known_limb_roots: set[str] | None = None,
    file_label: str | Path | None = None,
) -> list[Problem]:
    """Every id in the scenario (its plans included) that the atlas or a catalog does not have.

    A set given as None is not checked (that catalog is not loaded); ``known_segments`` should
    include the atlas' aliases, which are valid names for segments.
    """
    label = str(file_label) if file_label is not None else f"scenario '{scenario.id}'"
    known: dict[str, set[str] | None] = {
        "segment": known_segments,
        "bed": known_beds,
        "limb_root": known_limb_roots,
        "device": known_devices,
        "drug": known_drugs,
    }
    return [
        Problem(label, path, f"'{item}' is not a {_KIND_NAMES[kind]}")
        for kind, item, path in _scenario_references(scenario)
        if (ids := known[kind]) is not None and item not in ids
    ]
