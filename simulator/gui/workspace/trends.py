"""Trends over the attempt: arterial and region pressure, leak, and for each drug the target
against the systemic concentration. Plot items are created once (the drug curves when the
session starts, from the drugs the scenario and plan can give) and fed with ``setData``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from simulator.session.live import LiveReadout

ARTERIAL_PEN = pg.mkPen("#D55E00", width=2)
REGION_PEN = pg.mkPen("#0072B2", width=2)
LEAK_PEN = pg.mkPen("#CC79A7", width=2)
DRUG_COLOURS = ("#E69F00", "#009E73", "#56B4E9", "#F0E442", "#000000", "#999999")
"""Okabe-Ito: each drug one colour, target solid and systemic dashed."""
CONCENTRATION_FLOOR_MG_L = 1.0e-3
"""The drug plot is logarithmic (contrast runs at grams per litre, melphalan at milligrams);
below this a drug counts as absent and is drawn on the floor."""
TIME_AXIS_STEPS_MIN = ((60.0, 5.0), (180.0, 15.0), (math.inf, 30.0))
"""The time axes end at the next multiple of 5 minutes (of 15 past an hour, of 30 past three):
an axis is laid out and painted again whenever its range moves, which with the range following
the data would be at every redraw."""
DISPLAY_POINTS = 2000
"""A trend plot is a few hundred pixels wide: longer series are thinned for display."""


def time_axis_end_min(latest_min: float) -> float:
    """Where the time axes end for a trend reaching ``latest_min`` (at least 5 minutes)."""
    for up_to, step in TIME_AXIS_STEPS_MIN:
        if latest_min <= up_to:
            return max(step * math.ceil(latest_min / step), TIME_AXIS_STEPS_MIN[0][1])
    raise AssertionError("the last step has no limit")


def thinned(t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(t) <= DISPLAY_POINTS:
        return t, y
    stride = int(np.ceil(len(t) / DISPLAY_POINTS))
    return t[::stride], y[::stride]


class TrendPlots(pg.GraphicsLayoutWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trend_plots")
        self.setBackground("w")
        self.pressure_plot = self.addPlot(row=0, col=0, title="Pressure (mmHg)")
        # Short titles: a plot is at least as wide as its title, and the three must fit the
        # dock of the default window side by side (the legends say what each curve is).
        self.leak_plot = self.addPlot(row=0, col=1, title="Leak (% delivered)")
        self.drug_plot = self.addPlot(row=0, col=2, title="Drug (mg/L)")
        for plot in (self.pressure_plot, self.leak_plot, self.drug_plot):
            plot.showGrid(x=True, y=True, alpha=0.3)
            for side in ("left", "bottom"):
                # Grid lines at the labelled ticks only: the minor ticks' lines were half of a
                # trend frame's painting, and a plot this small reads better without them.
                plot.getAxis(side).setStyle(maxTickLevel=0)
            plot.setLabel("bottom", "time (min)")
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.setMenuEnabled(False)
            plot.addLegend(
                offset=(5, 5),
                labelTextSize="8pt",
                labelTextColor="#333333",
                brush=(255, 255, 255, 210),
                pen="#cccccc",
            )
        self.drug_plot.setLogMode(y=True)
        self.arterial_curve = self.pressure_plot.plot(pen=ARTERIAL_PEN, name="arterial (MAP)")
        self.region_curve = self.pressure_plot.plot(pen=REGION_PEN, name="isolated segment")
        self.leak_curve = self.leak_plot.plot(pen=LEAK_PEN, name="leak")
        self.drug_curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.has_region = True
        """Whether the scenario has an isolated region: without one there is no such pressure,
        and its curve is left out rather than drawn at a false zero."""
        self.no_region_note = pg.TextItem("no isolated region", color="#0072B2", anchor=(1, 1))
        self.no_region_note.setParentItem(self.pressure_plot.getViewBox())
        self.no_region_note.setVisible(False)
        self._time_axis_end_min: float | None = None

    def set_drugs(self, drugs: Iterable[str]) -> None:
        """Create the two curves of each drug the session can give (once per session)."""
        for target, systemic in self.drug_curves.values():
            self.drug_plot.removeItem(target)
            self.drug_plot.removeItem(systemic)
        self.drug_plot.legend.clear()
        self.drug_curves = {}
        for i, drug in enumerate(dict.fromkeys(drugs)):
            colour = DRUG_COLOURS[i % len(DRUG_COLOURS)]
            target = self.drug_plot.plot(pen=pg.mkPen(colour, width=2), name=f"{drug} target")
            systemic = self.drug_plot.plot(
                pen=pg.mkPen(colour, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
                name=f"{drug} systemic",
            )
            self.drug_curves[drug] = (target, systemic)
        for curve in (self.arterial_curve, self.region_curve, self.leak_curve):
            curve.setData([], [])
        self._set_time_axis(0.0)

    def set_region(self, has_region: bool) -> None:
        """Show the isolated segment's curve only for a scenario that has an isolated region."""
        if has_region == self.has_region:
            return
        self.has_region = has_region
        legend = self.pressure_plot.legend
        if has_region:
            legend.addItem(self.region_curve, "isolated segment")
        else:
            self.region_curve.setData([], [])
            legend.removeItem(self.region_curve)
        self.region_curve.setVisible(has_region)
        self.no_region_note.setVisible(not has_region)
        self._place_note()

    def _place_note(self) -> None:
        note = getattr(self, "no_region_note", None)  # pyqtgraph resizes during construction
        if note is not None and note.isVisible():
            box = self.pressure_plot.getViewBox().boundingRect()
            note.setPos(box.right() - 4, box.bottom() - 4)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_note()

    def show_trends(self, readout: LiveReadout) -> None:
        trends = readout.trends
        region = readout.readings.get("region_pressure")
        # The readout gives the isolated segment's pressure as NaN when there is no region.
        self.set_region(region is None or math.isfinite(region.value))
        minutes = trends.get("t_s", np.zeros(0)) / 60.0
        self._set_time_axis(float(minutes[-1]) if len(minutes) else 0.0)
        self.arterial_curve.setData(*thinned(minutes, trends.get("map_mmHg", np.zeros(0))))
        if self.has_region:
            self.region_curve.setData(
                *thinned(minutes, trends.get("region_pressure_mmHg", np.zeros(0)))
            )
        self.leak_curve.setData(*thinned(minutes, trends.get("leak_percent", np.zeros(0))))
        for drug, (target, systemic) in self.drug_curves.items():
            if f"{drug}_target_mg_l" in trends:
                for curve, key in ((target, "target"), (systemic, "systemic")):
                    values = np.maximum(trends[f"{drug}_{key}_mg_l"], CONCENTRATION_FLOOR_MG_L)
                    curve.setData(*thinned(minutes, values))

    def _set_time_axis(self, latest_min: float) -> None:
        end = time_axis_end_min(latest_min)
        if end != self._time_axis_end_min:
            self._time_axis_end_min = end
            for plot in (self.pressure_plot, self.leak_plot, self.drug_plot):
                plot.setXRange(0.0, end, padding=0.0)
