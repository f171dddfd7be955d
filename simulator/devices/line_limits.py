"""What a pump or an infusion line can really deliver into (or take out of) a vessel.

A plan sets a flow; the line delivers it only while the vessel lets it:

- An arterial (return or infusion) line pushes against the pressure at its tip. Its lumen has a
  resistance, read from the catalog's maximum flow: the flow the line passes, with its pressure
  at the limit, into a vessel at ``RATING_TIP_MMHG`` (an artery). The pump can therefore deliver
  at most ``rated * (limit - P_tip) / (limit - RATING_TIP_MMHG)``; asked for more, the line
  overpressures, the pump's pressure alarm sounds and the flow is held at what the line passes
  at its limit.
- A venous (draw) line can only take what reaches its cannula: once the pressure there falls to
  the collapse pressure, the vein closes on the cannula and the pump gets what flows in (the
  draw is limited over a narrow band above collapse, stiff enough to hold the vein at about
  that pressure).

Each line is a :class:`ControlledFlow` of the cycle-mean network in one of a few modes, each
linear in the pressures, so the circulation solves it implicitly; the session picks the mode
the new pressures agree with (``choose_mode``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from simulator.physics.mean import ControlledFlow
from simulator.scenario.catalog_file import (
    BalloonCatheter,
    FilterDevice,
    ImplantablePump,
    InfusionCatheter,
    PerfusionCircuit,
)

PERFUSION_LINE_LIMIT_MMHG = 300.0
"""Arterial (return) line pressure limit of a perfusion circuit: [E] ILP and bypass practice keep
the arterial line below about 300 mmHg, where the roller pump's pressure alarm stops it."""
INFUSION_LINE_LIMIT_MMHG = 300.0
"""Pressure an infusion may build up at the catheter tip: [E] volumetric and syringe pumps raise
their occlusion alarm at a few hundred mmHg; 300 mmHg, about twice systolic, is where an
artery or a sealed segment is at risk."""
RATING_TIP_MMHG = 100.0
"""[E] Tip pressure at which a catalog's maximum flow is reached: a catheter's figure is for
infusion into an artery at about the mean arterial pressure."""
VEIN_COLLAPSE_MMHG = 0.0
"""[E] A vein collapses around a cannula once its transmural pressure reaches about zero."""
COLLAPSE_BAND_MMHG = 1.0
"""The draw falls from its rated flow to nothing over this last band above collapse: stiff
enough to hold the vein at about the collapse pressure, soft enough for a well-conditioned
matrix."""
BARE_VESSEL_FLOW_ML_MIN = 2000.0
"""[E] A circuit end placed on a vessel with no catheter of the catalog there: a surgical
perfusion cannula of 18-20 F, which passes about 2 L/min at its limit."""
INFUSATE_VISCOSITY_PA_S = 1.0e-3
"""Saline-based drug solutions flow like water (1 mPa s) through an implanted catheter."""
IMPLANTED_CATHETER_LENGTH_M = 0.3
"""[E] Length of an implanted pump's catheter from the pocket to the gastroduodenal artery."""
MMHG_PA = 133.322

LineKind = Literal["infusion", "circuit"]
Mode = Literal["set", "overpressure", "collapse", "overpressure_stopped", "collapse_stopped"]


@dataclass(frozen=True)
class Line:
    """One pump-driven line. ``draw_node`` is -1 for an infusion (the drug solution comes from
    outside the body)."""

    key: str
    kind: LineKind
    label: str
    source_node: int
    draw_node: int
    set_flow_ml_s: float
    rated_flow_ml_s: float
    pressure_limit_mmHg: float
    draw_rated_flow_ml_s: float = math.inf

    @property
    def return_gain(self) -> float:
        """mL/s of flow lost per mmHg of tip pressure (the inverse of the lumen's resistance)."""
        return self.rated_flow_ml_s / (self.pressure_limit_mmHg - RATING_TIP_MMHG)

    @property
    def draw_gain(self) -> float:
        return self.draw_rated_flow_ml_s / COLLAPSE_BAND_MMHG

    def flows_by_mode(self, pressure_mmHg: np.ndarray) -> dict[Mode, float]:
        """What each limit would let through at these pressures (before clipping at zero)."""
        flows: dict[Mode, float] = {"set": self.set_flow_ml_s}
        tip = float(pressure_mmHg[self.source_node])
        flows["overpressure"] = self.return_gain * (self.pressure_limit_mmHg - tip)
        if self.draw_node >= 0 and math.isfinite(self.draw_rated_flow_ml_s):
            cannula = float(pressure_mmHg[self.draw_node])
            flows["collapse"] = self.draw_gain * (cannula - VEIN_COLLAPSE_MMHG)
        return flows

    def choose_mode(self, pressure_mmHg: np.ndarray, current: Mode = "set") -> Mode:
        """The mode these pressures (stepped in ``current``) agree with: the smallest of the set
        flow and what each end lets through. A limit that lets nothing through stops the pump,
        but only once its own law, solved implicitly, says so: a small compliant segment jumps
        past the limit in one step at the set flow, and stopping there would leave it above."""
        flows = self.flows_by_mode(pressure_mmHg)
        mode = min(flows, key=lambda m: flows[m])  # "set" comes first, so it wins ties
        if mode == "set" or flows[mode] > 0.0:
            return mode
        if current in (mode, f"{mode}_stopped"):
            return "overpressure_stopped" if mode == "overpressure" else "collapse_stopped"
        return mode

    def controlled(self, mode: Mode) -> ControlledFlow:
        sink = self.draw_node
        if mode == "set":
            return ControlledFlow(self.source_node, sink, self.set_flow_ml_s)
        if mode == "overpressure":
            gain = self.return_gain
            return ControlledFlow(
                self.source_node, sink, gain * self.pressure_limit_mmHg, self.source_node, -gain
            )
        if mode == "collapse":
            gain = self.draw_gain
            return ControlledFlow(
                self.source_node, sink, -gain * VEIN_COLLAPSE_MMHG, self.draw_node, gain
            )
        return ControlledFlow(self.source_node, sink, 0.0)


def poiseuille_flow_ml_s(inner_diameter_mm: float, length_m: float, pressure_mmHg: float) -> float:
    """Laminar flow of the infusate through a tube: Q = pi r^4 dP / (8 mu L)."""
    radius_m = 0.5e-3 * inner_diameter_mm
    flow_m3_s = (
        math.pi * radius_m**4 * pressure_mmHg * MMHG_PA / (8.0 * INFUSATE_VISCOSITY_PA_S * length_m)
    )
    return flow_m3_s * 1.0e6


def catheter_rated_flow_ml_s(device, function: str, index: int) -> float:
    """The catalog's maximum flow of the catheter opening a line runs through (mL/s)."""
    if isinstance(device, InfusionCatheter):
        return device.max_flow_ml_min / 60.0
    if isinstance(device, ImplantablePump):
        return poiseuille_flow_ml_s(
            device.catheter_inner_diameter_mm,
            IMPLANTED_CATHETER_LENGTH_M,
            INFUSION_LINE_LIMIT_MMHG - RATING_TIP_MMHG,
        )
    if isinstance(device, BalloonCatheter):
        ports = sorted(
            (p for p in device.ports if p.function == function),
            key=lambda p: p.distance_from_tip_mm,
        )
        if index < len(ports) and ports[index].max_flow_ml_min is not None:
            return ports[index].max_flow_ml_min / 60.0
    return BARE_VESSEL_FLOW_ML_MIN / 60.0


def circuit_rated_flow_ml_s(model_device) -> float:
    """The pump's or filter's own maximum flow (mL/s), or no limit without a model."""
    if isinstance(model_device, PerfusionCircuit):
        return model_device.max_flow_ml_min / 60.0
    if isinstance(model_device, FilterDevice):
        return model_device.max_blood_flow_ml_min / 60.0
    return math.inf


def describe(line: Line, mode: Mode, flow_ml_s: float, pressure_mmHg: np.ndarray) -> str:
    """The alarm a line limit raises, with the figures a clinician would check."""
    asked = line.set_flow_ml_s * 60.0
    got = max(flow_ml_s, 0.0) * 60.0
    if mode.startswith("overpressure"):
        tip = float(pressure_mmHg[line.source_node])
        return (
            f"{line.label}: line overpressure, {asked:.0f} mL/min asked against "
            f"{tip:.0f} mmHg at the tip; the line passes {got:.0f} mL/min at its "
            f"{line.pressure_limit_mmHg:.0f} mmHg limit"
        )
    return (
        f"{line.label}: venous line collapse, the pump asks {asked:.0f} mL/min but only "
        f"{got:.0f} mL/min reaches the cannula; lower the pump flow"
    )
