"""The small window that sets a cuff's pressure at one limb root (0 removes the cuff).

It opens beside the limb root that was clicked (or where a cuff from the shelf was dropped) with
the pressure the cuff has now, or the catalog's usual pressure for a new one. While the pressure
changes it says, from the cuff rules and the session's current pressures, whether the cuff will
close arteries and veins or only the veins. Enter or "Set" proposes one ``set_cuff`` action;
Escape or a click elsewhere closes it without one. A refusal from the sink is shown in the popup,
which stays open so the trainee can correct the value.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFrame,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.session.hands_on import CUFF_STATE_TEXT

PRESSURE_STEP_MMHG = 10


class CuffPopup(QFrame):
    applied = Signal(str, float)
    """The limb root and the pressure the trainee set (mmHg; 0 removes the cuff)."""
    closed = Signal()

    def __init__(
        self,
        limb_root: str,
        title: str,
        pressure_mmHg: float,
        max_pressure_mmHg: float,
        state_of: Callable[[float], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("cuff_popup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.limb_root = limb_root
        self._state_of = state_of
        box = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>")
        box.addWidget(heading)
        self.spin = QSpinBox()
        self.spin.setObjectName("cuff_pressure")
        self.spin.setRange(0, int(max_pressure_mmHg))
        self.spin.setSingleStep(PRESSURE_STEP_MMHG)
        self.spin.setSuffix(" mmHg")
        self.spin.setValue(round(pressure_mmHg))
        self.spin.setToolTip(
            f"Cuff pressure, 0 to {max_pressure_mmHg:g} mmHg; 0 removes the cuff. Up and down"
            f" change it by {PRESSURE_STEP_MMHG}."
        )
        self.spin.setAccessibleName("Cuff pressure in mmHg")
        box.addWidget(self.spin)
        self.state_label = QLabel()
        self.state_label.setObjectName("cuff_state")
        self.state_label.setWordWrap(True)
        self.state_label.setMinimumWidth(260)
        box.addWidget(self.state_label)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("cuff_refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("color: #ff9f43")
        self.refusal_label.setVisible(False)
        box.addWidget(self.refusal_label)
        buttons = QDialogButtonBox()
        self.set_button = buttons.addButton("Set", QDialogButtonBox.ButtonRole.AcceptRole)
        self.set_button.setToolTip("Set the cuff to this pressure (Enter)")
        self.set_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Close without changing the cuff (Esc)")
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.close)
        box.addWidget(buttons)
        self.spin.valueChanged.connect(self._update_state)
        self._update_state()

    @property
    def state(self) -> str:
        return self._state_of(float(self.spin.value()))

    def _update_state(self) -> None:
        value = self.spin.value()
        if value == 0:
            self.state_label.setText("0 mmHg removes the cuff")
        else:
            self.state_label.setText(f"At {value} mmHg the cuff {CUFF_STATE_TEXT[self.state]}")

    def _apply(self) -> None:
        self.applied.emit(self.limb_root, float(self.spin.value()))

    def refuse(self, reason: str) -> None:
        self.refusal_label.setText(reason)
        self.refusal_label.setVisible(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._apply()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()

    def open_at(self, global_pos: QPoint) -> None:
        self.adjustSize()
        self.move(global_pos + QPoint(12, 12))
        self.show()
        self.spin.setFocus()
        self.spin.selectAll()
