"""Upgrading files written by older versions of the program, one schema version at a time.

Each format keeps its own history: ``MIGRATIONS[format][n]`` turns a version-``n`` document into a
version-``n + 1`` one. Migrations work on plain JSON data before validation, so a model only ever
has to understand the current version. They run on a deep copy: a migration that fails leaves the
caller's data untouched and is reported as a FileFormatError naming the file and the version.

When a format's version goes up, add a step here and raise its ``CURRENT_VERSIONS`` entry. A
format that embeds another (an attempt holds a plan) migrates the embedded document in its own
step, by calling :func:`migrate` on it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from simulator.scenario.attempt_file import ATTEMPT_SCHEMA_VERSION
from simulator.scenario.errors import FileFormatError
from simulator.scenario.plan_file import PLAN_SCHEMA_VERSION
from simulator.scenario.scenario_file import SCENARIO_SCHEMA_VERSION

FormatName = Literal["scenario", "plan", "attempt"]
Document = dict[str, Any]
Migration = Callable[[Document], Document]

CURRENT_VERSIONS: dict[str, int] = {
    "scenario": SCENARIO_SCHEMA_VERSION,
    "plan": PLAN_SCHEMA_VERSION,
    "attempt": ATTEMPT_SCHEMA_VERSION,
}

LEGACY_VERSION_KEYS: dict[str, str] = {"plan": "version"}
"""Where a format kept its version before it had ``schema_version``. Only plans did: a scenario's
own ``version`` field is its content version, never a schema version."""


def _plan_0_to_1(data: Document) -> Document:
    """Early plans were ``{"version": 0, "scenario_id", "actions"}``."""
    data["schema_version"] = 1
    del data["version"]
    return data


DIFFICULTY_BY_PROCEDURE: dict[str, str] = {
    "baseline": "introductory",
    "IA": "introductory",
    "ILI": "intermediate",
    "ILP": "intermediate",
    "ILUP": "intermediate",
    "TACE": "intermediate",
    "HAI": "intermediate",
    "IA_HEAD_NECK": "intermediate",
    "HAP": "advanced",
    "UAP": "advanced",
    "ITP": "advanced",
    "IHPP": "advanced",
    "EISLI": "advanced",
    "PHP": "advanced",
}
"""The difficulty a version-1 scenario gets from its procedure (levels in
:data:`simulator.scenario.scenario_file.Difficulty`): open-circulation infusion is introductory;
one tourniquet, clamp or selective catheter is intermediate; trunk stop-flow with balloons and
filtration is advanced. The built-in library was graded the same way."""

VARIANT_KEYS = ("collateral_strengths", "bed_venous_resistance_factors")
"""An ``anatomy_variant`` that changes a collateral or a venous outflow defeats the standard
plan, so it makes any procedure advanced. Bed resistance factors alone (a hypervascular tumour)
do not: they change how much reaches the tumour, not where to put the devices."""


def _scenario_1_to_2(data: Document) -> Document:
    """Version 2 added ``difficulty``; derive it from the procedure and the anatomy variant.

    A misspelt procedure gets ``advanced`` (an unknown case is not called easy), so validation
    reports the procedure, the real mistake, and not a missing difficulty the author never had
    to write."""
    procedure = data.get("procedure")
    difficulty = "advanced"
    if isinstance(procedure, str):
        difficulty = DIFFICULTY_BY_PROCEDURE.get(procedure, "advanced")
    variant = data.get("anatomy_variant")
    if isinstance(variant, dict) and any(variant.get(key) for key in VARIANT_KEYS):
        difficulty = "advanced"
    data["difficulty"] = difficulty
    data["schema_version"] = 2
    return data


def _plan_1_to_2(data: Document) -> Document:
    """Version 2 only added actions (``give_fluid``, ``vasopressor``, ``vasodilator``): every
    version-1 plan is a valid version-2 plan."""
    data["schema_version"] = 2
    return data


def _attempt_1_to_2(data: Document) -> Document:
    """An attempt holds a plan: version 2 holds a version-2 plan."""
    plan = data.get("plan")
    if isinstance(plan, dict):
        data["plan"] = migrate("plan", plan, "<attempt plan>")
    data["schema_version"] = 2
    return data


MIGRATIONS: dict[str, dict[int, Migration]] = {
    "scenario": {1: _scenario_1_to_2},
    "plan": {0: _plan_0_to_1, 1: _plan_1_to_2},
    "attempt": {1: _attempt_1_to_2},
}


def schema_version_of(format_name: str, data: Document, file: str | Path) -> int:
    """The schema version a document claims, from ``schema_version`` or the format's legacy key."""
    key = "schema_version"
    if key not in data and LEGACY_VERSION_KEYS.get(format_name) in data:
        key = LEGACY_VERSION_KEYS[format_name]
    if key not in data:
        raise FileFormatError.single(file, "$.schema_version", "required field is missing")
    version = data[key]
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise FileFormatError.single(
            file, f"$.{key}", f"must be a whole number 0 or above, not {version!r}"
        )
    return version


def migrate(format_name: str, data: object, file: str | Path) -> Document:
    """Bring ``data`` up to the current version of ``format_name``; returns a new document."""
    if format_name not in CURRENT_VERSIONS:
        raise ValueError(f"unknown file format {format_name!r}")
    if not isinstance(data, dict):
        raise FileFormatError.single(file, "$", f"a {format_name} file must be a JSON object")
    current = CURRENT_VERSIONS[format_name]
    version = schema_version_of(format_name, data, file)
    if version > current:
        raise FileFormatError.single(
            file,
            "$.schema_version",
            f"{format_name} schema_version {version} is newer than this program reads (up to"
            f" {current}); the program is too old for this file, update PerfusionSim",
        )
    document: Document = copy.deepcopy(data)
    steps = MIGRATIONS[format_name]
    for step_from in range(version, current):
        step = steps.get(step_from)
        if step is None:
            raise FileFormatError.single(
                file,
                "$.schema_version",
                f"no migration for {format_name} files from schema_version {step_from}",
            )
        try:
            document = step(document)
        except Exception as exc:  # a broken old file can fail in any way; name file and version
            raise FileFormatError.single(
                file,
                "$",
                f"could not upgrade this {format_name} file from schema_version {step_from} to"
                f" {step_from + 1}: {type(exc).__name__}: {exc}",
            ) from exc
        if not isinstance(document, dict) or document.get("schema_version") != step_from + 1:
            raise FileFormatError.single(
                file,
                "$",
                f"upgrading from {format_name} schema_version {step_from} did not produce"
                f" version {step_from + 1} (a bug in the migration)",
            )
    return document
