"""The grade report of DESIGN.md §4.2: score, passed, metrics, objectives, events."""

from __future__ import annotations

import csv
import io
import math

from simulator.scoring.objectives import ObjectiveResult, grade
from simulator.scoring.safety import apply_safety, safety_results


def _finite_or_none(value):
    """JSON has no infinity or NaN: a figure that is not finite is reported as null (the
    objective that judges it says so in words)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def judge_metrics(objectives, metrics: dict) -> tuple[float, bool, list[ObjectiveResult]]:
    """The score, whether it passed, and every result: the scenario's objectives and the built-in
    safety objectives judged on ``metrics``. The one grading rule, for the live panel while a plan
    runs and for the report at its end."""
    score, passed, results = grade(list(objectives), metrics)
    safety = safety_results(metrics)
    score, passed = apply_safety(score, passed, safety)
    return score, passed, [*results, *safety]


def grade_session(session) -> dict:
    metrics = session.metrics.summary(session.cytotoxic)
    score, passed, results = judge_metrics(session.scenario.objectives, metrics)
    objectives = []
    for result in results:
        entry = result.as_dict()
        entry["value"] = _finite_or_none(entry["value"])
        objectives.append(entry)
    return {
        "scenario": session.scenario.id,
        "scenario_version": session.scenario.version,
        "score": score,
        "passed": passed,
        "duration_s": session.time_s,
        "metrics": {key: _finite_or_none(value) for key, value in metrics.items()},
        "objectives": objectives,
        "events": [e.as_dict() for e in session.events],
    }


def timeseries_csv(session) -> str:
    rows = session.timeseries
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})
    return buffer.getvalue()
