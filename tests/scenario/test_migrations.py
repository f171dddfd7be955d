"""Old files are upgraded one version at a time on a copy; failures name the file and version."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from simulator.scenario import migrations
from simulator.scenario.errors import FileFormatError
from simulator.scenario.loading import load_plan, parse_plan, parse_scenario
from simulator.scenario.migrations import migrate

FIXTURES = Path(__file__).parent / "fixtures"
V0_PLAN = {
    "version": 0,
    "scenario_id": "ilp_leg_in_transit_melanoma",
    "actions": [
        {"t_s": 0, "action": "set_cuff", "site": "thigh_root_left", "pressure_mmHg": 300},
        {"t_s": 60, "action": "mark_phase", "phase": "perfusion"},
    ],
}


def single_problem(excinfo: pytest.ExceptionInfo[FileFormatError]) -> tuple[str, str, str]:
    [problem] = excinfo.value.problems
    return problem.file, problem.json_path, problem.reason


def test_version_0_plan_is_upgraded_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "old_plan.json"
    path.write_text(json.dumps(V0_PLAN), encoding="utf-8")
    plan = load_plan(path)
    assert plan.schema_version == 2
    assert plan.scenario_id == "ilp_leg_in_transit_melanoma"
    assert [a.action for a in plan.actions] == ["set_cuff", "mark_phase"]
    assert "version" not in json.loads(plan.model_dump_json())


def test_migration_works_on_a_copy() -> None:
    original = copy.deepcopy(V0_PLAN)
    upgraded = migrate("plan", original, "old.json")
    assert original == V0_PLAN
    assert upgraded["schema_version"] == 2
    assert "version" not in upgraded
    assert upgraded["actions"] is not original["actions"]


def test_current_version_passes_through_as_a_copy() -> None:
    data = {"schema_version": 2, "scenario_id": "x", "actions": []}
    result = migrate("plan", data, "p.json")
    assert result == data
    assert result is not data


def test_too_new_version_says_the_program_is_too_old() -> None:
    with pytest.raises(FileFormatError) as caught:
        parse_plan({**V0_PLAN, "schema_version": 7}, "future.json")
    file, path, reason = single_problem(caught)
    assert (file, path) == ("future.json", "$.schema_version")
    assert "schema_version 7 is newer" in reason
    assert "too old" in reason


def test_failing_migration_names_file_and_version(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: dict) -> dict:
        data["schema_version"] = 1
        raise KeyError("actions")

    monkeypatch.setitem(migrations.MIGRATIONS["plan"], 0, broken)
    original = copy.deepcopy(V0_PLAN)
    with pytest.raises(FileFormatError) as caught:
        migrate("plan", original, "old.json")
    file, path, reason = single_problem(caught)
    assert (file, path) == ("old.json", "$")
    assert "from schema_version 0 to 1" in reason
    assert "KeyError" in reason
    assert original == V0_PLAN


def test_migration_that_forgets_the_version_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(migrations.MIGRATIONS["plan"], 0, lambda data: data)
    with pytest.raises(FileFormatError, match="did not produce version 1"):
        migrate("plan", V0_PLAN, "old.json")


def test_gap_in_the_migration_chain_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(migrations.CURRENT_VERSIONS, "plan", 4)
    with pytest.raises(FileFormatError, match="no migration for plan files from schema_version 2"):
        migrate("plan", V0_PLAN, "old.json")


@pytest.mark.parametrize(
    ("data", "path", "reason"),
    [
        ({"scenario_id": "x", "actions": []}, "$.schema_version", "required field is missing"),
        ({"schema_version": "1", "actions": []}, "$.schema_version", "must be a whole number"),
        ({"schema_version": True, "actions": []}, "$.schema_version", "must be a whole number"),
        ({"version": -1, "actions": []}, "$.version", "must be a whole number"),
        ([1, 2], "$", "must be a JSON object"),
    ],
)
def test_unreadable_versions(data: object, path: str, reason: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        migrate("plan", data, "p.json")
    _, found_path, found_reason = single_problem(caught)
    assert found_path == path
    assert reason in found_reason


def test_scenario_content_version_is_not_a_schema_version() -> None:
    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text(encoding="utf-8"))
    del data["schema_version"]
    with pytest.raises(FileFormatError) as caught:
        parse_scenario(data, "s.json")
    assert single_problem(caught)[1:] == ("$.schema_version", "required field is missing")


def test_every_format_has_a_complete_chain_to_its_current_version() -> None:
    for name, current in migrations.CURRENT_VERSIONS.items():
        steps = migrations.MIGRATIONS[name]
        oldest = min(steps, default=current)
        assert set(steps) == set(range(oldest, current)), name


def test_version_1_plan_is_a_version_2_plan() -> None:
    data = {"schema_version": 1, "scenario_id": "x", "actions": V0_PLAN["actions"]}
    plan = parse_plan(data, "v1.json")
    assert plan.schema_version == 2
    assert [a.action for a in plan.actions] == ["set_cuff", "mark_phase"]


def test_version_1_attempt_carries_its_plan_to_version_2() -> None:
    plan = {"schema_version": 1, "scenario_id": "x", "actions": []}
    attempt = {"schema_version": 1, "plan": plan}
    upgraded = migrate("attempt", attempt, "old_attempt.json")
    assert upgraded["schema_version"] == 2
    assert upgraded["plan"]["schema_version"] == 2
    assert attempt["plan"]["schema_version"] == 1
