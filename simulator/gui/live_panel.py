"""The live panel: the numbers a perfusionist watches, and where the cardiac output goes.

Built once; ``show_report`` only changes label texts and calls ``setOpts`` on the bar item, so it
can follow a snapshot at display rate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

TOP_BEDS = 10
BAR_COLOUR = QColor("#0072B2")
BAR_HEIGHT = 0.7
AXIS_TEXT_MARGIN = 14
VALUE_FONT_SCALE = 1.8


@dataclass(frozen=True)
class Readout:
    key: str
    caption: str
    unit: str
    explanation: str
    value: Callable[[Mapping[str, Any]], float]
    decimals: int


READOUTS = (
    Readout(
        "cardiac_output", "Cardiac output", "L/min", "Blood the left ventricle ejects per minute",
        lambda r: r["cardiac_output_l_min"], 2,
    ),
    Readout(
        "heart_rate", "Heart rate", "bpm", "Beats per minute",
        lambda r: r["heart_rate_bpm"], 0,
    ),
    Readout(
        "map", "MAP", "mmHg", "Mean arterial pressure at the aortic root",
        lambda r: r["mean_arterial_pressure_mmHg"], 0,
    ),
    Readout(
        "cvp", "CVP", "mmHg", "Central venous pressure (mean right atrial pressure)",
        lambda r: r["central_venous_pressure_mmHg"], 1,
    ),
    Readout(
        "mpap", "Mean PA", "mmHg", "Mean pulmonary artery pressure",
        lambda r: r["mean_pulmonary_artery_pressure_mmHg"], 1,
    ),
    Readout(
        "blood_volume", "Blood volume", "L", "Total blood volume in the circulation",
        lambda r: r["blood_volume_ml"] / 1000.0, 2,
    ),
)  # fmt: skip


class ReadoutTile(QFrame):
    """A caption above a large value and its unit, readable from across a training room."""

    def __init__(self, readout: Readout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.readout = readout
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(readout.explanation)
        caption = QLabel(readout.caption)
        caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.value_label = QLabel("–")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * VALUE_FONT_SCALE)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        unit = QLabel(readout.unit)
        unit.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        value_row = QHBoxLayout()
        value_row.setSpacing(4)
        value_row.addWidget(self.value_label, alignment=Qt.AlignmentFlag.AlignBaseline)
        value_row.addWidget(unit, alignment=Qt.AlignmentFlag.AlignBaseline)
        value_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        layout.addWidget(caption)
        layout.addLayout(value_row)

    @property
    def text(self) -> str:
        return f"{self.value_label.text()} {self.readout.unit}"

    def show_value(self, report: Mapping[str, Any]) -> None:
        try:
            value = float(self.readout.value(report))
        except KeyError:
            self.value_label.setText("–")
            return
        self.value_label.setText(f"{value:.{self.readout.decimals}f}")


class BedSharePlot(pg.PlotWidget):
    """Horizontal bars: the systemic beds taking the largest shares of cardiac output.

    Only systemic beds: the lungs receive the whole right-heart output, so they would take the
    first two bars (100 % between them) and say nothing about where the body's blood goes.
    """

    def __init__(
        self, bed_labels: Mapping[str, str], systemic: Iterable[str], parent: QWidget | None = None
    ) -> None:
        palette = QApplication.palette()
        super().__init__(parent, background=palette.color(QPalette.ColorRole.Base))
        self.bed_labels = dict(bed_labels)
        self.systemic = frozenset(systemic)
        plot = self.getPlotItem()
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.invertY(True)
        foreground = palette.color(QPalette.ColorRole.Text)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(foreground)
            axis.setTextPen(foreground)
        plot.setLabel("bottom", "share of cardiac output (%)")
        # pyqtgraph widens an axis for long tick text only after a repaint, and hides the text
        # until then; the bed names are known, so size the axis for the longest one now.
        left_axis = plot.getAxis("left")
        metrics = QFontMetrics(left_axis.font())
        longest = max(
            (metrics.horizontalAdvance(text) for text in self.bed_labels.values()), default=0
        )
        left_axis.setWidth(longest + AXIS_TEXT_MARGIN)
        self.bars = pg.BarGraphItem(
            x0=np.zeros(TOP_BEDS),
            y=np.arange(TOP_BEDS, dtype=float),
            height=BAR_HEIGHT,
            width=np.zeros(TOP_BEDS),
            brush=BAR_COLOUR,
            pen=pg.mkPen(None),
        )
        plot.addItem(self.bars)
        plot.setYRange(-0.6, TOP_BEDS - 0.4, padding=0.0)
        self.bed_ids: list[str] = []

    def show_beds(self, beds: Mapping[str, Mapping[str, float]]) -> None:
        systemic = [(bed_id, state) for bed_id, state in beds.items() if bed_id in self.systemic]
        systemic.sort(key=lambda item: -item[1]["fraction_of_cardiac_output"])
        top = systemic[:TOP_BEDS]
        self.bed_ids = [bed_id for bed_id, _ in top]
        shares = np.array([100.0 * state["fraction_of_cardiac_output"] for _, state in top])
        self.bars.setOpts(
            x0=np.zeros(len(top)),
            y=np.arange(len(top), dtype=float),
            width=shares,
            height=BAR_HEIGHT,
        )
        ticks = [(float(i), self.bed_labels.get(b, b)) for i, b in enumerate(self.bed_ids)]
        plot = self.getPlotItem()
        plot.getAxis("left").setTicks([ticks])
        plot.setXRange(0.0, max(float(shares.max(initial=0.0)), 1.0) * 1.05, padding=0.0)

    def shares(self) -> dict[str, float]:
        """What the bars show, as fractions of cardiac output, largest first."""
        widths = self.bars.opts["width"]
        return {bed_id: float(w) / 100.0 for bed_id, w in zip(self.bed_ids, widths, strict=True)}


class LivePanel(QWidget):
    def __init__(
        self, bed_labels: Mapping[str, str], systemic: Iterable[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tiles = {readout.key: ReadoutTile(readout) for readout in READOUTS}
        grid = QGridLayout()
        grid.setSpacing(6)
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // 2, i % 2)
        heading = QLabel("Where the cardiac output goes (top systemic beds)")
        heading_font = QFont(heading.font())
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self.bed_plot = BedSharePlot(bed_labels, systemic, self)
        self.bed_plot.setMinimumHeight(260)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.bed_plot, stretch=1)

    def show_report(self, report: Mapping[str, Any]) -> None:
        for tile in self.tiles.values():
            tile.show_value(report)
        self.bed_plot.show_beds(report.get("beds", {}))
