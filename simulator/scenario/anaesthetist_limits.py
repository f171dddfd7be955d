"""Limits a plan's vasopressor rates must keep that only the anaesthetist file knows: each drug at
most ten times the top of its usual range (``resources/physiology/anaesthetist.json``).

The format (``plan_file.py``) refuses rates past any clinical dose of any vasopressor; this
refuses a rate that is possible for one drug but not for the one named (15 ug/kg/min can be a
slip for phenylephrine's 1.5, and is thirty times noradrenaline's usual top).
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.scenario.physiology_file import AnaesthetistFile
from simulator.scenario.plan_file import AnyAction, Vasopressor

USUAL_RATE_MULTIPLE = 10.0
"""[E] A rate above ten times the top of a drug's usual range is no dose an anaesthetist gives
(a misplaced decimal point, or ug/min typed as ug/kg/min); within it, a rate above the usual
range is allowed and warned about when replayed."""


def vasopressor_limit_problems(
    actions: Sequence[AnyAction],
    prefix: str,
    anaesthetist: AnaesthetistFile,
    weight_kg: float | None,
) -> list[tuple[str, str]]:
    """(JSON path, reason) of every vasopressor rate above its drug's limit.

    A rate in ug/min is converted with the patient's ``weight_kg``; without a scenario (a plan
    validated on its own) the weight is unknown and only ug/kg/min rates are checked here."""
    known = {drug.id: drug for drug in anaesthetist.vasopressors}
    problems: list[tuple[str, str]] = []
    for index, action in enumerate(actions):
        if not isinstance(action, Vasopressor) or action.drug not in known:
            continue
        if action.unit == "ug_min" and weight_kg is None:
            continue
        per_kg = action.rate if action.unit == "ug_kg_min" else action.rate / weight_kg
        low, high = known[action.drug].usual_rate_ug_kg_min
        limit = USUAL_RATE_MULTIPLE * high
        if per_kg > limit:
            given = f"{action.rate:g} {action.unit.replace('_', '/')}"
            if action.unit == "ug_min":
                given += f" ({per_kg:.3g} ug/kg/min for {weight_kg:g} kg)"
            problems.append(
                (
                    f"{prefix}[{index}].rate",
                    f"{action.drug} at {given} is more than ten times the top of its usual"
                    f" range ({low:g}-{high:g} ug/kg/min, anaesthetist file): at most"
                    f" {limit:g} ug/kg/min",
                )
            )
    return problems
