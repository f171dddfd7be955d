"""``python -m simulator catalog [--json]``: the devices and drugs a scenario can use, with their
ids and key properties (DESIGN.md §4.2).

Scenario authors need the ids and the sizes to fill a device shelf and a drug protocol; scripts
need the same as one JSON object. Descriptions and sources stay in the files (they are long);
the command shows what is needed to choose.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from simulator.devices.catalog import check_drug_references, load_catalog, load_drugs
from simulator.scenario.catalog_file import (
    BalloonCatheter,
    CatalogFile,
    Device,
    Embolic,
    FilterDevice,
    ImplantablePump,
    InfusionCatheter,
    PerfusionCircuit,
    PneumaticCuff,
)
from simulator.scenario.drug_file import DrugEntry, DrugsFile

_LEFT_OUT = {"description", "sources", "volume_diameter_curve", "extraction_time_course_by_drug"}


def _strip(value: Any) -> Any:
    """Drop the long fields at any depth (balloon curves sit inside ``balloons``)."""
    if isinstance(value, dict):
        return {key: _strip(item) for key, item in value.items() if key not in _LEFT_OUT}
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value


def device_summary(device: Device) -> dict[str, Any]:
    """The key properties of one device as plain JSON data."""
    summary: dict[str, Any] = _strip(device.model_dump(mode="json"))
    if isinstance(device, BalloonCatheter):
        summary["infusion_between_balloons"] = device.infusion_between_balloons
        summary["aspiration_between_balloons"] = device.aspiration_between_balloons
    return summary


def drug_summary(drug: DrugEntry) -> dict[str, Any]:
    """The key properties of one drug as plain JSON data."""
    return drug.model_dump(mode="json", exclude={"sources", "typical_regional_doses"})


def catalog_document(catalog: CatalogFile, drugs: DrugsFile) -> dict[str, Any]:
    """The object ``--json`` prints: ``devices`` and ``drugs``, each a list in file order."""
    return {
        "schema_version": 1,
        "devices": [device_summary(device) for device in catalog.devices],
        "drugs": [drug_summary(drug) for drug in drugs.drugs],
    }


def _fmt(value: float) -> str:
    return f"{value:g}"


def _device_line(device: Device) -> str:
    """One short human summary per device type (sizes, limits)."""
    if isinstance(device, BalloonCatheter):
        balloons = ", ".join(
            f"{_fmt(b.nominal_diameter_min_mm)}-{_fmt(b.nominal_diameter_max_mm)} mm "
            f"(rated {_fmt(b.rated_volume_ml)} mL, burst {_fmt(b.burst_volume_ml)} mL)"
            for b in device.balloons
        )
        return (
            f"{_fmt(device.shaft_french)} F, {'/'.join(device.vessel_sides)}; balloons {balloons}"
        )
    if isinstance(device, InfusionCatheter):
        return (
            f"{_fmt(device.french)} F ({_fmt(device.outer_diameter_mm)} mm), "
            f"{_fmt(device.usable_length_cm)} cm, max {_fmt(device.max_flow_ml_min)} mL/min"
        )
    if isinstance(device, PneumaticCuff):
        return (
            f"{device.limb}, {_fmt(device.width_cm)} cm wide, typical "
            f"{_fmt(device.typical_pressure_mmHg)} mmHg, max {_fmt(device.max_pressure_mmHg)} mmHg"
        )
    if isinstance(device, ImplantablePump):
        return (
            f"reservoir {_fmt(device.reservoir_volume_ml)} mL, "
            f"{_fmt(device.flow_ml_per_day)} mL/day"
        )
    if isinstance(device, Embolic):
        if device.agent == "coil":
            sizes = ", ".join(_fmt(d) for d in device.coil_diameters_mm)
            return f"coil {_fmt(device.coil_wire_diameter_inch or 0)} in, {sizes} mm"
        low, high = device.particle_size_min_um or 0, device.particle_size_max_um or 0
        text = f"particles {_fmt(low)}-{_fmt(high)} µm" + (", resorbable" * device.resorbable)
        for drug, loading in device.drug_loading_mg_per_ml.items():
            text += f", loaded with {drug} {_fmt(loading)} mg/mL"
        return text
    if isinstance(device, FilterDevice):
        fractions = ", ".join(
            f"{drug} {fraction:.2f}"
            for drug, fraction in device.extraction_fraction_by_drug.items()
        )
        return f"{device.filter_kind}: {fractions}"
    if isinstance(device, PerfusionCircuit):
        parts = [device.pump_kind, f"max {_fmt(device.max_flow_ml_min)} mL/min"]
        parts += ["oxygenator"] * device.oxygenator + ["heat exchanger"] * device.heat_exchanger
        return ", ".join(parts)
    raise TypeError(f"unknown device type {type(device).__name__}")  # pragma: no cover


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def catalog_text(catalog: CatalogFile, drugs: DrugsFile) -> str:
    """The plain-text tables printed without ``--json``."""
    device_rows = [["id", "type", "name", "key properties"]]
    device_rows += [[d.id, d.type, d.name, _device_line(d)] for d in catalog.devices]
    drug_rows = [["id", "kind", "t1/2 min", "clearance mL/min", "toxicity threshold"]]
    for drug in drugs.drugs:
        threshold = drug.toxicity_threshold
        if threshold is None:
            limit = "-"
        elif threshold.systemic_auc_mg_min_per_l is not None:
            limit = f"AUC {_fmt(threshold.systemic_auc_mg_min_per_l)} mg·min/L"
        else:
            limit = f"{_fmt(threshold.systemic_concentration_mg_per_l or 0)} mg/L steady"
        drug_rows.append(
            [
                drug.id,
                drug.kind,
                _fmt(drug.plasma_half_life_min),
                _fmt(drug.systemic_clearance_ml_min),
                limit,
            ]
        )
    return (
        f"Devices ({len(catalog.devices)})\n{_table(device_rows)}\n\n"
        f"Drugs ({len(drugs.drugs)})\n{_table(drug_rows)}"
    )


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.catalog)
    drugs = load_drugs(args.drugs)
    check_drug_references(catalog, drugs, args.catalog)
    if args.json:
        print(json.dumps(catalog_document(catalog, drugs), ensure_ascii=False))
    else:
        print(catalog_text(catalog, drugs))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "catalog",
        help="list the devices and drugs with their ids and key properties",
        description="List the device catalog and the drug table (ids and key properties).",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--catalog", default=None, help="device catalog file (default: built-in)")
    parser.add_argument("--drugs", default=None, help="drug table file (default: built-in)")
    parser.set_defaults(handler=run)
