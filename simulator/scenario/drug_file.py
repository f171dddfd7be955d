"""The drug table (``resources/drugs/drugs.json``): the pharmacokinetic figures the transport
model needs for every cytotoxic drug, the iodinated contrast and the blood-pool tracer.

How the transport uses the figures (DESIGN.md §3.4), so that each number has one meaning:

- ``systemic_clearance_ml_min`` is the total-body plasma clearance, applied as a first-order
  sink on blood: removed mg/min = clearance x concentration. It is treated as a blood clearance
  (red-cell partition close to 1 for these small molecules).
- ``tissue_uptake_rate_per_min`` (k) and ``tissue_partition`` (Kp, tissue:blood at equilibrium)
  drive exchange between a bed's blood and its tissue: flux mg/min = k x V_bed_blood x
  (C_blood - C_tissue / Kp). A bed whose blood stays for tau = V/Q minutes therefore extracts
  about k tau / (1 + k tau) of the drug on one pass. k = 0 means no tissue exchange (Kp unused).
- ``hepatic_extraction_fraction``, where given, is the measured first-pass extraction by the
  liver. It is part of the total clearance: a model that applies it in the liver beds should
  apply only the rest (clearance - E x hepatic blood flow, not below 0) everywhere else.
- ``decay_half_life_min`` is physical decay of a radiotracer, in every compartment.
- ``plasma_half_life_min`` and ``terminal_half_life_min`` are the published observed values,
  kept for display and plausibility checks; they are not applied on top of the clearance.

Every figure has an entry in ``sources`` tagged as in clinical-reference.md: ``[V: ...]`` read in
a source, ``[V-2nd: ...]`` read in a secondary source, ``[E]`` an estimate with its reasoning.
Concentrations are mg/L (= µg/mL); AUCs mg·min/L. Times are minutes here (the core converts).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from simulator.scenario.catalog_file import DrugRef, TaggedSource
from simulator.scenario.common import MAX_AMOUNT_MG, Fraction, StrictModel, limits

DRUGS_SCHEMA_VERSION = 1

REQUIRED_DRUG_IDS = frozenset(
    {
        "melphalan",
        "cisplatin",
        "mitomycin_c",
        "doxorubicin",
        "oxaliplatin",
        "fluorouracil",
        "floxuridine",
        "contrast",
        "tracer_tc99m_rbc",
    }
)
"""The drugs DESIGN.md §3.4 names; scenarios may rely on every one of them."""

FIGURE_FIELDS = (
    "plasma_half_life_min",
    "terminal_half_life_min",
    "decay_half_life_min",
    "systemic_clearance_ml_min",
    "tissue_uptake_rate_per_min",
    "tissue_partition",
    "hepatic_extraction_fraction",
    "toxicity_threshold",
    "max_regional_dose",
)
"""Fields holding a figure; each one present (not None) needs an entry in ``sources``."""

DoseText = Annotated[TaggedSource, StringConstraints(max_length=400)]

# Bounds of the drug table's figures, each around the shipped table's range with room to spare.
HalfLifeMin = Annotated[
    float,
    limits("[E] 0.1 min to 10 years; table 5 min to 16 days", ge=0.1, le=5.3e6),
]
ExposureFigure = Annotated[
    float, limits("[E] 1e-6 to 1e6 (mg·min/L or mg/L); table 0.0019 to 540", ge=1e-6, le=1e6)
]


class ToxicityThreshold(StrictModel):
    """Systemic exposure above which the drug's systemic toxicity is expected, with what the
    figure means. Scoring compares the systemic arterial AUC (or concentration) against it."""

    systemic_auc_mg_min_per_l: ExposureFigure | None = None
    systemic_concentration_mg_per_l: ExposureFigure | None = None
    """For continuous infusions: a steady systemic concentration rather than an AUC."""
    meaning: str = Field(min_length=10, max_length=600)

    @model_validator(mode="after")
    def _one_figure(self) -> ToxicityThreshold:
        if self.systemic_auc_mg_min_per_l is None and self.systemic_concentration_mg_per_l is None:
            raise ValueError("give systemic_auc_mg_min_per_l or systemic_concentration_mg_per_l")
        return self


class DrugEntry(StrictModel):
    id: DrugRef
    name: str = Field(min_length=3, max_length=120)
    kind: Literal["cytotoxic", "contrast", "tracer"]
    amount_unit: Literal["mg", "mg_iodine", "MBq"]
    """What a plan's ``dose_mg`` and ``concentration_mg_ml`` count for this drug: mg of drug,
    mg of iodine for contrast, MBq for the radiotracer."""
    plasma_half_life_min: HalfLifeMin
    terminal_half_life_min: HalfLifeMin | None = None
    decay_half_life_min: HalfLifeMin | None = None
    systemic_clearance_ml_min: Annotated[
        float,
        limits(
            "[E] 0 to 10 L/min, about twice a cardiac output (plasma clearances can exceed blood"
            " flow a little through red-cell partition); table 0 to 4000 mL/min",
            ge=0.0,
            le=10_000.0,
        ),
    ]
    tissue_uptake_rate_per_min: Annotated[
        float, limits("[E] 0 to 100 per min; table 0 to 0.3", ge=0.0, le=100.0)
    ]
    tissue_partition: Annotated[
        float, limits("[E] 0 to 1000 tissue:blood; table 0 to 20", ge=0.0, le=1000.0)
    ]
    hepatic_extraction_fraction: Fraction | None = None
    toxicity_threshold: ToxicityThreshold | None
    max_regional_dose: (
        Annotated[
            float,
            limits(
                "above 0, at most 100 g (contrast iodine, the largest); the source of each"
                " drug's figure is in its sources",
                gt=0.0,
                le=MAX_AMOUNT_MG,
            ),
        ]
        | None
    ) = None
    # The most one regional procedure may give, in ``amount_unit``: a scenario's protocol dose
    # and the total a plan delivers (boluses plus infusions) are checked against it. None: no
    # limit is known (validation then checks only the format's bounds).
    typical_regional_doses: list[DoseText] = Field(min_length=1)
    """Doses as clinicians give them, each with its own source tag."""
    sources: dict[str, TaggedSource]

    @model_validator(mode="after")
    def _consistent(self) -> DrugEntry:
        if self.kind == "cytotoxic" and self.toxicity_threshold is None:
            raise ValueError("a cytotoxic drug needs a toxicity_threshold")
        if self.kind != "cytotoxic" and self.toxicity_threshold is not None:
            raise ValueError(f"a {self.kind} has no toxicity_threshold (set it to null)")
        if (self.tissue_uptake_rate_per_min == 0.0) != (self.tissue_partition == 0.0):
            raise ValueError(
                "tissue_partition is 0 exactly when tissue_uptake_rate_per_min is 0 "
                "(no tissue exchange)"
            )
        present = {name for name in FIGURE_FIELDS if getattr(self, name) is not None}
        missing = sorted(present - self.sources.keys())
        if missing:
            raise ValueError(f"sources has no entry for: {', '.join(missing)}")
        unknown = sorted(self.sources.keys() - present)
        if unknown:
            raise ValueError(
                f"sources names figures this drug does not have: {', '.join(unknown)} "
                f"(figures are: {', '.join(FIGURE_FIELDS)})"
            )
        return self

    @property
    def exchanges_with_tissue(self) -> bool:
        """False for a blood-pool tracer: skip the tissue exchange (Kp is 0)."""
        return self.tissue_uptake_rate_per_min > 0.0


class DrugsFile(StrictModel):
    schema_version: Literal[1] = DRUGS_SCHEMA_VERSION
    description: str = Field(min_length=10, max_length=2000)
    drugs: list[DrugEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> DrugsFile:
        ids = [drug.id for drug in self.drugs]
        duplicates = sorted({drug_id for drug_id in ids if ids.count(drug_id) > 1})
        if duplicates:
            raise ValueError(f"drug ids appear twice: {', '.join(duplicates)}")
        missing = sorted(REQUIRED_DRUG_IDS - set(ids))
        if missing:
            raise ValueError(f"the drug table must define: {', '.join(missing)}")
        return self

    @property
    def ids(self) -> set[str]:
        """Every drug id, for reference checks of scenarios, plans and the device catalog."""
        return {drug.id for drug in self.drugs}

    def drug(self, drug_id: str) -> DrugEntry:
        """The drug with that id; KeyError names the id."""
        for drug in self.drugs:
            if drug.id == drug_id:
                return drug
        raise KeyError(f"no drug '{drug_id}' in the drug table")
