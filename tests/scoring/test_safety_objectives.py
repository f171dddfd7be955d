"""The safety objectives scoring adds to every scenario: the patient survives, the drug is
accounted for. Failing either fails the attempt and caps its score."""

from __future__ import annotations

import math

from simulator.scenario.scenario_file import Objective
from simulator.scoring.objectives import grade
from simulator.scoring.safety import SAFETY_SCORE_CAP, apply_safety, safety_results

LEAK = Objective(
    id="leak",
    title="Leak",
    metric="leak_fraction",
    comparison="le",
    threshold=0.1,
    weight=1,
    explanation="test",
    teaching_point="test",
)


def _graded(metrics: dict) -> tuple[float, bool, dict]:
    score, passed, _ = grade([LEAK], metrics)
    safety = safety_results(metrics)
    score, passed = apply_safety(score, passed, safety)
    return score, passed, {r.id: r for r in safety}


def test_a_safe_attempt_keeps_its_score():
    score, passed, safety = _graded(
        {"leak_fraction": 0.01, "cardiac_arrest": False, "mass_balance_residual": 1e-13}
    )
    assert (score, passed) == (100.0, True)
    assert all(r.passed and r.weight == 0.0 for r in safety.values())


def test_a_cardiac_arrest_fails_the_attempt_and_caps_the_score():
    score, passed, safety = _graded(
        {"leak_fraction": 0.01, "cardiac_arrest": True, "mass_balance_residual": 1e-13}
    )
    assert score == SAFETY_SCORE_CAP and not passed
    survives = safety["patient-survives"]
    assert not survives.passed and survives.value == 1.0 and survives.threshold == 0.0
    assert "cardiac arrest" in survives.explanation and survives.teaching_point


def test_a_balance_that_is_off_or_not_finite_fails():
    for residual in (1e-6, math.inf, math.nan, None):
        score, passed, safety = _graded(
            {"leak_fraction": 0.01, "cardiac_arrest": False, "mass_balance_residual": residual}
        )
        assert score == SAFETY_SCORE_CAP and not passed, residual
        assert not safety["drug-mass-balance"].passed
