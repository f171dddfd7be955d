"""The inspector dock's content: a list of what can be inspected, and the inspector of the one
chosen.

The list is rebuilt from the newest snapshot's devices whenever they change (a balloon per
balloon of every catheter in the patient, then the tools that act on the patient as a whole).
The map (or any other control) chooses an entry with ``select``; the keyboard reaches the list
with Alt+N and every inspector's controls with Tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from simulator.gui.inspectors.anaesthetist import AnaesthetistInspector
from simulator.gui.inspectors.balloon import BalloonInspector
from simulator.gui.inspectors.circuit import CircuitInspector
from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.inspectors.drug import DrugInspector, narrow_combo
from simulator.gui.inspectors.embolize import EmbolizeInspector
from simulator.gui.screen_fit import ShownPageStack

FOLLOW_INTERVAL_MS = 200
"""How often the inspectors catch up with the session: five times a second is quicker than a
reading eye and costs nothing next to the display's 30 frames."""

Entry = tuple[str, str, int]
"""(kind, device id, index): ("balloon", "aortic", 0)."""
NOTHING: Entry = ("nothing", "", 0)
"""The first entry, chosen until the trainee chooses: what to select, rather than a form that
opens on an error (a circuit whose two ends are not chosen yet)."""
NO_ATTEMPT = "No attempt is running: start one from the library."
NOTHING_SELECTED = (
    "Nothing is selected. Click a catheter or one of its balloons on the map, or choose "
    "above (Alt+N) what to inspect: a balloon, the drugs and contrast of a catheter, a "
    "circuit, embolisation, or the anaesthetist's drugs and fluid. The Devices menu has a "
    "command for each."
)


class InspectorPanel(QWidget):
    def __init__(self, context: InspectorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector_panel")
        self.context = context
        self.chooser = QComboBox()
        self.chooser.setObjectName("inspector_chooser")
        self.chooser.setToolTip(
            "What the inspector shows: a balloon, the drugs and contrast through a catheter, "
            "a circuit, or embolisation"
        )
        narrow_combo(self.chooser, 20)
        self.empty_label = QLabel(NO_ATTEMPT)
        self.empty_label.setObjectName("inspector_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.balloon = BalloonInspector(context)
        self.drug = DrugInspector(context)
        self.embolize = EmbolizeInspector(context)
        self.circuit = CircuitInspector(context)
        self.anaesthetist = AnaesthetistInspector(context)
        self.stack = ShownPageStack()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.balloon)
        self.stack.addWidget(self.drug)
        self.stack.addWidget(self.embolize)
        self.stack.addWidget(self.circuit)
        self.stack.addWidget(self.anaesthetist)
        self._pages = {
            "balloon": self.balloon,
            "catheter": self.drug,
            "embolize": self.embolize,
            "circuit": self.circuit,
            "anaesthetist": self.anaesthetist,
        }
        self._entries: list[Entry] = []
        chooser_row = QFormLayout()
        caption = QLabel("I&nspect")
        caption.setBuddy(self.chooser)
        chooser_row.addRow(caption, self.chooser)
        box = QVBoxLayout(self)
        box.addLayout(chooser_row)
        box.addWidget(self.stack, stretch=1)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.timer = QTimer(self)
        self.timer.setInterval(FOLLOW_INTERVAL_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    # -- what can be inspected ----------------------------------------------------------------
    def entries(self) -> list[Entry]:
        snapshot = self.context.snapshot()
        if snapshot is None or self.context.scenario is None:
            return []
        found: list[Entry] = [NOTHING]
        for catheter_id, catheter in sorted(snapshot.devices.catheters.items()):
            device = self.context.catalog.device(catheter.model)
            for index, _ in enumerate(getattr(device, "balloons", [])):
                found.append(("balloon", catheter_id, index))
            found.append(("catheter", catheter_id, 0))
        for circuit_id in sorted(snapshot.devices.circuits):
            found.append(("circuit", circuit_id, 0))
        found.append(("circuit", "", 0))
        found.append(("embolize", "", 0))
        found.append(("anaesthetist", "", 0))
        return found

    def _entry_text(self, entry: Entry) -> str:
        kind, device_id, index = entry
        if kind == "balloon":
            snapshot = self.context.snapshot()
            model = snapshot.devices.catheters[device_id].model
            spec = self.context.catalog.device(model).balloons[index]
            label = f" ({spec.label})" if spec.label else ""
            return f"Balloon {index + 1}{label} of catheter {device_id}"
        if kind == "catheter":
            return f"Drugs and contrast through catheter {device_id}"
        if kind == "nothing":
            return "Nothing selected"
        if kind == "embolize":
            return "Embolise a vessel (coil or particles)"
        if kind == "anaesthetist":
            return "The anaesthetist: vasodilator, vasopressor, fluid"
        if kind == "circuit":
            return f"Circuit {device_id}" if device_id else "Start a circuit"
        return f"{kind} {device_id}"

    def refresh(self) -> None:
        """Catch up with the newest snapshot: the list, then the shown inspector."""
        entries = self.entries()
        if entries != self._entries:
            current = self.current_entry()
            self._entries = entries
            self.chooser.blockSignals(True)
            self.chooser.clear()
            for entry in entries:
                self.chooser.addItem(self._entry_text(entry))
            keep = entries.index(current) if current in entries else (0 if entries else -1)
            self.chooser.setCurrentIndex(keep)
            self.chooser.blockSignals(False)
            if self.current_entry() != current or current is None:
                self._chosen(self.chooser.currentIndex())
        page = self.stack.currentWidget()
        if page is self.balloon:
            self.balloon.follow_snapshot()
        elif page is self.drug:
            self.drug.recheck()  # what is given grows while an infusion runs
        elif page is self.anaesthetist:
            self.anaesthetist.follow()  # what runs now follows the time

    def current_entry(self) -> Entry | None:
        index = self.chooser.currentIndex()
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def select(self, kind: str, device_id: str, index: int = 0) -> bool:
        """Show the inspector of that device (the map calls this when one is clicked)."""
        self.refresh()
        entry = (kind, device_id, index)
        if entry not in self._entries:
            return False
        self.chooser.setCurrentIndex(self._entries.index(entry))
        return True

    def _chosen(self, index: int) -> None:
        entry = self.current_entry()
        if entry is None or entry == NOTHING:
            self.empty_label.setText(NO_ATTEMPT if entry is None else NOTHING_SELECTED)
            self.stack.setCurrentWidget(self.empty_label)
            self.balloon.set_balloon(None)
            return
        kind, device_id, number = entry
        page = self._pages[kind]
        if kind == "balloon":
            self.balloon.set_balloon(device_id, number)
        elif kind == "catheter":
            self.drug.set_catheter(device_id)
        elif kind == "embolize":
            self.embolize.refresh_agents()
        elif kind == "circuit":
            self.circuit.set_circuit(device_id)
        elif kind == "anaesthetist":
            self.anaesthetist.recheck()
        self.stack.setCurrentWidget(page)
