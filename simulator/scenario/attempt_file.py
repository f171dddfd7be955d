"""The attempt file: one graded run of a plan on a scenario, as kept in the history and exported
for an instructor (DESIGN.md §4).

It stores the plan as well as the result, so an attempt can be replayed and re-graded after the
physics or the scoring changes; ``scenario_version`` says which content it was graded against.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field, model_validator

from simulator.scenario.plan_file import FileModel, PlanFile, Seconds, Slug

ATTEMPT_SCHEMA_VERSION = 2
"""2: the plan inside is a version-2 plan (the anaesthetist's actions)."""

MetricValue = float | bool | None
"""A measured figure; None where it is undefined (no drug given, so no leak fraction)."""


class ObjectiveResult(FileModel):
    id: Slug
    value: MetricValue
    threshold: float
    passed: bool
    explanation: str


class Event(FileModel):
    """Something the trainee should hear about, at the time it happened (an alarm, a phase)."""

    t_s: Seconds
    kind: Slug
    """Machine-readable kind (``leak_alarm``, ``balloon_overdistension``)."""
    severity: Literal["info", "warning", "alarm"]
    message: str


class AttemptResult(FileModel):
    score: float = Field(ge=0.0, le=100.0)
    passed: bool
    metrics: dict[str, MetricValue]
    objectives: list[ObjectiveResult]
    events: list[Event]


class AttemptFile(FileModel):
    schema_version: Literal[2] = ATTEMPT_SCHEMA_VERSION
    scenario_id: Slug
    scenario_version: int = Field(ge=1)
    started_at: AwareDatetime
    """With a time zone, so histories from different machines and DST sides sort correctly."""
    plan: PlanFile
    result: AttemptResult

    @model_validator(mode="after")
    def _plan_for_this_scenario(self) -> AttemptFile:
        if self.plan.scenario_id != self.scenario_id:
            raise ValueError(
                f"plan.scenario_id '{self.plan.scenario_id}' is not the attempt's scenario"
                f" '{self.scenario_id}'"
            )
        return self
