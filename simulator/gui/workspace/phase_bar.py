"""The phase bar: the procedure's phases along the time axis and where the attempt is now.

Planned phases (the plan's ``mark_phase`` actions) are drawn as bands across the whole
duration, the phases already entered as solid bands, and a marker shows the present time. Each
phase has a colour from the Okabe-Ito palette and its name written in its band.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PHASE_COLOURS = {
    "preparation": QColor("#999999"),
    "isolation_check": QColor("#56B4E9"),
    "perfusion": QColor("#E69F00"),
    "washout": QColor("#009E73"),
    "filtration": QColor("#CC79A7"),
    "end": QColor("#0072B2"),
}
PHASE_NAMES = {
    "preparation": "Preparation",
    "isolation_check": "Isolation check",
    "perfusion": "Perfusion",
    "washout": "Washout",
    "filtration": "Filtration",
    "end": "End",
}
FUTURE_ALPHA = 70


def phase_name(phase: str) -> str:
    return PHASE_NAMES.get(phase, phase.replace("_", " ").capitalize())


class PhaseBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phase_bar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(200)
        self.t_s = 0.0
        self.end_s = 1.0
        self.phase = "preparation"
        self.entered: tuple[tuple[float, str], ...] = ((0.0, "preparation"),)
        self.planned: tuple[tuple[float, str], ...] = ()

    def sizeHint(self) -> QSize:
        return QSize(600, 26)

    def show_phases(
        self,
        t_s: float,
        end_s: float,
        phase: str,
        entered: tuple[tuple[float, str], ...],
        planned: tuple[tuple[float, str], ...],
    ) -> None:
        changed = (t_s, end_s, phase, entered, planned) != (
            self.t_s,
            self.end_s,
            self.phase,
            self.entered,
            self.planned,
        )
        self.t_s, self.end_s, self.phase = t_s, max(end_s, 1.0), phase
        self.entered, self.planned = entered, planned
        self.setToolTip(f"Phase now: {phase_name(phase)}")
        if changed:
            self.update()

    def bands(self) -> list[tuple[float, float, str, bool]]:
        """(start, end, phase, entered) bands: entered phases up to now, then the plan's rest."""
        bands = []
        entered = list(self.entered)
        for i, (start, phase) in enumerate(entered):
            stop = entered[i + 1][0] if i + 1 < len(entered) else self.t_s
            bands.append((start, stop, phase, True))
        future = [(t, p) for t, p in self.planned if t > self.t_s]
        previous_phase = entered[-1][1] if entered else "preparation"
        starts = [(self.t_s, previous_phase), *future]
        for i, (start, phase) in enumerate(starts):
            stop = starts[i + 1][0] if i + 1 < len(starts) else self.end_s
            bands.append((start, stop, phase, False))
        return [band for band in bands if band[1] > band[0]]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        scale = width / self.end_s
        for start, stop, phase, entered in self.bands():
            colour = QColor(PHASE_COLOURS.get(phase, QColor("#777777")))
            if not entered:
                colour.setAlpha(FUTURE_ALPHA)
            rect = QRectF(start * scale, 2, (stop - start) * scale, height - 4)
            painter.fillRect(rect, colour)
            painter.setPen(QPen(QColor("#000000") if entered else QColor("#333333")))
            painter.setClipRect(rect)
            text_rect = rect.adjusted(3, 0, -2, 0)
            text = painter.fontMetrics().elidedText(
                phase_name(phase), Qt.TextElideMode.ElideRight, int(text_rect.width())
            )
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
            )
        painter.setClipping(False)
        marker = self.t_s * scale
        painter.setPen(QPen(QColor("#000000"), 2))
        painter.drawLine(int(marker), 0, int(marker), height)
        painter.end()
