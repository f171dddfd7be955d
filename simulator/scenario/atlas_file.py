"""The anatomy atlas file (``resources/anatomy/atlas.json``): every vessel segment, tissue bed and
heart chamber of the model, with the figure behind each parameter and where it came from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PositiveFloat, model_validator

from simulator.scenario.common import AnatomicalId, Fraction, Point, SourceText, StrictModel

ATLAS_SCHEMA_VERSION = 1

VesselKind = Literal["artery", "vein", "portal", "pulmonary_artery", "pulmonary_vein"]
ChamberId = Literal["left_atrium", "left_ventricle", "right_atrium", "right_ventricle"]


class BloodProperties(StrictModel):
    viscosity_mPa_s: PositiveFloat
    density_g_per_ml: PositiveFloat
    total_volume_ml: float = Field(gt=500.0, lt=10000.0)
    source: SourceText


class SegmentEntry(StrictModel):
    """A vessel segment between two nodes. A node is a junction name, a bed id or a chamber id.

    ``count`` lumps identical parallel vessels (4 lumbar arteries on one side): resistance is
    divided by it, compliance and volume multiplied. ``default_strength`` scales the radius of a
    collateral for the standard patient; 0 means the variant is absent unless a patient has it.
    """

    id: AnatomicalId
    kind: VesselKind
    from_node: AnatomicalId
    to_node: AnatomicalId
    length_mm: PositiveFloat
    radius_proximal_mm: PositiveFloat
    radius_distal_mm: PositiveFloat
    youngs_modulus_kPa: PositiveFloat
    wall_thickness_mm: PositiveFloat
    count: int = Field(default=1, ge=1, le=100)
    collateral: bool = False
    default_strength: float = Field(default=1.0, ge=0.0, le=5.0)
    source: SourceText
    schematic: list[Point] = Field(min_length=2)
    label: str = ""

    @model_validator(mode="after")
    def _distinct_ends(self) -> SegmentEntry:
        if self.from_node == self.to_node:
            raise ValueError(f"segment starts and ends at the same node '{self.from_node}'")
        return self


class BedShape(StrictModel):
    polygon: list[Point] = Field(min_length=3)
    label_at: Point


class BedEntry(StrictModel):
    """A tissue bed: arterial node -(resistance)- venous node -(venous resistance)- outlet node.

    Arteries whose ``to_node`` is the bed end at its arterial node, except portal vessels, which
    end at its venous node (the hepatic sinusoids). Veins whose ``from_node`` is the bed start at
    its outlet node. Resistances are calibrated so that resting flows match
    ``resting_flow_fraction`` of cardiac output; the volumes follow ICRP 89 blood content.
    """

    id: AnatomicalId
    kind: Literal["systemic", "pulmonary"] = "systemic"
    resting_flow_fraction: Fraction
    flow_source: SourceText
    resistance_mmHg_s_per_ml: PositiveFloat
    venous_resistance_mmHg_s_per_ml: PositiveFloat
    arterial_compliance_ml_per_mmHg: PositiveFloat
    venous_compliance_ml_per_mmHg: PositiveFloat
    arterial_unstressed_volume_ml: float = Field(ge=0.0)
    venous_unstressed_volume_ml: float = Field(ge=0.0)
    tissue_mass_g: PositiveFloat
    volume_source: SourceText
    calibration: SourceText
    schematic: BedShape
    label: str = ""


class ChamberEntry(StrictModel):
    """A time-varying elastance chamber: P = E(t) (V - V0), E between ``elastance_min`` and
    ``elastance_max`` following a raised-cosine activation that starts at ``activation_onset``
    (fraction of the beat), rises for ``contraction_fraction`` and relaxes for
    ``relaxation_fraction`` of the beat."""

    id: ChamberId
    elastance_max_mmHg_per_ml: PositiveFloat
    elastance_min_mmHg_per_ml: PositiveFloat
    unstressed_volume_ml: float = Field(ge=0.0)
    activation_onset: Fraction
    contraction_fraction: Fraction
    relaxation_fraction: Fraction
    source: SourceText
    schematic: BedShape

    @model_validator(mode="after")
    def _ordered(self) -> ChamberEntry:
        if self.elastance_min_mmHg_per_ml >= self.elastance_max_mmHg_per_ml:
            raise ValueError("elastance_min_mmHg_per_ml must be below elastance_max_mmHg_per_ml")
        if self.contraction_fraction + self.relaxation_fraction >= 1.0:
            raise ValueError("contraction and relaxation must leave part of the beat for filling")
        return self


class ValveEntry(StrictModel):
    """A one-way valve from a chamber: ``open_resistance`` forward, a tiny leak backward."""

    id: AnatomicalId
    from_node: AnatomicalId
    to_node: AnatomicalId
    open_resistance_mmHg_s_per_ml: PositiveFloat
    inertance_mmHg_s2_per_ml: float = Field(ge=0.0)
    source: SourceText


class MeanPumpEntry(StrictModel):
    """Beat-averaged ventricle for the cycle-mean solver, fitted to the elastance heart:
    mean flow = heart_rate * (preload_gain * P_atrium - afterload_gain * P_artery - offset)."""

    preload_gain_ml_per_mmHg: PositiveFloat
    afterload_gain_ml_per_mmHg: float = Field(ge=0.0)
    offset_ml: float
    mean_chamber_compliance_ml_per_mmHg: PositiveFloat
    mean_chamber_unstressed_volume_ml: float = Field(ge=0.0)


class HeartEntry(StrictModel):
    heart_rate_bpm: float = Field(gt=20.0, lt=250.0)
    source: SourceText
    chambers: list[ChamberEntry] = Field(min_length=4, max_length=4)
    valves: list[ValveEntry] = Field(min_length=4, max_length=4)
    left_pump: MeanPumpEntry
    right_pump: MeanPumpEntry
    atrium_mean_compliance_ml_per_mmHg: PositiveFloat
    atrium_mean_unstressed_volume_ml: float = Field(ge=0.0)


class AliasEntry(StrictModel):
    """An id of anatomy-ids.md that the atlas models as part of other segments."""

    id: AnatomicalId
    resolves_to: AnatomicalId
    note: str


class LimbCrossing(StrictModel):
    segment: AnatomicalId
    position: Fraction
    residual_conductance: Annotated[float, Field(ge=0.0, le=0.5)] = 0.0
    """Share of its open conductance the vessel keeps under a fully inflated cuff: deep
    collaterals near the bone and superficial veins are not fully compressed (clinical-reference
    §5a, "why isolation fails"). 0 for the main vessels, which a cuff closes."""
    source: str | None = None


class LimbRootEntry(StrictModel):
    """A level where a cuff can be put: every segment in ``crossing`` passes under it there."""

    id: AnatomicalId
    crossing: list[LimbCrossing] = Field(min_length=1)
    schematic: list[Point] = Field(min_length=2)


class AtlasFile(StrictModel):
    schema_version: Literal[1] = ATLAS_SCHEMA_VERSION
    name: str
    description: str
    blood: BloodProperties
    heart: HeartEntry
    segments: list[SegmentEntry] = Field(min_length=1)
    beds: list[BedEntry] = Field(min_length=1)
    limb_roots: list[LimbRootEntry] = Field(default_factory=list)
    aliases: list[AliasEntry] = Field(default_factory=list)
    access_sites: list[AnatomicalId] = Field(default_factory=list)
