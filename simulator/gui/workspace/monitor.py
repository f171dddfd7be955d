"""The arterial-line monitor: at 1× the pulsatile pressure at the scenario's sampling site (from
the transient solver, ``session.arterial_line``), at faster speeds the beat means.

A bedside monitor sweeps the last few seconds; at 60× a few wall seconds are minutes of the
procedure, so there the trace is the beat-mean pressure at the same site over the last minutes.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

TRACE_PEN = pg.mkPen("#D55E00", width=2)
BEAT_WINDOW_S = 1.0
"""Systolic and diastolic numbers are read over the last second (one beat at 60 bpm or more)."""
MEAN_WINDOW_S = 3.0
"""The bracketed mean, as a bedside monitor shows it, is the time average over the last three
seconds (several beats, so a part beat at either end moves it by a mmHg or two)."""
MEANS_WINDOW_S = 300.0
"""At speed the monitor shows the last five simulated minutes of beat means."""


class ArterialMonitor(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="k")
        self.setObjectName("arterial_monitor")
        self.site = ""
        self._caption = ""
        self._numbers_html = ""
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=True, y=True, alpha=0.25)
        for side in ("left", "bottom"):
            plot.getAxis(side).setStyle(maxTickLevel=0)  # grid lines at the labelled ticks only
            # Painted from a pixmap until the axis changes: the grid is the axis's, and each
            # new trace would otherwise repaint it.
            plot.getAxis(side).setCacheMode(
                pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
            )
        plot.setLabel("left", "mmHg")
        plot.setYRange(0.0, 180.0, padding=0.0)
        self.curve = plot.plot(pen=TRACE_PEN)
        self.mode = "waveform"
        plot.setLabel("bottom", "time (s)")
        self.numbers = pg.TextItem(color="#ffffff", anchor=(0, 0))
        plot.addItem(self.numbers, ignoreBounds=True)
        self.setMinimumHeight(140)
        self._title()

    def set_site(self, site_label: str) -> None:
        self.site = site_label
        self._title()

    def _title(self) -> None:
        # The title stays short (a plot is at least as wide as its title, and the monitor has a
        # quarter of its dock); the site and what is drawn go under the numbers.
        self.getPlotItem().setTitle("Arterial line", color="#dddddd")
        # The site only: the time axis ("time (s)", "minutes before now") says what is drawn.
        self._caption = self.site
        self.setToolTip(
            f"Arterial line at the {self.site or 'sampling site'}: "
            + (
                "the pulsatile pressure of the last seconds"
                if self.mode == "waveform"
                else "the beat-mean pressure of the last five minutes"
            )
        )

    def _set_mode(self, mode: str) -> None:
        if mode != self.mode:
            self.mode = mode
            self._title()
            # Set once per mode: a label change lays the plot out again.
            plot = self.getPlotItem()
            if mode == "waveform":
                plot.setLabel("bottom", "time (s)")
            else:
                # The means scroll under a fixed axis (minutes before now): an axis whose range
                # moved would be laid out and painted again at every redraw.
                plot.setLabel("bottom", "minutes before now")
                plot.setXRange(-MEANS_WINDOW_S / 60.0, 0.0, padding=0.0)

    def show_waveform(
        self, t_s: np.ndarray, pressure_mmHg: np.ndarray, now_s: float, window_s: float
    ) -> None:
        self._set_mode("waveform")
        shown = t_s <= now_s + 1e-9
        t, p = t_s[shown], pressure_mmHg[shown]
        self.curve.setData(t, p)
        self.getPlotItem().setXRange(now_s - window_s, now_s, padding=0.0)
        beat = p[t >= now_s - BEAT_WINDOW_S]
        if len(beat):
            mean = _time_average(t[t >= now_s - MEAN_WINDOW_S], p[t >= now_s - MEAN_WINDOW_S])
            self._show_numbers(f"{beat.max():.0f}/{beat.min():.0f} ({mean:.0f})")  # mmHg: the axis
            self.numbers.setPos(now_s - window_s, 178.0)

    def show_means(self, t_s: np.ndarray, mean_mmHg: np.ndarray, now_s: float) -> None:
        self._set_mode("means")
        # Up to the time the clock shows: the session computes a little ahead of it.
        shown = (t_s >= now_s - MEANS_WINDOW_S) & (t_s <= now_s + 1e-9)
        self.curve.setData((t_s[shown] - now_s) / 60.0, mean_mmHg[shown])
        if len(mean_mmHg[shown]):
            self._show_numbers(f"mean {mean_mmHg[shown][-1]:.0f}")
            self.numbers.setPos(-MEANS_WINDOW_S / 60.0, 178.0)

    def _show_numbers(self, numbers: str) -> None:
        text = (
            f'<span style="color:#ffffff">{numbers}</span><br>'
            f'<span style="color:#bbbbbb; font-size:7pt">{html.escape(self._caption)}</span>'
        )
        if text != self._numbers_html:  # setting rich text lays it out again
            self._numbers_html = text
            self.numbers.setHtml(text)

    def trace(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.curve.getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (x, y)


def _time_average(t_s: np.ndarray, pressure_mmHg: np.ndarray) -> float:
    """Mean pressure over the samples' time span (trapezoids; one sample is its own mean)."""
    if len(t_s) < 2 or t_s[-1] <= t_s[0]:
        return float(pressure_mmHg[-1])
    return float(np.trapezoid(pressure_mmHg, t_s) / (t_s[-1] - t_s[0]))
