"""The physiology files (``resources/physiology/``): the arterial baroreflex's parameters and what
the anaesthetist gives (fluids, vasopressors, vasodilators), each figure with its source.

``baroreflex.json`` holds the Ursino 1998 model (afferent filter and sigmoid, sympathetic and vagal
efferents, eight effectors with gain, delay and time constant), the sites whose pressures the
receptors read, which beds each resistance and unstressed-volume effector acts on, and the gain
factor general anaesthesia leaves the reflex. ``anaesthetist.json`` holds fluid retention and
vasopressor and vasodilator effects. Both are validated once and cached per file version, like
the catalogs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PositiveFloat, ValidationError, model_validator

from simulator.scenario.common import AnatomicalId, Fraction, SourceText, StrictModel, limits
from simulator.scenario.errors import FileFormatError, problems_from_validation, read_json

PHYSIOLOGY_SCHEMA_VERSION = 1
RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources" / "physiology"
DEFAULT_BAROREFLEX_PATH = RESOURCES_DIR / "baroreflex.json"
DEFAULT_ANAESTHETIST_PATH = RESOURCES_DIR / "anaesthetist.json"

Seconds = Annotated[float, Field(gt=0.0, le=600.0)]
SpikeRate = Annotated[float, Field(ge=0.0, le=200.0)]

EffectorId = Literal[
    "elastance_left",
    "elastance_right",
    "resistance_splanchnic",
    "resistance_extrasplanchnic",
    "unstressed_splanchnic",
    "unstressed_extrasplanchnic",
    "period_sympathetic",
    "period_vagal",
]
EFFECTOR_IDS: tuple[str, ...] = EffectorId.__args__  # type: ignore[attr-defined]


class Afferent(StrictModel):
    filter_time_constant_s: Seconds
    """tau_p: the receptors follow pressure with this lag."""
    rate_time_constant_s: Annotated[float, Field(ge=0.0, le=600.0)]
    """tau_z: weight of the rate of change of pressure (receptors fire ahead of a rise)."""
    firing_min_spikes_s: SpikeRate
    firing_max_spikes_s: SpikeRate
    slope_mmHg: Annotated[float, Field(gt=0.0, le=100.0)]
    """k_a: width of the sigmoid around the set point."""
    source: SourceText

    @model_validator(mode="after")
    def _range(self) -> Afferent:
        if self.firing_max_spikes_s <= self.firing_min_spikes_s:
            raise ValueError("firing_max_spikes_s must exceed firing_min_spikes_s")
        return self


class Site(StrictModel):
    id: AnatomicalId
    nodes: list[str] = Field(min_length=1, max_length=8)
    """Network node names whose mean pressure the receptors at this site read."""
    weight: Annotated[float, Field(gt=0.0, le=1.0)]
    """Share of the central input this site's firing makes."""
    source: SourceText


class Sympathetic(StrictModel):
    firing_at_zero_input_spikes_s: SpikeRate
    firing_at_saturation_spikes_s: SpikeRate
    decay_s: Annotated[float, Field(gt=0.0, le=10.0)]
    threshold_spikes_s: SpikeRate
    """Below this firing the sympathetic effectors have no effect at all."""
    source: SourceText


class Vagal(StrictModel):
    firing_low_spikes_s: SpikeRate
    firing_high_spikes_s: SpikeRate
    centre_spikes_s: SpikeRate
    slope_spikes_s: Annotated[float, Field(gt=0.0, le=100.0)]
    source: SourceText


class Effector(StrictModel):
    id: EffectorId
    efferent: Literal["sympathetic", "vagal"]
    gain: Annotated[float, Field(ge=-5000.0, le=5000.0)]
    """Ursino's G, in the effector's unit per unit of log firing."""
    delay_s: Annotated[float, Field(ge=0.0, le=30.0)]
    time_constant_s: Seconds
    basal: Annotated[float, Field(ge=0.0, le=10000.0)]
    """The effector's value with the efferent silent (Ursino's theta_0); resistance, elastance
    and unstressed-volume effectors act on the model as ratios to their resting values."""
    source: SourceText


class BedGroups(StrictModel):
    splanchnic: list[AnatomicalId]
    unregulated: list[AnatomicalId]
    """Beds no baroreflex effector reaches; every other bed is extrasplanchnic."""


class Anaesthesia(StrictModel):
    general_gain_factor: Fraction
    awake_gain_factor: Annotated[float, Field(ge=0.0, le=2.0)]
    source: SourceText


class BaroreflexFile(StrictModel):
    schema_version: Literal[1] = PHYSIOLOGY_SCHEMA_VERSION
    description: str
    afferent: Afferent
    sites: list[Site] = Field(min_length=1, max_length=8)
    sympathetic: Sympathetic
    vagal: Vagal
    effectors: list[Effector]
    heart_period_basal_s: Annotated[float, Field(gt=0.1, le=3.0)]
    heart_period_source: SourceText
    bed_groups: BedGroups
    bed_groups_source: SourceText
    anaesthesia: Anaesthesia

    @model_validator(mode="after")
    def _complete(self) -> BaroreflexFile:
        ids = [e.id for e in self.effectors]
        if sorted(ids) != sorted(EFFECTOR_IDS):
            raise ValueError(f"effectors must list each of {', '.join(EFFECTOR_IDS)} exactly once")
        total = sum(site.weight for site in self.sites)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"site weights must add up to 1, not {total:g}")
        return self

    def effector(self, effector_id: str) -> Effector:
        return next(e for e in self.effectors if e.id == effector_id)


class Fluid(StrictModel):
    id: Literal["crystalloid", "colloid"]
    retained_fraction_at_equilibrium: Fraction
    """Share of the infused volume still intravascular once it has distributed."""
    distribution_time_constant_min: Annotated[float, Field(gt=0.0, le=1000.0)]
    source: SourceText


class Vasopressor(StrictModel):
    id: Literal["phenylephrine", "noradrenaline"]
    resistance_increase_max: Annotated[float, Field(ge=0.0, le=5.0)]
    """Largest fractional rise of every regulated bed's arteriolar resistance (1 doubles it)."""
    unstressed_volume_decrease_max: Annotated[float, Field(ge=0.0, le=0.5)]
    """Largest fractional fall of the venous unstressed volume (venoconstriction)."""
    elastance_increase_max: Annotated[float, Field(ge=0.0, le=2.0)]
    """Largest fractional rise of the ventricles' end-systolic elastance (beta-1 inotropy)."""
    half_effect_rate_ug_kg_min: PositiveFloat
    onset_time_constant_min: Annotated[float, Field(gt=0.0, le=60.0)]
    usual_rate_ug_kg_min: tuple[PositiveFloat, PositiveFloat]
    source: SourceText


class Vasodilator(StrictModel):
    """The same effect compartment as a vasopressor, acting the other way: arterioles and veins
    relax, so resistance falls and the veins hold more blood at zero transmural pressure."""

    id: Literal["nitroglycerin", "nitroprusside"]
    resistance_decrease_max: Annotated[
        float,
        limits(
            "[E] 0 (a pure venodilator) to 0.8: no vasodilator at a clinical rate takes away more"
            " than four fifths of the systemic vascular resistance",
            ge=0.0,
            le=0.8,
        ),
    ]
    """Largest fractional fall of every regulated bed's arteriolar resistance."""
    unstressed_volume_increase_max: Annotated[
        float,
        limits(
            "[E] 0 to 0.5: nitroglycerin raises venous compliance by about a third, so half the"
            " resting unstressed volume again bounds any venodilator",
            ge=0.0,
            le=0.5,
        ),
    ]
    """Largest fractional rise of the venous unstressed volume (venodilation pools blood)."""
    half_effect_rate_ug_kg_min: Annotated[
        float,
        limits(
            "[E] above zero, at most 20 ug/kg/min, twice nitroprusside's maximal rate",
            gt=0.0,
            le=20.0,
        ),
    ]
    onset_time_constant_min: Annotated[
        float, limits("[E] above zero, at most an hour", gt=0.0, le=60.0)
    ]
    usual_rate_ug_kg_min: tuple[
        Annotated[float, limits("[E] above zero, at most 20 ug/kg/min", gt=0.0, le=20.0)],
        Annotated[float, limits("[E] above zero, at most 20 ug/kg/min", gt=0.0, le=20.0)],
    ]
    source: SourceText


class AnaesthetistFile(StrictModel):
    schema_version: Literal[1] = PHYSIOLOGY_SCHEMA_VERSION
    description: str
    volume_entry_node: str
    volume_entry_source: SourceText
    fluids: list[Fluid]
    vasopressors: list[Vasopressor]
    vasodilators: list[Vasodilator]

    def fluid(self, fluid_id: str) -> Fluid:
        return next(f for f in self.fluids if f.id == fluid_id)

    def vasopressor(self, drug_id: str) -> Vasopressor:
        return next(v for v in self.vasopressors if v.id == drug_id)

    def vasodilator(self, drug_id: str) -> Vasodilator:
        return next(v for v in self.vasodilators if v.id == drug_id)


def _parse(model, path: Path):
    data = read_json(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FileFormatError(problems_from_validation(str(path), exc)) from None


def _key(path: str | Path | None, default: Path) -> tuple[Path, int]:
    resolved = Path(default if path is None else path).resolve()
    try:
        return resolved, resolved.stat().st_mtime_ns
    except OSError:
        return resolved, -1  # read_json reports the missing file


@lru_cache(maxsize=8)
def _load_baroreflex(path: Path, _mtime_ns: int) -> BaroreflexFile:
    return _parse(BaroreflexFile, path)


@lru_cache(maxsize=8)
def _load_anaesthetist(path: Path, _mtime_ns: int) -> AnaesthetistFile:
    return _parse(AnaesthetistFile, path)


def load_baroreflex(path: str | Path | None = None) -> BaroreflexFile:
    """The validated baroreflex parameters (``resources/physiology/baroreflex.json``)."""
    return _load_baroreflex(*_key(path, DEFAULT_BAROREFLEX_PATH))


def load_anaesthetist(path: str | Path | None = None) -> AnaesthetistFile:
    """The validated fluid and vasopressor figures (``resources/physiology/anaesthetist.json``)."""
    return _load_anaesthetist(*_key(path, DEFAULT_ANAESTHETIST_PATH))
