"""What the map colours vessels by: one small object per overlay, registered by key.

An overlay turns a segment's or bed's entry of the state report into a colour and describes its
own legend. Ranges are fixed rather than fitted to the current state, so that a colour keeps its
meaning while a device changes the circulation (a sealed limb turning yellow means its pressure
really rose, not that the scale moved). Adding a drug or leak overlay means adding one entry to
``OVERLAYS``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from pyqtgraph import ColorMap, colormap
from PySide6.QtGui import QColor

SegmentState = Mapping[str, float]
"""One entry of ``report["segments"]``: flow_ml_s, pressure_in_mmHg, pressure_out_mmHg."""

NO_DATA_COLOUR = QColor("#8a8f96")

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
KIND_COLOURS: dict[str, tuple[str, QColor]] = {
    "artery": ("Systemic artery", QColor("#D55E00")),
    "vein": ("Systemic vein", QColor("#56B4E9")),
    "portal": ("Portal vein", QColor("#CC79A7")),
    "pulmonary_artery": ("Pulmonary artery", QColor("#E69F00")),
    "pulmonary_vein": ("Pulmonary vein", QColor("#009E73")),
}


def _sequential_map() -> ColorMap:
    # Viridis' dark purples vanish on the dark map background (and low-pressure veins would
    # vanish with them), so the scale starts at its blue.
    return colormap.get("viridis").getSubset(0.25, 0.75)


@dataclass(frozen=True)
class Legend:
    """What the legend shows: a colour bar with ticks, or a list of categories."""

    title: str
    bar_colours: tuple[QColor, ...] = ()
    ticks: tuple[tuple[float, str], ...] = ()
    """(position 0..1 along the bar, text)"""
    categories: tuple[tuple[str, QColor], ...] = ()

    @property
    def is_continuous(self) -> bool:
        return bool(self.bar_colours)


@dataclass(frozen=True)
class ContinuousOverlay:
    """A value per segment mapped onto a sequential colour map, linearly or on a log scale."""

    key: str
    name: str
    title: str
    segment_value: Callable[[SegmentState], float]
    low: float
    high: float
    tick_values: tuple[float, ...]
    unit: str
    log_scale: bool = False
    bed_value: Callable[[Mapping[str, float]], float] | None = None
    colours: ColorMap = field(default_factory=_sequential_map)

    def _position(self, value: float) -> float:
        if self.log_scale:
            value = math.log10(max(value, self.low))
            low, high = math.log10(self.low), math.log10(self.high)
        else:
            low, high = self.low, self.high
        return min(max((value - low) / (high - low), 0.0), 1.0)

    def _colour(self, value: float) -> QColor:
        if not math.isfinite(value):
            return QColor(NO_DATA_COLOUR)
        return self.colours.map(self._position(value), mode=ColorMap.QCOLOR)

    def segment_colour(self, kind: str, state: SegmentState | None) -> QColor:
        if state is None:
            return QColor(NO_DATA_COLOUR)
        return self._colour(self.segment_value(state))

    def bed_colour(self, state: Mapping[str, float] | None) -> QColor | None:
        if self.bed_value is None or state is None:
            return None
        return self._colour(self.bed_value(state))

    def legend(self) -> Legend:
        samples = self.colours.map(np.linspace(0.0, 1.0, 32), mode=ColorMap.QCOLOR)
        ticks = []
        for value in self.tick_values:
            text = f"{value:g}"
            if value == self.tick_values[-1]:
                text = f"≥{text}"
            ticks.append((self._position(value), text))
        return Legend(
            title=f"{self.title} ({self.unit})", bar_colours=tuple(samples), ticks=tuple(ticks)
        )


@dataclass(frozen=True)
class KindOverlay:
    key: str = "kind"
    name: str = "Vessel kind"

    def segment_colour(self, kind: str, state: SegmentState | None) -> QColor:
        return QColor(KIND_COLOURS.get(kind, ("", NO_DATA_COLOUR))[1])

    def bed_colour(self, state: Mapping[str, float] | None) -> QColor | None:
        return None

    def legend(self) -> Legend:
        return Legend(title="Vessel kind", categories=tuple(KIND_COLOURS.values()))


def mean_pressure(state: SegmentState) -> float:
    return 0.5 * (state["pressure_in_mmHg"] + state["pressure_out_mmHg"])


def flow_ml_min(state: Mapping[str, float]) -> float:
    # Colour shows how much blood moves, whichever way; the hover text gives the direction.
    return abs(state["flow_ml_s"]) * 60.0


Overlay = ContinuousOverlay | KindOverlay

OVERLAYS: dict[str, Overlay] = {
    "pressure": ContinuousOverlay(
        key="pressure",
        name="Pressure",
        title="Mean pressure",
        segment_value=mean_pressure,
        low=0.0,
        high=120.0,
        tick_values=(0.0, 30.0, 60.0, 90.0, 120.0),
        unit="mmHg",
    ),
    "flow": ContinuousOverlay(
        key="flow",
        name="Flow",
        title="Flow",
        segment_value=flow_ml_min,
        bed_value=flow_ml_min,
        low=1.0,
        high=10000.0,
        tick_values=(1.0, 10.0, 100.0, 1000.0, 10000.0),
        unit="mL/min",
        log_scale=True,
    ),
    "kind": KindOverlay(),
}
DEFAULT_OVERLAY = "pressure"
