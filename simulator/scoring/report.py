"""The grade report of DESIGN.md §4.2: score, passed, metrics, objectives, events."""

from __future__ import annotations

import csv
import io

from simulator.scoring.objectives import grade


def grade_session(session) -> dict:
    metrics = session.metrics.summary(session.cytotoxic)
    score, passed, results = grade(list(session.scenario.objectives), metrics)
    return {
        "scenario": session.scenario.id,
        "scenario_version": session.scenario.version,
        "score": score,
        "passed": passed,
        "duration_s": session.time_s,
        "metrics": metrics,
        "objectives": [r.as_dict() for r in results],
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
