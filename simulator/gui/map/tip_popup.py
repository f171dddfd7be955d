"""Moving a catheter's tip from the keyboard: choose the vessel and the position along it.

The keyboard's way to do what a tip drag does. The vessel list holds the vessels of the
catheter's own system (typing filters it), the position is a fraction along the vessel in its
flow direction, and every change asks ``placement.preview_tip`` for the route: the popup says
where the balloons and openings would sit and how wide the vessel is there, or navigation's
reason for refusing, and the map shows the same preview. Enter in the vessel field chooses the
vessel and goes on to the position; Enter there or "Move" proposes one ``move_catheter``; Escape
closes the popup without one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from simulator.devices.navigation import VesselPoint
from simulator.devices.placement import TipPreview

POSITION_STEP = 0.05


class TipPopup(QFrame):
    moved = Signal(str, str, float)
    """Catheter id, vessel and position (0..1) the trainee chose."""
    previewed = Signal(object)
    """The :class:`TipPreview` for the current choice (the map draws it)."""
    closed = Signal()

    def __init__(
        self,
        catheter_id: str,
        vessels: list[tuple[str, str]],
        tip: VesselPoint,
        preview: Callable[[VesselPoint], TipPreview],
        parent: QWidget | None = None,
    ) -> None:
        """``vessels`` are (segment id, display name) pairs."""
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("tip_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.catheter_id = catheter_id
        self._preview = preview
        self.current: TipPreview | None = None
        box = QVBoxLayout(self)
        box.addWidget(QLabel(f"<b>Move the tip of {catheter_id}</b>"))
        form = QFormLayout()
        self.vessel_box = QComboBox()
        self.vessel_box.setObjectName("tip_vessel")
        self.vessel_box.setEditable(True)
        self.vessel_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for segment_id, name in vessels:
            self.vessel_box.addItem(name, segment_id)
        completer = self.vessel_box.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.vessel_box.setToolTip("The vessel the tip goes to; type part of its name to find it")
        form.addRow("&Vessel", self.vessel_box)
        self.position_box = QDoubleSpinBox()
        self.position_box.setObjectName("tip_position")
        self.position_box.setRange(0.0, 1.0)
        self.position_box.setDecimals(3)
        self.position_box.setSingleStep(POSITION_STEP)
        self.position_box.setToolTip(
            "How far along the vessel, in its flow direction: 0 its start, 1 its end"
        )
        form.addRow("&Position", self.position_box)
        box.addLayout(form)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("tip_preview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setMinimumWidth(340)
        box.addWidget(self.preview_label)
        buttons = QDialogButtonBox()
        self.move_button = buttons.addButton("Move", QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setToolTip("Move the tip there (Enter)")
        self.move_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Close without moving the tip (Esc)")
        buttons.accepted.connect(self._move)
        buttons.rejected.connect(self.close)
        box.addWidget(buttons)
        index = self.vessel_box.findData(tip.segment)
        self.vessel_box.setCurrentIndex(max(index, 0))
        self.position_box.setValue(tip.position)
        self.vessel_box.currentIndexChanged.connect(self._update)
        self.vessel_box.lineEdit().editingFinished.connect(self._commit_typed)
        self.vessel_box.lineEdit().installEventFilter(self)
        self.position_box.valueChanged.connect(self._update)
        self._update()

    def _commit_typed(self) -> None:
        """Typed text chooses the vessel it names (or the first whose name contains it) on Enter
        or when focus leaves; text naming no vessel goes back to the chosen one's name."""
        box = self.vessel_box
        text = box.lineEdit().text().strip()
        index = box.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0 and text:
            index = box.findText(text, Qt.MatchFlag.MatchContains)
        if index >= 0:
            box.setCurrentIndex(index)
        box.lineEdit().setText(box.itemText(box.currentIndex()))

    def choice(self) -> VesselPoint:
        return VesselPoint(str(self.vessel_box.currentData()), float(self.position_box.value()))

    def _update(self) -> None:
        preview = self._preview(self.choice())
        self.current = preview
        if preview.route is None:
            self.preview_label.setStyleSheet("color: #ff9f43")
            self.preview_label.setText(f"Not possible: {preview.refusal}")
        else:
            self.preview_label.setStyleSheet("")
            lines = [
                f"Tip in a {preview.tip_diameter_mm:.1f} mm vessel,"
                f" {preview.route.length_mm / 10.0:.0f} cm inside"
            ]
            for mark in preview.marks:
                where = mark.point.segment.replace("_", " ")
                lines.append(
                    f"{mark.label}: {where}, {mark.vessel_diameter_mm:.1f} mm"
                    if mark.inside
                    else f"{mark.label}: outside the body"
                )
            self.preview_label.setText("\n".join(lines))
        self.move_button.setEnabled(preview.route is not None)
        self.previewed.emit(preview)

    def _move(self) -> None:
        if self.current is not None and self.current.route is not None:
            point = self.choice()
            self.moved.emit(self.catheter_id, point.segment, point.position)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the vessel field chooses the vessel and goes on to the position; Enter there
        # (or on the button) moves the tip.
        if (
            watched is self.vessel_box.lineEdit()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._commit_typed()
            self.position_box.setFocus()
            self.position_box.selectAll()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._move()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()

    def open_at(self, global_pos: QPoint) -> None:
        self.adjustSize()
        self.move(global_pos + QPoint(12, 12))
        self.show()
        self.position_box.setFocus()
        self.position_box.selectAll()
