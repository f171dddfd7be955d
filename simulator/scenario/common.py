"""Shared building blocks of the file formats."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

AnatomicalId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
"""Lower snake case, as in domain/anatomy-ids.md (``celiac_trunk``, ``thigh_root_left``)."""

SourceText = Annotated[str, StringConstraints(min_length=3, max_length=600)]
"""Where a figure came from: a citation, or ``[E] ...`` for an estimate with its reasoning."""

Point = tuple[float, float]
"""A point on the schematic map, in map units (1 unit is about 1 mm of a 1.8 m tall body)."""

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class StrictModel(BaseModel):
    """Unknown or misspelt fields are errors in every file we read."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
