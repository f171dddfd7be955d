"""Map labels: placed in screen space on every view change, greedily by priority, never two on
top of each other.

Each label has candidate anchors in the scene (its layout ``label_anchor`` first, then points
along the vessel, or the bed's anchor and centre). For each anchor the placer tries the four
sides of the vessel first, then rings further out joined to the anchor by a thin leader line;
the first rectangle that lies in the viewport and touches no placed label (nor an obstacle such
as the legend) wins. A label whose vessel is too short on screen to be worth a name at this zoom
is hidden, which is how labels thin out as the user zooms out. A spatial grid keeps the
collision test to the few labels nearby.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QTransform

from simulator.gui import describe
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import LayoutFile

VESSEL_FONT_PT = 7.5
AREA_FONT_PT = 8.5
PADDING_PX = 2.0
GAP_PX = 2.0
LEADER_RINGS = 7
"""Rings of leader-line positions tried after the four sides of the vessel."""
RING_STEP_PX = 16.0
GRID_CELL_PX = 48.0
ALONG_FRACTIONS = (0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9)
MIN_VESSEL_EXTENT_PX = 14.0
"""A vessel shorter than this on screen goes unnamed at this zoom."""
MIN_AREA_EXTENT_PX = 10.0
DETAIL_PIXELS_PER_MM = 1.0
"""From this zoom on every vessel is named; below it (the whole body on one screen) only those
at least MAJOR_VESSEL_PX wide on screen, the aorta, cavae and limb trunks."""
MAJOR_VESSEL_PX = 4.0
DIRECTIONS = [(math.cos(math.radians(a)), math.sin(math.radians(a))) for a in range(0, 360, 45)]


def vessel_font() -> QFont:
    font = QFont()
    font.setPointSizeF(VESSEL_FONT_PT)
    font.setItalic(True)
    return font


def area_font() -> QFont:
    font = QFont()
    font.setPointSizeF(AREA_FONT_PT)
    font.setBold(True)
    return font


@dataclass(frozen=True)
class LabelSpec:
    model_id: str
    text: str
    kind: Literal["vessel", "area"]
    priority: float
    anchors: tuple[tuple[float, float], ...]
    """Scene points to place the label at, best first."""
    clearance_mm: float
    """Half the drawn vessel width: side positions clear the vessel itself."""
    bounds: QRectF
    """The scene rectangle of what the label names (its vessel or bed)."""
    extent_mm: float
    """How long the vessel is (or how big the bed): shorter than MIN_*_EXTENT_PX, unnamed."""
    diameter_mm: float
    """The vessel's (0 for areas), for naming only major vessels when zoomed far out."""
    width_px: float
    height_px: float


@dataclass(frozen=True)
class PlacedLabel:
    model_id: str
    text: str
    kind: str
    rect: QRectF
    """In viewport pixels."""
    anchor: QPointF
    leader: bool


def _size(text: str, font: QFont) -> tuple[float, float]:
    metrics = QFontMetricsF(font)
    return (
        metrics.horizontalAdvance(text) + 2 * PADDING_PX,
        metrics.height() + 2 * PADDING_PX,
    )


def _bounds(points: Iterable[tuple[float, float]]) -> QRectF:
    xs, ys = zip(*points, strict=True)
    return QRectF(min(xs), min(ys), max(max(xs) - min(xs), 1e-3), max(max(ys) - min(ys), 1e-3))


def _area_spec(
    model_id: str,
    text: str,
    priority: float,
    points: Sequence[tuple[float, float]],
    anchor: tuple[float, float] | None,
    font: QFont,
) -> LabelSpec:
    bounds = _bounds(points)
    centre = (bounds.center().x(), bounds.center().y())
    anchors = (anchor, centre) if anchor is not None else (centre,)
    extent = max(bounds.width(), bounds.height())
    return LabelSpec(
        model_id, text, "area", priority, anchors, 0.0, bounds, extent, 0.0, *_size(text, font)
    )


def label_specs(
    atlas: AtlasFile, layout: LayoutFile, vessels: Mapping[str, object]
) -> list[LabelSpec]:
    """Every label the map can show, most important first."""
    small, large = vessel_font(), area_font()
    specs = []
    for chamber_id, chamber in layout.chambers.items():
        text = "".join(word[0].upper() for word in chamber_id.split("_"))  # LA, LV, RA, RV
        specs.append(_area_spec(chamber_id, text, 4.0, chamber.polygon, None, large))
    flow_fraction = {bed.id: bed.resting_flow_fraction for bed in atlas.beds}
    for bed_id, bed in layout.beds.items():
        text = describe.display_name(bed_id, bed.label)
        # Beds with more blood flow win a place on a crowded screen.
        priority = 3.0 + flow_fraction.get(bed_id, 0.0)
        specs.append(
            _area_spec(bed_id, text, priority, bed.polygon, tuple(bed.label_anchor), large)
        )
    for organ_id, organ in layout.organs.items():
        if len(organ.beds) < 2:
            continue  # named by its one bed
        text = describe.display_name(organ_id, organ.label)
        specs.append(_area_spec(organ_id, text, 5.0, organ.outline, None, large))
    for segment in atlas.segments:
        if segment.default_strength == 0.0:
            continue  # an absent variant is named on hover, not competing for label space
        entry = layout.vessels[segment.id]
        vessel = vessels[segment.id]
        polyline = vessel.polyline  # type: ignore[attr-defined]
        anchors = [polyline.point_at(f) for f in ALONG_FRACTIONS]
        if entry.label_anchor is not None:
            anchors.insert(0, tuple(entry.label_anchor))
        text = describe.display_name(segment.id, entry.label or segment.label)
        specs.append(
            LabelSpec(
                segment.id,
                text,
                "vessel",
                1.0 + 2.0 * segment.radius_proximal_mm / 50.0,
                tuple(anchors),
                0.5 * vessel.width,  # type: ignore[attr-defined]
                _bounds(polyline.points),
                polyline.length,
                2.0 * segment.radius_proximal_mm,
                *_size(text, small),
            )
        )
    specs.sort(key=lambda spec: -spec.priority)
    return specs


class _Grid:
    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = defaultdict(list)

    def _keys(self, rect: QRectF) -> Iterable[tuple[int, int]]:
        for i in range(int(rect.left() // GRID_CELL_PX), int(rect.right() // GRID_CELL_PX) + 1):
            for j in range(int(rect.top() // GRID_CELL_PX), int(rect.bottom() // GRID_CELL_PX) + 1):
                yield i, j

    def collides(self, rect: QRectF) -> bool:
        return any(
            rect.intersects(other) for key in self._keys(rect) for other in self._cells.get(key, ())
        )

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self._cells[key].append(rect)


def _side_candidates(anchor: QPointF, clearance: float, w: float, h: float) -> list[QRectF]:
    x, y = anchor.x(), anchor.y()
    d = clearance + GAP_PX
    return [
        QRectF(x + d, y - h / 2, w, h),
        QRectF(x - d - w, y - h / 2, w, h),
        QRectF(x - w / 2, y - d - h, w, h),
        QRectF(x - w / 2, y + d, w, h),
    ]


def _ring_candidates(anchor: QPointF, distance: float, w: float, h: float) -> list[QRectF]:
    rects = []
    for dx, dy in DIRECTIONS:
        # The rectangle's nearest edge sits ``distance`` from the anchor along the direction.
        cx = anchor.x() + dx * (distance + w / 2)
        cy = anchor.y() + dy * (distance + h / 2)
        rects.append(QRectF(cx - w / 2, cy - h / 2, w, h))
    return rects


def is_named_at(spec: LabelSpec, scale: float) -> bool:
    """Whether the label takes part at ``scale`` pixels per mm: how labels thin out with zoom."""
    if spec.kind == "area":
        return spec.extent_mm * scale >= MIN_AREA_EXTENT_PX
    if spec.extent_mm * scale < MIN_VESSEL_EXTENT_PX:
        return False
    return scale >= DETAIL_PIXELS_PER_MM or spec.diameter_mm * scale >= MAJOR_VESSEL_PX


def place_labels(
    specs: Iterable[LabelSpec],
    to_viewport: QTransform,
    viewport: QRectF,
    obstacles: Iterable[QRectF] = (),
) -> list[PlacedLabel]:
    """Labels that fit, none overlapping each other or an obstacle, all inside ``viewport``."""
    scale = math.hypot(to_viewport.m11(), to_viewport.m12())
    visible_scene = to_viewport.inverted()[0].mapRect(viewport)
    grid = _Grid()
    for obstacle in obstacles:
        grid.add(obstacle)
    placed = []
    for spec in specs:
        if not spec.bounds.intersects(visible_scene):
            continue
        if not is_named_at(spec, scale):
            continue
        anchors = [to_viewport.map(QPointF(x, y)) for x, y in spec.anchors]
        anchors = [a for a in anchors if viewport.contains(a)]
        found = _first_free(spec, anchors, scale, viewport, grid)
        if found is not None:
            rect, anchor, leader = found
            grid.add(rect)
            placed.append(PlacedLabel(spec.model_id, spec.text, spec.kind, rect, anchor, leader))
    return placed


def _first_free(
    spec: LabelSpec, anchors: list[QPointF], scale: float, viewport: QRectF, grid: _Grid
) -> tuple[QRectF, QPointF, bool] | None:
    w, h = spec.width_px, spec.height_px
    clearance = spec.clearance_mm * scale
    for anchor in anchors:
        if spec.kind == "area":
            candidates = [QRectF(anchor.x() - w / 2, anchor.y() - h / 2, w, h)]
        else:
            candidates = _side_candidates(anchor, clearance, w, h)
        for rect in candidates:
            if viewport.contains(rect) and not grid.collides(rect):
                return rect, anchor, False
    for ring in range(1, LEADER_RINGS + 1):
        for anchor in anchors:
            for rect in _ring_candidates(anchor, clearance + ring * RING_STEP_PX, w, h):
                if viewport.contains(rect) and not grid.collides(rect):
                    return rect, anchor, True
    return None
