"""What a pneumatic cuff at a limb root does to the vessels under it (DESIGN.md §3.3).

The rule clinicians use: above arterial systolic pressure a cuff stops arteries and veins; between
venous and systolic pressure it stops only the veins, so the limb fills and swells (venous
congestion, a hazard the scoring flags). The model makes that rule continuous, because a hard
switch would make the network jump when a cuff pressure is dragged:

- Veins collapse once the cuff exceeds venous pressure; they go from open to the floor over a band
  of VENOUS_CLOSURE_BAND_MMHG above it.
- Arteries stay open up to systolic pressure, then close over ARTERIAL_CLOSURE_MARGIN_MMHG above
  it: the pressure a cuff needs to stop arterial inflow (limb occlusion pressure) exceeds systolic
  pressure because soft tissue absorbs part of it. Measured limb occlusion pressures, leg
  195 ± 32 mmHg and arm 174 ± 49 mmHg [V: Arthrosc Sports Med Rehabil 2022,
  doi:10.1016/j.asmr.2022.04.002], lie about 50 mmHg above a normal systolic pressure of 120 to
  130 mmHg [E: textbook]. A cuff "well above systolic" (250-300 mmHg in stop-flow practice,
  clinical-reference.md §B3) occludes fully.

Between systolic and systolic + margin the arteries are only partly closed while the veins are
shut: the model reports that as ``venous_only`` (the limb still congests), which is the teaching
point of an under-inflated tourniquet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.devices.balloon_geometry import DEFAULT_CONDUCTANCE_FLOOR

CuffState = Literal["none", "venous_only", "full"]

VENOUS_CLOSURE_BAND_MMHG = 10.0
"""[E] Veins are thin-walled and collapse over a few mmHg of transmural pressure; 10 mmHg keeps
the transition smooth for the solver while staying far below arterial pressures."""

ARTERIAL_CLOSURE_MARGIN_MMHG = 50.0
"""Cuff pressure above systolic at which arteries are fully closed (see the module docstring)."""


@dataclass(frozen=True)
class CuffEffect:
    """What a cuff does: the label for the trainee and the factors the physics multiplies the
    conductance of every artery and vein crossing the limb root by."""

    state: CuffState
    arterial_conductance_factor: float
    venous_conductance_factor: float


def _smoothstep(x: float) -> float:
    """0 below 0, 1 above 1, C¹-smooth between (3x² - 2x³)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    return x * x * (3.0 - 2.0 * x)


def cuff_effect(
    cuff_pressure_mmHg: float,
    systolic_mmHg: float,
    venous_mmHg: float,
    floor: float = DEFAULT_CONDUCTANCE_FLOOR,
    arterial_margin_mmHg: float = ARTERIAL_CLOSURE_MARGIN_MMHG,
) -> CuffEffect:
    """The effect of a cuff inflated to ``cuff_pressure_mmHg`` on a limb whose arterial systolic
    pressure and venous pressure under the cuff are given.

    state: ``none`` while the cuff does not exceed venous pressure; ``venous_only`` up to
    systolic + ARTERIAL_CLOSURE_MARGIN_MMHG (veins closing or closed, arteries open or only
    partly closed); ``full`` at or above it. ``arterial_margin_mmHg`` lets a scenario give a
    patient with thick soft tissue (a higher limb occlusion pressure) a larger margin.
    """
    if cuff_pressure_mmHg < 0.0:
        raise ValueError("cuff pressure cannot be negative (0 means no cuff)")
    if venous_mmHg >= systolic_mmHg:
        raise ValueError("venous pressure must be below systolic pressure")
    if not 0.0 < floor < 1.0:
        raise ValueError("floor must be between 0 and 1")
    if arterial_margin_mmHg <= 0.0:
        raise ValueError("the arterial closure margin must be positive")

    venous_closed = _smoothstep((cuff_pressure_mmHg - venous_mmHg) / VENOUS_CLOSURE_BAND_MMHG)
    arterial_closed = _smoothstep((cuff_pressure_mmHg - systolic_mmHg) / arterial_margin_mmHg)
    # Arteries never close before veins: the vein band ends far below systolic in any
    # physiological state, and the max() keeps that true for odd inputs too.
    venous_closed = max(venous_closed, arterial_closed)

    if cuff_pressure_mmHg <= venous_mmHg:
        state: CuffState = "none"
    elif cuff_pressure_mmHg < systolic_mmHg + arterial_margin_mmHg:
        state = "venous_only"
    else:
        state = "full"
    return CuffEffect(
        state=state,
        arterial_conductance_factor=floor + (1.0 - floor) * (1.0 - arterial_closed),
        venous_conductance_factor=floor + (1.0 - floor) * (1.0 - venous_closed),
    )
