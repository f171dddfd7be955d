"""Old files are upgraded one version at a time on a copy; failures name the file and version."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import get_args

import pytest

from simulator.scenario import migrations
from simulator.scenario.errors import FileFormatError
from simulator.scenario.loading import load_plan, load_scenario, parse_plan, parse_scenario
from simulator.scenario.migrations import migrate
from simulator.scenario.scenario_file import DIFFICULTY_LEVELS, Procedure

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
    assert plan.schema_version == 1
    assert plan.scenario_id == "ilp_leg_in_transit_melanoma"
    assert [a.action for a in plan.actions] == ["set_cuff", "mark_phase"]
    assert "version" not in json.loads(plan.model_dump_json())


def test_migration_works_on_a_copy() -> None:
    original = copy.deepcopy(V0_PLAN)
    upgraded = migrate("plan", original, "old.json")
    assert original == V0_PLAN
    assert upgraded["schema_version"] == 1
    assert "version" not in upgraded
    assert upgraded["actions"] is not original["actions"]


def test_current_version_passes_through_as_a_copy() -> None:
    data = {"schema_version": 1, "scenario_id": "x", "actions": []}
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
    monkeypatch.setitem(migrations.CURRENT_VERSIONS, "plan", 3)
    with pytest.raises(FileFormatError, match="no migration for plan files from schema_version 1"):
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


V1_SCENARIO = FIXTURES / "ilp_leg_melanoma_v1.json"
"""A scenario as version 1 wrote it (before ``difficulty``); never edit it to the current format."""


def v1_scenario_data(*, standard_anatomy: bool = False) -> dict:
    data = json.loads(V1_SCENARIO.read_text(encoding="utf-8"))
    if standard_anatomy:
        data["anatomy_variant"] = {}
    return data


def test_version_1_scenario_is_upgraded_and_keeps_everything_else() -> None:
    data = v1_scenario_data()
    assert data["schema_version"] == 1
    assert "difficulty" not in data
    scenario = load_scenario(V1_SCENARIO)
    assert scenario.schema_version == 2
    # ILP is intermediate, but this patient's enlarged cruciate anastomosis is a variant
    assert data["anatomy_variant"]["collateral_strengths"]
    assert scenario.difficulty == "advanced"
    as_v2 = {**data, "schema_version": 2, "difficulty": "advanced"}
    written_as_v2 = parse_scenario(as_v2, "v2.json")
    assert scenario == written_as_v2


@pytest.mark.parametrize(
    ("procedure", "difficulty"),
    [
        ("baseline", "introductory"),
        ("IA", "introductory"),
        ("ILP", "intermediate"),
        ("TACE", "intermediate"),
        ("HAP", "advanced"),
        ("PHP", "advanced"),
    ],
)
def test_version_1_difficulty_follows_the_procedure(procedure: str, difficulty: str) -> None:
    data = {**v1_scenario_data(standard_anatomy=True), "procedure": procedure}
    assert migrate("scenario", data, "old.json")["difficulty"] == difficulty


def test_every_procedure_has_a_version_1_difficulty() -> None:
    assert set(migrations.DIFFICULTY_BY_PROCEDURE) == set(get_args(Procedure))
    assert set(migrations.DIFFICULTY_BY_PROCEDURE.values()) == set(DIFFICULTY_LEVELS)


def test_an_anatomical_variant_makes_a_version_1_scenario_advanced() -> None:
    data = v1_scenario_data(standard_anatomy=True)
    data["anatomy_variant"]["bed_venous_resistance_factors"] = {"liver": 4.0}
    assert migrate("scenario", data, "old.json")["difficulty"] == "advanced"
    tumour_only = v1_scenario_data(standard_anatomy=True)
    tumour_only["anatomy_variant"]["bed_resistance_factors"] = {"lower_leg_foot_left": 0.8}
    assert migrate("scenario", tumour_only, "old.json")["difficulty"] == "intermediate"


def test_a_misspelt_procedure_is_the_only_problem_of_a_version_1_scenario() -> None:
    data = {**v1_scenario_data(), "procedure": "ILP_leg"}
    with pytest.raises(FileFormatError) as caught:
        parse_scenario(data, "old.json")
    assert single_problem(caught)[1] == "$.procedure"


def test_a_current_scenario_must_state_its_difficulty() -> None:
    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    del data["difficulty"]
    with pytest.raises(FileFormatError) as caught:
        parse_scenario(data, "s.json")
    assert single_problem(caught)[1:] == ("$.difficulty", "required field is missing")
    data["difficulty"] = "easy"
    with pytest.raises(FileFormatError) as caught:
        parse_scenario(data, "s.json")
    _, path, reason = single_problem(caught)
    assert path == "$.difficulty"
    assert "'introductory', 'intermediate' or 'advanced'" in reason


@pytest.mark.parametrize("procedure", get_args(Procedure))
def test_a_version_1_scenario_of_any_procedure_loads_at_version_2(procedure: str) -> None:
    data = {**v1_scenario_data(standard_anatomy=True), "procedure": procedure}
    scenario = parse_scenario(data, "old.json")
    assert scenario.schema_version == 2
    assert scenario.difficulty == migrations.DIFFICULTY_BY_PROCEDURE[procedure]
    assert data["schema_version"] == 1 and "difficulty" not in data  # the caller's copy
