"""Safety objectives every scenario has, added by scoring itself: the patient survives, and the
drug's mass balance closes (a result that lost or invented drug cannot be trusted).

They are reported like the scenario's own objectives (id, value, threshold, passed, explanation,
teaching point) but carry no weight in the weighted share: failing one caps the score at
``SAFETY_SCORE_CAP`` and fails the attempt, however well the rest went. A plan that kills the
patient has failed as a treatment, whatever drug levels it reached; weighting it as one
objective among many would let it score in the eighties.
"""

from __future__ import annotations

import math

from simulator.scoring.objectives import ObjectiveResult

SAFETY_SCORE_CAP = 0.0
"""Score of an attempt that failed a safety objective."""
MASS_BALANCE_TOLERANCE = 1.0e-9
"""Relative residual of the drug mass balance that the transport keeps (it reaches about 1e-13)."""


def _result(
    objective_id: str,
    title: str,
    metric: str,
    value: float,
    threshold: float,
    passed: bool,
    measured: str,
    explanation: str,
    teaching_point: str,
) -> ObjectiveResult:
    verdict = "met" if passed else "not met"
    return ObjectiveResult(
        objective_id,
        title,
        metric,
        value,
        threshold,
        "le",
        passed,
        1.0 if passed else 0.0,
        0.0,
        f"{title}: {measured} ({verdict}). {explanation}",
        teaching_point,
    )


def safety_results(metrics: dict) -> list[ObjectiveResult]:
    arrest = bool(metrics.get("cardiac_arrest", False))
    residual = metrics.get("mass_balance_residual")
    residual = float("nan") if residual is None else float(residual)
    balanced = math.isfinite(residual) and residual <= MASS_BALANCE_TOLERANCE
    return [
        _result(
            "patient-survives",
            "The patient survives",
            "cardiac_arrest",
            1.0 if arrest else 0.0,
            0.0,
            not arrest,
            "cardiac arrest" if arrest else "no cardiac arrest",
            "A circulation with no output for more than 10 s is a cardiac arrest; an attempt "
            "that causes one fails, whatever else it achieved.",
            "Every occlusion, pump and infusion changes the whole circulation: watch cardiac "
            "output and pressure, and never close the heart's own outflow or its return.",
        ),
        _result(
            "drug-mass-balance",
            "Drug accounted for",
            "mass_balance_residual",
            residual,
            MASS_BALANCE_TOLERANCE,
            balanced,
            f"residual {residual:.3g}" if math.isfinite(residual) else "residual not finite",
            "Every milligram infused must be found in blood, tissue, a reservoir or a tally; a "
            "larger or non-finite residual means the simulated result cannot be trusted.",
            "A dose or a rate far outside clinical practice can push the simulation past what "
            "it can represent: plan doses the drug table allows.",
        ),
    ]


def apply_safety(score: float, passed: bool, results: list[ObjectiveResult]) -> tuple[float, bool]:
    if all(r.passed for r in results):
        return score, passed
    return min(score, SAFETY_SCORE_CAP), False
