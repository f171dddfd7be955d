"""The scenario file: one training case with its patient, anatomy, devices, objectives and the
plans it carries (DESIGN.md §4, §3.5).

Checks that need only the file itself live here, so an instructor learns about a dangling
objective id or a target that is also a critical bed the moment the file is loaded. Ids that
must exist in the atlas or the catalogs are checked by
:func:`simulator.scenario.loading.check_references`, which is given those sets by its caller.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import Field, PositiveFloat, ValidationInfo, field_validator

from simulator.scenario.common import AnatomicalId, Fraction, SourceText
from simulator.scenario.plan_file import (
    ActionList,
    AnyAction,
    CatalogId,
    FileModel,
    InsertCatheter,
    PlanFile,
    Slug,
    custom_error,
)

SCENARIO_SCHEMA_VERSION = 2
"""2 added ``difficulty``; :mod:`simulator.scenario.migrations` upgrades version-1 files."""

Procedure = Literal[
    "baseline",
    "HAP",
    "UAP",
    "IA",
    "ITP",
    "IHPP",
    "EISLI",
    "ILI",
    "ILP",
    "PHP",
    "HAI",
    "TACE",
    "IA_HEAD_NECK",
    "ILUP",
]

Difficulty = Literal["introductory", "intermediate", "advanced"]
"""How much a scenario asks of a trainee, so the library can offer a path through it:

- ``introductory``: the circulation open or nothing to isolate; at most one catheter whose tip
  position is the lesson. Start here to learn the map, the monitors and what a leak means.
- ``intermediate``: one isolation technique or one selective catheter in standard anatomy
  (a limb under a tourniquet, a surgically clamped organ, a superselective hepatic or carotid
  branch), a handful of steps, a single compartment to check.
- ``advanced``: stop-flow of the trunk with several balloons and cuffs, an extracorporeal
  filtration or washout before release, tight anatomical windows, or an anatomical variant that
  defeats the standard plan; the trainee must read the anatomy before placing anything.
"""

DIFFICULTY_LEVELS: tuple[Difficulty, ...] = ("introductory", "intermediate", "advanced")
"""The levels from easiest to hardest, for sorting and filters."""

Metric = Literal[
    "leak_fraction",
    "peak_leak_rate_per_min",
    "exposure_ratio_auc",
    "target_coverage",
    "max_region_pressure_mmHg",
    "critical_bed_exposure_ratio",
    "max_systemic_concentration_mg_l",
    "ischemia_time_min",
    "tourniquet_time_min",
    "isolation_checked_before_infusion",
    "filtration_before_deflation",
    "balloon_overdistension",
    "venous_congestion_time_min",
    "mass_balance_residual",
    "safety_event_count",
]

BOOLEAN_METRICS: frozenset[str] = frozenset(
    {"isolation_checked_before_infusion", "filtration_before_deflation", "balloon_overdistension"}
)
"""Metrics that are true or false; an objective compares them as 1 (true) or 0 (false)."""

FRACTION_METRICS: frozenset[str] = frozenset({"leak_fraction", "target_coverage"})
"""Metrics between 0 and 1: a threshold of 10 meant as 10 % is an authoring slip we can catch."""

Text = Annotated[str, Field(min_length=1, max_length=4000)]


class Briefing(FileModel):
    """What the trainee reads before starting, written as a senior colleague would brief them."""

    indication: Text
    anatomy_notes: Text
    devices_notes: Text
    drug_and_dose: Text
    time_limits: Text
    steps: list[Text] = Field(min_length=1)


class Patient(FileModel):
    sex: Literal["male", "female"]
    age_years: float = Field(ge=0.0, le=120.0)
    weight_kg: float = Field(gt=0.0, le=400.0)
    height_cm: float = Field(gt=0.0, le=260.0)
    limb_volume_l: PositiveFloat | None = None
    """Volume of the treated limb; limb perfusion doses are given per litre of it."""

    @property
    def body_surface_area_m2(self) -> float:
        """Mosteller formula; a property, not a stored field, so it can never disagree with the
        height and weight in the file."""
        return math.sqrt(self.height_cm * self.weight_kg / 3600.0)


class AnatomyVariant(FileModel):
    """How this patient differs from the atlas' standard adult."""

    collateral_strengths: dict[AnatomicalId, Annotated[float, Field(ge=0.0)]] = Field(
        default_factory=dict
    )
    """Segment id → strength, replacing the atlas' ``default_strength`` (0 closes it)."""
    bed_resistance_factors: dict[AnatomicalId, PositiveFloat] = Field(default_factory=dict)
    """Bed id → factor on the calibrated arterial bed resistance (tumor hypervascularity, PAD)."""
    bed_venous_resistance_factors: dict[AnatomicalId, PositiveFloat] = Field(default_factory=dict)
    """Bed id → factor on the bed's venous resistance (outflow obstruction)."""
    notes: str = ""


class Tumor(FileModel):
    id: Slug
    bed: AnatomicalId
    label: str = Field(min_length=1, max_length=200)
    arterial_fraction_of_supply: Fraction = 0.9
    """Share of the tumor's blood that is arterial (liver metastases are mostly arterial)."""


class DrugDose(FileModel):
    drug: CatalogId
    dose_mg: PositiveFloat
    dose_calculation: Text
    """How the dose was reached, e.g. "13 mg/L limb volume x 8.5 L = 110 mg"."""
    source: SourceText


class Region(FileModel):
    """The isolated region: leak is drug crossing out of these beds and segments."""

    beds: list[AnatomicalId] = Field(default_factory=list)
    segments: list[AnatomicalId] = Field(default_factory=list)


class Objective(FileModel):
    id: Slug
    title: str = Field(min_length=1, max_length=200)
    metric: Metric
    comparison: Literal["le", "ge"]
    """``le``: passes when the measured value is at most the threshold; ``ge``: at least."""
    threshold: float = Field(allow_inf_nan=False)
    """In the metric's own unit (fractions 0..1, not percent; booleans as 0 or 1)."""
    weight: PositiveFloat
    """Share of the score, relative to the other objectives' weights."""
    explanation: Text
    """Why this matters clinically."""
    teaching_point: Text

    @field_validator("threshold")
    @classmethod
    def _threshold_in_metric_range(cls, threshold: float, info: ValidationInfo) -> float:
        metric = info.data.get("metric")
        if metric in BOOLEAN_METRICS and threshold not in (0.0, 1.0):
            raise ValueError(f"{metric} is true or false: the threshold must be 1 (true) or 0")
        if metric in FRACTION_METRICS and not 0.0 <= threshold <= 1.0:
            raise ValueError(f"{metric} is a fraction: write 0.1 for 10 %")
        return threshold


class TimeLimits(FileModel):
    """Limits the scorer and the alarms use; absent means no limit of that kind."""

    stop_flow_max_min: PositiveFloat | None = None
    tourniquet_max_min: PositiveFloat | None = None
    procedure_max_min: PositiveFloat | None = None


class InlinePlan(FileModel):
    """A plan carried by a scenario: only the actions, the scenario id is the carrier's."""

    actions: ActionList


class MistakePlan(InlinePlan):
    """A known wrong way to do the procedure, replayed in the debrief to show what goes wrong."""

    id: Slug
    title: str = Field(min_length=1, max_length=200)
    fails_objective: Slug
    """The objective this plan is meant to fail; tests check that it does."""
    explanation: Text
    """The teaching text: what the mistake is and why the physics punishes it."""


def _first_duplicate(ids: Sequence[str]) -> int | None:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            return index
        seen.add(item)
    return None


def _check_unique_ids(items: Sequence[Tumor | Objective | MistakePlan], what: str) -> None:
    index = _first_duplicate([item.id for item in items])
    if index is not None:
        raise custom_error(
            "duplicate_id",
            "{what} id '{id}' is used twice",
            f"[{index}].id",
            what=what,
            id=items[index].id,
        )


def _check_on_shelf(actions: Sequence[AnyAction], info: ValidationInfo, prefix: str) -> None:
    """A carried plan may only use devices the trainee is given, or it teaches the impossible."""
    shelf = info.data.get("device_shelf")
    if shelf is None:
        return
    for index, action in enumerate(actions):
        if isinstance(action, InsertCatheter) and action.model not in shelf:
            raise custom_error(
                "device_not_on_shelf",
                "device '{model}' is not on this scenario's device_shelf",
                f"{prefix}.actions[{index}].model",
                model=action.model,
            )


class ScenarioFile(FileModel):
    schema_version: Literal[2] = SCENARIO_SCHEMA_VERSION
    id: Slug
    title: str = Field(min_length=1, max_length=200)
    procedure: Procedure
    version: int = Field(ge=1)
    """Content version; attempts record it so a changed scenario does not mix histories."""
    summary: Text
    difficulty: Difficulty
    """How much the case asks of a trainee: introductory (open circulation, at most one
    catheter), intermediate (one isolation technique or selective catheter, standard anatomy) or
    advanced (trunk stop-flow, filtration, tight windows or an anatomical variant)."""
    briefing: Briefing
    patient: Patient
    anatomy_variant: AnatomyVariant = AnatomyVariant()
    tumors: list[Tumor] = Field(default_factory=list)
    drug_protocol: list[DrugDose] = Field(default_factory=list)
    device_shelf: list[CatalogId] = Field(default_factory=list)
    surgical_access: list[AnatomicalId] = Field(default_factory=list)
    """Vessels a catheter or cannula may enter by cut-down in this procedure (the external iliac
    artery in ILP, the gastroduodenal artery for an HAI pump), besides the standard access
    sites."""
    """Device catalog ids the trainee may use; empty only for the baseline scenario."""
    region: Region = Region()
    targets: list[AnatomicalId] = Field(default_factory=list)
    """Tumor-bearing beds the drug is meant for."""
    critical_beds: list[AnatomicalId] = Field(default_factory=list)
    """Beds the drug must spare (spinal cord, stomach and duodenum in HAI, kidneys)."""
    systemic_sampling_site: AnatomicalId = "radial_artery_left"
    """Segment where systemic concentration is sampled, as a clinician would."""
    objectives: list[Objective] = Field(default_factory=list)
    time_limits: TimeLimits = TimeLimits()
    expert_plan: InlinePlan
    mistake_plans: list[MistakePlan] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    """For instructors: which figures are estimates, what was simplified."""

    @field_validator("tumors", "objectives")
    @classmethod
    def _unique_ids(cls, items: list[Tumor] | list[Objective], info: ValidationInfo) -> list:
        _check_unique_ids(items, "tumor" if info.field_name == "tumors" else "objective")
        return items

    @field_validator("objectives")
    @classmethod
    def _something_to_grade(cls, objectives: list[Objective], info: ValidationInfo) -> list:
        if not objectives and info.data.get("procedure", "baseline") != "baseline":
            raise ValueError("a procedure needs at least one objective to be graded against")
        return objectives

    @field_validator("device_shelf")
    @classmethod
    def _shelf_needed(cls, shelf: list[str], info: ValidationInfo) -> list[str]:
        if not shelf and info.data.get("procedure", "baseline") != "baseline":
            raise ValueError("a procedure needs devices: list catalog ids in device_shelf")
        return shelf

    @field_validator("targets")
    @classmethod
    def _targets_consistent(cls, targets: list[str], info: ValidationInfo) -> list[str]:
        region = info.data.get("region")
        if region is not None:
            for index, bed in enumerate(targets):
                if bed not in region.beds:
                    raise custom_error(
                        "target_outside_region",
                        "target '{bed}' is not one of region.beds; regional treatment cannot"
                        " reach a bed outside the isolated region",
                        f"[{index}]",
                        bed=bed,
                    )
        for index, tumor in enumerate(info.data.get("tumors", [])):
            if tumor.bed not in targets:
                raise custom_error(
                    "tumor_not_targeted",
                    "tumor '{tumor}' (tumors[{index}]) lies in bed '{bed}', which is not a target",
                    "",
                    tumor=tumor.id,
                    index=index,
                    bed=tumor.bed,
                )
        return targets

    @field_validator("critical_beds")
    @classmethod
    def _critical_not_target(cls, beds: list[str], info: ValidationInfo) -> list[str]:
        targets = info.data.get("targets", [])
        for index, bed in enumerate(beds):
            if bed in targets:
                raise custom_error(
                    "critical_is_target",
                    "'{bed}' is both a target and a critical bed; it cannot be both",
                    f"[{index}]",
                    bed=bed,
                )
        return beds

    @field_validator("expert_plan")
    @classmethod
    def _expert_uses_shelf(cls, plan: InlinePlan, info: ValidationInfo) -> InlinePlan:
        _check_on_shelf(plan.actions, info, "")
        return plan

    @field_validator("mistake_plans")
    @classmethod
    def _mistakes_consistent(
        cls, plans: list[MistakePlan], info: ValidationInfo
    ) -> list[MistakePlan]:
        _check_unique_ids(plans, "mistake plan")
        objectives = info.data.get("objectives")
        for index, plan in enumerate(plans):
            if objectives is not None and plan.fails_objective not in {o.id for o in objectives}:
                raise custom_error(
                    "unknown_objective",
                    "fails_objective '{objective}' is not the id of an objective in this scenario",
                    f"[{index}].fails_objective",
                    objective=plan.fails_objective,
                )
            _check_on_shelf(plan.actions, info, f"[{index}]")
        return plans

    def carried_plan(self, name: str) -> PlanFile:
        """The plan named as on the command line, ``expert`` or ``mistake:ID``, as a plan file."""
        if name == "expert":
            return PlanFile(scenario_id=self.id, actions=self.expert_plan.actions)
        kind, _, mistake_id = name.partition(":")
        for plan in self.mistake_plans:
            if kind == "mistake" and plan.id == mistake_id:
                return PlanFile(scenario_id=self.id, actions=plan.actions)
        known = ", ".join(["expert", *(f"mistake:{plan.id}" for plan in self.mistake_plans)])
        raise LookupError(f"scenario '{self.id}' carries no plan '{name}' (it has: {known})")
