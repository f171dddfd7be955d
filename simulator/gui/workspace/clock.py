"""The simulation clock: play, pause, single step, speed and "jump to the next action".

The clock holds the displayed time. While playing it moves at ``speed`` simulated seconds per
wall second, but never more than one time step ahead of what the session has computed: a slow
step slows the clock instead of letting the picture fall behind it. The session is asked to
compute a quarter of a wall second ahead of the clock. Every control is a
``QAction`` with a shortcut and a tooltip, so the menu, the toolbar and the keys are the same.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

SPEEDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
"""Simulated seconds per wall second."""
LOOKAHEAD_WALL_S = 0.25


def _action(parent: QObject, text: str, shortcuts: list[str], tip: str) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.setStatusTip(tip)
    action.setToolTip(f"{tip} ({shortcuts[0]})")
    return action


class SimulationClock(QObject):
    changed = Signal()
    """Playing, speed or time changed."""
    step_requested = Signal()
    jump_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.time_s = 0.0
        self.playing = False
        self.speed_index = 0
        self.play_action = _action(self, "&Play", ["Space"], "Play or pause the simulation")
        self.play_action.setCheckable(True)
        self.play_action.toggled.connect(self.set_playing)
        self.step_action = _action(
            self, "Single &Step", ["Right"], "Pause and advance one time step"
        )
        self.step_action.triggered.connect(self._step)
        self.jump_action = _action(
            self,
            "&Jump to Next Action",
            ["Ctrl+Right"],
            "Advance to the next action of the plan and apply it",
        )
        self.jump_action.triggered.connect(self._jump)
        self.faster_action = _action(self, "&Faster", ["+", "="], "Play faster (up to 60×)")
        self.faster_action.triggered.connect(lambda: self.set_speed_index(self.speed_index + 1))
        self.slower_action = _action(self, "S&lower", ["-"], "Play slower (down to 1×)")
        self.slower_action.triggered.connect(lambda: self.set_speed_index(self.speed_index - 1))
        self.actions = [
            self.play_action,
            self.step_action,
            self.jump_action,
            self.faster_action,
            self.slower_action,
        ]

    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    def set_speed(self, speed: float) -> None:
        self.set_speed_index(SPEEDS.index(speed))

    def set_speed_index(self, index: int) -> None:
        index = max(0, min(len(SPEEDS) - 1, index))
        if index != self.speed_index:
            self.speed_index = index
            self.changed.emit()

    def set_playing(self, playing: bool) -> None:
        if playing != self.playing:
            self.playing = playing
            self.play_action.setText("&Pause" if playing else "&Play")
            self.changed.emit()
        if self.play_action.isChecked() != playing:
            self.play_action.setChecked(playing)

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)

    def reset(self, time_s: float = 0.0) -> None:
        self.set_playing(False)
        self.time_s = time_s
        self.changed.emit()

    def tick(self, wall_s: float, computed_s: float, step_s: float) -> float:
        """Move the displayed time on by ``wall_s`` of wall time; return the time the session
        should compute to: a quarter of a wall second ahead of the display (at least a step),
        so that the next frames are ready however irregularly the display timer fires."""
        if not self.playing:
            return self.time_s
        self.time_s = min(self.time_s + self.speed * wall_s, computed_s + step_s)
        return self.time_s + max(step_s, self.speed * LOOKAHEAD_WALL_S)

    def follow(self, computed_s: float) -> None:
        """After a step or a jump the display shows the session's time."""
        self.time_s = computed_s

    def _step(self) -> None:
        self.set_playing(False)
        self.step_requested.emit()

    def _jump(self) -> None:
        self.jump_requested.emit()
