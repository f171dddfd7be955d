"""What is in the patient at one moment: plain data the session mutates and the effects module
reads. No physics here."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.devices.navigation import Route, VesselPoint


@dataclass
class Infusion:
    drug: str
    rate_ml_s: float
    concentration_mg_ml: float
    until_s: float | None = None  # a bolus ends by itself
    port: int = 0  # infusion opening, 0 nearest the tip


@dataclass
class CatheterState:
    catheter_id: str
    model: str
    route: Route
    balloon_volume_ml: dict[int, float] = field(default_factory=dict)
    infusion: Infusion | None = None
    inserted_at_s: float = 0.0


@dataclass
class CircuitState:
    circuit_id: str
    draw: VesselPoint
    return_point: VesselPoint
    flow_ml_s: float
    extraction: float
    oxygenated: bool
    reservoir_ml: float
    """Perfusate in the reservoir now: the priming volume at the start, then, with a venous line
    that drains by gravity, whatever the imbalance of drained and pumped flow leaves there."""
    model: str | None
    started_at_s: float
    drain_head_cm: float | None = None
    """How far below the patient the reservoir sits, for a venous line that drains into it by
    gravity; None for a pump that draws exactly what it returns."""
    level_reference_ml: float | None = None
    """The level the perfusionist expects: the priming volume plus what was infused into the
    isolated region since (a drug's solvent ends up in the reservoir); the level alarms are read
    against it."""


@dataclass
class Embolization:
    vessel: str
    position: float
    agent: str
    amount: float


@dataclass
class DeviceSet:
    catheters: dict[str, CatheterState] = field(default_factory=dict)
    cuffs_mmHg: dict[str, float] = field(default_factory=dict)
    embolizations: list[Embolization] = field(default_factory=list)
    circuits: dict[str, CircuitState] = field(default_factory=dict)
