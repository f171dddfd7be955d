"""``python -m simulator scenarios``: the library with procedure and difficulty, JSON and text."""

from __future__ import annotations

import json

from simulator.cli import main
from simulator.scenario.library import LIBRARY_PATH, library_files
from simulator.scenario.loading import load_scenario


def test_json_listing_carries_the_difficulty_of_every_scenario(capsys):
    assert main(["scenarios", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)["scenarios"]
    expected = {s.id: s.difficulty for s in map(load_scenario, library_files())}
    assert {entry["id"]: entry["difficulty"] for entry in entries} == expected
    assert len(entries) == 18
    by_id = {entry["id"]: entry for entry in entries}
    assert by_id["baseline-adult"]["difficulty"] == "introductory"
    assert by_id["php-uveal-liver"]["difficulty"] == "advanced"


def test_human_listing_shows_procedure_difficulty_and_title(capsys):
    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 18
    ili = next(line for line in lines if line.startswith("ili-melanoma-leg "))
    assert ili.split()[1:3] == ["ILI", "intermediate"]
    assert ili.endswith(load_scenario(LIBRARY_PATH / "ili-melanoma-leg.json").title)
