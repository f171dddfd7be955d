"""The inspectors' commands in the Devices menu, so that every kind of step has a menu entry
and a shortcut (issue 8 item 11): a balloon, a drug or contrast, the one-click contrast puff, a
circuit, embolisation, the anaesthetist's drugs and fluid. Each shows the inspector dock on the
right entry and puts the keyboard in its first field (the puff is given at once); with nothing
to act on it says what to do first in the status bar.

The catheter acted on is the one selected on the map, else the first in the patient.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from simulator.gui.inspectors.panel import Entry, InspectorPanel

NO_CATHETER = "No catheter is in the patient: place one from the device shelf first (Ctrl+I)"
NO_BALLOON = "No catheter in the patient has a balloon: place a balloon catheter first"


class InspectorCommands:
    def __init__(self, window: QMainWindow, panel: InspectorPanel) -> None:
        self.window = window
        self.panel = panel
        self.actions: list[QAction] = [
            self._action(
                "Inspect a &Balloon…",
                "Ctrl+Alt+B",
                "Set the volume of a balloon of the selected catheter (spin box, slider, wheel)",
                self.balloon,
            ),
            self._action(
                "Give a &Drug or Contrast…",
                "Ctrl+Alt+G",
                "A bolus or an infusion of a protocol drug, contrast or tracer through the "
                "selected catheter, or stop one",
                self.drug,
            ),
            self._action(
                "Contrast &Puff",
                "Ctrl+Alt+C",
                "The isolation check in one click: contrast through the selected catheter, "
                "and the map shows where it goes",
                self.puff,
            ),
            self._action(
                "Start or Change a &Circuit…",
                "Ctrl+Alt+R",
                "A circuit's draw and return, flow, filter and oxygenator; change or stop a "
                "running one",
                self.circuit,
            ),
            self._action(
                "&Embolise a Vessel…",
                "Ctrl+Alt+M",
                "A coil or particles at a point of an artery",
                self.embolize,
            ),
            self._action(
                "Ask the &Anaesthetist…",
                "Ctrl+Alt+A",
                "A vasodilator or vasopressor infusion (start, change, stop) or fluid",
                self.anaesthetist,
            ),
        ]

    def _action(self, text: str, shortcut: str, tip: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut})")
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)

    # -- what each command chooses ------------------------------------------------------------
    def _selected_catheter(self) -> str:
        shelf = getattr(self.window, "hands_on", None)
        hands_on = getattr(shelf, "hands_on", None)
        return getattr(hands_on, "selected", "") or ""

    def _entries(self, kind: str) -> list[Entry]:
        self.panel.refresh()
        return [entry for entry in self.panel.entries() if entry[0] == kind]

    def _catheter_entry(self, kind: str) -> Entry | None:
        """The selected catheter's first entry of ``kind``, else the first in the patient."""
        entries = self._entries(kind)
        selected = self._selected_catheter()
        mine = [entry for entry in entries if entry[1] == selected]
        return (mine or entries or [None])[0]

    def _show(self, entry: Entry, focus: QWidget | None) -> bool:
        dock = getattr(self.window, "inspector_dock", None)
        if dock is not None:
            dock.show()
            dock.raise_()
        if not self.panel.select(*entry):
            return False
        if focus is not None:
            focus.setFocus()
        return True

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- the commands -------------------------------------------------------------------------
    def balloon(self) -> None:
        if self.panel.context.snapshot() is None:
            self._say(NO_CATHETER)
            return
        entry = self._catheter_entry("balloon")
        if entry is None:
            self._say(NO_BALLOON)
            return
        self._show(entry, self.panel.balloon.volume_box)

    def drug(self) -> None:
        entry = self._catheter_entry("catheter")
        if entry is None:
            self._say(NO_CATHETER)
            return
        self._show(entry, self.panel.drug.drug_box)

    def puff(self) -> None:
        entry = self._catheter_entry("catheter")
        if entry is None:
            self._say(NO_CATHETER)
            return
        if self._show(entry, self.panel.drug.puff_button):
            self.panel.drug.puff_button.click()

    def circuit(self) -> None:
        running = [entry for entry in self._entries("circuit") if entry[1]]
        entry = running[0] if running else ("circuit", "", 0)
        if self.panel.context.snapshot() is None:
            self._say("No attempt is running: start one from the library")
            return
        self._show(entry, self.panel.circuit.draw.source)

    def embolize(self) -> None:
        if self.panel.context.snapshot() is None:
            self._say("No attempt is running: start one from the library")
            return
        self._show(("embolize", "", 0), self.panel.embolize.vessel_box)

    def anaesthetist(self) -> None:
        if self.panel.context.snapshot() is None:
            self._say("No attempt is running: start one from the library")
            return
        self._show(("anaesthetist", "", 0), self.panel.anaesthetist.order_box)
