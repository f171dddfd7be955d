"""The device catalog file (``resources/devices/catalog.json``): every catheter, balloon, cuff,
pump, embolic agent, filter and circuit a scenario can put on its shelf, with the figures the
physics needs and where each figure came from.

Why the catalog is data and not code: a scenario names a device by id, and an instructor must be
able to read (and check) why a 12 F stop-flow balloon reaches 30 mm without reading Python. Every
device therefore carries ``sources``: each entry starts with a tag as in
``domain/clinical-reference.md`` -- ``[V: source]`` for a figure read in a source, ``[V-2nd: ...]``
for one read in a secondary source, ``[E]`` plus the reasoning for an estimate.

Geometry conventions: distances along a catheter are measured from its tip towards the access
site (the tip is the most distal point; a port "caudal" to an aortic balloon placed from the groin
is farther from the tip than the balloon). Balloon index 0 is the balloon nearest the tip, as in
the plan's ``inflate_balloon`` action.
"""

from __future__ import annotations

import itertools
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from simulator.scenario.common import (
    MAX_CONCENTRATION_MG_ML,
    MAX_FLOW_ML_MIN,
    MAX_PROCEDURE_S,
    DrainageHeadCm,
    Fraction,
    SourceText,
    StrictModel,
    limits,
)

CATALOG_SCHEMA_VERSION = 1

SOURCE_TAG = re.compile(r"^\[(?:E|V|V-2nd)(?:\]|:)")
"""A source entry starts with ``[E]``, ``[V: ...]`` or ``[V-2nd: ...]`` (clinical-reference.md)."""

DeviceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$", max_length=80)]
"""Lower snake case slug (``coda_type_occlusion_32mm``); plans and scenarios refer to it."""

DrugRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$", max_length=80)]
"""A drug id of ``resources/drugs/drugs.json``; cross-checked when both files are loaded."""

AccessKind = Literal[
    "femoral_artery",
    "femoral_vein",
    "brachial_artery",
    "axillary_artery",
    "internal_jugular_vein",
    "subclavian_vein",
    "surgical",
]
"""Kind of entry point; an access-site id of anatomy-ids.md maps onto one of these (see
:func:`simulator.devices.catalog.access_kind_for_site`). ``surgical`` is a cut-down or an
intra-operative cannulation (ILP, ILuP, the GDA stump of an HAI pump)."""

VesselSide = Literal["arterial", "venous"]

# Bounds of the catalog's figures: each covers the real devices of its kind with room to spare
# (the shipped catalog's range is given), so a typo cannot make a 3 m balloon or a 1e308 flow.
French = Annotated[
    float,
    limits("[E] 1 to 30 F (an ECMO cannula); catalog 2 to 18 F", ge=1.0, le=30.0),
]
DiameterMm = Annotated[
    float,
    limits("[E] 0.1 to 60 mm; catalog 0.4 (a lumen) to 46 mm (an aortic balloon)", ge=0.1, le=60.0),
]
LengthCm = Annotated[float, limits("[E] 1 to 300 cm; catalog 15 to 150 cm", ge=1.0, le=300.0)]
BalloonVolumeMl = Annotated[
    float, limits("[E] 0.0001 to 200 mL; catalog 0.007 to 84 mL", ge=1e-4, le=200.0)
]
DeviceFlowMlMin = Annotated[
    float,
    limits(
        "[E] 0.001 mL/min to a resting cardiac output (5 L/min); catalog 25 to 2000 mL/min",
        ge=1e-3,
        le=MAX_FLOW_ML_MIN,
    ),
]
DeviceVolumeMl = Annotated[
    float, limits("[E] 0 to 10 L; catalog 0 to 1200 mL", ge=0.0, le=10_000.0)
]

TipDistanceMm = Annotated[
    float,
    limits("[E] 0 to 2 m, longer than any catheter (catalog up to 150 cm)", ge=0.0, le=2000.0),
]

CurvePoint = tuple[BalloonVolumeMl, DiameterMm]
"""One point of a balloon's filling curve: ``[volume_ml, diameter_mm]``."""


def check_source_tag(text: str) -> str:
    """Every source entry must say whether its figure is verified or estimated."""
    if not SOURCE_TAG.match(text):
        raise ValueError(
            "a source must start with [E], [V: ...] or [V-2nd: ...] (the tags of "
            f"clinical-reference.md): {text[:40]!r}"
        )
    return text


TaggedSource = Annotated[SourceText, AfterValidator(check_source_tag)]


class DeviceBase(StrictModel):
    """Fields every device has: who it is, what real product family it stands for, and why its
    figures are what they are."""

    id: DeviceId
    name: str = Field(min_length=3, max_length=120)
    manufacturer_model_reference: str = Field(min_length=3, max_length=300)
    """The real product family the device is modelled on; the simulator does not claim to
    reproduce that product exactly."""
    description: str = Field(min_length=10, max_length=2000)
    sources: list[TaggedSource] = Field(min_length=1)


class BalloonSpec(StrictModel):
    """One balloon on a catheter.

    ``volume_diameter_curve`` is the free (unconstrained) diameter against filling volume,
    strictly increasing in both, ending at the rated volume with the nominal maximum diameter.
    Above the rated volume the diameter follows the cube-root law up to ``burst_volume_ml``,
    where the balloon ruptures. The free diameter over the vessel diameter is the overdistension
    ratio (DESIGN.md §3.3).
    """

    label: str = Field(default="", max_length=40)
    """Name used by clinicians for this balloon (``cephalad``, ``caudal``); may be empty."""
    distance_from_tip_mm: Annotated[
        float,
        limits("[E] 0 to 2 m, longer than any catheter (catalog up to 150 cm)", ge=0.0, le=2000.0),
    ]
    """From the catheter tip to the balloon centre."""
    working_length_mm: Annotated[
        float, limits("[E] 1 to 300 mm; catalog 9 to 56 mm", ge=1.0, le=300.0)
    ]
    """Length of vessel wall the inflated balloon occupies (for the conductance of a segment
    longer than the balloon)."""
    nominal_diameter_min_mm: DiameterMm
    """Smallest vessel the balloon is meant to occlude."""
    nominal_diameter_max_mm: DiameterMm
    """Free diameter at the rated volume: the largest vessel it occludes without overfilling."""
    volume_diameter_curve: list[CurvePoint] = Field(min_length=2)
    rated_volume_ml: BalloonVolumeMl
    """Manufacturer's maximum recommended filling volume (last point of the curve)."""
    burst_volume_ml: BalloonVolumeMl
    """Above this volume the balloon ruptures in the simulation."""
    compliance: Literal["compliant", "semi_compliant"]

    @model_validator(mode="after")
    def _consistent(self) -> BalloonSpec:
        volumes = [point[0] for point in self.volume_diameter_curve]
        diameters = [point[1] for point in self.volume_diameter_curve]
        for previous, current in itertools.pairwise(volumes):
            if current <= previous:
                raise ValueError("volume_diameter_curve volumes must be strictly increasing")
        for previous, current in itertools.pairwise(diameters):
            if current <= previous:
                raise ValueError("volume_diameter_curve diameters must be strictly increasing")
        if abs(volumes[-1] - self.rated_volume_ml) > 1e-9:
            raise ValueError("volume_diameter_curve must end at rated_volume_ml")
        if abs(diameters[-1] - self.nominal_diameter_max_mm) > 0.05 * self.nominal_diameter_max_mm:
            raise ValueError(
                "the curve's diameter at the rated volume must be nominal_diameter_max_mm (±5 %)"
            )
        if self.nominal_diameter_min_mm >= self.nominal_diameter_max_mm:
            raise ValueError("nominal_diameter_min_mm must be below nominal_diameter_max_mm")
        if self.burst_volume_ml <= self.rated_volume_ml:
            raise ValueError("burst_volume_ml must exceed rated_volume_ml")
        return self


class CatheterPort(StrictModel):
    """An opening of a lumen: where drug leaves (infusion), blood is drawn (aspiration), pressure
    is read, or the guidewire exits."""

    function: Literal["infusion", "aspiration", "pressure", "guidewire"]
    distance_from_tip_mm: Annotated[
        float,
        limits("[E] 0 to 2 m, longer than any catheter (catalog up to 150 cm)", ge=0.0, le=2000.0),
    ]
    """0 is the end hole; side holes or fenestrations give the centre of the perforated zone."""
    max_flow_ml_min: DeviceFlowMlMin | None = None
    """Highest flow the lumen carries at a usable pressure; None where it is not a limit."""
    note: str = Field(default="", max_length=300)


class BalloonCatheter(DeviceBase):
    """Stop-flow and occlusion balloon catheters, with one or more balloons."""

    type: Literal["balloon_catheter"]
    shaft_french: French
    sheath_french: French
    """Introducer sheath the catheter needs (its outer size drives access-site complications)."""
    usable_length_cm: LengthCm
    vessel_sides: list[VesselSide] = Field(min_length=1, max_length=2)
    """Where it is made to go: an aortic stop-flow catheter is arterial, a Coda-type occlusion
    balloon serves the aorta and the vena cava."""
    access_kinds: list[AccessKind] = Field(min_length=1)
    balloons: list[BalloonSpec] = Field(min_length=1, max_length=4)
    ports: list[CatheterPort] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered_balloons(self) -> BalloonCatheter:
        distances = [balloon.distance_from_tip_mm for balloon in self.balloons]
        if any(b <= a for a, b in itertools.pairwise(distances)):
            raise ValueError("balloons must be listed from the tip outwards (index 0 = distal)")
        for balloon in self.balloons:
            if balloon.distance_from_tip_mm > self.usable_length_cm * 10.0:
                raise ValueError("a balloon lies beyond the catheter's usable length")
        if self.sheath_french < self.shaft_french:
            raise ValueError("sheath_french must be at least shaft_french")
        return self

    def ports_between_balloons(self, function: str) -> list[CatheterPort]:
        """Ports of one function lying between the first and the last balloon."""
        if len(self.balloons) < 2:
            return []
        low = self.balloons[0].distance_from_tip_mm
        high = self.balloons[-1].distance_from_tip_mm
        return [
            port
            for port in self.ports
            if port.function == function and low < port.distance_from_tip_mm < high
        ]

    @property
    def infusion_between_balloons(self) -> bool:
        """True for stop-flow catheters that deliver drug into the segment they isolate."""
        return bool(self.ports_between_balloons("infusion"))

    @property
    def aspiration_between_balloons(self) -> bool:
        """True for the PHP double-balloon catheter, which drains the isolated caval segment."""
        return bool(self.ports_between_balloons("aspiration"))


class InfusionCatheter(DeviceBase):
    """Diagnostic, selective and micro catheters, limb-infusion catheters and cannulas."""

    type: Literal["infusion_catheter"]
    role: Literal[
        "selective", "microcatheter", "limb_infusion", "return_cannula", "perfusion_cannula"
    ]
    french: French
    outer_diameter_mm: DiameterMm
    inner_diameter_mm: DiameterMm
    usable_length_cm: LengthCm
    max_flow_ml_min: DeviceFlowMlMin
    """Highest flow through the lumen at the rated pressure, for the fluid the source states."""
    end_hole: bool
    side_holes: int = Field(ge=0, le=100)
    vessel_sides: list[VesselSide] = Field(min_length=1, max_length=2)
    access_kinds: list[AccessKind] = Field(min_length=1)

    @model_validator(mode="after")
    def _sizes(self) -> InfusionCatheter:
        if abs(self.outer_diameter_mm - self.french / 3.0) > 0.1 * self.french / 3.0 + 0.02:
            raise ValueError("outer_diameter_mm must match french (1 F = 1/3 mm) within 10 %")
        if self.inner_diameter_mm >= self.outer_diameter_mm:
            raise ValueError("inner_diameter_mm must be below outer_diameter_mm")
        if not self.end_hole and self.side_holes == 0:
            raise ValueError("a catheter needs an end hole or side holes")
        return self


CuffPressureMmHg = Annotated[
    float,
    limits(
        "[E] 10 to 500 mmHg; tourniquet systems are rated up to 400-500 mmHg, catalog 250 to 400",
        ge=10.0,
        le=500.0,
    ),
]


class PneumaticCuff(DeviceBase):
    """A tourniquet cuff at a limb root (see :mod:`simulator.devices.cuff_rules`)."""

    type: Literal["pneumatic_cuff"]
    limb: Literal["thigh", "arm"]
    width_cm: Annotated[float, limits("[E] 2 to 50 cm; catalog 8 to 10 cm", ge=2.0, le=50.0)]
    max_pressure_mmHg: CuffPressureMmHg
    typical_pressure_mmHg: CuffPressureMmHg
    """Pressure used in practice for regional perfusion (a starting value in the GUI)."""

    @model_validator(mode="after")
    def _pressures(self) -> PneumaticCuff:
        if self.typical_pressure_mmHg > self.max_pressure_mmHg:
            raise ValueError("typical_pressure_mmHg must not exceed max_pressure_mmHg")
        return self


class ImplantablePump(DeviceBase):
    """A gas-driven constant-flow pump for hepatic arterial infusion."""

    type: Literal["implantable_pump"]
    reservoir_volume_ml: Annotated[
        float, limits("[E] 1 to 200 mL; catalog 30 and 50 mL", ge=1.0, le=200.0)
    ]
    flow_ml_per_day: Annotated[
        float, limits("[E] 0.1 to 100 mL/day; catalog 1.5 and 3 mL/day", ge=0.1, le=100.0)
    ]
    catheter_outer_diameter_mm: DiameterMm
    catheter_inner_diameter_mm: DiameterMm
    has_bolus_port: bool
    access_kinds: list[AccessKind] = Field(min_length=1)

    @model_validator(mode="after")
    def _catheter(self) -> ImplantablePump:
        if self.catheter_inner_diameter_mm >= self.catheter_outer_diameter_mm:
            raise ValueError("catheter_inner_diameter_mm must be below catheter_outer_diameter_mm")
        return self


ParticleUm = Annotated[float, limits("[E] 1 to 5000 µm; catalog 100 to 700 µm", ge=1.0, le=5000.0)]


class Embolic(DeviceBase):
    """A coil (closes one vessel) or particles (raise a bed's resistance, down to stasis)."""

    type: Literal["embolic"]
    agent: Literal["coil", "particles"]
    coil_diameters_mm: list[DiameterMm] = Field(default_factory=list)
    coil_wire_diameter_inch: (
        Annotated[float, limits("[E] 0.005 to 0.1 in; catalog 0.018, 0.035", ge=0.005, le=0.1)]
        | None
    ) = None
    particle_size_min_um: ParticleUm | None = None
    particle_size_max_um: ParticleUm | None = None
    resorbable: bool = False
    drug_loading_mg_per_ml: dict[
        DrugRef,
        Annotated[
            float,
            limits(
                "[E] above 0, at most the most concentrated solution (400 mg/mL); catalog up to 60",
                gt=0.0,
                le=MAX_CONCENTRATION_MG_ML,
            ),
        ],
    ] = Field(default_factory=dict)
    """Drug a loadable bead carries, per mL of beads."""

    @model_validator(mode="after")
    def _agent_fields(self) -> Embolic:
        if self.agent == "coil":
            if not self.coil_diameters_mm or self.coil_wire_diameter_inch is None:
                raise ValueError("a coil needs coil_diameters_mm and coil_wire_diameter_inch")
            if self.particle_size_min_um is not None or self.particle_size_max_um is not None:
                raise ValueError("a coil has no particle sizes")
            if sorted(set(self.coil_diameters_mm)) != self.coil_diameters_mm:
                raise ValueError("coil_diameters_mm must be strictly increasing")
        else:
            low, high = self.particle_size_min_um, self.particle_size_max_um
            if low is None or high is None or low >= high:
                raise ValueError("particles need particle_size_min_um < particle_size_max_um")
            if self.coil_diameters_mm or self.coil_wire_diameter_inch is not None:
                raise ValueError("particles have no coil sizes")
        return self


TimePoint = tuple[
    Annotated[float, limits("minutes, within a day", ge=0.0, le=MAX_PROCEDURE_S / 60.0)],
    Fraction,
]
"""``[minutes since the filter started, extraction fraction]``."""


class FilterDevice(DeviceBase):
    """Haemofiltration or activated-carbon haemoperfusion in an extracorporeal circuit.

    ``extraction_fraction_by_drug`` is the fraction of a drug removed in one pass of blood; a drug
    not listed passes unchanged (a red-cell tracer through a haemofilter). Where the extraction is
    known to fall as the filter saturates, ``extraction_time_course_by_drug`` gives it against
    time and :meth:`extraction_fraction` interpolates it.
    """

    type: Literal["filter"]
    filter_kind: Literal["haemofiltration", "haemoperfusion_carbon"]
    cartridges: int = Field(default=1, ge=1, le=4)
    extraction_fraction_by_drug: dict[DrugRef, Fraction] = Field(min_length=1)
    extraction_time_course_by_drug: dict[DrugRef, list[TimePoint]] = Field(default_factory=dict)
    operating_conditions: str = Field(min_length=10, max_length=600)
    """Blood and ultrafiltrate flows the extraction figures assume."""
    max_blood_flow_ml_min: DeviceFlowMlMin
    priming_volume_ml: Annotated[DeviceVolumeMl, Field(gt=0.0)]

    @model_validator(mode="after")
    def _courses(self) -> FilterDevice:
        for drug, course in self.extraction_time_course_by_drug.items():
            if drug not in self.extraction_fraction_by_drug:
                raise ValueError(f"time course for '{drug}' without an extraction fraction")
            if len(course) < 2:
                raise ValueError(f"time course for '{drug}' needs at least two points")
            times = [point[0] for point in course]
            if any(b <= a for a, b in itertools.pairwise(times)):
                raise ValueError(f"time course for '{drug}' must have increasing times")
        return self

    def extraction_fraction(self, drug_id: str, elapsed_min: float | None = None) -> float:
        """Single-pass extraction of a drug, ``elapsed_min`` after the filter started.

        Without a time (or without a known time course) the overall mean figure is returned;
        with one, the course is interpolated linearly and held flat outside its points.
        """
        mean = self.extraction_fraction_by_drug.get(drug_id, 0.0)
        course = self.extraction_time_course_by_drug.get(drug_id)
        if elapsed_min is None or course is None:
            return float(mean)
        times = [point[0] for point in course]
        values = [point[1] for point in course]
        if elapsed_min <= times[0]:
            return float(values[0])
        for (t0, f0), (t1, f1) in itertools.pairwise(course):
            if elapsed_min <= t1:
                return float(f0 + (f1 - f0) * (elapsed_min - t0) / (t1 - t0))
        return float(values[-1])


class PerfusionCircuit(DeviceBase):
    """An extracorporeal circuit: pump, optional oxygenator and heat exchanger, reservoir."""

    type: Literal["perfusion_circuit"]
    pump_kind: Literal["roller", "centrifugal", "manual_syringe"]
    reservoir_volume_ml: DeviceVolumeMl
    """0 for a circuit without a reservoir (the PHP venovenous bypass)."""
    priming_volume_ml: Annotated[DeviceVolumeMl, Field(gt=0.0)]
    typical_flow_ml_min: DeviceFlowMlMin
    max_flow_ml_min: DeviceFlowMlMin
    oxygenator: bool
    heat_exchanger: bool
    gravity_drainage_head_cm: DrainageHeadCm | None = None
    """The venous line drains by gravity into the reservoir, which sits this far below the
    patient (the perfusionist can move it: ``start_circuit``'s ``drainage_head_cm``); without
    it the pump draws exactly what it returns."""

    @model_validator(mode="after")
    def _flows(self) -> PerfusionCircuit:
        if self.typical_flow_ml_min > self.max_flow_ml_min:
            raise ValueError("typical_flow_ml_min must not exceed max_flow_ml_min")
        if self.gravity_drainage_head_cm is not None and self.reservoir_volume_ml <= 0.0:
            raise ValueError("gravity_drainage_head_cm needs a reservoir to drain into")
        return self


Device = Annotated[
    BalloonCatheter
    | InfusionCatheter
    | PneumaticCuff
    | ImplantablePump
    | Embolic
    | FilterDevice
    | PerfusionCircuit,
    Field(discriminator="type"),
]


class CatalogFile(StrictModel):
    schema_version: Literal[1] = CATALOG_SCHEMA_VERSION
    description: str = Field(min_length=10, max_length=2000)
    devices: list[Device] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> CatalogFile:
        seen: set[str] = set()
        for device in self.devices:
            if device.id in seen:
                raise ValueError(f"device id '{device.id}' appears twice")
            seen.add(device.id)
        return self

    @property
    def ids(self) -> set[str]:
        """Every device id, for reference checks of scenarios and plans."""
        return {device.id for device in self.devices}

    def device(self, device_id: str) -> Device:
        """The device with that id; KeyError names the id and says where the catalog lives."""
        for device in self.devices:
            if device.id == device_id:
                return device
        raise KeyError(f"no device '{device_id}' in the device catalog")
