"""The anatomy atlas file (``resources/anatomy/atlas.json``): every vessel segment, tissue bed and
heart chamber of the model, with the figure behind each parameter and where it came from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.scenario.common import (
    AnatomicalId,
    Fraction,
    Point,
    SourceText,
    StrictModel,
    limits,
)

ATLAS_SCHEMA_VERSION = 1

VesselKind = Literal["artery", "vein", "portal", "pulmonary_artery", "pulmonary_vein"]
ChamberId = Literal["left_atrium", "left_ventricle", "right_atrium", "right_ventricle"]


# Bounds of the atlas' figures. The shipped atlas lies well inside each (its range is given);
# the bounds keep a hand-edited atlas from building a network the solver cannot factor.
LengthMm = Annotated[
    float, limits("[E] 0.1 mm to 2 m, the body's height; atlas 10 to 800 mm", ge=0.1, le=2000.0)
]
RadiusMm = Annotated[
    float,
    limits(
        "[E] 0.01 mm (an arteriole) to 30 mm (a 6 cm aneurysm); atlas 0.3 to 18.2 mm",
        ge=0.01,
        le=30.0,
    ),
]
ResistanceMmHgSPerMl = Annotated[
    float,
    limits(
        "[E] 1e-5 to 1e5 mmHg·s/mL, five decades around the atlas' 0.004 to 722",
        ge=1e-5,
        le=1e5,
    ),
]
ComplianceMlPerMmHg = Annotated[
    float,
    limits(
        "[E] 1e-6 to 1000 mL/mmHg, around the atlas' 0.0005 to 17",
        ge=1e-6,
        le=1000.0,
    ),
]
VolumeMl = Annotated[
    float, limits("[E] 0 to 10 L, the whole blood volume at most", ge=0.0, le=10_000.0)
]
ElastanceMmHgPerMl = Annotated[
    float,
    limits("[E] 0.001 to 50 mmHg/mL, around the atlas' 0.045 to 2.6", ge=1e-3, le=50.0),
]
GainMlPerMmHg = Annotated[
    float, limits("[E] 0 to 1000 mL/mmHg, around the fitted 0.4 to 26", ge=0.0, le=1000.0)
]


class BloodProperties(StrictModel):
    viscosity_mPa_s: Annotated[
        float, limits("[E] plasma (1.2) to severe hyperviscosity (20)", ge=1.0, le=20.0)
    ]
    density_g_per_ml: Annotated[float, limits("[E] 0.9 to 1.2 around blood's 1.06", ge=0.9, le=1.2)]
    total_volume_ml: Annotated[
        float,
        limits(
            "[E] 0.5 to 10 L: a small child to a very large adult (ICRP 89 adult male 5.3 L)",
            gt=500.0,
            le=10_000.0,
        ),
    ]
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
    length_mm: LengthMm
    radius_proximal_mm: RadiusMm
    radius_distal_mm: RadiusMm
    youngs_modulus_kPa: Annotated[
        float,
        limits("[E] 1 kPa to 10 MPa, around the atlas' 100 to 500 kPa", ge=1.0, le=10_000.0),
    ]
    wall_thickness_mm: Annotated[
        float, limits("[E] 0.01 to 10 mm; atlas 0.04 to 2 mm", ge=0.01, le=10.0)
    ]
    count: int = Field(default=1, ge=1, le=100)
    collateral: bool = False
    default_strength: Annotated[
        float,
        limits("[E] 0 (absent) to 5 times the radius of the atlas' standard", ge=0.0, le=5.0),
    ] = 1.0
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
    resistance_mmHg_s_per_ml: ResistanceMmHgSPerMl
    venous_resistance_mmHg_s_per_ml: ResistanceMmHgSPerMl
    arterial_compliance_ml_per_mmHg: ComplianceMlPerMmHg
    venous_compliance_ml_per_mmHg: ComplianceMlPerMmHg
    arterial_unstressed_volume_ml: VolumeMl
    venous_unstressed_volume_ml: VolumeMl
    tissue_mass_g: Annotated[
        float,
        limits("[E] 0.1 g to 100 kg (ICRP 89 organ masses; atlas 14 g to 6.3 kg)", ge=0.1, le=1e5),
    ]
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
    elastance_max_mmHg_per_ml: ElastanceMmHgPerMl
    elastance_min_mmHg_per_ml: ElastanceMmHgPerMl
    unstressed_volume_ml: VolumeMl
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
    open_resistance_mmHg_s_per_ml: ResistanceMmHgSPerMl
    inertance_mmHg_s2_per_ml: Annotated[
        float, limits("[E] 0 to 1 mmHg·s²/mL; atlas 0", ge=0.0, le=1.0)
    ]
    source: SourceText


class MeanPumpEntry(StrictModel):
    """Beat-averaged ventricle for the cycle-mean solver, fitted to the elastance heart:
    mean flow = heart_rate * (preload_gain * P_atrium - afterload_gain * P_artery - offset)."""

    preload_gain_ml_per_mmHg: Annotated[GainMlPerMmHg, Field(gt=0.0)]
    afterload_gain_ml_per_mmHg: GainMlPerMmHg
    offset_ml: Annotated[
        float, limits("[E] ±1 L, around the fitted -0.02 to 0.5 mL", ge=-1000.0, le=1000.0)
    ]
    mean_chamber_compliance_ml_per_mmHg: ComplianceMlPerMmHg
    mean_chamber_unstressed_volume_ml: VolumeMl


class HeartEntry(StrictModel):
    heart_rate_bpm: Annotated[
        float,
        limits(
            "[E] 20 to 250 bpm: severe bradycardia to the fastest tachycardias", gt=20.0, le=250.0
        ),
    ]
    source: SourceText
    chambers: list[ChamberEntry] = Field(min_length=4, max_length=4)
    valves: list[ValveEntry] = Field(min_length=4, max_length=4)
    left_pump: MeanPumpEntry
    right_pump: MeanPumpEntry
    atrium_mean_compliance_ml_per_mmHg: ComplianceMlPerMmHg
    atrium_mean_unstressed_volume_ml: VolumeMl


class AliasEntry(StrictModel):
    """An id of anatomy-ids.md that the atlas models as part of other segments."""

    id: AnatomicalId
    resolves_to: AnatomicalId
    note: str


class LimbCrossing(StrictModel):
    segment: AnatomicalId
    position: Fraction
    residual_conductance: Annotated[
        float,
        limits(
            "[E] 0 for a vessel the cuff closes; a vessel keeping more than half its conductance"
            " under a cuff well above systolic pressure would not be under the cuff",
            ge=0.0,
            le=0.5,
        ),
    ] = 0.0
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
