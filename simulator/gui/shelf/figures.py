"""The key figures of a shelf item, as the short lines a trainee compares devices by.

Plain text from the catalog and drug table models (no Qt), so the shelf's rows, its tooltips and
the tests read the same words.
"""

from __future__ import annotations

from simulator.scenario.catalog_file import (
    BalloonCatheter,
    Embolic,
    FilterDevice,
    ImplantablePump,
    InfusionCatheter,
    PerfusionCircuit,
    PneumaticCuff,
)

SECTIONS = (
    ("catheters", "Catheters"),
    ("cuffs", "Cuffs"),
    ("circuits", "Circuits and filters"),
    ("embolics", "Embolisation"),
    ("drugs", "Drugs of the protocol"),
)


def section_of(device: object) -> str:
    if isinstance(device, BalloonCatheter | InfusionCatheter | ImplantablePump):
        return "catheters"
    if isinstance(device, PneumaticCuff):
        return "cuffs"
    if isinstance(device, PerfusionCircuit | FilterDevice):
        return "circuits"
    return "embolics"


def _g(value: float) -> str:
    return f"{value:g}"


def device_figures(device: object, drugs: tuple[str, ...] | None = None) -> list[str]:
    """One line per key figure: French size, length, each balloon's diameter range and burst
    volume, cuff width; flows and volumes for pumps, circuits and filters. A filter's extraction
    is listed for ``drugs`` only (the protocol's), when given."""
    if isinstance(device, BalloonCatheter):
        lines = [
            f"{_g(device.shaft_french)} F shaft, {_g(device.sheath_french)} F sheath,"
            f" {_g(device.usable_length_cm)} cm long"
        ]
        for balloon in device.balloons:
            name = f"{balloon.label} balloon" if balloon.label else "balloon"
            lines.append(
                f"{name} {_g(balloon.nominal_diameter_min_mm)}–"
                f"{_g(balloon.nominal_diameter_max_mm)} mm, burst {_g(balloon.burst_volume_ml)} mL"
            )
        return lines
    if isinstance(device, InfusionCatheter):
        holes = "end hole" if device.end_hole else "closed tip"
        if device.side_holes:
            holes += f", {device.side_holes} side holes"
        return [
            f"{_g(device.french)} F ({_g(device.outer_diameter_mm)} mm),"
            f" {_g(device.usable_length_cm)} cm",
            f"up to {_g(device.max_flow_ml_min)} mL/min, {holes}",
        ]
    if isinstance(device, ImplantablePump):
        return [
            f"{_g(device.reservoir_volume_ml)} mL reservoir, {_g(device.flow_ml_per_day)} mL/day",
            f"catheter {_g(device.catheter_outer_diameter_mm)} mm, placed by cut-down",
        ]
    if isinstance(device, PneumaticCuff):
        return [
            f"{device.limb} cuff, {_g(device.width_cm)} cm wide",
            f"usually {_g(device.typical_pressure_mmHg)} mmHg, at most"
            f" {_g(device.max_pressure_mmHg)} mmHg",
        ]
    if isinstance(device, PerfusionCircuit):
        extras = [
            name
            for name, has in (
                ("oxygenator", device.oxygenator),
                ("heat exchanger", device.heat_exchanger),
            )
            if has
        ]
        return [
            f"{device.pump_kind.replace('_', ' ')} pump, {_g(device.typical_flow_ml_min)} mL/min"
            f" (at most {_g(device.max_flow_ml_min)})",
            f"priming {_g(device.priming_volume_ml)} mL, "
            + (", ".join(extras) if extras else "no oxygenator"),
        ]
    if isinstance(device, FilterDevice):
        extraction = (
            ", ".join(
                f"{drug.replace('_', ' ')} {100 * fraction:.0f} %"
                for drug, fraction in device.extraction_fraction_by_drug.items()
                if drugs is None or drug in drugs
            )
            or "none of this protocol's drugs"
        )
        return [
            f"{device.filter_kind.replace('_', ' ')}, up to {_g(device.max_blood_flow_ml_min)}"
            f" mL/min blood",
            f"extracts per pass: {extraction}",
        ]
    if isinstance(device, Embolic):
        if device.agent == "coil":
            sizes = ", ".join(_g(d) for d in device.coil_diameters_mm)
            return [f"coil, {sizes} mm" if sizes else "coil"]
        low, high = device.particle_size_min_um, device.particle_size_max_um
        size = f", {_g(low)}–{_g(high)} µm" if low is not None and high is not None else ""
        return [f"particles{size}" + (", resorbable" if device.resorbable else "")]
    return []


DOSE_ROUNDING = 1e-6
"""A remainder below this share of the planned dose is nothing left."""


def dose_line(planned_mg: float, delivered_mg: float, unit: str = "mg") -> str:
    """What is left of a drug's planned dose."""
    left = planned_mg - delivered_mg
    if left < DOSE_ROUNDING * planned_mg:
        left = 0.0  # all given: rounding in the ledger must not show as "3e-13 left"
    unit = "mg iodine" if unit == "mg_iodine" else unit
    return f"{planned_mg:.4g} {unit} planned, {delivered_mg:.4g} given, {left:.4g} left"
