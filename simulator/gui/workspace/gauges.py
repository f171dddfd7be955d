"""Gauges: the nine numbers watched during a perfusion, each with its alarm state.

One tile per reading of the live readout: caption, large value, unit, and a state badge (shape,
word and colour, see ``alarm_style``); the tooltip says why the state is what it is. Tiles are
built once and only change their texts.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from simulator.gui.workspace.alarm_style import look
from simulator.session.live import Reading

GAUGE_ORDER = (
    ("map", "MAP", "mmHg", "Mean arterial pressure at the aortic root"),
    ("heart_rate", "Heart rate", "bpm", "Beats per minute"),
    ("cardiac_output", "Cardiac output", "L/min", "Blood the left ventricle ejects per minute"),
    ("cvp", "CVP", "mmHg", "Central venous pressure (mean right atrial pressure)"),
    (
        "region_pressure",
        "Isolated segment",
        "mmHg",
        "Highest pressure in the isolated region's own vessels",
    ),
    ("leak", "Leak", "%", "Cumulative drug that left the region, of the drug delivered"),
    ("leak_rate", "Leak rate", "%/min", "Drug leaving the region now, % of the dose per minute"),
    (
        "exposure_ratio",
        "Exposure ratio",
        "×",
        "Drug exposure (AUC) of the targets over that of the systemic arterial blood",
    ),
    (
        "reservoir",
        "Reservoir",
        "mL",
        "Change of the circuit reservoir's level from what was primed and infused: falling, "
        "perfusate is leaking into the body; rising, systemic blood is entering the region",
    ),
)
VALUE_FONT_SCALE = 1.45
NOT_APPLICABLE = {
    "region_pressure": "no isolated region",
    "reservoir": "no reservoir draining by gravity",
}
"""What a gauge says when its reading does not exist in this scenario (a NaN value): the
resting baseline has no isolated segment, so it has no pressure, not a normal one."""


class GaugeTile(QFrame):
    def __init__(self, key: str, caption: str, unit: str, explanation: str) -> None:
        super().__init__()
        self.key = key
        self.unit = unit
        self.explanation = explanation
        self.state = "normal"
        self._shown_state: tuple | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"gauge_{key}")
        caption_label = QLabel(caption)
        caption_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.value_label = QLabel("–")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * VALUE_FONT_SCALE)
        font.setBold(True)
        self.value_label.setFont(font)
        unit_label = QLabel(unit)
        unit_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.badge = QLabel()
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(70)
        top = QHBoxLayout()
        top.addWidget(caption_label)
        top.addStretch(1)
        top.addWidget(self.badge)
        value_row = QHBoxLayout()
        value_row.setSpacing(4)
        value_row.addWidget(self.value_label, alignment=Qt.AlignmentFlag.AlignBaseline)
        value_row.addWidget(unit_label, alignment=Qt.AlignmentFlag.AlignBaseline)
        value_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addLayout(value_row)
        self._show_state("normal", "")

    @property
    def text(self) -> str:
        return f"{self.value_label.text()} {self.unit}"

    def show_reading(self, reading: Reading) -> None:
        if self.value_label.text() != reading.text:
            self.value_label.setText(reading.text)
        absent = NOT_APPLICABLE.get(self.key) if not math.isfinite(reading.value) else None
        if absent is not None:
            self._show_state(
                "none", f"this scenario has {absent}", word=f"{look('none').symbol} none"
            )
        else:
            self._show_state(reading.state, reading.reason)

    def _show_state(self, state: str, reason: str, word: str | None = None) -> None:
        # Ten times a second during play: a style sheet set again, even the same one, makes
        # Qt polish the badge anew.
        if (state, reason, word) == self._shown_state:
            return
        self._shown_state = (state, reason, word)
        self.state = state
        style = look(state)
        self.badge.setText(word if word is not None else f"{style.symbol} {style.word}")
        self.badge.setStyleSheet(
            f"background: {style.colour.name()}; color: {style.text_colour.name()};"
            "border-radius: 3px; padding: 1px 4px; font-weight: bold;"
        )
        label = word if word is not None else style.word
        self.setToolTip(f"{self.explanation}.\n{label}: {reason}" if reason else "")


class GaugePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {
            key: GaugeTile(key, caption, unit, tip) for key, caption, unit, tip in GAUGE_ORDER
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(4)
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 2, i % 2)

    def show_readings(self, readings: dict[str, Reading]) -> None:
        for key, tile in self.tiles.items():
            reading = readings.get(key)
            if reading is not None:
                tile.show_reading(reading)
