"""Attempt files: a graded run with its plan, round-tripped as the history stores it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.scenario.attempt_file import AttemptFile
from simulator.scenario.errors import FileFormatError
from simulator.scenario.loading import load_attempt, load_scenario, parse_attempt

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def attempt_data() -> dict:
    scenario = load_scenario(FIXTURES / "ilp_leg_melanoma.json")
    plan = scenario.carried_plan("expert")
    return {
        "schema_version": 2,
        "scenario_id": scenario.id,
        "scenario_version": scenario.version,
        "started_at": "2025-03-14T09:26:53+01:00",
        "plan": json.loads(plan.model_dump_json()),
        "result": {
            "score": 87.5,
            "passed": True,
            "metrics": {
                "leak_fraction": 0.031,
                "isolation_checked_before_infusion": True,
                "exposure_ratio_auc": None,
                "safety_event_count": 0,
            },
            "objectives": [
                {
                    "id": "leak_below_10_percent",
                    "value": 0.031,
                    "threshold": 0.1,
                    "passed": True,
                    "explanation": "Leak 3.1 % stayed under the 10 % alarm.",
                },
                {
                    "id": "isolation_checked",
                    "value": True,
                    "threshold": 1,
                    "passed": True,
                    "explanation": "Contrast puff given before melphalan.",
                },
            ],
            "events": [
                {"t_s": 180, "kind": "phase", "severity": "info", "message": "isolation check"},
                {"t_s": 2400, "kind": "leak_rate", "severity": "warning", "message": "0.2 %/min"},
            ],
        },
    }


def problem_paths(data: dict) -> list[str]:
    with pytest.raises(FileFormatError) as caught:
        parse_attempt(data, "attempt.json")
    return [p.json_path for p in caught.value.problems]


def test_attempt_round_trips_through_a_file(attempt_data: dict, tmp_path: Path) -> None:
    attempt = parse_attempt(attempt_data, "attempt.json")
    path = tmp_path / "attempt.json"
    path.write_text(attempt.model_dump_json(indent=2), encoding="utf-8")
    again = load_attempt(path)
    assert again == attempt
    assert again.started_at == datetime(2025, 3, 14, 8, 26, 53, tzinfo=UTC)
    assert len(again.plan.actions) == 15


def test_metric_values_keep_their_kind(attempt_data: dict) -> None:
    metrics = parse_attempt(attempt_data, "attempt.json").result.metrics
    assert metrics["isolation_checked_before_infusion"] is True
    assert metrics["exposure_ratio_auc"] is None
    assert isinstance(metrics["safety_event_count"], float)
    assert metrics["leak_fraction"] == pytest.approx(0.031)


def test_time_without_zone_is_rejected(attempt_data: dict) -> None:
    attempt_data["started_at"] = "2025-03-14T09:26:53"
    assert problem_paths(attempt_data) == ["$.started_at"]


def test_result_ranges_and_enums(attempt_data: dict) -> None:
    attempt_data["result"]["score"] = 101
    attempt_data["result"]["events"][1]["severity"] = "critical"
    attempt_data["result"]["objectives"][0]["passd"] = True
    assert problem_paths(attempt_data) == [
        "$.result.score",
        "$.result.objectives[0].passd",
        "$.result.events[1].severity",
    ]


def test_errors_inside_the_embedded_plan_have_full_paths(attempt_data: dict) -> None:
    attempt_data["plan"]["actions"][3]["flow_ml_min"] = -400
    assert problem_paths(attempt_data) == ["$.plan.actions[3].flow_ml_min"]


def test_plan_must_belong_to_the_attempted_scenario(attempt_data: dict) -> None:
    attempt_data["plan"]["scenario_id"] = "hap_standard"
    with pytest.raises(FileFormatError, match="is not the attempt's scenario"):
        parse_attempt(attempt_data, "attempt.json")


def test_python_construction_matches_the_file(attempt_data: dict) -> None:
    attempt = AttemptFile.model_validate(attempt_data)
    assert parse_attempt(json.loads(attempt.model_dump_json()), "x.json") == attempt
