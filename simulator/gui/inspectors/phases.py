"""Marking the procedure's phases from the phase bar (issue 8 item 7).

Each phase a plan can mark (``mark_phase``) is a QAction with a shortcut (Ctrl+Alt+1 to 5),
reached from the phase bar's context menu (right-click, or the menu key with the bar focused),
from a "Mark Phase" button at the end of the phase toolbar and from the Simulation menu. A
triggered action proposes one ``mark_phase`` at the present time; a refusal goes to the status
bar, and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import get_args

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.workspace.phase_bar import phase_name
from simulator.scenario.plan_file import MarkPhase, Phase

PHASES: tuple[str, ...] = get_args(Phase)
PHASE_HINTS = {
    "isolation_check": "the region is closed off; check it holds (a contrast puff)",
    "perfusion": "the drug goes in",
    "washout": "the drug is washed out of the region",
    "filtration": "the blood leaving the region is filtered",
    "end": "the isolation is released and the procedure ends",
}


class PhaseMarker(QObject):
    refused = Signal(str)
    """A proposed phase mark was refused; carries the reason."""

    def __init__(self, context: InspectorContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.actions: dict[str, QAction] = {}
        for number, phase in enumerate(PHASES, start=1):
            shortcut = f"Ctrl+Alt+{number}"
            action = QAction(f"Mark {phase_name(phase)}", self)
            action.setObjectName(f"mark_phase_{phase}")
            action.setShortcut(QKeySequence(shortcut))
            tip = f"Mark the {phase_name(phase).lower()} phase now: {PHASE_HINTS[phase]}"
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({shortcut})")
            action.triggered.connect(self._marker(phase))
            self.actions[phase] = action
        self.menu = QMenu("Mark &Phase")
        self.menu.setToolTipsVisible(True)
        for action in self.actions.values():
            self.menu.addAction(action)

    def _marker(self, phase: str) -> Callable[[], None]:
        return lambda _checked=False: self.mark(phase)

    def mark(self, phase: str) -> str | None:
        reason = self.context.propose(
            lambda t_s: MarkPhase(t_s=t_s, phase=phase), f"Mark the {phase_name(phase).lower()}"
        )
        if reason is not None:
            self.refused.emit(f"Phase not marked: {reason}")
        return reason

    def attach_to_bar(self, bar: QWidget) -> None:
        """The phase bar's context menu marks a phase."""
        bar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        bar.customContextMenuRequested.connect(
            lambda point: self.menu.popup(bar.mapToGlobal(point))
        )
        bar.setToolTip(
            (bar.toolTip() + "\n" if bar.toolTip() else "")
            + "Right-click to mark a phase now (Ctrl+Alt+1 to 5)"
        )

    def tool_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName("mark_phase_button")
        button.setText("Mark Phase")
        button.setToolTip("Mark a phase of the procedure now (Ctrl+Alt+1 to 5)")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(self.menu)
        return button
