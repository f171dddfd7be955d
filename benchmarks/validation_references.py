"""The published figures the validation table compares the model with, and how a row is marked.

The figures live in ``resources/validation/references.json`` (one entry per published response,
each with its source and the conditions it was measured under); this module is the pydantic
model of that file and the colour rule. Nothing here runs the model.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationError, model_validator

from simulator.scenario.common import StrictModel

REFERENCES_PATH = (
    Path(__file__).resolve().parents[1] / "resources" / "validation" / "references.json"
)
REFERENCES_SCHEMA_VERSION = 1

GREEN_PERCENT = 10.0
"""A model value within this many per cent of the published value is green (as is any value
inside the published range)."""
AMBER_PERCENT = 30.0
"""Beyond green but within this many per cent: amber. Beyond: red."""

Colour = Literal["green", "amber", "red"]

Section = Literal[
    "resting",
    "baroreflex",
    "haemorrhage",
    "aortic_clamp",
    "tourniquets",
    "aortic_caval",
    "ilp_leak",
]
SECTION_TITLES: dict[str, str] = {
    "resting": "Resting values",
    "baroreflex": "Baroreflex: open-loop gain and time course",
    "haemorrhage": "Haemorrhage",
    "aortic_clamp": "Aortic cross-clamping at different levels",
    "tourniquets": "Thigh tourniquets",
    "aortic_caval": "Combined aortic and caval occlusion, and its release",
    "ilp_leak": "Flow dependence of leak in isolated limb perfusion",
}

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$", max_length=80)]
MeasureKey = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9_]+\.[A-Za-z0-9_]+$", max_length=120)
]
"""``condition.quantity``: which model experiment, and which of its results."""


class FileModel(StrictModel):
    model_config = ConfigDict(use_attribute_docstrings=True)


class Source(FileModel):
    short: str = Field(min_length=3, max_length=60)
    """How the table names the source ("Berkenstadt et al. 1998")."""
    citation: str = Field(min_length=10)
    """Authors, year, title, journal, volume and pages as far as the record read shows them."""
    locator: str = Field(min_length=3)
    """Where in the source the figure is: figure, table or the part of the abstract."""
    read: Literal["abstract", "full text", "table", "secondary"]
    """What was actually read: a figure taken from an abstract is only as good as the abstract."""
    url: str = Field(pattern=r"^https?://")


class PublishedFigure(FileModel):
    id: Slug
    section: Section
    quantity: str = Field(min_length=3)
    """What is compared, as the table's reader should understand it."""
    unit: str = Field(min_length=1, max_length=40)
    measure: MeasureKey
    """The model value this figure is compared with (``benchmarks/validation_conditions.py``)."""
    value: float | None = Field(default=None, allow_inf_nan=False)
    """The published central value (mean or median); absent when no figure was found."""
    low: float | None = Field(default=None, allow_inf_nan=False)
    high: float | None = Field(default=None, allow_inf_nan=False)
    """The published range (or mean ± SD, as ``spread`` says) when the source gives one."""
    spread: Literal[
        "mean ± SD",
        "mean ± SE",
        "mean ± SD or SE (unstated)",
        "range",
        "across studies",
        "single value",
        "at most",
        "at least",
        "none",
    ]
    """How ``low``/``high`` were obtained; "at most" and "at least" make ``value`` a bound that
    any model value on its side meets."""
    derived: str | None = None
    """How the figure was computed from the published numbers, when it was not printed as is."""
    conditions: str = Field(min_length=10)
    """Subjects, anaesthesia, intervention and time point of the published measurement."""
    source: Source
    calibrates: str | None = None
    """The model parameter that was set from this very figure, if any: agreement with it is by
    construction, and the table says so."""
    missing: str | None = None
    """Why there is no figure (what was looked for and not found); the row claims no colour."""
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> PublishedFigure:
        if self.value is None and self.missing is None:
            raise ValueError("a figure without a value must say what is missing")
        if self.value is not None and self.missing is not None:
            raise ValueError("a figure with a value cannot also be missing")
        if (self.low is None) != (self.high is None):
            raise ValueError("give both ends of the range or neither")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"range low {self.low} is above high {self.high}")
        if self.spread not in ("single value", "at most", "at least", "none") and self.low is None:
            raise ValueError(f"spread '{self.spread}' needs a range (low and high)")
        return self


class ReferencesFile(FileModel):
    schema_version: Literal[1] = REFERENCES_SCHEMA_VERSION
    description: str
    figures: list[PublishedFigure] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> ReferencesFile:
        seen: set[str] = set()
        for figure in self.figures:
            if figure.id in seen:
                raise ValueError(f"figure id '{figure.id}' appears twice")
            seen.add(figure.id)
        return self


class ReferencesError(ValueError):
    """The references file is missing or invalid; the message names the file and the field."""


def load_references(path: Path = REFERENCES_PATH) -> ReferencesFile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReferencesError(f"{path}: file not found") from None
    except json.JSONDecodeError as error:
        raise ReferencesError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
    try:
        return ReferencesFile.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"]) or "(top level)"
            problems.append(f"{path}: {where}: {item['msg']}")
        raise ReferencesError("\n".join(problems)) from None


def percent_difference(model: float, published: float) -> float | None:
    """(model - published) / |published| in per cent; undefined for a published zero."""
    if published == 0.0:
        return None
    return 100.0 * (model - published) / abs(published)


def mark(figure: PublishedFigure, model: float | None) -> Colour | None:
    """Green inside the published range or within GREEN_PERCENT, amber within AMBER_PERCENT,
    red beyond. No colour when the literature gave no figure or the model gave no value."""
    if figure.value is None or model is None or not math.isfinite(model):
        return None
    if figure.low is not None and figure.high is not None and figure.low <= model <= figure.high:
        return "green"
    if (figure.spread == "at most" and model <= figure.value) or (
        figure.spread == "at least" and model >= figure.value
    ):
        return "green"
    difference = percent_difference(model, figure.value)
    if difference is None:
        return "green" if model == 0.0 else "red"
    if abs(difference) <= GREEN_PERCENT:
        return "green"
    if abs(difference) <= AMBER_PERCENT:
        return "amber"
    return "red"
