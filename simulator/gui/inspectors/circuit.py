"""The circuit inspector: start an extracorporeal circuit, change its flow, stop it (issue 8
item 6).

The draw and the return are each a catheter in the patient (with the opening: aspiration holes
to draw, infusion holes to return) or a cannulated vessel point (vessel and position, or picked
on the map with ``set_point``). Then the flow, the circuit or filter from the shelf, the filter's
extraction and the oxygenator. Every change is checked at once
(``session.proposals.check_circuit``: openings, the lumen's, pump's and filter's flow limits,
the shelf) and the reason shown; Start proposes one ``start_circuit``. On a running circuit
the same form changes its settings (a new ``start_circuit`` from now) and Stop is one
``stop_circuit``.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.devices.effects import point_key, port_point
from simulator.gui import describe
from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.inspectors.drug import narrow_combo
from simulator.gui.workspace.alarm_style import look
from simulator.session.proposals import (
    CircuitDraft,
    Endpoint,
    Proposal,
    check_circuit,
    check_stop_circuit,
)

VESSEL_POINT = "__vessel_point__"
DEFAULT_FLOW_ML_MIN = 120.0
ENDS_HINT = (
    "The draw and return are the same place: choose where the circuit draws blood"
    " from and where it returns it (Draw, Return), a catheter opening or a vessel point,"
    " then the flow, and Start."
)


class EndpointPicker(QWidget):
    """A catheter (and which of its openings) or a vessel point."""

    changed = Signal()

    def __init__(self, context: InspectorContext, function: str, name: str) -> None:
        super().__init__()
        self.context = context
        self.function = function
        self.source = QComboBox()
        self.source.setObjectName(f"circuit_{name}_box")
        self.source.setToolTip(
            f"Where the circuit {'draws blood from' if function == 'aspiration' else 'returns it'}"
            ": a catheter in the patient, or a cannulated vessel point"
        )
        narrow_combo(self.source, 12)
        self.port = QComboBox()
        self.port.setObjectName(f"circuit_{name}_port_box")
        self.port.setToolTip(f"Which {function} opening of the catheter")
        narrow_combo(self.port, 12)
        self.vessel = QComboBox()
        self.vessel.setObjectName(f"circuit_{name}_vessel_box")
        self.vessel.setEditable(True)
        self.vessel.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.vessel.setToolTip("The cannulated vessel (type to search, or click it on the map)")
        narrow_combo(self.vessel, 12)
        for segment in sorted(context.atlas.segments, key=lambda s: describe.display_name(s.id)):
            self.vessel.addItem(describe.display_name(segment.id), segment.id)
        self.position = QDoubleSpinBox()
        self.position.setObjectName(f"circuit_{name}_position_box")
        self.position.setRange(0.0, 1.0)
        self.position.setSingleStep(0.05)
        self.position.setValue(0.5)
        self.position.setToolTip("Where along the vessel, 0 at its start and 1 at its end")
        # Stacked, not side by side: the dock is narrow at 200 %.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.source)
        column.addWidget(self.port)
        point = QHBoxLayout()
        point.addWidget(self.vessel, stretch=1)
        point.addWidget(self.position)
        column.addLayout(point)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.port.currentIndexChanged.connect(self.changed)
        self.vessel.currentIndexChanged.connect(self.changed)
        self.position.valueChanged.connect(self.changed)

    def fill(self, catheter_ids: list[str]) -> None:
        chosen = self.source.currentData()
        self.source.blockSignals(True)
        self.source.clear()
        for catheter_id in catheter_ids:
            self.source.addItem(f"catheter {catheter_id}", catheter_id)
        self.source.addItem("a vessel point", VESSEL_POINT)
        self.source.setCurrentIndex(max(self.source.findData(chosen), 0))
        self.source.blockSignals(False)
        self._source_changed()

    def _source_changed(self, *_args) -> None:
        data = self.source.currentData()
        on_vessel = data == VESSEL_POINT
        self.vessel.setVisible(on_vessel)
        self.position.setVisible(on_vessel)
        self.port.setVisible(not on_vessel)
        self.port.blockSignals(True)
        self.port.clear()
        snapshot = self.context.snapshot()
        if not on_vessel and snapshot is not None and data in snapshot.devices.catheters:
            device = self.context.catalog.device(snapshot.devices.catheters[data].model)
            openings = sorted(
                (p for p in getattr(device, "ports", []) if p.function == self.function),
                key=lambda p: p.distance_from_tip_mm,
            )
            if not openings:
                self.port.addItem("end hole", 0)
            for index, port in enumerate(openings):
                where = (
                    "end hole"
                    if port.distance_from_tip_mm == 0
                    else f"{port.distance_from_tip_mm:g} mm back"
                )
                self.port.addItem(f"{index}: {where}", index)
        self.port.blockSignals(False)
        self.changed.emit()

    def choose(self, end: Endpoint, port: int = 0) -> None:
        if isinstance(end, tuple):
            self.source.setCurrentIndex(self.source.findData(VESSEL_POINT))
            self.vessel.setCurrentIndex(max(self.vessel.findData(end[0]), 0))
            self.position.setValue(end[1])
        else:
            self.source.setCurrentIndex(max(self.source.findData(end), 0))
            self.port.setCurrentIndex(max(self.port.findData(port), 0))

    def endpoint(self) -> tuple[Endpoint, int]:
        data = self.source.currentData()
        if data == VESSEL_POINT:
            vessel = self.vessel.currentData() or self.vessel.currentText()
            return (vessel, self.position.value()), 0
        return data or "", self.port.currentData() or 0


class CircuitInspector(QWidget):
    def __init__(self, context: InspectorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("circuit_inspector")
        self.context = context
        self.circuit_id: str | None = None
        self.title = QLabel()
        self.title.setObjectName("circuit_title")
        self.title.setWordWrap(True)
        self.id_edit = QLineEdit("circuit")
        self.id_edit.setObjectName("circuit_id_edit")
        self.id_edit.setToolTip("A name for the circuit (lower case, digits, _ or -)")
        self.draw = EndpointPicker(context, "aspiration", "draw")
        self.return_ = EndpointPicker(context, "infusion", "return")
        self.flow_box = QDoubleSpinBox()
        self.flow_box.setObjectName("circuit_flow_box")
        self.flow_box.setSuffix(" mL/min")
        self.flow_box.setRange(0.0, 5000.0)
        self.flow_box.setSingleStep(10.0)
        self.flow_box.setValue(DEFAULT_FLOW_ML_MIN)
        self.flow_box.setToolTip("Pump flow through the circuit")
        self.model_box = QComboBox()
        self.model_box.setObjectName("circuit_model_box")
        self.model_box.setToolTip(
            "The circuit or filter from the shelf (its priming volume is the "
            "reservoir the drug mixes in)"
        )
        narrow_combo(self.model_box)
        self.extraction_box = QDoubleSpinBox()
        self.extraction_box.setObjectName("circuit_extraction_box")
        self.extraction_box.setRange(0.0, 1.0)
        self.extraction_box.setSingleStep(0.05)
        self.extraction_box.setToolTip(
            "Share of the drug the filter removes in one pass (0 without a filter)"
        )
        self.oxygenator_box = QCheckBox("&Oxygenator")
        self.oxygenator_box.setObjectName("circuit_oxygenator_box")
        self.oxygenator_box.setToolTip(
            "Oxygenate the blood in the circuit (ILP); off for hypoxic "
            "perfusion and venous filtration"
        )
        self.reason_label = QLabel()
        self.reason_label.setObjectName("circuit_reason")
        self.reason_label.setWordWrap(True)
        self.start_button = QPushButton("S&tart circuit")
        self.start_button.setObjectName("circuit_start_button")
        self.start_button.setToolTip("Start the circuit, or give a running one these settings")
        self.stop_button = QPushButton("Sto&p circuit")
        self.stop_button.setObjectName("circuit_stop_button")
        self.stop_button.setToolTip("Stop the circuit: one stop_circuit action")
        form = QFormLayout()
        form.addRow("Name", self.id_edit)
        form.addRow("Draw", self.draw)
        form.addRow("Return", self.return_)
        form.addRow("Flow", self.flow_box)
        form.addRow("Circuit", self.model_box)
        form.addRow("Filter", self.extraction_box)
        form.addRow("", self.oxygenator_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(form)
        box.addWidget(self.reason_label)
        box.addLayout(buttons)
        box.addStretch(1)
        for signal in (
            self.draw.changed,
            self.return_.changed,
            self.flow_box.valueChanged,
            self.model_box.currentIndexChanged,
            self.extraction_box.valueChanged,
            self.oxygenator_box.toggled,
            self.id_edit.textChanged,
        ):
            signal.connect(self.recheck)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)

    def set_circuit(self, circuit_id: str | None) -> None:
        """Show a running circuit (its settings in the form), or a new one (None)."""
        self.circuit_id = circuit_id or None
        snapshot = self.context.snapshot()
        scenario = self.context.scenario
        catheters = sorted(snapshot.devices.catheters) if snapshot is not None else []
        self.draw.fill(catheters)
        self.return_.fill(catheters)
        self.model_box.blockSignals(True)
        self.model_box.clear()
        self.model_box.addItem("none (200 mL reservoir)", None)
        for device_id in scenario.device_shelf if scenario is not None else ():
            device = self.context.catalog.device(device_id)
            if device.type in ("perfusion_circuit", "filter"):
                self.model_box.addItem(device.name, device_id)
        self.model_box.setCurrentIndex(1 if self.model_box.count() > 1 else 0)
        self.model_box.blockSignals(False)
        running = (
            snapshot.devices.circuits.get(self.circuit_id)
            if snapshot is not None and self.circuit_id
            else None
        )
        self.id_edit.setReadOnly(running is not None)
        self.stop_button.setEnabled(running is not None)
        if running is None:
            self.title.setText("<b>Start a circuit</b>")
            self.start_button.setText("S&tart circuit")
        else:
            self.title.setText(
                f"<b>Circuit {self.circuit_id}</b>: running at "
                f"{60 * running.flow_ml_s:.0f} mL/min since "
                f"{int(running.started_at_s // 60)}:{int(running.started_at_s % 60):02d}"
            )
            self.start_button.setText("Change &settings")
            self.id_edit.setText(self.circuit_id)
            self._show_running(running, catheters)
        self.recheck()

    def _show_running(self, running, catheters: list[str]) -> None:
        """The form shows the running circuit's settings, so a change starts from them."""
        for picker, point, function in (
            (self.draw, running.draw, "aspiration"),
            (self.return_, running.return_point, "infusion"),
        ):
            end, port = self._endpoint_of(point, function)
            picker.choose(end, port)
        self.model_box.setCurrentIndex(max(self.model_box.findData(running.model), 0))
        self.flow_box.setValue(60.0 * running.flow_ml_s)
        self.extraction_box.setValue(running.extraction)
        self.oxygenator_box.setChecked(running.oxygenated)

    def _endpoint_of(self, point, function: str) -> tuple[Endpoint, int]:
        """The catheter opening at ``point``, or the vessel point itself."""
        snapshot = self.context.snapshot()
        wanted = point_key(point)
        for catheter_id, catheter in sorted(snapshot.devices.catheters.items()):
            device = self.context.catalog.device(catheter.model)
            count = sum(1 for p in getattr(device, "ports", []) if p.function == function)
            for index in range(max(count, 1)):
                if point_key(port_point(catheter, device, function, index)) == wanted:
                    return catheter_id, index
        return (point.segment, point.position), 0

    def set_point(self, which: str, vessel: str, position: float) -> None:
        """A vessel point picked on the map becomes the draw or the return."""
        picker = self.draw if which == "draw" else self.return_
        picker.choose((vessel, position))

    def draft(self) -> CircuitDraft:
        draw, draw_port = self.draw.endpoint()
        back, return_port = self.return_.endpoint()
        return CircuitDraft(
            circuit_id=self.id_edit.text().strip(),
            draw=draw,
            return_=back,
            flow_ml_min=self.flow_box.value(),
            draw_port=draw_port,
            return_port=return_port,
            filter_extraction=self.extraction_box.value(),
            oxygenated=self.oxygenator_box.isChecked(),
            model=self.model_box.currentData(),
        )

    def _check(self) -> Proposal:
        snapshot = self.context.snapshot()
        scenario = self.context.scenario
        if snapshot is None or scenario is None:
            return Proposal(None, "no attempt is running")
        return check_circuit(
            self.draft(),
            self.context.now_s(),
            scenario,
            self.context.catalog,
            snapshot.devices,
            {s.id for s in self.context.atlas.segments},
        )

    def recheck(self, *_args) -> Proposal:
        proposal = self._check()
        if proposal.action is None and self._ends_not_chosen():
            # The form as it opens: both ends alike. Nothing is wrong yet; say what to do.
            self._show_hint(ENDS_HINT)
        else:
            self._show_reason(proposal.reason)
        return proposal

    def _ends_not_chosen(self) -> bool:
        if self.circuit_id:
            return False  # a running circuit's ends are set
        return self.draw.endpoint() == self.return_.endpoint()

    def _show_hint(self, text: str) -> None:
        self.reason_label.setText(text)
        self.reason_label.setStyleSheet("")

    def _show_reason(self, reason: str | None, prefix: str = "Not allowed: ") -> None:
        if reason is None:
            self.reason_label.clear()
            return
        self.reason_label.setText(prefix + reason)
        self.reason_label.setStyleSheet(f"color: {look('alarm').colour.name()}")

    def _propose(self, proposal: Proposal, text: str) -> bool:
        if proposal.action is None:
            self._show_reason(proposal.reason)
            return False
        action = proposal.action
        reason = self.context.propose(lambda t_s: action.model_copy(update={"t_s": t_s}), text)
        if reason is not None:
            self._show_reason(reason, "Not done: ")
            return False
        self._show_reason(None)
        return True

    def start(self) -> bool:
        draft = self.draft()
        verb = "Change" if self.circuit_id else "Start"
        return self._propose(
            self._check(), f"{verb} circuit {draft.circuit_id} at {draft.flow_ml_min:g} mL/min"
        )

    def stop(self) -> bool:
        snapshot = self.context.snapshot()
        if snapshot is None or not self.circuit_id:
            return False
        proposal = check_stop_circuit(self.circuit_id, self.context.now_s(), snapshot.devices)
        return self._propose(proposal, f"Stop circuit {self.circuit_id}")
