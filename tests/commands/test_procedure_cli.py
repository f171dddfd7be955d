"""The procedure commands of DESIGN.md §4.2: grade, state --plan --at, plan, scenarios."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from simulator.cli import main

FIXTURE = Path(__file__).parents[1] / "scenario" / "fixtures" / "ilp_leg_melanoma.json"
GRADE_KEYS = {"score", "passed", "metrics", "objectives", "events"}
METRIC_KEYS = {
    "leak_fraction",
    "peak_leak_rate_per_min",
    "exposure_ratio_auc",
    "target_coverage",
    "max_region_pressure_mmHg",
    "mass_balance_residual",
}


def test_grade_prints_the_documented_keys_and_writes_the_curves(tmp_path, capsys):
    curves = tmp_path / "curves.csv"
    assert main(["grade", str(FIXTURE), "expert", "--json", "--timeseries", str(curves)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= GRADE_KEYS
    assert set(report["metrics"]) >= METRIC_KEYS
    assert 0.0 <= report["score"] <= 100.0
    assert report["metrics"]["mass_balance_residual"] < 1e-9
    for objective in report["objectives"]:
        assert {"id", "value", "threshold", "passed", "explanation"} <= set(objective)
    with curves.open() as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) > 100
    assert {
        "t_s",
        "leak_fraction",
        "mean_arterial_pressure_mmHg",
        "melphalan_systemic_mg_l",
    } <= set(rows[0])


def test_grade_a_plan_file_written_by_the_plan_command(tmp_path, capsys):
    plan = tmp_path / "plan.json"
    assert main(["plan", str(FIXTURE), "mistake:no_tourniquet", "-o", str(plan)]) == 0
    assert json.loads(plan.read_text())["scenario_id"] == "ilp_leg_in_transit_melanoma"
    capsys.readouterr()
    assert main(["grade", str(FIXTURE), str(plan), "--json"]) == 0
    mistake = json.loads(capsys.readouterr().out)
    assert main(["grade", str(FIXTURE), "expert", "--json"]) == 0
    expert = json.loads(capsys.readouterr().out)
    assert mistake["score"] < expert["score"]


def test_unknown_carried_plan_is_one_clear_line(capsys):
    assert main(["grade", str(FIXTURE), "mistake:nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no plan 'mistake:nope'" in err[0]


def test_state_during_a_plan(capsys):
    assert main(["state", str(FIXTURE), "--plan", "expert", "--at", "900", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["t_s"] == 900.0
    assert report["phase"] == "perfusion"
    assert report["concentration_mg_l"]["melphalan"]["lower_leg_foot_left"] > 1.0
    assert {"cardiac_output_l_min", "segments", "beds"} <= set(report)


def test_state_plan_needs_a_scenario(capsys):
    assert main(["state", "--plan", "expert"]) == 2
    assert "need a scenario" in capsys.readouterr().err


def test_scenarios_lists_a_library_with_its_plans(tmp_path, capsys):
    (tmp_path / "ilp.json").write_text(FIXTURE.read_text())
    assert main(["scenarios", "--json", "--library", str(tmp_path)]) == 0
    (entry,) = json.loads(capsys.readouterr().out)["scenarios"]
    assert entry["id"] == "ilp_leg_in_transit_melanoma"
    assert entry["procedure"] == "ILP"
    assert entry["mistakes"] == ["mistake:no_tourniquet"]
    assert Path(entry["path"]).exists()


def test_scenarios_refuses_a_missing_folder(tmp_path, capsys):
    assert main(["scenarios", "--library", str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
