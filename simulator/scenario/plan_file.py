"""The plan file: what the trainee (or the expert) did, as timestamped actions (DESIGN.md §4.1).

A plan is the single description of an attempt that the GUI records, the grader replays and undo
edits, so every action is plain, frozen data and replaying it is deterministic. Checks here are
the ones that need nothing but the plan itself; ids that must exist in the atlas or the catalogs
are checked by :func:`simulator.scenario.loading.check_references`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from simulator.scenario.common import (
    MAX_AMOUNT_MG,
    MAX_CONCENTRATION_MG_ML,
    MAX_FLOW_ML_MIN,
    MAX_PROCEDURE_S,
    AnatomicalId,
    DrainageHeadCm,
    Fraction,
    StrictModel,
    limits,
)

PLAN_SCHEMA_VERSION = 2
"""2 added the anaesthetist's actions ``give_fluid``, ``vasopressor`` and ``vasodilator``."""

SUB_PATH = "sub_path"
"""Key in a custom error's context holding where, below the validated field, the problem is
(``[3].t_s``); :mod:`simulator.scenario.loading` appends it to the JSON path it reports."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$", max_length=80)]
"""An id the author or the GUI chooses (scenario, objective, catheter, circuit): lower case, digits,
single ``_`` or ``-`` between words, so it can be typed on a command line (``mistake:no_cuff``)."""

CatalogId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
"""An id of the device catalog or the drug table (``melphalan``, ``stopflow_3b_9f``)."""

Seconds = Annotated[float, limits("at most a day (MAX_PROCEDURE_S)", ge=0.0, le=MAX_PROCEDURE_S)]
# Rates, volumes, doses and durations below have a minimum above zero: zero would be a no-op that
# hides a typing mistake, and a tiny divisor turns a sane dose into an absurd concentration.
FlowMlMin = Annotated[
    float,
    limits(
        "[E] from a tenth of the slowest implantable pump (1.5 mL/day = 0.001 mL/min) to a"
        " resting cardiac output (5 L/min); the device's own limit is checked against the catalog",
        ge=1e-4,
        le=MAX_FLOW_ML_MIN,
    ),
]
DoseMg = Annotated[
    float,
    limits(
        "[E] above zero, at most the largest amount the drug table allows (100 g of contrast"
        " iodine); each drug's own limit is checked against the drug table",
        gt=0.0,
        le=MAX_AMOUNT_MG,
    ),
]


class FileModel(StrictModel):
    """StrictModel whose attribute docstrings become descriptions in the JSON Schemas, so editors
    show the meaning and unit of a field while the author types it."""

    model_config = ConfigDict(
        use_attribute_docstrings=True, field_title_generator=lambda name, _info: name
    )


def custom_error(kind: str, message: str, sub_path: str = "", **context: Any) -> Exception:
    """A validation error whose JSON path is refined by ``sub_path`` below the validated field."""
    return PydanticCustomError(kind, message, {**context, SUB_PATH: sub_path})


class TipPosition(FileModel):
    """A point in the vascular tree: a segment and a fraction along its "from → to" direction."""

    vessel: AnatomicalId
    position: Fraction
    """0.0 is the segment's start, 1.0 its end, in its normal resting flow direction."""


def _endpoint_kind(value: object) -> str | None:
    if isinstance(value, str):
        return "catheter_id"
    if isinstance(value, dict | TipPosition):
        return "tip"
    return None


CircuitEndpoint = Annotated[
    Annotated[Slug, Tag("catheter_id")] | Annotated[TipPosition, Tag("tip")],
    Discriminator(
        _endpoint_kind,
        custom_error_type="circuit_endpoint",
        custom_error_message='expected a catheter id or {"vessel": id, "position": 0..1}',
    ),
]
"""Where an extracorporeal circuit draws or returns blood: through an inserted catheter, or at a
surgically cannulated point of a vessel."""


class ActionBase(FileModel):
    t_s: Seconds
    """Seconds from the start of the attempt."""
    note: str | None = Field(default=None, max_length=2000, exclude_if=lambda v: v is None)
    """Free text for the reader of the plan (why the expert did this); ignored by the physics.
    Left out of the written file when absent, so recorded plans stay short."""


class InsertCatheter(ActionBase):
    action: Literal["insert_catheter"] = "insert_catheter"
    catheter_id: Slug
    """The name later actions use for this catheter; unique while it is inserted."""
    model: CatalogId
    """Device catalog id of the catheter (it fixes balloons, lumens and sizes)."""
    access: AnatomicalId
    """Access-site id where the catheter enters (anatomy-ids.md, "Access sites")."""
    tip: TipPosition


class MoveCatheter(ActionBase):
    action: Literal["move_catheter"] = "move_catheter"
    catheter_id: Slug
    tip: TipPosition


class RemoveCatheter(ActionBase):
    action: Literal["remove_catheter"] = "remove_catheter"
    catheter_id: Slug


class InflateBalloon(ActionBase):
    action: Literal["inflate_balloon"] = "inflate_balloon"
    catheter_id: Slug
    balloon: int = Field(default=0, ge=0, le=15)
    """Index of the balloon on that catheter, 0 being the most distal."""
    volume_ml: Annotated[
        float,
        limits(
            "[E] at least 0.001 mL (the smallest balloon is rated 0.34 mL), at most 200 mL, over"
            " twice the largest burst volume of the catalog (84 mL), so a burst can be shown",
            ge=1e-3,
            le=200.0,
        ),
    ]
    """Filling volume; the balloon diameter (and whether it overdistends the vessel) follows."""


class DeflateBalloon(ActionBase):
    action: Literal["deflate_balloon"] = "deflate_balloon"
    catheter_id: Slug
    balloon: int = Field(default=0, ge=0, le=15)


class SetCuff(ActionBase):
    action: Literal["set_cuff"] = "set_cuff"
    site: AnatomicalId
    """Limb-root id (``thigh_root_left``)."""
    pressure_mmHg: Annotated[
        float, limits("[V: catalog] the cuffs' max_pressure_mmHg is 400", ge=0.0, le=400.0)
    ]
    """Cuff pressure; 0 removes the cuff."""


class StartInfusion(ActionBase):
    """Continuous infusion through a catheter; starting it again on an infusing catheter changes
    drug, rate or concentration from that time on."""

    action: Literal["start_infusion"] = "start_infusion"
    catheter_id: Slug
    drug: CatalogId
    rate_ml_min: FlowMlMin
    concentration_mg_ml: Annotated[
        float,
        limits(
            "[E] 0 is a saline flush; at most 400 mg/mL, contrast's iodine (iomeprol 400),"
            " the most concentrated solution given into a vessel",
            ge=0.0,
            le=MAX_CONCENTRATION_MG_ML,
        ),
    ]
    """0 is a drug-free flush (saline washout): volume without drug."""
    port: int = Field(default=0, ge=0, le=7, exclude_if=lambda v: v == 0)
    """Which infusion opening: 0 is the one nearest the tip (the end hole), 1 the next back
    along the catheter, and so on. A stop-flow catheter from the groin infuses the region below
    its balloon through its side holes (port 1)."""


class Bolus(ActionBase):
    """A fixed dose given over ``duration_s`` (a syringe, or the dose added to an ILP reservoir)."""

    action: Literal["bolus"] = "bolus"
    catheter_id: Slug
    drug: CatalogId
    dose_mg: DoseMg
    volume_ml: Annotated[
        float,
        limits(
            "[E] 0.01 mL (a drop) to 5 L (a whole blood volume; ILP reservoir additions are"
            " below 1 L)",
            ge=0.01,
            le=5000.0,
        ),
    ]
    duration_s: Annotated[
        float, limits("[E] 0.1 s (a hand push) to a day", ge=0.1, le=MAX_PROCEDURE_S)
    ]
    port: int = Field(default=0, ge=0, le=7, exclude_if=lambda v: v == 0)
    """Which infusion opening, as for ``start_infusion``."""

    @model_validator(mode="after")
    def _deliverable(self) -> Bolus:
        concentration_mg_ml = self.dose_mg / self.volume_ml
        if concentration_mg_ml > MAX_CONCENTRATION_MG_ML:
            raise custom_error(
                "bolus_too_concentrated",
                "dose_mg / volume_ml is {value:.4g} mg/mL, more than any solution given into a"
                " vessel ({limit:g} mg/mL)",
                ".dose_mg",
                value=concentration_mg_ml,
                limit=MAX_CONCENTRATION_MG_ML,
            )
        rate_ml_min = self.volume_ml / self.duration_s * 60.0
        if rate_ml_min > MAX_FLOW_ML_MIN:
            raise custom_error(
                "bolus_too_fast",
                "volume_ml over duration_s is {value:.4g} mL/min, more than a cardiac output"
                " ({limit:g} mL/min)",
                ".duration_s",
                value=rate_ml_min,
                limit=MAX_FLOW_ML_MIN,
            )
        return self


class StopInfusion(ActionBase):
    action: Literal["stop_infusion"] = "stop_infusion"
    catheter_id: Slug


class Embolize(ActionBase):
    action: Literal["embolize"] = "embolize"
    vessel: AnatomicalId
    position: Fraction
    agent: Literal["coil", "particles"]
    amount: Annotated[
        float, limits("a fraction above 0 (0 would embolize nothing), at most 1", gt=0.0, le=1.0)
    ] = 1.0
    """Particles: fraction of the bed's vessels closed. Coil: how fully it closes the vessel."""


class StartCircuit(ActionBase):
    """Starts an extracorporeal circuit; starting a running circuit again changes its settings
    from that time on (an ILP perfusionist lowering the flow to cut the leak)."""

    model_config = ConfigDict(
        serialize_by_alias=True, validate_by_name=True, validate_by_alias=True
    )

    action: Literal["start_circuit"] = "start_circuit"
    circuit_id: Slug
    draw: CircuitEndpoint
    """Where blood leaves the patient for the circuit."""
    return_: CircuitEndpoint = Field(alias="return")
    """Where the circuit gives blood back (``return`` in the file)."""
    flow_ml_min: FlowMlMin
    filter_extraction: Fraction = 0.0
    """Fraction of the drug removed in one pass through the filter; 0 without a filter."""
    oxygenated: bool = False
    """True with an oxygenator (ILP); False for hypoxic perfusion and venous filtration."""
    model: CatalogId | None = Field(default=None, exclude_if=lambda v: v is None)
    """The circuit or filter on the shelf (catalog id); its priming volume is the reservoir the
    drug mixes in. Without it the circuit holds 200 mL."""
    draw_port: int = Field(default=0, ge=0, le=7, exclude_if=lambda v: v == 0)
    """When ``draw`` is a catheter: which of its aspiration openings, 0 nearest the tip."""
    return_port: int = Field(default=0, ge=0, le=7, exclude_if=lambda v: v == 0)
    """When ``return`` is a catheter: which of its infusion openings, 0 nearest the tip (a groin
    stop-flow catheter returns below its balloon through its side holes, port 1)."""
    drainage_head_cm: DrainageHeadCm | None = Field(default=None, exclude_if=lambda v: v is None)
    """For a circuit whose venous line drains by gravity into its reservoir (the catalog's
    ``gravity_drainage_head_cm``): where the perfusionist has put the reservoir, in cm below the
    patient. Lower drains harder and lowers the isolated limb's venous pressure. Without it the
    catalog's height."""

    @model_validator(mode="after")
    def _distinct_ends(self) -> StartCircuit:
        if self.draw == self.return_:
            raise ValueError("draw and return are the same place: the circuit would do nothing")
        return self


class StopCircuit(ActionBase):
    action: Literal["stop_circuit"] = "stop_circuit"
    circuit_id: Slug


class GiveFluid(ActionBase):
    """Fluid through a venous line: ``volume_ml`` at ``rate_ml_min``. Of a crystalloid about a fifth
    stays in the blood once it has distributed; of a colloid about nine tenths
    (``resources/physiology/anaesthetist.json`` gives the figures and their sources)."""

    action: Literal["give_fluid"] = "give_fluid"
    fluid: Literal["crystalloid", "colloid"]
    volume_ml: Annotated[
        float,
        limits(
            "[E] above zero, at most 5 L in one order: about a blood volume (the model adult's is"
            " 5.3 L); a bag holds 0.25 to 1 L",
            gt=0.0,
            le=5000.0,
        ),
    ]
    rate_ml_min: Annotated[
        float,
        limits(
            "[V: Stoneham 1995, Br J Anaesth 75:361] a 300 mmHg pressure bag through a 14 G"
            " cannula gives nearly 600 mL/min, the fastest a bag and a cannula give",
            gt=0.0,
            le=600.0,
        ),
    ]
    """A gravity drip gives 10-120 mL/min, a pressure bag up to about 600."""


VASOPRESSOR_MAX_RATE = {"ug_kg_min": 20.0, "ug_min": 8000.0}
"""[E] Above these a rate is far past any clinical dose of any vasopressor, whatever the drug
file says: ten times the top of the widest usual range (phenylephrine, 1.5 ug/kg/min) is 15
ug/kg/min, and 20 ug/kg/min for the heaviest patient a scenario allows (400 kg) is 8000 ug/min.
Each drug's own limit, ten times the top of its usual range, is checked against the
anaesthetist file (:mod:`simulator.scenario.anaesthetist_limits`)."""


class VasoactiveInfusion(ActionBase):
    """What a vasopressor and a vasodilator infusion share: a rate in ``unit`` (0 stops it),
    refused above ``max_rate``, the most any clinical dose of the class reaches."""

    max_rate: ClassVar[dict[str, float]]

    @model_validator(mode="after")
    def _plausible_rate(self) -> VasoactiveInfusion:
        limit = self.max_rate[self.unit]
        if self.rate > limit:
            raise custom_error(
                "implausible_rate",
                "{drug} at {rate:g} {unit} is beyond any clinical dose (at most {limit:g})",
                "rate",
                drug=self.drug,
                rate=self.rate,
                unit=self.unit,
                limit=limit,
            )
        return self


class Vasopressor(VasoactiveInfusion):
    """Starts, changes or (rate 0) stops a vasopressor infusion. Its effect builds up and wears
    off with the drug's onset time constant; it raises arteriolar resistance and venous tone
    (noradrenaline also contractility)."""

    action: Literal["vasopressor"] = "vasopressor"
    drug: Literal["phenylephrine", "noradrenaline"]
    rate: Annotated[
        float,
        limits(
            "[E] 0 stops the infusion; at most 20 ug/kg/min or 8000 ug/min (20 ug/kg/min for"
            " 400 kg), past any clinical dose of any vasopressor; each drug's limit, ten times"
            " the top of its usual range, is checked against resources/physiology/"
            "anaesthetist.json",
            ge=0.0,
            le=max(VASOPRESSOR_MAX_RATE.values()),
        ),
    ]
    """In ``unit``; 0 stops the infusion."""
    unit: Literal["ug_kg_min", "ug_min"] = "ug_kg_min"
    """Micrograms per kg of the patient's weight per minute, or per minute."""

    max_rate: ClassVar[dict[str, float]] = VASOPRESSOR_MAX_RATE


VASODILATOR_MAX_RATE = {"ug_kg_min": 10.0, "ug_min": 1000.0}
"""Nitroprusside's label maximum, 10 ug/kg/min (for at most 10 minutes), or 1000 ug/min (10 for a
100 kg patient; nitroglycerin's ceiling is about 200-400 ug/min): above these, a typing slip."""


class Vasodilator(VasoactiveInfusion):
    """Starts, changes or (rate 0) stops a vasodilator infusion, as the anaesthetist does to hold
    the pressure above an aortic occlusion. Nitroglycerin mostly pools blood in the veins (less
    preload), with some arteriolar effect; nitroprusside relaxes arterioles and veins. The effect
    builds up and wears off with the drug's onset time constant."""

    action: Literal["vasodilator"] = "vasodilator"
    drug: Literal["nitroglycerin", "nitroprusside"]
    rate: Annotated[
        float,
        limits(
            "0 stops the infusion; at most 1000 ug/min, ten times nitroprusside's label maximum"
            " of 10 ug/kg/min for a 100 kg patient; the per-unit limit is checked below",
            ge=0.0,
            le=VASODILATOR_MAX_RATE["ug_min"],
        ),
    ]
    """In ``unit``; 0 stops the infusion."""
    unit: Literal["ug_kg_min", "ug_min"] = "ug_kg_min"
    """Micrograms per kg of the patient's weight per minute, or per minute."""

    max_rate: ClassVar[dict[str, float]] = VASODILATOR_MAX_RATE


Phase = Literal["isolation_check", "perfusion", "washout", "filtration", "end"]


class MarkPhase(ActionBase):
    """Tells the scorer which phase starts now; objectives such as "isolation checked before
    infusion" and "filtration before deflation" are judged from these marks."""

    action: Literal["mark_phase"] = "mark_phase"
    phase: Phase


AnyAction = (
    InsertCatheter
    | MoveCatheter
    | RemoveCatheter
    | InflateBalloon
    | DeflateBalloon
    | SetCuff
    | StartInfusion
    | Bolus
    | StopInfusion
    | Embolize
    | StartCircuit
    | StopCircuit
    | MarkPhase
    | GiveFluid
    | Vasopressor
    | Vasodilator
)
Action = Annotated[AnyAction, Field(discriminator="action")]

_USES_INSERTED_CATHETER = (
    MoveCatheter,
    RemoveCatheter,
    InflateBalloon,
    DeflateBalloon,
    StartInfusion,
    Bolus,
    StopInfusion,
)


def check_action_order(actions: Sequence[AnyAction]) -> None:
    """Replay needs time order; a plan out of order is almost always a hand-editing slip."""
    for index in range(1, len(actions)):
        before, now = actions[index - 1].t_s, actions[index].t_s
        if now < before:
            raise custom_error(
                "actions_out_of_order",
                "action {index} (t_s = {t_s}) comes before action {previous}"
                " (t_s = {previous_t_s}); actions must be sorted by t_s",
                f"[{index}].t_s",
                index=index,
                t_s=now,
                previous=index - 1,
                previous_t_s=before,
            )


def check_device_lifecycle(actions: Sequence[AnyAction]) -> None:
    """Catch a catheter or circuit id used before it exists: the replay could not know which device
    is meant, and in a hand-written scenario it is usually a typo."""
    inserted: set[str] = set()
    running: set[str] = set()

    def require(catheter_id: str, index: int, field: str) -> None:
        if catheter_id not in inserted:
            raise custom_error(
                "catheter_not_inserted",
                "catheter '{catheter_id}' is not inserted at this time"
                " (no earlier insert_catheter, or it was removed)",
                f"[{index}].{field}",
                catheter_id=catheter_id,
            )

    for index, action in enumerate(actions):
        if isinstance(action, InsertCatheter):
            if action.catheter_id in inserted:
                raise custom_error(
                    "catheter_already_inserted",
                    "catheter '{catheter_id}' is already inserted; remove it first or use a new id",
                    f"[{index}].catheter_id",
                    catheter_id=action.catheter_id,
                )
            inserted.add(action.catheter_id)
        elif isinstance(action, _USES_INSERTED_CATHETER):
            require(action.catheter_id, index, "catheter_id")
            if isinstance(action, RemoveCatheter):
                inserted.discard(action.catheter_id)
        elif isinstance(action, StartCircuit):
            for field, end in (("draw", action.draw), ("return", action.return_)):
                if isinstance(end, str):
                    require(end, index, field)
            running.add(action.circuit_id)
        elif isinstance(action, StopCircuit):
            if action.circuit_id not in running:
                raise custom_error(
                    "circuit_not_running",
                    "circuit '{circuit_id}' is not running at this time",
                    f"[{index}].circuit_id",
                    circuit_id=action.circuit_id,
                )
            running.discard(action.circuit_id)


def _check_actions(actions: list[AnyAction]) -> list[AnyAction]:
    check_action_order(actions)
    check_device_lifecycle(actions)
    return actions


MAX_ACTIONS = 10_000
"""[E] A recorded day-long session with an action every ten seconds; the library's longest plan
has about 30. Each action rebuilds the network on replay, so the count bounds the replay time."""

OBSERVATION_AFTER_LAST_ACTION_S = 120.0
"""What a plan means includes how long it is watched: after the last action the replay (the
grader's, ``state --plan``'s) runs two more minutes, so a deflation without filtration shows its
systemic peak there, and an infusion still running gives drug until then."""

ActionList = Annotated[list[Action], Field(max_length=MAX_ACTIONS), AfterValidator(_check_actions)]
"""Actions in time order, each catheter and circuit used only while it exists."""


class PlanFile(FileModel):
    schema_version: Literal[2] = PLAN_SCHEMA_VERSION
    scenario_id: Slug
    """The scenario this plan was made for."""
    actions: ActionList
