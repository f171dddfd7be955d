"""The physiology files (``resources/physiology/``): the arterial baroreflex's parameters and what
the anaesthetist gives (fluids, vasopressors, vasodilators), each figure with its source.

``baroreflex.json`` holds the Ursino 1998 model (afferent filter and sigmoid, sympathetic and vagal
efferents, eight effectors with gain, delay and time constant), the sites whose pressures the
receptors read, which beds each resistance and unstressed-volume effector acts on, and the gain
factor general anaesthesia leaves the reflex. ``anaesthetist.json`` holds fluid retention and
vasopressor and vasodilator effects. ``metabolic.json`` holds the local regulation of the beds (the
flow debt a starved bed runs up, its dilation and the reactive hyperaemia after it). All are
validated once and cached per file version, like
the catalogs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from simulator.scenario.common import AnatomicalId, Fraction, SourceText, StrictModel, limits
from simulator.scenario.errors import FileFormatError, problems_from_validation, read_json

PHYSIOLOGY_SCHEMA_VERSION = 1
RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources" / "physiology"
DEFAULT_BAROREFLEX_PATH = RESOURCES_DIR / "baroreflex.json"
DEFAULT_ANAESTHETIST_PATH = RESOURCES_DIR / "anaesthetist.json"
DEFAULT_METABOLIC_PATH = RESOURCES_DIR / "metabolic.json"

# The bounds below are the physiologically possible range around Ursino 1998's values (Tables 1
# and 2 of the paper, copied with their sources into baroreflex.json), not the fitted values.
Seconds = Annotated[
    float,
    limits(
        "[E] Ursino 1998's reflex time constants are 1.5 to 20 s (Tables 1 and 2); above zero,"
        " and ten minutes is beyond any reflex response (slower changes are resetting, which the"
        " model leaves out)",
        gt=0.0,
        le=600.0,
    ),
]
SpikeRate = Annotated[
    float,
    limits(
        "[E] Ursino 1998's firing rates are 2.1 to 48 spikes/s (Table 1); baroreceptor and"
        " autonomic efferent fibres fire well below 200 spikes/s",
        ge=0.0,
        le=200.0,
    ),
]
GainFactor = Annotated[
    float,
    limits(
        "[E] 0 switches the reflex off and 1 is the awake adult of Ursino 1998; at most 2, a"
        " reflex twice that brisk",
        ge=0.0,
        le=2.0,
    ),
]
"""A factor on every efferent effect of the baroreflex."""
VasopressorRate = Annotated[
    float,
    limits(
        "[E] clinical vasopressor infusions run from 0.01 to a few ug/kg/min (noradrenaline"
        " 0.02-0.5, phenylephrine 0.1-1.5 in anaesthetist.json); above zero, at most 50",
        gt=0.0,
        le=50.0,
    ),
]

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
    rate_time_constant_s: Annotated[
        float,
        limits(
            "[E] Ursino 1998: 6.37 s; 0 leaves out the rate term, and ten minutes is beyond any"
            " reflex response",
            ge=0.0,
            le=600.0,
        ),
    ]
    """tau_z: weight of the rate of change of pressure (receptors fire ahead of a rise)."""
    firing_min_spikes_s: SpikeRate
    firing_max_spikes_s: SpikeRate
    slope_mmHg: Annotated[
        float,
        limits(
            "[E] Ursino 1998: 11.758 mmHg; the baroreceptors' response spans about 60 to 180 mmHg,"
            " so the sigmoid's width parameter is above zero and below 100 mmHg",
            gt=0.0,
            le=100.0,
        ),
    ]
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
    weight: Annotated[
        float,
        limits(
            "a share of the central input: above 0 (a site that counts for nothing is no site),"
            " at most 1; the shares add up to 1",
            gt=0.0,
            le=1.0,
        ),
    ]
    """Share of the central input this site's firing makes."""
    source: SourceText


class Sympathetic(StrictModel):
    firing_at_zero_input_spikes_s: SpikeRate
    firing_at_saturation_spikes_s: SpikeRate
    decay_s: Annotated[
        float,
        limits(
            "[E] Ursino 1998: k_es 0.0675 s; above zero, and at 10 s (150 times that) the"
            " sympathetic curve would be flat over the whole afferent range",
            gt=0.0,
            le=10.0,
        ),
    ]
    threshold_spikes_s: SpikeRate
    """Below this firing the sympathetic effectors have no effect at all."""
    source: SourceText


class Vagal(StrictModel):
    firing_low_spikes_s: SpikeRate
    firing_high_spikes_s: SpikeRate
    centre_spikes_s: SpikeRate
    slope_spikes_s: Annotated[
        float,
        limits(
            "[E] Ursino 1998: k_ev 7.06 spikes/s; above zero, and above 100 spikes/s, twice the"
            " whole afferent range (2.5 to 48 spikes/s), the vagal curve would be flat",
            gt=0.0,
            le=100.0,
        ),
    ]
    source: SourceText


class Effector(StrictModel):
    id: EffectorId
    efferent: Literal["sympathetic", "vagal"]
    gain: Annotated[
        float,
        limits(
            "[E] Ursino 1998 Table 2: -265.4 mL (venous unstressed volume) to 0.695 mmHg s/mL"
            " (resistance) per unit of log firing; 5000 in any effector's unit is a whole blood"
            " volume in mL, and far beyond any resistance, elastance or heart period",
            ge=-5000.0,
            le=5000.0,
        ),
    ]
    """Ursino's G, in the effector's unit per unit of log firing."""
    delay_s: Annotated[
        float,
        limits(
            "[E] Ursino 1998 Table 2: 0.2 s (vagal) to 5 s (venous tone); 30 s is beyond any"
            " efferent conduction and synaptic delay",
            ge=0.0,
            le=30.0,
        ),
    ]
    time_constant_s: Seconds
    basal: Annotated[
        float,
        limits(
            "[E] Ursino 1998 Table 2: 0 (heart-period effectors) to 1537 mL (extrasplanchnic"
            " unstressed volume); 10 000 mL is twice a blood volume, and far above any resistance"
            " (mmHg s/mL) or elastance (mmHg/mL)",
            ge=0.0,
            le=10000.0,
        ),
    ]
    """The effector's value with the efferent silent (Ursino's theta_0); resistance, elastance
    and unstressed-volume effectors act on the model as ratios to their resting values."""
    source: SourceText


class BedGroups(StrictModel):
    splanchnic: list[AnatomicalId]
    unregulated: list[AnatomicalId]
    """Beds no baroreflex effector reaches; every other bed is extrasplanchnic."""


class Anaesthesia(StrictModel):
    general_gain_factor: Fraction
    awake_gain_factor: GainFactor
    source: SourceText


class BaroreflexFile(StrictModel):
    schema_version: Literal[1] = PHYSIOLOGY_SCHEMA_VERSION
    description: str
    afferent: Afferent
    sites: list[Site] = Field(min_length=1, max_length=8)
    sympathetic: Sympathetic
    vagal: Vagal
    effectors: list[Effector]
    heart_period_basal_s: Annotated[
        float,
        limits(
            "[E] Ursino 1998 Table 2: T_0 0.58 s; a period of 0.1 s (600 beats/min) to 3 s (20"
            " beats/min) brackets every human heart rate",
            gt=0.1,
            le=3.0,
        ),
    ]
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
    distribution_time_constant_min: Annotated[
        float,
        limits(
            "[E] a crystalloid distributes with a half-time of about 8 min awake (Hahn 2010,"
            " Anesthesiology 113:470), a colloid over hours; above zero, and 1000 min (17 h)"
            " bounds both",
            gt=0.0,
            le=1000.0,
        ),
    ]
    source: SourceText


class Vasopressor(StrictModel):
    id: Literal["phenylephrine", "noradrenaline"]
    resistance_increase_max: Annotated[
        float,
        limits(
            "[E] 1 doubles the resistance (phenylephrine raises it by 30-50 %, Thiele et al."
            " 2011); 5, six-fold, is beyond any vasopressor",
            ge=0.0,
            le=5.0,
        ),
    ]
    """Largest fractional rise of every regulated bed's arteriolar resistance (1 doubles it)."""
    unstressed_volume_decrease_max: Annotated[
        float,
        limits(
            "[E] Ursino 1998's strongest sympathetic drive lowers the venous unstressed volume"
            " by about a third (-398 mL per unit of log firing, at most 2.7 units, of 2972 mL);"
            " a drug lowering it by more than half is beyond any",
            ge=0.0,
            le=0.5,
        ),
    ]
    """Largest fractional fall of the venous unstressed volume (venoconstriction)."""
    elastance_increase_max: Annotated[
        float,
        limits(
            "[E] 0 for a pure alpha agonist; 2, a tripled end-systolic elastance, is beyond any"
            " inotropic vasopressor",
            ge=0.0,
            le=2.0,
        ),
    ]
    """Largest fractional rise of the ventricles' end-systolic elastance (beta-1 inotropy)."""
    half_effect_rate_ug_kg_min: VasopressorRate
    onset_time_constant_min: Annotated[
        float,
        limits(
            "[E] both drugs act within 1 to 5 min (Thiele et al. 2011); above zero, and an hour"
            " is no drug an anaesthetist titrates by infusion",
            gt=0.0,
            le=60.0,
        ),
    ]
    usual_rate_ug_kg_min: tuple[VasopressorRate, VasopressorRate]
    """The lowest and highest rate of usual clinical use; a plan's rate is checked against ten
    times the highest (:mod:`simulator.scenario.anaesthetist_limits`)."""
    source: SourceText

    @model_validator(mode="after")
    def _usual_range(self) -> Vasopressor:
        low, high = self.usual_rate_ug_kg_min
        if high < low:
            raise ValueError("usual_rate_ug_kg_min must be [lowest, highest]")
        return self


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


class MetabolicFile(StrictModel):
    """Local metabolic regulation of the systemic beds: a flow debt that dilates a starved bed
    and the reactive hyperaemia that follows when its flow returns."""

    schema_version: Literal[1] = PHYSIOLOGY_SCHEMA_VERSION
    description: str
    flow_threshold_fraction: Annotated[
        float,
        limits(
            "[E] a share of resting flow: above zero (every bed would be starved) and below one"
            " (0.9 at most: a bed near rest would dilate)",
            gt=0.0,
            le=0.9,
        ),
    ]
    """Below this share of its resting flow a bed runs up a debt; above it the debt is repaid."""
    flow_threshold_source: SourceText
    debt_scale_s: Annotated[
        float,
        limits(
            "[E] seconds of missed resting flow: above zero, and an hour of ischaemia bounds"
            " any published reactive hyperaemia",
            gt=0.0,
            le=3600.0,
        ),
    ]
    """A debt of this many seconds of resting flow opens 63 % of the bed's dilator reserve."""
    debt_scale_source: SourceText
    recovery_time_constant_s: Annotated[
        float,
        limits(
            "[E] above zero, and Imms 1988's slowest hyperaemic half-life (560 s) is under"
            " fifteen minutes",
            gt=0.0,
            le=900.0,
        ),
    ]
    """Once flow is back the debt decays with this time constant (the hyperaemia fades)."""
    recovery_source: SourceText
    conductance_max_factor: Annotated[
        float,
        limits(
            "[E] at least 1 (no dilation) and at most 20: peak reactive hyperaemia in human"
            " limbs is 5 to 10 times resting flow",
            ge=1.0,
            le=20.0,
        ),
    ]
    """A fully dilated bed's conductance over its resting conductance."""
    conductance_max_source: SourceText
    conductance_max_factor_by_bed: dict[
        AnatomicalId,
        Annotated[
            float,
            limits(
                "[E] as conductance_max_factor: 1 (no dilation) to 20",
                ge=1.0,
                le=20.0,
            ),
        ],
    ]
    """Beds whose dilator reserve differs from ``conductance_max_factor``."""
    conductance_max_by_bed_source: SourceText
    excluded_beds: list[AnatomicalId]
    """Beds without this regulation (the lungs: hypoxia constricts their vessels instead)."""
    excluded_beds_source: SourceText


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


@lru_cache(maxsize=8)
def _load_metabolic(path: Path, _mtime_ns: int) -> MetabolicFile:
    return _parse(MetabolicFile, path)


def load_metabolic(path: str | Path | None = None) -> MetabolicFile:
    """The validated metabolic-regulation figures (``resources/physiology/metabolic.json``)."""
    return _load_metabolic(*_key(path, DEFAULT_METABOLIC_PATH))


def load_baroreflex(path: str | Path | None = None) -> BaroreflexFile:
    """The validated baroreflex parameters (``resources/physiology/baroreflex.json``)."""
    return _load_baroreflex(*_key(path, DEFAULT_BAROREFLEX_PATH))


def load_anaesthetist(path: str | Path | None = None) -> AnaesthetistFile:
    """The validated fluid and vasopressor figures (``resources/physiology/anaesthetist.json``)."""
    return _load_anaesthetist(*_key(path, DEFAULT_ANAESTHETIST_PATH))
