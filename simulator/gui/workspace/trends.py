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
SYSTEMIC_KEY_PEN = pg.mkPen("#555555", width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
DRUG_COLOURS = ("#E69F00", "#009E73", "#56B4E9", "#F0E442", "#000000", "#999999")
"""Okabe-Ito: each drug one colour, target solid and systemic dashed."""
CONCENTRATION_FLOOR_MG_L = 1.0e-3
"""The drug plot is logarithmic (contrast runs at grams per litre, melphalan at milligrams);
below this a drug counts as absent and is drawn on the floor."""
TIME_AXIS_STEPS_MIN = ((60.0, 5.0), (180.0, 15.0), (math.inf, 30.0))
"""The time axes end at the next multiple of 5 minutes (of 15 past an hour, of 30 past three):
an axis is laid out and painted again whenever its range moves, which with the range following
the data would be at every redraw."""
PRESSURE_STEP_MMHG = 20.0
"""The pressure axis spans whole multiples of 20 mmHg around the data, and the leak axis rises
through 1, 2, 5 times a power of ten, and the drug axis through whole decades: like the time
axes, a value axis that followed the data would be laid out and painted again at every redraw,
and would jitter under the trainee's eyes."""
VALUE_AXIS_PADDING = 0.15
"""Room beyond each end of a stepped value axis, as a fraction of its span: pyqtgraph drops a
tick label that would cross the axis's end, and the ends are where the steps put the ticks
(the 0 and 10 of a 0-10 % leak axis went unlabelled)."""
DISPLAY_POINTS = 600
"""A trend plot is a few hundred pixels wide: longer series are thinned for display (to each
stretch's low and high, two samples for every pixel or so of a plot 300 px wide); painting
1500 points a curve at 25 minutes was most of a trend frame."""


def time_axis_end_min(latest_min: float) -> float:
    """Where the time axes end for a trend reaching ``latest_min`` (at least 5 minutes)."""
    for up_to, step in TIME_AXIS_STEPS_MIN:
        if latest_min <= up_to:
            return max(step * math.ceil(latest_min / step), TIME_AXIS_STEPS_MIN[0][1])
    raise AssertionError("the last step has no limit")


def pressure_axis_mmHg(low_mmHg: float, high_mmHg: float) -> tuple[float, float]:
    """The pressure axis for data from ``low_mmHg`` to ``high_mmHg``: whole steps of 20 mmHg
    around it, at least two steps tall."""
    step = PRESSURE_STEP_MMHG
    bottom = step * math.floor(low_mmHg / step)
    top = max(step * math.ceil(high_mmHg / step), bottom + 2.0 * step)
    return bottom, top


def leak_axis_top_percent(high_percent: float) -> float:
    """The leak axis's top (its bottom is 0 %): the least of 1, 2 or 5 times a power of ten
    at or above the data, from 0.01 % (a leak of 0.003 % is drawn on a 0-0.01 % axis)."""
    high = max(high_percent, 0.0)
    if high <= 0.01:
        return 0.01 if high > 0.0 else 1.0
    decade = 10.0 ** math.floor(math.log10(high))
    for factor in (1.0, 2.0, 5.0, 10.0):
        # A hair of tolerance: 2.0000000001 % of rounding would otherwise ask for a 5 % axis.
        if high <= factor * decade * (1.0 + 1e-9):
            return factor * decade
    raise AssertionError("10 times the decade is above the data")


def drug_axis_decades(low_mg_l: float, high_mg_l: float) -> tuple[float, float]:
    """The drug axis (log10 of mg/L) for data from ``low_mg_l`` to ``high_mg_l``: the whole
    decades around it, at least two."""
    bottom = math.floor(math.log10(max(low_mg_l, CONCENTRATION_FLOOR_MG_L)))
    top = math.ceil(math.log10(max(high_mg_l, CONCENTRATION_FLOOR_MG_L)))
    return float(bottom), float(max(top, bottom + 2))


def thinned(t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most ``DISPLAY_POINTS`` of the series, keeping each stretch's lowest and highest
    sample in time order: the drawn line has the peaks of the data (a leak spike, a pressure
    dip), however long the attempt, and a plot paints a few hundred points, not thousands."""
    n = len(t)
    if n <= DISPLAY_POINTS:
        return t, y
    buckets = DISPLAY_POINTS // 2
    size = -(-n // buckets)  # ceiling: the last stretch may be short
    padded = np.concatenate([y, np.full(size * buckets - n, y[-1])]).reshape(buckets, size)
    starts = np.arange(buckets) * size
    low = starts + np.argmin(padded, axis=1)
    high = starts + np.argmax(padded, axis=1)
    picked = np.minimum(np.sort(np.stack([low, high], axis=1), axis=1).ravel(), n - 1)
    picked = picked[np.concatenate([[True], np.diff(picked) > 0])]
    return t[picked], y[picked]


class TrendPlots(pg.GraphicsLayoutWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trend_plots")
        self.setBackground("w")
        self.pressure_plot = self.addPlot(row=0, col=0, title="Pressure (mmHg)")
        # Short titles: a plot is at least as wide as its title, and the three must fit the
        # dock of the default window side by side (the key under them says what each curve is).
        self.leak_plot = self.addPlot(row=0, col=1, title="Leak (% delivered)")
        self.drug_plot = self.addPlot(row=0, col=2, title="Drug (mg/L)")
        for plot in (self.pressure_plot, self.leak_plot, self.drug_plot):
            plot.showGrid(x=True, y=True, alpha=0.3)
            for side in ("left", "bottom"):
                # Grid lines at the labelled ticks only: the minor ticks' lines were half of a
                # trend frame's painting, and a plot this small reads better without them.
                plot.getAxis(side).setStyle(maxTickLevel=0)
                plot.getAxis(side).setCacheMode(
                    pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
                )
            plot.setLabel("bottom", "time (min)")
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.setMenuEnabled(False)
        # One key for the three plots, in a row under them: a protocol gives up to five drugs
        # (contrast and vasodilators included), and keys inside plots this small covered them.
        self.key = pg.LegendItem(
            labelTextSize="8pt", labelTextColor="#333333", colCount=4, frame=False, verSpacing=-6
        )
        self.addItem(self.key, row=1, col=0, colspan=3)
        self.drug_plot.setLogMode(y=True)
        self.arterial_curve = self.pressure_plot.plot(pen=ARTERIAL_PEN)
        self.region_curve = self.pressure_plot.plot(pen=REGION_PEN)
        self.leak_curve = self.leak_plot.plot(pen=LEAK_PEN)  # the plot's title names it
        self._systemic_key = pg.PlotDataItem(pen=SYSTEMIC_KEY_PEN)
        self.drug_curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.has_region = True
        """Whether the scenario has an isolated region: without one there is no such pressure,
        and its curve is left out rather than drawn at a false zero."""
        self.no_region_note = pg.TextItem("no isolated region", color="#0072B2", anchor=(1, 1))
        self.no_region_note.setParentItem(self.pressure_plot.getViewBox())
        self.no_region_note.setVisible(False)
        self._value_ranges: dict[int, tuple[float, float]] = {}
        """The value span each plot shows (by the plot's id), set only when it changes."""
        self.no_drug_note = pg.TextItem("no drug\ngiven yet", color="#666666", anchor=(0.5, 0.5))
        self.no_drug_note.setParentItem(self.drug_plot.getViewBox())
        self.drug_given = True
        """Whether any drug has a concentration yet: before, the log axis would autorange over
        nothing and label a bare decade with crowded ticks."""
        self._set_drug_given(False)
        self._time_axis_end_min: float | None = None

    def set_drugs(self, drugs: Iterable[str]) -> None:
        """Create the two curves of each drug the session can give (once per session)."""
        for target, systemic in self.drug_curves.values():
            self.drug_plot.removeItem(target)
            self.drug_plot.removeItem(systemic)
        self.drug_curves = {}
        for i, drug in enumerate(dict.fromkeys(drugs)):
            colour = DRUG_COLOURS[i % len(DRUG_COLOURS)]
            target = self.drug_plot.plot(pen=pg.mkPen(colour, width=2))
            systemic = self.drug_plot.plot(
                pen=pg.mkPen(colour, width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
            )
            self.drug_curves[drug] = (target, systemic)
        self._fill_key()
        for curve in (self.arterial_curve, self.region_curve, self.leak_curve):
            curve.setData([], [])
        self._set_drug_given(False)
        self._set_time_axis(0.0)

    def set_region(self, has_region: bool) -> None:
        """Show the isolated segment's curve only for a scenario that has an isolated region."""
        if has_region == self.has_region:
            return
        self.has_region = has_region
        if not has_region:
            self.region_curve.setData([], [])
        self._fill_key()
        self.region_curve.setVisible(has_region)
        self.no_region_note.setVisible(not has_region)
        self._place_note()

    def _fill_key(self) -> None:
        """The key's entries: the pressures, then each drug (one drug: its two curves; more: a
        drug's colour, and one entry for the dashes)."""
        self.key.clear()
        self.key.addItem(self.arterial_curve, "arterial (MAP)")
        if self.has_region:
            self.key.addItem(self.region_curve, "isolated segment")
        one = len(self.drug_curves) == 1
        for drug, (target, systemic) in self.drug_curves.items():
            self.key.addItem(target, f"{drug} target" if one else drug)
            if one:
                self.key.addItem(systemic, f"{drug} systemic")
        if len(self.drug_curves) > 1:
            self.key.addItem(self._systemic_key, "dashed: systemic")

    def _set_drug_given(self, given: bool) -> None:
        if given == self.drug_given:
            return
        self.drug_given = given
        if not given:
            # The decades a regional perfusion spans, 0.01 to 10^4 mg/L (log10 units).
            self._set_value_range(self.drug_plot, (-2.0, 4.0))
        self.no_drug_note.setVisible(not given)
        self._place_note()

    def _place_note(self) -> None:
        note = getattr(self, "no_region_note", None)  # pyqtgraph resizes during construction
        if note is not None and note.isVisible():
            box = self.pressure_plot.getViewBox().boundingRect()
            note.setPos(box.right() - 4, box.bottom() - 4)
        note = getattr(self, "no_drug_note", None)
        if note is not None and note.isVisible():
            note.setPos(self.drug_plot.getViewBox().boundingRect().center())

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
        pressures = [trends.get("map_mmHg", np.zeros(0))]
        self.arterial_curve.setData(*thinned(minutes, pressures[0]))
        if self.has_region:
            pressures.append(trends.get("region_pressure_mmHg", np.zeros(0)))
            self.region_curve.setData(*thinned(minutes, pressures[1]))
        leak = trends.get("leak_percent", np.zeros(0))
        self.leak_curve.setData(*thinned(minutes, leak))
        drawn = []
        for drug, (target, systemic) in self.drug_curves.items():
            if f"{drug}_target_mg_l" in trends:
                for curve, key in ((target, "target"), (systemic, "systemic")):
                    values = np.maximum(trends[f"{drug}_{key}_mg_l"], CONCENTRATION_FLOOR_MG_L)
                    drawn.append(values)
                    curve.setData(*thinned(minutes, values))
        high_mg_l = max((float(v.max()) for v in drawn if len(v)), default=0.0)
        self._set_drug_given(high_mg_l > CONCENTRATION_FLOOR_MG_L)
        shown = [p[np.isfinite(p)] for p in pressures if len(p)]
        shown = [p for p in shown if len(p)]
        if shown:
            low = min(float(p.min()) for p in shown)
            self._set_value_range(
                self.pressure_plot, pressure_axis_mmHg(low, max(float(p.max()) for p in shown))
            )
        self._set_value_range(
            self.leak_plot, (0.0, leak_axis_top_percent(float(leak.max()) if len(leak) else 0.0))
        )
        if self.drug_given:
            low_mg_l = min(float(v.min()) for v in drawn if len(v))
            self._set_value_range(self.drug_plot, drug_axis_decades(low_mg_l, high_mg_l))

    def _set_value_range(self, plot: pg.PlotItem, span: tuple[float, float]) -> None:
        if self._value_ranges.get(id(plot)) != span:
            self._value_ranges[id(plot)] = span
            plot.setYRange(*span, padding=VALUE_AXIS_PADDING)

    def _set_time_axis(self, latest_min: float) -> None:
        end = time_axis_end_min(latest_min)
        if end != self._time_axis_end_min:
            self._time_axis_end_min = end
            for plot in (self.pressure_plot, self.leak_plot, self.drug_plot):
                plot.setXRange(0.0, end, padding=0.0)
