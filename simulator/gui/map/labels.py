"""Map labels: placed in screen space on every view change, greedily by priority, never two on
top of each other.

Each label has candidate anchors in the scene (its layout ``label_anchor`` first, then points
along the vessel, or the bed's anchor and centre). For each anchor the placer tries the four
sides of the vessel first, then rings further out joined to the anchor by a thin leader line;
the first rectangle that lies in the viewport and touches no placed label (nor an obstacle such
as the legend) wins. A label whose vessel is too short on screen to be worth a name at this zoom
is hidden, which is how labels thin out as the user zooms out. A spatial grid keeps the
collision test to the few labels nearby.

Labels belong to their view: a region view (abdomen, an arm) names only what lies mostly in its
rectangle, not the neighbours the screen also shows (the forearms beside the abdomen). An organ
is named once where its parts would crowd it: a bed's name is left out when its organ's name is
already within SAME_ORGAN_PX (the whole body shows "Liver", not also its two lobes).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
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
LEADER_RINGS = 12
"""Rings of leader-line positions tried after the four sides of the vessel."""
RING_STEP_PX = 16.0
LEADER_ANCHORS = 3
FAR_LEADER_RINGS = 24
GRID_CELL_PX = 48.0
ALONG_FRACTIONS = (0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9)
MIN_VESSEL_EXTENT_PX = 14.0
"""Zoomed out, a vessel shorter than this on screen goes unnamed."""
DETAIL_PIXELS_PER_MM = 1.0
"""From this zoom on every vessel is named; below it (the whole body on one screen) only those
at least MAJOR_VESSEL_PX wide on screen, the aorta, cavae and limb trunks."""
MAJOR_VESSEL_PX = 4.0
MIN_AREA_EXTENT_PX = 40.0
"""Below DETAIL_PIXELS_PER_MM an organ or bed smaller than this on screen goes unnamed: its name
would cover it (the gallbladder, a buttock in the whole-body view)."""
NEAR_LEADER_RINGS = 6
"""Below DETAIL_PIXELS_PER_MM a leader line reaches at most this many rings out: far from its
vessel a name at whole-body scale points at the wrong thing."""
REGION_SHARE = 0.5
"""A region view names what has at least this share of its length (a vessel) or of its extent
(an organ or bed) inside the view's rectangle."""
SAME_ORGAN_PX = 80.0
"""Two names of one organ (the organ and one of its beds) keep at least this far apart."""
REGION_SAMPLES = 21
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
    kind: Literal["vessel", "area", "device"]
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
    colour: str = ""
    """Text colour of a device tag (#rrggbb); other labels use the map's label colour."""
    group: str = ""
    """The organ a bed or organ label names ("" for vessels and devices): one organ is named
    once within SAME_ORGAN_PX."""
    samples: tuple[tuple[float, float], ...] = ()
    """Points evenly along a vessel, to tell how much of it a region view holds."""
    chamber: bool = False


def region_share(spec: LabelSpec, region: QRectF) -> float:
    """How much of what ``spec`` names lies in ``region``: the share of a vessel's length, or of
    an area's bounding rectangle."""
    if spec.samples:
        inside = sum(region.contains(QPointF(x, y)) for x, y in spec.samples)
        return inside / len(spec.samples)
    bounds = spec.bounds
    overlap = bounds.intersected(region)
    area = bounds.width() * bounds.height()
    if overlap.isEmpty() or area <= 0.0:
        return 1.0 if region.contains(bounds.center()) else 0.0
    return overlap.width() * overlap.height() / area


WHOLLY = 0.99
TRUNK_VIEWS = ("head_neck", "thorax", "abdomen", "pelvis")
"""A limb view leaves to these what lies wholly in one of them: the flank vessels and back
muscles beside an arm are the trunk's, not the arm's."""


def belongs_to(spec: LabelSpec, region: QRectF, elsewhere: Sequence[QRectF] = ()) -> bool:
    """Whether a region view names ``spec``: most of it lies in ``region`` and the
    ``elsewhere`` views together do not hold all of it (a flank vein running from the neck to
    the pelvis is the trunk's); device tags go wherever their device is."""
    if spec.kind == "device":
        return True
    if region_share(spec, region) < REGION_SHARE:
        return False
    if not elsewhere:
        return True
    points = spec.samples or _grid_points(spec.bounds)
    held = sum(any(other.contains(QPointF(x, y)) for other in elsewhere) for x, y in points)
    return held < WHOLLY * len(points)


def _grid_points(rect: QRectF, count: int = 5) -> list[tuple[float, float]]:
    return [
        (rect.left() + rect.width() * i / (count - 1), rect.top() + rect.height() * j / (count - 1))
        for i in range(count)
        for j in range(count)
    ]


@dataclass(frozen=True)
class PlacedLabel:
    model_id: str
    text: str
    kind: str
    rect: QRectF
    """In viewport pixels."""
    anchor: QPointF
    leader: bool
    colour: str = ""
    group: str = ""


DEVICE_TAG_PRIORITY = 10.0
"""Device tags (cuff state, circuit flow) outrank every anatomical name: they say what the
trainee just did."""


def device_tag(key: str, text: str, anchor: tuple[float, float], colour: str) -> LabelSpec:
    """A tag for a device, placed like any label (never on top of another) next to ``anchor``."""
    x, y = anchor
    return LabelSpec(
        key,
        text,
        "device",
        DEVICE_TAG_PRIORITY,
        (anchor,),
        0.0,
        QRectF(x - 0.5, y - 0.5, 1.0, 1.0),
        0.0,
        0.0,
        *_size(text, vessel_font()),
        colour=colour,
    )


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
    group: str = "",
) -> LabelSpec:
    bounds = _bounds(points)
    centre = (bounds.center().x(), bounds.center().y())
    anchors = (anchor, centre) if anchor is not None else (centre,)
    extent = max(bounds.width(), bounds.height())
    return LabelSpec(
        model_id,
        text,
        "area",
        priority,
        anchors,
        0.0,
        bounds,
        extent,
        0.0,
        *_size(text, font),
        group=group,
    )


def label_specs(
    atlas: AtlasFile, layout: LayoutFile, vessels: Mapping[str, object]
) -> list[LabelSpec]:
    """Every label the map can show, most important first."""
    small, large = vessel_font(), area_font()
    specs = []
    for chamber_id, chamber in layout.chambers.items():
        text = "".join(word[0].upper() for word in chamber_id.split("_"))  # LA, LV, RA, RV
        specs.append(
            replace(_area_spec(chamber_id, text, 4.0, chamber.polygon, None, large), chamber=True)
        )
    flow_fraction = {bed.id: bed.resting_flow_fraction for bed in atlas.beds}
    for bed_id, bed in layout.beds.items():
        text = describe.display_name(bed_id, bed.label)
        # Beds with more blood flow win a place on a crowded screen.
        priority = 3.0 + flow_fraction.get(bed_id, 0.0)
        anchor = tuple(bed.label_anchor)
        specs.append(_area_spec(bed_id, text, priority, bed.polygon, anchor, large, bed.organ))
    for organ_id, organ in layout.organs.items():
        if len(organ.beds) < 2:
            continue  # named by its one bed
        text = describe.display_name(organ_id, organ.label)
        anchor = tuple(organ.label_anchor) if organ.label_anchor is not None else None
        specs.append(_area_spec(organ_id, text, 5.0, organ.outline, anchor, large, organ_id))
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
                samples=tuple(
                    polyline.point_at(i / (REGION_SAMPLES - 1)) for i in range(REGION_SAMPLES)
                ),
            )
        )
    specs.sort(key=lambda spec: -spec.priority)
    return specs


Box = tuple[float, float, float, float]
"""left, top, right, bottom in viewport pixels: plain floats, because the placer tests tens of
thousands of candidates and a Qt call per test costs more than the arithmetic."""


class _Grid:
    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    @staticmethod
    def _keys(box: Box) -> Iterable[tuple[int, int]]:
        left, top, right, bottom = box
        for i in range(int(left // GRID_CELL_PX), int(right // GRID_CELL_PX) + 1):
            for j in range(int(top // GRID_CELL_PX), int(bottom // GRID_CELL_PX) + 1):
                yield i, j

    def collides(self, box: Box) -> bool:
        # The cells' loops written out (not through ``_keys``): the placer asks this of some
        # 100 000 candidates when a device tag changes, and a generator a call was a third of it.
        left, top, right, bottom = box
        cells = self._cells
        first_row, last_row = int(top // GRID_CELL_PX), int(bottom // GRID_CELL_PX) + 1
        for i in range(int(left // GRID_CELL_PX), int(right // GRID_CELL_PX) + 1):
            for j in range(first_row, last_row):
                others = cells.get((i, j))
                if others is None:
                    continue
                for other in others:
                    if (
                        left < other[2]
                        and other[0] < right
                        and top < other[3]
                        and other[1] < bottom
                    ):
                        return True
        return False

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells[key].append(box)


def _side_candidates(x: float, y: float, clearance: float, w: float, h: float) -> list[Box]:
    d = clearance + GAP_PX
    return [
        (x + d, y - h / 2, x + d + w, y + h / 2),
        (x - d - w, y - h / 2, x - d, y + h / 2),
        (x - w / 2, y - d - h, x + w / 2, y - d),
        (x - w / 2, y + d, x + w / 2, y + d + h),
    ]


def _ring_candidates(x: float, y: float, distance: float, w: float, h: float) -> list[Box]:
    boxes = []
    for dx, dy in DIRECTIONS:
        # The box's nearest edge sits about ``distance`` from the anchor along the direction.
        cx = x + dx * (distance + w / 2)
        cy = y + dy * (distance + h / 2)
        boxes.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    return boxes


def is_named_at(spec: LabelSpec, scale: float, in_focus: bool = False) -> bool:
    """Whether the label takes part at ``scale`` pixels per mm: how labels thin out with zoom.
    What lies in the named view being shown (``in_focus``) is always named."""
    if spec.kind == "device" or in_focus:
        return True
    if scale >= DETAIL_PIXELS_PER_MM:
        return True  # a region view names every vessel and organ, however small it is drawn
    if spec.kind == "area":
        return spec.extent_mm * scale >= MIN_AREA_EXTENT_PX
    return (
        spec.extent_mm * scale >= MIN_VESSEL_EXTENT_PX
        and spec.diameter_mm * scale >= MAJOR_VESSEL_PX
    )


@dataclass
class _Placing:
    """What one placement knows besides the labels placed so far: the view, the region named,
    each organ's placed names and the organs' anchors (see ``place_labels``)."""

    to_viewport: QTransform
    scale: float
    visible_scene: QRectF
    bounds: Box
    focus: QRectF | None
    elsewhere: Sequence[QRectF]
    area_anchors: dict[str, tuple[float, float]]
    organ_names: dict[str, list[tuple[float, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def in_focus(self, spec: LabelSpec) -> bool:
        return self.focus is not None and self.focus.contains(spec.bounds)

    def takes_part(self, spec: LabelSpec) -> bool:
        """Whether ``spec`` is named in this view at all (in sight, in the region, big enough)."""
        if not spec.bounds.intersects(self.visible_scene):
            return False
        if self.focus is not None and not belongs_to(spec, self.focus, self.elsewhere):
            return False
        return is_named_at(spec, self.scale, self.in_focus(spec))

    def place(self, spec: LabelSpec, grid: _Grid) -> PlacedLabel | None:
        """``spec`` placed clear of ``grid`` (and added to it), or None where it does not fit;
        ``spec`` takes part (``takes_part``)."""
        focused = self.in_focus(spec)
        bounds = self.bounds
        anchors = []
        for x, y in spec.anchors:
            point = self.to_viewport.map(QPointF(x, y))
            px, py = point.x(), point.y()
            if bounds[0] <= px <= bounds[2] and bounds[1] <= py <= bounds[3]:
                anchors.append((px, py))
        siblings = self.organ_names[spec.group] if spec.group else []
        if siblings:
            # A part of an organ already named: named too only where it reads as a part of its
            # own, at least SAME_ORGAN_PX from the organ's other names (and never by a leader).
            anchors = [a for a in anchors if _apart(a, siblings)]
        far = focused or (self.focus is None and self.scale >= DETAIL_PIXELS_PER_MM)
        rivals = (
            [p for key, p in self.area_anchors.items() if key != spec.model_id]
            if spec.kind == "area"
            else []
        )
        found = _first_free(spec, anchors, self.scale, bounds, grid, far, bool(siblings), rivals)
        if found is None:
            return None
        box, (ax, ay), leader = found
        grid.add(box)
        rect = QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])
        if spec.group:
            self.organ_names[spec.group].append((rect.center().x(), rect.center().y()))
        return PlacedLabel(
            spec.model_id,
            spec.text,
            spec.kind,
            rect,
            QPointF(ax, ay),
            leader,
            spec.colour,
            spec.group,
        )


def _placing(
    specs: Sequence[LabelSpec],
    to_viewport: QTransform,
    viewport: QRectF,
    focus: QRectF | None,
    elsewhere: Sequence[QRectF],
) -> _Placing:
    area_anchors = {}
    for spec in specs:
        # the chambers lie inside the heart: they compete for room, not for the reader's eye
        if spec.kind == "area" and not spec.chamber:
            point = to_viewport.map(QPointF(*spec.anchors[0]))
            area_anchors[spec.model_id] = (point.x(), point.y())
    return _Placing(
        to_viewport,
        math.hypot(to_viewport.m11(), to_viewport.m12()),
        to_viewport.inverted()[0].mapRect(viewport),
        (viewport.left(), viewport.top(), viewport.right(), viewport.bottom()),
        focus,
        elsewhere,
        area_anchors,
    )


def _obstacle_grid(obstacles: Iterable[QRectF]) -> _Grid:
    grid = _Grid()
    for obstacle in obstacles:
        grid.add((obstacle.left(), obstacle.top(), obstacle.right(), obstacle.bottom()))
    return grid


def place_labels(
    specs: Sequence[LabelSpec],
    to_viewport: QTransform,
    viewport: QRectF,
    obstacles: Iterable[QRectF] = (),
    focus: QRectF | None = None,
    elsewhere: Sequence[QRectF] = (),
) -> list[PlacedLabel]:
    """Labels that fit, none overlapping each other or an obstacle, all inside ``viewport``.

    ``focus`` is the scene rectangle of the named region view being shown: only what belongs
    to it is named (``belongs_to``, leaving to the ``elsewhere`` views what they hold whole),
    and what lies wholly inside it is named first and searched for furthest, so the view's
    subject is named even where the screen is crowded."""
    placing = _placing(specs, to_viewport, viewport, focus, elsewhere)
    grid = _obstacle_grid(obstacles)
    ranked = sorted(
        specs,
        key=lambda spec: (spec.kind != "device", not placing.in_focus(spec), -spec.priority),
    )
    placed = []
    for spec in ranked:
        if placing.takes_part(spec):
            label = placing.place(spec, grid)
            if label is not None:
                placed.append(label)
    return placed


def replace_tags(
    placed: Sequence[PlacedLabel],
    gone: Iterable[str],
    new_tags: Sequence[LabelSpec],
    to_viewport: QTransform,
    viewport: QRectF,
    obstacles: Iterable[QRectF] = (),
    focus: QRectF | None = None,
    elsewhere: Sequence[QRectF] = (),
) -> list[PlacedLabel] | None:
    """``placed`` with the device tags ``gone`` taken out and ``new_tags`` (device tags only)
    placed into the room the others leave, or None when a new tag that is named in this view
    finds no room (then every label must be placed again, tags first).

    A tag appears, changes or goes whenever a device does (a balloon inflated, a cuff let
    down), and placing the whole view again took 60-80 ms of the display thread; this keeps
    the other names where the reader saw them."""
    gone = set(gone)
    kept = [label for label in placed if label.model_id not in gone]
    placing = _placing((), to_viewport, viewport, focus, elsewhere)
    grid = _obstacle_grid([*obstacles, *(label.rect for label in kept)])
    added = []
    for spec in sorted(new_tags, key=lambda spec: -spec.priority):
        if spec.kind != "device":
            raise ValueError(f"{spec.model_id} is not a device tag")
        if not placing.takes_part(spec):
            continue
        label = placing.place(spec, grid)
        if label is None:
            return None
        added.append(label)
    return [*added, *kept]


def _apart(point: tuple[float, float], others: Sequence[tuple[float, float]]) -> bool:
    return all(math.hypot(point[0] - x, point[1] - y) >= SAME_ORGAN_PX for x, y in others)


def _first_free(
    spec: LabelSpec,
    anchors: list[tuple[float, float]],
    scale: float,
    bounds: Box,
    grid: _Grid,
    far: bool,
    no_leaders: bool = False,
    rivals: Sequence[tuple[float, float]] = (),
) -> tuple[Box, tuple[float, float], bool] | None:
    """The first free box for ``spec``. An organ's name led away from it covers none of the
    ``rivals`` (the other organs' anchors): a reader takes a name for the organ under it (the
    left leg's name must not sit on the right leg)."""
    w, h = spec.width_px, spec.height_px
    clearance = spec.clearance_mm * scale
    left, top, right, bottom = bounds

    def free(box: Box) -> bool:
        inside = left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom
        return inside and not grid.collides(box)

    def nearest_own(box: Box, x: float, y: float) -> bool:
        return not any(box[0] <= rx <= box[2] and box[1] <= ry <= box[3] for rx, ry in rivals)

    for x, y in anchors:
        if spec.kind == "area":
            candidates: list[Box] = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)]
        else:
            candidates = _side_candidates(x, y, clearance, w, h)
        for box in candidates:
            if free(box):
                return box, (x, y), False
    if no_leaders:
        return None
    # Leader lines start from the first few anchors only: further ones add little but time.
    rings = LEADER_RINGS if far or scale >= DETAIL_PIXELS_PER_MM else NEAR_LEADER_RINGS
    for ring in range(1, rings + 1):
        for x, y in anchors[:LEADER_ANCHORS]:
            for box in _ring_candidates(x, y, clearance + ring * RING_STEP_PX, w, h):
                if free(box) and nearest_own(box, x, y):
                    return box, (x, y), True
    if not far:
        return None  # a name that does not fit near its vessel is left out
    # A name that must be shown: search every anchor and further out.
    for ring in range(1, FAR_LEADER_RINGS + 1):
        for x, y in anchors:
            for box in _ring_candidates(x, y, clearance + ring * RING_STEP_PX, w, h):
                if free(box) and nearest_own(box, x, y):
                    return box, (x, y), True
    return None
