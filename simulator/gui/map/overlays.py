"""What the map colours vessels and beds by: one small object per overlay, registered by key.

An overlay turns a ``Picture`` (per-segment and per-bed values, ``session.picture``) into one
colour per vessel and bed, and describes its own legend. Ranges are fixed rather than fitted to
the current state, so that a colour keeps its meaning while a device changes the circulation (a
sealed limb turning yellow means its pressure really rose, not that the scale moved). Colours
come from a lookup table built once per scale, so recolouring the whole map is a few numpy
operations and a list index per item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pyqtgraph import ColorMap, colormap
from PySide6.QtGui import QColor

from simulator.gui.map.palette import NO_DATA
from simulator.session.picture import Picture

LOOKUP_SIZE = 256

# Classic anatomy-atlas colours (oxygenated red, deoxygenated blue, portal violet), in shades
# that keep red and blue apart for red-green colour-blind viewers (Okabe & Ito's vermilion and
# a saturated blue differ strongly in lightness).
KIND_COLOURS: dict[str, tuple[str, QColor]] = {
    "artery": ("Systemic artery", QColor("#e0392b")),
    "vein": ("Systemic vein", QColor("#2f78d6")),
    "portal": ("Portal vein", QColor("#9b59d0")),
    "pulmonary_artery": ("Pulmonary artery", QColor("#3f8ee8")),
    "pulmonary_vein": ("Pulmonary vein", QColor("#f0584a")),
}


@dataclass(frozen=True)
class Legend:
    """What the legend shows: a colour bar with ticks, or a list of categories."""

    title: str
    bar_colours: tuple[QColor, ...] = ()
    ticks: tuple[tuple[float, str], ...] = ()
    """(position 0..1 along the bar, text)"""
    categories: tuple[tuple[str, QColor], ...] = ()
    note: str = ""
    """A line under the bar, e.g. what grey means."""

    @property
    def is_continuous(self) -> bool:
        return bool(self.bar_colours)


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    tick_values: tuple[float, ...]
    unit: str
    log_scale: bool = False
    below_is_no_data: bool = False
    """Values under ``low`` draw as NO_DATA (no drug yet) instead of the bottom colour."""
    colour_map: tuple[str, float, float] = ("viridis", 0.25, 1.0)
    """(pyqtgraph colour map, start, stop): the dark ends of these maps vanish on the dark
    background, so the scales start part-way in."""
    _lookup: list[QColor] = field(default_factory=list, compare=False, repr=False)

    def lookup(self) -> list[QColor]:
        if not self._lookup:
            name, start, stop = self.colour_map
            subset = colormap.get(name).getSubset(start, stop - start)
            samples = subset.map(np.linspace(0.0, 1.0, LOOKUP_SIZE), mode=ColorMap.QCOLOR)
            self._lookup.extend(QColor(c) for c in samples)
        return self._lookup

    def positions(self, values: np.ndarray) -> np.ndarray:
        """0..1 along the bar; NaN where a value has no colour."""
        values = np.asarray(values, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.log_scale:
                low, high = np.log10(self.low), np.log10(self.high)
                scaled = np.log10(np.maximum(values, self.low * 1e-3))
            else:
                low, high = self.low, self.high
                scaled = values
            position = np.clip((scaled - low) / (high - low), 0.0, 1.0)
        blank = ~np.isfinite(values)
        if self.below_is_no_data:
            blank |= values < self.low
        return np.where(blank, np.nan, position)

    def colours(self, values: np.ndarray) -> list[QColor]:
        lookup = self.lookup()
        positions = self.positions(values)
        index = np.where(np.isnan(positions), -1, np.rint(positions * (LOOKUP_SIZE - 1)))
        return [NO_DATA if i < 0 else lookup[i] for i in index.astype(int).tolist()]

    def legend(self, title: str, note: str = "") -> Legend:
        lookup = self.lookup()
        bar = tuple(lookup[i] for i in np.linspace(0, LOOKUP_SIZE - 1, 32).astype(int))
        ticks = []
        for value in self.tick_values:
            text = f"{value:g}"
            if value == self.tick_values[-1]:
                text = f"≥{text}"
            ticks.append((float(self.positions(np.array([value]))[0]), text))
        return Legend(f"{title} ({self.unit})", bar, tuple(ticks), note=note)


@dataclass(frozen=True)
class Colouring:
    segments: list[QColor]
    beds: list[QColor | None]
    """None: the bed keeps its neutral fill."""
    pieces: list[QColor] | None = None
    """Per transport piece (``Picture.piece_*``), for overlays that colour vessels piece by
    piece; None: each vessel in one colour."""


@dataclass(frozen=True)
class AnatomyOverlay:
    key: str = "anatomy"
    name: str = "Anatomy"
    uses_drug: bool = False
    shows_flow_direction: bool = False

    def colouring(
        self, kinds: Sequence[str], bed_count: int, picture: Picture | None, drug: str | None
    ) -> Colouring:
        return Colouring(
            [KIND_COLOURS.get(kind, ("", NO_DATA))[1] for kind in kinds], [None] * bed_count
        )

    def legend(self, drug_name: str = "") -> Legend:
        return Legend(title="Vessel kind", categories=tuple(KIND_COLOURS.values()))


ValueReader = Callable[[Picture, str | None], np.ndarray | None]


@dataclass(frozen=True)
class ValueOverlay:
    """A value per segment (and optionally per bed) on a fixed colour scale."""

    key: str
    name: str
    title: str
    scale: Scale
    segment_values: ValueReader
    bed_values: ValueReader | None = None
    uses_drug: bool = False
    note: str = ""
    piece_values: ValueReader | None = None
    shows_flow_direction: bool = False
    """Arrows on the vessels: where direction is the point (flow, where the drug goes)."""

    def colouring(
        self, kinds: Sequence[str], bed_count: int, picture: Picture | None, drug: str | None
    ) -> Colouring:
        segments = self.segment_values(picture, drug) if picture is not None else None
        if segments is None:
            segments = np.full(len(kinds), np.nan)
        beds: list[QColor | None] = [None] * bed_count
        if self.bed_values is not None and picture is not None:
            values = self.bed_values(picture, drug)
            if values is not None:
                beds = list(self.scale.colours(values))
        pieces = None
        if self.piece_values is not None and picture is not None:
            values = self.piece_values(picture, drug)
            if values is not None:
                pieces = self.scale.colours(values)
        return Colouring(self.scale.colours(segments), beds, pieces)

    def legend(self, drug_name: str = "") -> Legend:
        title = self.title.format(drug=drug_name or "drug")
        return self.scale.legend(title[:1].upper() + title[1:], self.note)


def _pressure(picture: Picture, drug: str | None) -> np.ndarray:
    return 0.5 * (picture.segment_pressure_in_mmHg + picture.segment_pressure_out_mmHg)


def _flow_ml_min(picture: Picture, drug: str | None) -> np.ndarray:
    # Colour shows how much blood moves, whichever way; the hover text gives the direction.
    return np.abs(picture.segment_flow_ml_s) * 60.0


def _bed_flow_ml_min(picture: Picture, drug: str | None) -> np.ndarray:
    return np.abs(picture.bed_flow_ml_s) * 60.0


def _per_drug(table_name: str, factor: float) -> ValueReader:
    def read(picture: Picture, drug: str | None) -> np.ndarray | None:
        table = getattr(picture, table_name)
        if drug is None or drug not in table:
            return None
        return table[drug] * factor

    return read


UG_PER_MG = 1000.0

Overlay = AnatomyOverlay | ValueOverlay

OVERLAYS: dict[str, Overlay] = {
    "anatomy": AnatomyOverlay(),
    "pressure": ValueOverlay(
        key="pressure",
        name="Pressure",
        title="Mean pressure",
        scale=Scale(0.0, 120.0, (0.0, 30.0, 60.0, 90.0, 120.0), "mmHg"),
        segment_values=_pressure,
    ),
    "flow": ValueOverlay(
        key="flow",
        name="Flow",
        title="Flow",
        scale=Scale(1.0, 10000.0, (1.0, 10.0, 100.0, 1000.0, 10000.0), "mL/min", log_scale=True),
        segment_values=_flow_ml_min,
        bed_values=_bed_flow_ml_min,
        shows_flow_direction=True,
    ),
    "drug": ValueOverlay(
        key="drug",
        name="Drug",
        title="{drug} concentration",
        scale=Scale(
            0.01,
            1000.0,
            (0.01, 0.1, 1.0, 10.0, 100.0, 1000.0),
            "µg/mL",
            log_scale=True,
            below_is_no_data=True,
            colour_map=("cividis", 0.15, 1.0),
        ),
        segment_values=_per_drug("segment_concentration_mg_ml", UG_PER_MG),
        bed_values=_per_drug("bed_concentration_mg_ml", UG_PER_MG),
        piece_values=_per_drug("piece_concentration_mg_ml", UG_PER_MG),
        uses_drug=True,
        note="grey: below 0.01 µg/mL",
        shows_flow_direction=True,
    ),
    "leak": ValueOverlay(
        key="leak",
        name="Leak path",
        title="{drug} leak flux",
        scale=Scale(
            0.001,
            100.0,
            (0.001, 0.01, 0.1, 1.0, 10.0, 100.0),
            "mg/min",
            log_scale=True,
            below_is_no_data=True,
            colour_map=("plasma", 0.3, 1.0),
        ),
        segment_values=_per_drug("segment_leak_mg_min", 1.0),
        bed_values=_per_drug("bed_leak_mg_min", 1.0),
        uses_drug=True,
        note="grey: no drug leaving through it",
        shows_flow_direction=True,
    ),
}
DEFAULT_OVERLAY = "anatomy"
