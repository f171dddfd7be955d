"""A venous line that drains by gravity into the circuit's reservoir (isolated limb and lung
perfusion), and the reservoir level it fills.

In ILP the venous cannula's line runs down to an open hardshell reservoir and the roller pump
returns from the reservoir into the artery. Nothing forces the two flows to be equal: the line
takes what the limb's venous pressure pushes through it against the reservoir's height,

    Q_drain = (P_cannula - P_reservoir) / R_line,   P_reservoir = -head x rho g,

and the reservoir level takes the difference. That is what makes the isolated limb's pressure
depend on the pump flow (a pump that returns more raises the venous pressure until the line
drains it), and what makes the reservoir level the perfusionist's sign of leak: it falls while
perfusate escapes into the body, and rises while systemic blood enters the limb.

Below the collapse pressure the vein closes on the cannula (:mod:`line_limits`), so a reservoir
set too low cannot pull the limb's veins below about 0 mmHg: the line then takes only what
reaches it, and the collapse alarm asks for the reservoir to be raised.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.devices.line_limits import (
    COLLAPSE_BAND_MMHG,
    VEIN_COLLAPSE_MMHG,
    Mode,
)
from simulator.physics.mean import ControlledFlow

BLOOD_HEAD_MMHG_PER_CM = 1.06 * 980.665 / 1333.224
"""Hydrostatic pressure of a 1 cm column of blood (density 1.06 g/mL, the atlas's): 0.78 mmHg."""
DRAIN_RATING_HEAD_MMHG = 30.0
"""[E] A venous cannula's catalog maximum flow is taken as what drains through it and its line
under a 40 cm head (about 30 mmHg), the height of a bypass venous reservoir below the table:
the lumen's resistance for gravity drainage is that head over that flow."""
RESERVOIR_LEVEL_ALARM_ML = 100.0
"""[E] A change of reservoir level the perfusionist acts on: hardshell reservoirs are read in
50-100 mL graduations, and a steady fall of that size in ILP means perfusate is leaving the limb."""
RESERVOIR_EMPTY_ML = 50.0
"""[E] The reservoir's level sensor stops the pump from emptying it below this (air would enter
the arterial line): from then on the pump returns only what drains in."""


def reservoir_pressure_mmHg(head_cm: float) -> float:
    """Pressure at the end of a venous line whose reservoir sits ``head_cm`` below the patient."""
    return -head_cm * BLOOD_HEAD_MMHG_PER_CM


@dataclass(frozen=True)
class GravityDrain:
    """The venous line of a gravity-drained circuit, as a line of :mod:`simulator.session.lines`:
    it leaves ``draw_node`` and enters nothing the network holds (the reservoir).

    Mode ``set`` is the gravity law; ``collapse`` holds the vein at the collapse pressure when
    the line could take more than reaches the cannula."""

    key: str
    label: str
    draw_node: int
    head_cm: float
    rated_flow_ml_s: float
    kind: str = "drain"
    source_node: int = -1
    set_flow_ml_s: float = float("nan")  # no set flow: the line takes what gravity drains

    @property
    def conductance_ml_s_per_mmHg(self) -> float:
        return self.rated_flow_ml_s / DRAIN_RATING_HEAD_MMHG

    @property
    def collapse_gain(self) -> float:
        return self.rated_flow_ml_s / COLLAPSE_BAND_MMHG

    def flows_by_mode(self, pressure_mmHg) -> dict[Mode, float]:
        cannula = float(pressure_mmHg[self.draw_node])
        return {
            "set": self.conductance_ml_s_per_mmHg
            * (cannula - reservoir_pressure_mmHg(self.head_cm)),
            "collapse": self.collapse_gain * (cannula - VEIN_COLLAPSE_MMHG),
        }

    def choose_mode(self, pressure_mmHg, current: Mode = "set") -> Mode:
        """The smaller of the two laws; a line that gravity alone would make run backwards (a
        reservoir above the limb's veins) is stopped: the reservoir's inlet is open at its top,
        so blood never flows from it back into the vein."""
        flows = self.flows_by_mode(pressure_mmHg)
        mode: Mode = "set" if flows["set"] <= flows["collapse"] else "collapse"
        if flows[mode] > 0.0:
            return mode
        if current in (mode, "collapse_stopped"):
            return "collapse_stopped"
        return mode

    def controlled(self, mode: Mode) -> ControlledFlow:
        if mode == "set":
            gain = self.conductance_ml_s_per_mmHg
            return ControlledFlow(
                -1,
                self.draw_node,
                -gain * reservoir_pressure_mmHg(self.head_cm),
                self.draw_node,
                gain,
            )
        if mode == "collapse":
            gain = self.collapse_gain
            return ControlledFlow(
                -1, self.draw_node, -gain * VEIN_COLLAPSE_MMHG, self.draw_node, gain
            )
        return ControlledFlow(-1, self.draw_node, 0.0)


def describe_drain(drain: GravityDrain, mode: Mode, flow_ml_s: float) -> str:
    got = max(flow_ml_s, 0.0) * 60.0
    return (
        f"{drain.label}: venous line collapse, the vein closes on the cannula with the reservoir "
        f"{drain.head_cm:.0f} cm below the patient and drains only {got:.0f} mL/min; raise the "
        "reservoir or lower the pump flow"
    )
