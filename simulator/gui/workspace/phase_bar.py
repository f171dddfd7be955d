"""The phase bar: the procedure's phases along the time axis and where the attempt is now.

Planned phases (the plan's ``mark_phase`` actions) are drawn as bands across the whole
duration, the phases already entered as solid bands, and a marker shows the present time. Each
phase has a colour from the Okabe-Ito palette. Its name is a label under the bands, starting
where its band starts and pushed along just enough not to cover its neighbours: a band can be a
few pixels wide (the isolation check is a minute and a half of an hour), its name never is cut.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

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
BAND_HEIGHT = 10
LABEL_GAP = 6


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
        self.labels: list[QLabel] = []
        self._label_phases: list[tuple[str, bool]] = []
        self.setFixedHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(600, BAND_HEIGHT + self.fontMetrics().height() + 8)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.setFixedHeight(self.sizeHint().height())
            self._place_labels()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_labels()

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
            self._place_labels()
            self.update()

    def label_starts(self) -> list[tuple[float, str, bool]]:
        """(start, phase, entered) of each run of bands of one phase, in time order."""
        runs: list[tuple[float, str, bool]] = []
        for start, _stop, phase, entered in self.bands():
            if runs and runs[-1][1] == phase:
                continue
            runs.append((start, phase, entered))
        return runs

    def _place_labels(self) -> None:
        runs = self.label_starts()
        phases = [(phase, entered) for _start, phase, entered in runs]
        if phases != self._label_phases:
            for label in self.labels:
                label.deleteLater()
            self.labels = [self._make_label(phase, entered) for phase, entered in phases]
            self._label_phases = phases
        metrics = self.fontMetrics()
        widths = [metrics.horizontalAdvance(label.text()) + 6 for label in self.labels]
        scale = self.width() / self.end_s
        # Each name starts under its band's start, after the previous name; names that would
        # run past the right end are pulled back, the last against the edge.
        lefts: list[float] = []
        for start, _phase, _entered in runs:
            left = start * scale
            if lefts:
                left = max(left, lefts[-1] + widths[len(lefts) - 1] + LABEL_GAP)
            lefts.append(left)
        right = float(self.width())
        for i in range(len(lefts) - 1, -1, -1):
            lefts[i] = max(min(lefts[i], right - widths[i]), 0.0)
            right = lefts[i] - LABEL_GAP
        top = BAND_HEIGHT + 3
        for label, left, width in zip(self.labels, lefts, widths, strict=True):
            label.setGeometry(int(left), top, width, metrics.height() + 2)
            label.show()

    def _make_label(self, phase: str, entered: bool) -> QLabel:
        label = QLabel(phase_name(phase), self)
        label.setObjectName(f"phase_label_{phase}")
        colour = PHASE_COLOURS.get(phase, QColor("#777777"))
        label.setStyleSheet(
            f"color: {'#000000' if entered else '#555555'};"
            f"border-bottom: 2px solid {colour.name()}; padding: 0px 2px;"
        )
        label.setToolTip(f"{phase_name(phase)}: {'entered' if entered else 'planned'}")
        return label

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
        scale = self.width() / self.end_s
        for start, stop, phase, entered in self.bands():
            colour = QColor(PHASE_COLOURS.get(phase, QColor("#777777")))
            if not entered:
                colour.setAlpha(FUTURE_ALPHA)
            painter.fillRect(QRectF(start * scale, 1, (stop - start) * scale, BAND_HEIGHT), colour)
        marker = self.t_s * scale
        painter.setPen(QPen(QColor("#000000"), 2))
        painter.drawLine(int(marker), 0, int(marker), BAND_HEIGHT + 2)
        painter.end()
