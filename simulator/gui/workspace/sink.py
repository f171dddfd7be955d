"""Where the workspace's controls send what the trainee does.

Every hands-on control (the device shelf, a drag on the map, the balloon, cuff, drug, circuit
and embolisation inspectors, the phase bar, the contrast puff) turns a gesture into one plan
action and hands it to an ``ActionSink``. The sink checks it the way the door checks a plan
file, and either records it (one undoable step, applied to the running session at ``now_s``) or
refuses it with a reason the control shows beside itself. Controls never touch the session.

Keeping this a protocol lets each control be built and tested against a small fake sink, and
lets the workspace's plan editor be the only object that knows about undo, replay and files.
"""

from __future__ import annotations

from typing import Protocol

from simulator.scenario.plan_file import AnyAction
from simulator.session.session import Snapshot


class ActionSink(Protocol):
    def now_s(self) -> float:
        """The session time at which an action proposed now is applied (seconds)."""
        ...

    def propose(self, action: AnyAction, text: str) -> str | None:
        """Record ``action`` (whose ``t_s`` is ``now_s()``) as one undoable step.

        ``text`` names the step in the Edit menu and the plan panel ("Inflate aortic balloon to
        12 mL"). Returns None when the action was recorded, else the reason it was refused,
        in words a trainee can act on; a refused action leaves the plan and session unchanged."""
        ...

    def latest_snapshot(self) -> Snapshot | None:
        """The newest published snapshot (devices, pressures, flows), or None before the first."""
        ...
