"""``python -m simulator validate``: one line per file or problem, exit 1 on any problem."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator import cli

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "ilp_leg_melanoma.json"
BAD = FIXTURES / "invalid_scenario.json"
REGISTERED = cli.COMMAND_MODULES


@pytest.fixture(autouse=True)
def _only_this_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other commands belong to other modules (and pull in the physics); test this one alone."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("simulator.commands.validate",))


def run(capsys: pytest.CaptureFixture[str], *paths: Path | str) -> tuple[int, list[str]]:
    code = cli.main(["validate", *map(str, paths)])
    return code, capsys.readouterr().out.splitlines()


def test_validate_command_is_registered() -> None:
    assert "simulator.commands.validate" in REGISTERED


def test_good_scenario_is_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, GOOD) == (0, [f"ok: {GOOD} (scenario 'ilp_leg_in_transit_melanoma')"])


def test_bad_scenario_gives_one_line_per_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(capsys, BAD)
    assert code == 1
    assert len(lines) == 4
    assert all(line.startswith(f"error: {BAD}: $.") for line in lines)
    assert (
        f"error: {BAD}: $.critcal_beds: unknown field (misspelt, or not part of this format)"
        in (lines)
    )
    assert any(
        line.startswith(f"error: {BAD}: $.expert_plan.actions[2].rate_ml_min: ") for line in lines
    )


def test_folder_checks_every_json_file_and_fails_if_one_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(GOOD, tmp_path / "a_good.json")
    shutil.copy(BAD, tmp_path / "b_bad.json")
    (tmp_path / "sub").mkdir()
    plan = {"version": 0, "scenario_id": "ilp_leg", "actions": []}
    (tmp_path / "sub" / "old_plan.json").write_text(json.dumps(plan), encoding="utf-8")
    (tmp_path / "readme.txt").write_text("not checked", encoding="utf-8")
    code, lines = run(capsys, tmp_path)
    assert code == 1
    assert lines[0] == f"ok: {tmp_path / 'a_good.json'} (scenario 'ilp_leg_in_transit_melanoma')"
    assert sum(line.startswith(f"error: {tmp_path / 'b_bad.json'}: ") for line in lines) == 4
    assert (
        lines[-1]
        == f"ok: {tmp_path / 'sub' / 'old_plan.json'} (plan for scenario 'ilp_leg', 0 actions)"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{ not json", "$: not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"colour": "red"}', "$: cannot tell which file this is"),
        ("[1, 2, 3]", "$: expected a JSON object"),
        (
            '{"schema_version": 3, "scenario_id": "x", "actions": []}',
            "$.schema_version: plan schema_version 3 is newer",
        ),
    ],
)
def test_unusable_files_are_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    path = tmp_path / "file.json"
    path.write_text(content, encoding="utf-8")
    code, lines = run(capsys, path)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}: {reason}")


def test_binary_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "image.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert run(capsys, path) == (1, [f"error: {path}: $: not a text file (expected UTF-8 JSON)"])


def test_missing_file_and_empty_folder_are_reported_and_others_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, lines = run(capsys, missing, empty, GOOD)
    assert code == 1
    assert lines == [
        f"error: {missing}: $: file not found",
        f"error: {empty}: $: folder holds no .json files",
        f"ok: {GOOD} (scenario 'ilp_leg_in_transit_melanoma')",
    ]


def test_attempt_and_plan_files_are_recognised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = {
        "schema_version": 1,
        "scenario_id": "ilp_leg",
        "actions": [{"t_s": 0, "action": "mark_phase", "phase": "perfusion"}],
    }
    attempt = {
        "schema_version": 1,
        "scenario_id": "ilp_leg",
        "scenario_version": 2,
        "started_at": "2025-01-02T03:04:05Z",
        "plan": plan,
        "result": {"score": 40, "passed": False, "metrics": {}, "objectives": [], "events": []},
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    (tmp_path / "attempt.json").write_text(json.dumps(attempt), encoding="utf-8")
    code, lines = run(capsys, tmp_path / "plan.json", tmp_path / "attempt.json")
    assert code == 0
    assert lines == [
        f"ok: {tmp_path / 'plan.json'} (plan for scenario 'ilp_leg', 1 action)",
        f"ok: {tmp_path / 'attempt.json'} (attempt at scenario 'ilp_leg', score 40)",
    ]


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", "--json", str(GOOD), str(BAD)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    good, bad = result["files"]
    assert good == {
        "path": str(GOOD),
        "ok": True,
        "format": "scenario",
        "summary": "scenario 'ilp_leg_in_transit_melanoma'",
    }
    assert bad["ok"] is False
    assert {p["json_path"] for p in bad["problems"]} == {
        "$.procedure",
        "$.critcal_beds",
        "$.expert_plan.actions[2].rate_ml_min",
        "$.mistake_plans[0].fails_objective",
    }
    assert all(p["file"] == str(BAD) for p in bad["problems"])


def test_unknown_vessel_device_and_drug_are_each_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.cli import main as cli_main

    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text())
    data["expert_plan"]["actions"][0]["tip"]["vessel"] = "superficial_femoral_artery_middle"
    data["device_shelf"].append("imaginary_catheter")
    data["drug_protocol"][0]["drug"] = "unobtainium"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    assert cli_main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert any(
        "$.expert_plan.actions[0].tip.vessel" in line
        and "superficial_femoral_artery_middle" in line
        for line in lines
    )
    assert any(
        "imaginary_catheter" in line and "not a device of the catalog" in line for line in lines
    )
    assert any("$.drug_protocol[0].drug" in line and "unobtainium" in line for line in lines)
    assert all(line.startswith("error: ") for line in lines)
