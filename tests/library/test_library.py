"""The built-in scenario library (issue: scenario library): every file validates against the
atlas and catalogs, every expert plan passes every objective with a score of at least 85 and
raises no alarm, every mistake plan fails the objective it names, and the expert outscores every
mistake."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import get_args

import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.cli import main
from simulator.scenario.library import LIBRARY_PATH, library_files
from simulator.scenario.loading import load_scenario
from simulator.scenario.scenario_file import Procedure
from simulator.scoring.report import grade_session
from simulator.session.replay import replay

PROCEDURES = set(get_args(Procedure))
FILES = library_files()
PLANS = [
    (path, name)
    for path in FILES
    for name in ["expert", *(f"mistake:{m.id}" for m in load_scenario(path).mistake_plans)]
]


@cache
def graded(path: Path, name: str) -> dict:
    scenario = load_scenario(path)
    return grade_session(replay(scenario, scenario.carried_plan(name).actions, load_atlas()))


def test_every_file_validates_against_the_atlas_and_catalogs(capsys):
    assert main(["validate", str(LIBRARY_PATH)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if line.startswith("ok: ")]) == len(FILES)


def test_every_procedure_is_in_the_library_with_four_patient_variants():
    scenarios = [load_scenario(path) for path in FILES]
    assert {s.procedure for s in scenarios} == PROCEDURES
    variants = [
        s
        for s in scenarios
        if s.anatomy_variant.model_dump(exclude={"notes"})
        != {
            "collateral_strengths": {},
            "bed_resistance_factors": {},
            "bed_venous_resistance_factors": {},
        }
    ]
    assert len(variants) >= 4
    for scenario in scenarios:
        if scenario.procedure != "baseline":
            assert len(scenario.mistake_plans) >= 2, scenario.id
            assert scenario.briefing.drug_and_dose and scenario.targets and scenario.objectives


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_expert_plan_passes_every_objective(path):
    report = graded(path, "expert")
    failed = [o["explanation"] for o in report["objectives"] if not o["passed"]]
    assert not failed
    alarms = [e["message"] for e in report["events"] if e["severity"] == "alarm"]
    assert not alarms
    assert report["score"] >= 85.0
    assert report["metrics"]["mass_balance_residual"] < 1e-9


@pytest.mark.parametrize(
    ("path", "name"),
    [p for p in PLANS if p[1] != "expert"],
    ids=lambda v: str(getattr(v, "stem", v)),
)
def test_each_mistake_fails_the_objective_it_names_and_scores_below_the_expert(path, name):
    scenario = load_scenario(path)
    mistake = next(m for m in scenario.mistake_plans if f"mistake:{m.id}" == name)
    report = graded(path, name)
    assert report["metrics"]["mass_balance_residual"] < 1e-9
    by_id = {o["id"]: o for o in report["objectives"]}
    assert not by_id[mistake.fails_objective]["passed"], by_id[mistake.fails_objective][
        "explanation"
    ]
    assert report["score"] < graded(path, "expert")["score"]
