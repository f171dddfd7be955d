"""Shared building blocks of the file formats."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

LIMITS_KEY = "x-limits"
"""JSON Schema keyword holding why a number's minimum and maximum are what they are, so the
justification travels with the bound into every generated schema."""


def limits(
    why: str,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
) -> Any:
    """Field bounds with their justification (a source, or ``[E]`` and the reasoning).

    Used as ``Annotated[float, limits("[E] ...", ge=0, le=10)]``; infinities and NaN are refused
    by every model anyway (``allow_inf_nan=False`` in :class:`StrictModel`)."""
    return Field(ge=ge, gt=gt, le=le, json_schema_extra={LIMITS_KEY: why})


MAX_PROCEDURE_S = 86_400.0
"""A day. [E] The longest procedure of the library lasts about two hours; nothing a plan does,
and no limit a scenario sets, needs more than a day (the HAI pump's weeks of infusion are
simulated as their first minutes)."""

MAX_FLOW_ML_MIN = 5000.0
"""[E] A resting adult's cardiac output (about 5 L/min, DESIGN.md §3.1): no infusion or
extracorporeal circuit can take or give more blood than the whole heart pumps. The device's own
limit, from the catalog, is checked when the file is validated against the catalog."""

MAX_CONCENTRATION_MG_ML = 400.0
"""[E] The most concentrated solution given intravascularly is iodinated contrast at 400 mgI/mL
(iomeprol 400); cytotoxic solutions are below 10 mg/mL."""

MAX_AMOUNT_MG = 100_000.0
"""[E] The largest amount the drug table allows for one procedure (contrast, 100 g of iodine);
each drug's own limit is checked against the drug table."""

AnatomicalId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
"""Lower snake case, as in domain/anatomy-ids.md (``celiac_trunk``, ``thigh_root_left``)."""

SourceText = Annotated[str, StringConstraints(min_length=3, max_length=600)]
"""Where a figure came from: a citation, or ``[E] ...`` for an estimate with its reasoning."""

MapCoordinate = Annotated[
    float,
    limits(
        "[E] the map is about 2000 units across; ten times that is room enough", ge=-2e4, le=2e4
    ),
]

Point = tuple[MapCoordinate, MapCoordinate]
"""A point on the schematic map, in map units (1 unit is about 1 mm of a 1.8 m tall body)."""

Fraction = Annotated[float, limits("a fraction: 0 to 1 by definition", ge=0.0, le=1.0)]


class StrictModel(BaseModel):
    """Unknown or misspelt fields are errors in every file we read."""

    # allow_inf_nan=False: no number in any file may be NaN or infinite (a NaN slips past every
    # ``le``/``ge`` bound, and an infinity makes the physics produce NaN later).
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
    )


DrainageHeadCm = Annotated[
    float,
    limits(
        "[E] -20 cm (a reservoir a little above the patient, which only slows the drainage) to"
        " 100 cm below (further than any bypass reservoir sits below the table)",
        ge=-20.0,
        le=100.0,
    ),
]
"""Height of a circuit's venous reservoir below the patient's heart (cm), for a venous line that
drains into it by gravity: each centimetre lowers the pressure at the end of the line by
0.78 mmHg."""
