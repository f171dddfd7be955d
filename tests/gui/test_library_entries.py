"""What the library says about each scenario file, without a window: the row texts, the search
text, and reading each file once per modification."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import get_args

from simulator.gui.library.entries import (
    PROCEDURE_NAMES,
    library_entries,
    load_entry,
    procedure_name,
)
from simulator.scenario.scenario_file import Procedure

FIXTURES = Path(__file__).parents[1] / "scenario" / "fixtures"


def test_every_procedure_has_a_name() -> None:
    assert set(PROCEDURE_NAMES) == set(get_args(Procedure))
    assert procedure_name("ILP") == "Isolated limb perfusion"


def test_row_texts_of_a_limb_perfusion() -> None:
    entry = load_entry(FIXTURES / "ilp_leg_melanoma.json")
    assert entry.is_valid
    scenario = entry.scenario
    assert scenario is not None
    assert entry.procedure_name == "Isolated limb perfusion"
    assert entry.difficulty == "intermediate"
    patient = scenario.patient
    assert entry.patient_text == (
        f"{patient.sex.capitalize()}, {patient.age_years:.0f} y, {patient.weight_kg:g} kg"
    )
    last_s = max(action.t_s for action in scenario.expert_plan.actions)
    assert entry.plan_duration_min == last_s / 60.0
    limit = scenario.time_limits.procedure_max_min
    expected = f"{last_s / 60.0:.0f} min" + ("" if limit is None else f" (limit {limit:.0f})")
    assert entry.duration_text == expected


def test_search_text_covers_title_summary_procedure_patient_and_tumours() -> None:
    entry = load_entry(FIXTURES / "ilp_leg_melanoma.json")
    scenario = entry.scenario
    assert scenario is not None
    text = entry.search_text
    for part in (
        scenario.title,
        scenario.summary,
        "ilp",
        "isolated limb perfusion",
        "intermediate",
    ):
        assert part.lower() in text
    assert all(tumor.label.lower() in text for tumor in scenario.tumors)
    assert scenario.patient.sex in text


def test_a_file_is_read_once_until_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    data = json.loads((FIXTURES / "ilp_leg_melanoma.json").read_text(encoding="utf-8"))
    path.write_text(json.dumps(data), encoding="utf-8")
    first = load_entry(path)
    assert load_entry(path) is first
    data["title"] = "Changed by the instructor"
    path.write_text(json.dumps(data), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    changed = load_entry(path)
    assert changed is not first
    assert changed.title == "Changed by the instructor"


def test_a_missing_file_is_an_entry_with_its_problem(tmp_path: Path) -> None:
    entry = load_entry(tmp_path / "gone.json")
    assert not entry.is_valid
    assert [(p.json_path, p.reason) for p in entry.problems] == [("$", "file not found")]
    assert entry.title == "gone.json (invalid)"
    assert entry.summary == "$: file not found"


def test_an_empty_extra_folder_adds_nothing(tmp_path: Path) -> None:
    entries = library_entries([tmp_path])
    assert len(entries) == 18
    assert all(entry.is_valid for entry in entries)
