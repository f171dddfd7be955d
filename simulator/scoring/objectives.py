"""Judge a replayed attempt against the scenario's objectives and produce the report."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.scenario_file import Objective

NEAR_MISS_CREDIT = 0.5
"""A failed objective earns up to half its weight, less the further it missed: a near miss is
better than a wild one, but never as good as a pass."""


@dataclass(frozen=True)
class ObjectiveResult:
    id: str
    title: str
    metric: str
    value: float
    threshold: float
    comparison: str
    passed: bool
    credit: float
    weight: float
    explanation: str
    teaching_point: str

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "metric": self.metric,
            "value": self.value,
            "threshold": self.threshold,
            "comparison": self.comparison,
            "passed": self.passed,
            "explanation": self.explanation,
            "teaching_point": self.teaching_point,
        }


def _as_number(value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return float(value) if value is not None else float("nan")


def judge(objective: Objective, metrics: dict) -> ObjectiveResult:
    value = _as_number(metrics.get(objective.metric))
    threshold = objective.threshold
    if objective.comparison == "le":
        passed = value <= threshold
        miss = (value - threshold) / max(abs(threshold), 1e-9)
    else:
        passed = value >= threshold
        miss = (threshold - value) / max(abs(threshold), 1e-9)
    credit = 1.0 if passed else NEAR_MISS_CREDIT * max(0.0, 1.0 - min(miss, 1.0))
    if value != value:  # NaN: the metric could not be measured
        passed, credit = False, 0.0
    sign = "≤" if objective.comparison == "le" else "≥"
    verdict = "met" if passed else "not met"
    explanation = (
        f"{objective.title}: measured {value:.4g}, needed {sign} {threshold:g} ({verdict}). "
        f"{objective.explanation}"
    )
    return ObjectiveResult(
        objective.id,
        objective.title,
        objective.metric,
        value,
        threshold,
        objective.comparison,
        bool(passed),
        credit,
        objective.weight,
        explanation,
        objective.teaching_point,
    )


def grade(objectives: list[Objective], metrics: dict) -> tuple[float, bool, list[ObjectiveResult]]:
    results = [judge(objective, metrics) for objective in objectives]
    total = sum(r.weight for r in results)
    score = 100.0 * sum(r.weight * r.credit for r in results) / total if total else 100.0
    return round(score, 2), all(r.passed for r in results), results
