"""``difficulty`` in the built-in library: every file states it, and the grading follows the
levels documented on :data:`simulator.scenario.scenario_file.Difficulty`."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.scenario.library import library_files
from simulator.scenario.loading import load_scenario
from simulator.scenario.migrations import DIFFICULTY_BY_PROCEDURE, VARIANT_KEYS
from simulator.scenario.scenario_file import SCENARIO_SCHEMA_VERSION
from simulator.scenario.schemas import write_schemas

FILES = library_files()


def test_every_library_file_is_current_and_states_its_difficulty():
    assert len(FILES) == 18
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["schema_version"] == SCENARIO_SCHEMA_VERSION == 2, path.name
        assert data["difficulty"] in ("introductory", "intermediate", "advanced"), path.name


def test_library_difficulties_agree_with_the_version_1_rule():
    """A v1 copy of any library file would migrate to the difficulty the file states: the
    library and the migration grade cases the same way."""
    for path in FILES:
        scenario = load_scenario(path)
        variant = scenario.anatomy_variant.model_dump()
        expected = DIFFICULTY_BY_PROCEDURE[scenario.procedure]
        if any(variant[key] for key in VARIANT_KEYS):
            expected = "advanced"
        assert scenario.difficulty == expected, scenario.id


def test_each_level_is_used():
    counts: dict[str, int] = {}
    for path in FILES:
        level = load_scenario(path).difficulty
        counts[level] = counts.get(level, 0) + 1
    assert counts == {"introductory": 2, "intermediate": 6, "advanced": 10}


def test_scenario_schema_has_version_2_and_the_difficulty_levels(tmp_path: Path) -> None:
    path = next(p for p in write_schemas(tmp_path) if p.name == "scenario.schema.json")
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$id"] == "urn:perfusionsim:schema:scenario:2"
    assert schema["properties"]["schema_version"]["const"] == 2
    levels = schema["properties"]["difficulty"]["enum"]
    assert levels == ["introductory", "intermediate", "advanced"]
    assert "difficulty" in schema["required"]
