"""JSON Schemas of the file formats, written from the pydantic models so they can never drift from
what the program accepts. Editors check files against them while they are typed; map them in the
editor (VS Code: the ``json.schemas`` setting), because a ``"$schema"`` key inside a file would be
rejected as an unknown field like any other."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from simulator.scenario.atlas_file import ATLAS_SCHEMA_VERSION, AtlasFile
from simulator.scenario.attempt_file import ATTEMPT_SCHEMA_VERSION, AttemptFile
from simulator.scenario.autosave_file import AUTOSAVE_SCHEMA_VERSION, AutosaveFile
from simulator.scenario.catalog_file import CATALOG_SCHEMA_VERSION, CatalogFile
from simulator.scenario.drug_file import DRUGS_SCHEMA_VERSION, DrugsFile
from simulator.scenario.layout_file import LAYOUT_SCHEMA_VERSION, LayoutFile
from simulator.scenario.physiology_file import (
    PHYSIOLOGY_SCHEMA_VERSION,
    AnaesthetistFile,
    BaroreflexFile,
    MetabolicFile,
)
from simulator.scenario.plan_file import PLAN_SCHEMA_VERSION, PlanFile
from simulator.scenario.scenario_file import SCENARIO_SCHEMA_VERSION, ScenarioFile
from simulator.storage.atomic import atomic_write_text

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

FORMATS: dict[str, tuple[type[BaseModel], int, str]] = {
    "scenario": (ScenarioFile, SCENARIO_SCHEMA_VERSION, "PerfusionSim scenario"),
    "plan": (PlanFile, PLAN_SCHEMA_VERSION, "PerfusionSim plan"),
    "attempt": (AttemptFile, ATTEMPT_SCHEMA_VERSION, "PerfusionSim graded attempt"),
    "autosave": (AutosaveFile, AUTOSAVE_SCHEMA_VERSION, "PerfusionSim autosaved attempt"),
    "atlas": (AtlasFile, ATLAS_SCHEMA_VERSION, "PerfusionSim anatomy atlas"),
    "catalog": (CatalogFile, CATALOG_SCHEMA_VERSION, "PerfusionSim device catalog"),
    "drugs": (DrugsFile, DRUGS_SCHEMA_VERSION, "PerfusionSim drug table"),
    "layout": (LayoutFile, LAYOUT_SCHEMA_VERSION, "PerfusionSim vascular map layout"),
    "baroreflex": (BaroreflexFile, PHYSIOLOGY_SCHEMA_VERSION, "PerfusionSim baroreflex parameters"),
    "anaesthetist": (
        AnaesthetistFile,
        PHYSIOLOGY_SCHEMA_VERSION,
        "PerfusionSim fluids, vasopressors and vasodilators",
    ),
    "metabolic": (
        MetabolicFile,
        PHYSIOLOGY_SCHEMA_VERSION,
        "PerfusionSim metabolic regulation of the beds",
    ),
}


def schema_document(format_name: str) -> dict[str, Any]:
    """The JSON Schema of one format, with a stable ``$id`` that carries the schema version."""
    model, version, title = FORMATS[format_name]
    body = model.model_json_schema(mode="validation")
    body.pop("title", None)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:perfusionsim:schema:{format_name}:{version}",
        "title": f"{title} file (schema_version {version})",
        **body,
    }


def write_schemas(directory: str | Path) -> list[Path]:
    """Write ``<format>.schema.json`` for every format into ``directory`` (created if needed)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for format_name in FORMATS:
        path = directory / f"{format_name}.schema.json"
        text = json.dumps(schema_document(format_name), indent=2, ensure_ascii=False) + "\n"
        atomic_write_text(path, text)
        written.append(path)
    return written
