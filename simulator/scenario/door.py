"""The one door every scenario, plan and attempt file comes in by.

``validate``, ``grade``, ``state``, ``plan``, the GUI and every command to come open files through
:func:`open_scenario`, :func:`open_plan`, :func:`open_attempt` or :func:`open_any`, so a file is
either refused with the same one-line problems everywhere, before anything is simulated, or
accepted everywhere. Beyond the format (``loading.py``) the door checks every id against the
atlas and the catalogs, every rate and dose against the catalogs' limits (``catalog_limits.py``),
and every vasopressor rate against the anaesthetist file (``anaesthetist_limits.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import load_catalog, load_drugs
from simulator.scenario.anaesthetist_limits import vasopressor_limit_problems
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.attempt_file import AttemptFile
from simulator.scenario.catalog_file import CatalogFile
from simulator.scenario.catalog_limits import (
    plan_limit_problems,
    scenario_limit_problems,
    to_problems,
)
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.errors import FileFormatError, Problem
from simulator.scenario.loading import (
    AnyFile,
    check_plan_references,
    check_references,
    load_any,
    load_attempt,
    load_plan,
    load_scenario,
)
from simulator.scenario.physiology_file import AnaesthetistFile, load_anaesthetist
from simulator.scenario.plan_file import (
    OBSERVATION_AFTER_LAST_ACTION_S,
    AnyAction,
    InsertCatheter,
    PlanFile,
)
from simulator.scenario.scenario_file import ScenarioFile

ModelT = TypeVar("ModelT", ScenarioFile, PlanFile, AttemptFile)


@dataclass(frozen=True)
class References:
    """What files are checked against: the atlas, the two catalogs and the anaesthetist file,
    and their ids."""

    atlas: AtlasFile
    catalog: CatalogFile
    drugs: DrugsFile
    anaesthetist: AnaesthetistFile

    @classmethod
    def load(cls, atlas_path: str | Path | None = None) -> References:
        """The given atlas (default: the built-in adult) and the built-in catalogs."""
        return cls(load_atlas(atlas_path), load_catalog(), load_drugs(), load_anaesthetist())

    @property
    def segments(self) -> set[str]:
        """Segment ids and their aliases, which are valid names for segments too."""
        return {s.id for s in self.atlas.segments} | {a.id for a in self.atlas.aliases}

    @property
    def beds(self) -> set[str]:
        return {b.id for b in self.atlas.beds}

    @property
    def limb_roots(self) -> set[str]:
        return {r.id for r in self.atlas.limb_roots}


def _access_problems(
    actions: list[AnyAction], prefix: str, refs: References, surgical: list[str]
) -> list[tuple[str, str]]:
    """Catheters enter at an access site of the atlas or a cut-down the scenario allows (an id
    that is no vessel at all is reported once, by the reference checks)."""
    allowed = set(refs.atlas.access_sites) | set(surgical)
    known = refs.segments
    return [
        (
            f"{prefix}[{index}].access",
            f"'{action.access}' is not an access site of the atlas nor one of the scenario's"
            " surgical_access",
        )
        for index, action in enumerate(actions)
        if isinstance(action, InsertCatheter)
        and action.access in known
        and action.access not in allowed
    ]


def _plan_problems(
    plan: PlanFile, label: str, refs: References, scenario: ScenarioFile | None
) -> list[Problem]:
    problems = check_plan_references(
        plan, refs.segments, refs.catalog.ids, refs.drugs.ids, refs.limb_roots, file_label=label
    )
    end_s = max((a.t_s for a in plan.actions), default=0.0) + OBSERVATION_AFTER_LAST_ACTION_S
    found = plan_limit_problems(plan.actions, "$.actions", refs.catalog, refs.drugs, end_s)
    weight_kg = scenario.patient.weight_kg if scenario is not None else None
    found += vasopressor_limit_problems(plan.actions, "$.actions", refs.anaesthetist, weight_kg)
    if scenario is not None:
        found += _access_problems(list(plan.actions), "$.actions", refs, scenario.surgical_access)
    return problems + to_problems(label, found)


def _scenario_problems(scenario: ScenarioFile, label: str, refs: References) -> list[Problem]:
    problems = check_references(
        scenario,
        refs.segments,
        refs.beds,
        refs.catalog.ids,
        refs.drugs.ids,
        known_limb_roots=refs.limb_roots,
        file_label=label,
    )
    found = scenario_limit_problems(
        scenario, refs.catalog, refs.drugs, OBSERVATION_AFTER_LAST_ACTION_S
    )
    carried = [("$.expert_plan.actions", scenario.expert_plan.actions)]
    carried += [
        (f"$.mistake_plans[{i}].actions", plan.actions)
        for i, plan in enumerate(scenario.mistake_plans)
    ]
    for prefix, actions in carried:
        found += _access_problems(list(actions), prefix, refs, scenario.surgical_access)
        found += vasopressor_limit_problems(
            actions, prefix, refs.anaesthetist, scenario.patient.weight_kg
        )
    return problems + to_problems(label, found)


def file_problems(
    model: AnyFile,
    file_label: str | Path,
    refs: References,
    scenario: ScenarioFile | None = None,
) -> list[Problem]:
    """Every problem of a file that parsed, against the atlas and catalogs in ``refs``.

    ``scenario``, for a plan or attempt, is the scenario it will be replayed on (its surgical
    access sites are then allowed)."""
    label = str(file_label)
    if isinstance(model, ScenarioFile):
        return _scenario_problems(model, label, refs)
    if isinstance(model, PlanFile):
        return _plan_problems(model, label, refs, scenario)
    if isinstance(model, AttemptFile):
        nested = _plan_problems(model.plan, label, refs, scenario)
        return [Problem(p.file, p.json_path.replace("$.", "$.plan.", 1), p.reason) for p in nested]
    raise TypeError(f"not a file model: {type(model).__name__}")


def checked(
    model: ModelT,
    file_label: str | Path,
    refs: References | None = None,
    scenario: ScenarioFile | None = None,
) -> ModelT:
    """``model`` itself when it passes every check; a FileFormatError listing them otherwise."""
    problems = file_problems(model, file_label, refs or References.load(), scenario)
    if problems:
        raise FileFormatError(problems)
    return model


def open_scenario(path: str | Path, refs: References | None = None) -> ScenarioFile:
    return checked(load_scenario(path), path, refs)


def open_plan(
    path: str | Path, refs: References | None = None, scenario: ScenarioFile | None = None
) -> PlanFile:
    return checked(load_plan(path), path, refs, scenario)


def open_attempt(
    path: str | Path, refs: References | None = None, scenario: ScenarioFile | None = None
) -> AttemptFile:
    return checked(load_attempt(path), path, refs, scenario)


def open_any(path: str | Path, refs: References | None = None) -> AnyFile:
    return checked(load_any(path), path, refs)
