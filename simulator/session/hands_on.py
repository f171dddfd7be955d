"""Small Qt-free answers the hands-on map controls need: a name for a new catheter, which limb
roots a cuff fits, and what a cuff pressure would do now.

The cuff answer uses the pressures the session itself judges a cuff by (``Session.rebuild``:
systolic from the mean aortic-root pressure, venous from the right atrium plus 5 mmHg), read
from the newest snapshot, so the popup says what the session will do on the next step.
"""

from __future__ import annotations

from collections.abc import Iterable

from simulator.devices.cuff_rules import CuffState, cuff_effect
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.catalog_file import BalloonCatheter, PneumaticCuff
from simulator.session.limits import SYSTOLIC_OVER_MEAN

RESTING_SYSTOLIC_MMHG = SYSTOLIC_OVER_MEAN * 93.0
RESTING_VENOUS_MMHG = 10.0
"""What ``Session.rebuild`` assumes before its first solve; the popup uses them likewise."""
VENOUS_ABOVE_ATRIUM_MMHG = 5.0

LIMB_ROOT_PREFIX = {"thigh": "thigh_root", "arm": "upper_arm_root"}

CUFF_STATE_TEXT: dict[str, str] = {
    "full": "closes arteries and veins: the limb is isolated",
    "venous_only": "closes only the veins: the limb fills and swells (venous congestion)",
    "none": "closes nothing: below the venous pressure",
}


def new_catheter_id(device: object, system: str, taken: Iterable[str]) -> str:
    """A name later actions use: the balloon's role (``aortic``, ``caval``) when the catheter has
    a labelled balloon, else the system (``arterial_1``); never one already in use."""
    used = set(taken)
    if isinstance(device, BalloonCatheter):
        label = device.balloons[0].label.strip().lower().replace(" ", "_")
        if label and label.isascii() and label.replace("_", "").isalnum() and label not in used:
            return label
    n = 1
    while f"{system}_{n}" in used:
        n += 1
    return f"{system}_{n}"


def cuff_fits(cuff: PneumaticCuff, limb_root: str) -> bool:
    return limb_root.startswith(LIMB_ROOT_PREFIX[cuff.limb] + "_")


def limb_root_ids(atlas: AtlasFile) -> list[str]:
    return [root.id for root in atlas.limb_roots]


def cuff_pressures(snapshot) -> tuple[float, float]:
    """(systolic, venous) in mmHg as the session judges a cuff, from a ``session.Snapshot``
    (None before the first: the session's resting assumption)."""
    if snapshot is None or snapshot.state is None:
        return RESTING_SYSTOLIC_MMHG, RESTING_VENOUS_MMHG
    network, pressure = snapshot.network, snapshot.state.pressure_mmHg
    systolic = SYSTOLIC_OVER_MEAN * float(pressure[network.node_index("aortic_root")])
    venous = float(pressure[network.node_index("right_atrium")]) + VENOUS_ABOVE_ATRIUM_MMHG
    return systolic, min(venous, systolic - 1.0)


def cuff_state(pressure_mmHg: float, snapshot) -> CuffState:
    systolic, venous = cuff_pressures(snapshot)
    return cuff_effect(max(pressure_mmHg, 0.0), systolic, venous).state
