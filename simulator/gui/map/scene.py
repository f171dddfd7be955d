"""The anatomical map: a scene built once from the atlas and its layout that renders pictures.

The scene keeps ``items_by_id`` (layout id -> graphics item) and the last picture only to answer
hover questions; the truth lives in the session. ``show_picture`` is cheap enough for display
rate: colours come from lookup tables and only pens and brushes that changed are touched.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QWidget,
)

from simulator.devices.navigation import VesselPoint
from simulator.gui import describe
from simulator.gui.map.geometry import Polyline, vessel_path
from simulator.gui.map.items import (
    BED_LAYER,
    GROUND_LAYER,
    ShapeItem,
    VesselItem,
    make_static,
)
from simulator.gui.map.labels import TRUNK_VIEWS, LabelSpec, label_specs
from simulator.gui.map.overlays import DEFAULT_OVERLAY, OVERLAYS, Legend
from simulator.gui.map.palette import (
    ACCESS_SITE,
    BACKGROUND,
    BED_FILL,
    BED_OUTLINE,
    CHAMBER_FILL,
    CHAMBER_OUTLINE,
    CUFF_FULL,
    HIGHLIGHT,
    ORGAN_FILL,
    ORGAN_OUTLINE,
    Z_ACCESS,
    Z_BED,
    Z_CHAMBER,
    Z_ORGAN,
    Z_VESSEL,
    Z_VESSEL_SPAN,
    vessel_width,
)
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import VIEW_IDS, LayoutFile
from simulator.session.picture import Picture

SCENE_MARGIN_MM = 40.0
MAX_VIEWPORT_ASPECT = 2.5
"""Widest (or tallest) window, width to height, in which every named view is centred."""
ACCESS_MARK_PX = 4.0
ARROW_MIN_FLOW_ML_S = 1e-3
"""Below this (0.06 mL/min) a vessel is still: no arrow claims a direction."""
CUFF_LEVEL_ALPHA = 70


def view_rect(layout: LayoutFile, name: str) -> QRectF:
    x_min, y_min, x_max, y_max = getattr(layout.views, name).rect
    return QRectF(x_min, y_min, x_max - x_min, y_max - y_min)


class MapScene(QGraphicsScene):
    legendChanged = Signal(object)
    """Emits the new :class:`Legend` when the overlay or its drug changes."""
    staticLayerChanged = Signal(int)
    """An item of the cached background layer changed (``items.make_static``)."""
    labelsChanged = Signal()
    """The set of labels changed (a device tag came, went or changed its text)."""

    def __init__(self, atlas: AtlasFile, layout: LayoutFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.layout = layout
        self.setBackgroundBrush(BACKGROUND)
        self.items_by_id: dict[str, QGraphicsItem] = {}
        self.vessels: dict[str, VesselItem] = {}
        self.beds: dict[str, ShapeItem] = {}
        self.organs: dict[str, ShapeItem] = {}
        self.chambers: dict[str, ShapeItem] = {}
        self.segments = {segment.id: segment for segment in atlas.segments}
        self._atlas_beds = {bed.id: bed for bed in atlas.beds}
        self._atlas_chambers = {chamber.id: chamber for chamber in atlas.heart.chambers}
        self._limb_roots = {root.id: root for root in atlas.limb_roots}
        self._segment_order = [segment.id for segment in atlas.segments]
        self._bed_order = [bed.id for bed in atlas.beds]
        self._kinds = [layout.vessels[s].kind for s in self._segment_order]
        self.picture: Picture | None = None
        self._overlay = DEFAULT_OVERLAY
        self._drug: str | None = None
        self._drug_name = ""
        self._static_items: dict[int, list[QGraphicsItem]] = {}
        self._static_dirty: set[int] = set()
        self.device_lines: Callable[[str], list[str]] = lambda key: []
        """What a device item under the pointer is (set by the device layer)."""
        self._highlight = QGraphicsPathItem()
        self._highlight.setVisible(False)
        self.addItem(self._highlight)
        self._build()
        # The whole-body view shows everything drawn, even where the layout strays past the
        # rectangle it names.
        self._whole_body = view_rect(layout, "whole_body").united(self.itemsBoundingRect())
        self.body_rect = self._whole_body.adjusted(
            -SCENE_MARGIN_MM, -SCENE_MARGIN_MM, SCENE_MARGIN_MM, SCENE_MARGIN_MM
        )
        self.setSceneRect(self._framing_rect())
        self.labels: list[LabelSpec] = label_specs(atlas, layout, self.vessels)
        self.tags: dict[str, LabelSpec] = {}
        """Labels of devices and scenario marks, by key, placed with the anatomical ones."""
        self.label_obstacles: dict[str, tuple[QPointF, float]] = {}
        """Marks labels must not cover: scene point and radius in pixels (a tumour star)."""
        self._legend = OVERLAYS[DEFAULT_OVERLAY].legend()
        self._recolour()

    # -- construction ---------------------------------------------------------------------

    def _framing_rect(self) -> QRectF:
        """The body, and room around every named view to centre it in a window of any shape up
        to MAX_VIEWPORT_ASPECT: the view clamps its centre to the scene rectangle, which would
        push a limb view, tall and narrow at the body's edge, off its limb."""
        rect = QRectF(self.body_rect)
        for name in VIEW_IDS:
            view = self.view_rect(name)
            width = max(view.width(), view.height() * MAX_VIEWPORT_ASPECT)
            height = max(view.height(), view.width() * MAX_VIEWPORT_ASPECT)
            centre = view.center()
            rect = rect.united(
                QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
            )
        return rect

    def _add(self, model_id: str, item: QGraphicsItem) -> None:
        self.addItem(item)
        self.items_by_id[model_id] = item

    def _build(self) -> None:
        layout = self.layout
        for organ_id, organ in layout.organs.items():
            # An organ of one bed is drawn by its bed; only groups get their own silhouette.
            if len(organ.beds) > 1:
                shape = ShapeItem(
                    organ_id, organ.outline, ORGAN_FILL, ORGAN_OUTLINE, Z_ORGAN, layer=GROUND_LAYER
                )
                self.organs[organ_id] = shape
                self._add(organ_id, shape)
        for bed_id, bed in layout.beds.items():
            shape = ShapeItem(bed_id, bed.polygon, BED_FILL, BED_OUTLINE, Z_BED)
            self.beds[bed_id] = shape
            self._add(bed_id, shape)
        for chamber_id, chamber in layout.chambers.items():
            shape = ShapeItem(
                chamber_id, chamber.polygon, CHAMBER_FILL, CHAMBER_OUTLINE, Z_CHAMBER, 1.5
            )
            self.chambers[chamber_id] = shape
            self._add(chamber_id, shape)
        layers = sorted({vessel.layer for vessel in layout.vessels.values()})
        step = Z_VESSEL_SPAN / max(len(layers), 1)
        layer_z = {layer: Z_VESSEL + rank * step for rank, layer in enumerate(layers)}
        for segment in self.atlas.segments:
            entry = layout.vessels[segment.id]
            diameter = 2.0 * segment.radius_proximal_mm
            # Within a layer arteries sit on their veins, as the old map drew them.
            z = layer_z[entry.layer] + (0.5 * step if segment.kind == "artery" else 0.0)
            vessel = VesselItem(
                segment.id,
                entry.kind,
                vessel_path(entry.polyline, entry.curve, entry.corner_radius),
                Polyline(entry.polyline),
                vessel_width(diameter),
                diameter,
                dashed=entry.collateral,
                absent=segment.default_strength == 0.0,
                z=z,
                curve=entry.curve,
                corner_radius=entry.corner_radius,
            )
            self.vessels[segment.id] = vessel
            self._add(segment.id, vessel)
        for root_id, root in layout.limb_roots.items():
            # Where a cuff can go: a faint dashed line, the cuff itself is a device item.
            colour = QColor(CUFF_FULL)
            colour.setAlpha(CUFF_LEVEL_ALPHA)
            pen = QPen(colour, 1.0)
            pen.setCosmetic(True)
            pen.setDashPattern([4.0, 4.0])
            (x1, y1), (x2, y2) = root.line
            item = QGraphicsPathItem()
            path = item.path()
            path.moveTo(x1, y1)
            path.lineTo(x2, y2)
            item.setPath(path)
            item.setPen(pen)
            item.setZValue(Z_VESSEL - 1.0)
            make_static(item, BED_LAYER)
            item.model_id = root_id  # type: ignore[attr-defined]
            self._add(root_id, item)
        for site_id, site in layout.access_sites.items():
            # Where a sheath can go in: a small ring, the same size at every zoom.
            r = ACCESS_MARK_PX
            mark = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            mark.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            mark.setPos(*site.point)
            mark.setPen(QPen(ACCESS_SITE, 1.5))
            mark.setZValue(Z_ACCESS)
            mark.model_id = f"access:{site_id}"  # type: ignore[attr-defined]
            self._add(f"access:{site_id}", mark)

    def static_layer_changed(self, layer: int) -> None:
        if layer not in self._static_dirty:
            self._static_dirty.add(layer)
            self.staticLayerChanged.emit(layer)

    def static_layer_items(self, layer: int) -> list[QGraphicsItem]:
        """The items the view draws into one background layer, bottom first."""
        if layer not in self._static_items:
            found = [item for item in self.items() if getattr(item, "static_layer", 0) == layer]
            self._static_items[layer] = sorted(found, key=lambda item: item.zValue())
        self._static_dirty.discard(layer)
        return self._static_items[layer]

    def static_items_changed(self, layer: int) -> None:
        """Items were added to or removed from a background layer."""
        self._static_items.pop(layer, None)
        self.static_layer_changed(layer)

    def set_tags(self, owner: str, tags: dict[str, LabelSpec]) -> None:
        """Replace the tags whose key starts with ``owner``."""
        mine = {key: spec for key, spec in self.tags.items() if key.startswith(owner)}
        if mine == tags:
            return
        for key in mine:
            del self.tags[key]
        self.tags.update(tags)
        self.labelsChanged.emit()

    def set_label_obstacles(self, obstacles: dict[str, tuple[QPointF, float]]) -> None:
        self.label_obstacles = dict(obstacles)
        self.labelsChanged.emit()

    def all_labels(self) -> list[LabelSpec]:
        return [*self.tags.values(), *self.labels]

    # -- geometry ---------------------------------------------------------------------------

    def point_at(self, point: VesselPoint) -> QPointF:
        x, y = self.vessels[point.segment].polyline.point_at(point.position)
        return QPointF(x, y)

    def view_rect(self, name: str) -> QRectF:
        if name == "whole_body":
            return QRectF(self._whole_body)
        return view_rect(self.layout, name)

    def label_regions(self, name: str | None) -> tuple[QRectF | None, list[QRectF]]:
        """What the labels of view ``name`` are limited to (``labels.place_labels``): its
        rectangle, and for a limb view the trunk views that keep their own names; nothing for
        the whole body or a free zoom."""
        if name is None or name == "whole_body":
            return None, []
        elsewhere = [] if name in TRUNK_VIEWS else [self.view_rect(v) for v in TRUNK_VIEWS]
        return self.view_rect(name), elsewhere

    @property
    def view_names(self) -> list[str]:
        return list(VIEW_IDS)

    # -- state ------------------------------------------------------------------------------

    @property
    def overlay(self) -> str:
        return self._overlay

    @property
    def drug(self) -> str | None:
        return self._drug

    @property
    def legend(self) -> Legend:
        return self._legend

    def show_picture(self, picture: Picture | None) -> None:
        self.picture = picture
        self._recolour()

    def set_overlay(self, overlay: str) -> None:
        if overlay not in OVERLAYS:
            raise ValueError(f"unknown overlay '{overlay}' (known: {', '.join(OVERLAYS)})")
        if overlay != self._overlay:
            self._overlay = overlay
            self._recolour()
            self._set_legend()

    def set_drug(self, drug: str | None, drug_name: str = "") -> None:
        if drug != self._drug:
            self._drug = drug
            self._drug_name = drug_name or (drug or "").replace("_", " ")
            if OVERLAYS[self._overlay].uses_drug:
                self._recolour()
                self._set_legend()

    def _set_legend(self) -> None:
        self._legend = OVERLAYS[self._overlay].legend(self._drug_name)
        self.legendChanged.emit(self._legend)

    def _recolour(self) -> None:
        overlay = OVERLAYS[self._overlay]
        colouring = overlay.colouring(self._kinds, len(self._bed_order), self.picture, self._drug)
        vessels = self.vessels
        for segment_id, colour in zip(self._segment_order, colouring.segments, strict=True):
            vessels[segment_id].set_colour(colour)
        self._colour_pieces(colouring.pieces)
        directions = self._flow_directions() if overlay.shows_flow_direction else None
        for i, segment_id in enumerate(self._segment_order):
            vessels[segment_id].set_flow_direction(0 if directions is None else directions[i])
        beds = self.beds
        for bed_id, colour in zip(self._bed_order, colouring.beds, strict=True):
            beds[bed_id].set_fill(colour)

    def _colour_pieces(self, colours: list | None) -> None:
        picture = self.picture
        if colours is None or picture is None:
            for vessel in self.vessels.values():
                vessel.set_pieces(None, None)
            return
        offsets = picture.piece_offsets.tolist()
        starts, ends = picture.piece_start.tolist(), picture.piece_end.tolist()
        for i, segment_id in enumerate(self._segment_order):
            a, b = offsets[i], offsets[i + 1]
            spans = tuple(zip(starts[a:b], ends[a:b], strict=True))
            self.vessels[segment_id].set_pieces(spans, colours[a:b])

    def _flow_directions(self) -> list[int] | None:
        if self.picture is None:
            return None
        flow = self.picture.segment_flow_ml_s
        direction = np.where(np.abs(flow) > ARROW_MIN_FLOW_ML_S, np.sign(flow), 0.0)
        return direction.astype(int).tolist()

    # -- hover ------------------------------------------------------------------------------

    def hover_lines(self, model_id: str) -> list[str]:
        if model_id.startswith("access:"):
            vessel = model_id.removeprefix("access:")
            label = self.segments[vessel].label if vessel in self.segments else ""
            return [
                f"Access site: {describe.display_name(vessel, label)}",
                "where a sheath goes in",
            ]
        if ":" in model_id:
            return self.device_lines(model_id)
        picture = self.picture
        if model_id in self.segments:
            state = picture.segment_state(model_id) if picture is not None else None
            lines = describe.segment_lines(self.segments[model_id], state)
            if picture is not None and self._drug in picture.segment_concentration_mg_ml:
                i = picture.segment_ids.index(model_id)
                value = picture.segment_concentration_mg_ml[self._drug][i] * 1000.0
                lines.append(f"{self._drug_name} {value:.3g} µg/mL")
            return lines
        if model_id in self._atlas_beds:
            state = picture.bed_state(model_id) if picture is not None else None
            return describe.bed_lines(self._atlas_beds[model_id], state)
        if model_id in self._atlas_chambers:
            return [describe.display_name(model_id), "heart chamber"]
        if model_id in self.organs:
            organ = self.layout.organs[model_id]
            return [describe.display_name(model_id, organ.label), "organ"]
        if model_id in self._limb_roots:
            labels = {s.id: s.label or s.id for s in self.atlas.segments}
            return describe.limb_root_lines(self._limb_roots[model_id], labels)
        return []

    def hover_text(self, model_id: str) -> str:
        """One line for the status bar."""
        return " · ".join(self.hover_lines(model_id))

    def tooltip_html(self, model_ids: list[str]) -> str:
        """Every item under the pointer: vessels can lie on top of each other."""
        blocks = []
        for model_id in model_ids:
            lines = self.hover_lines(model_id)
            if lines:
                blocks.append(f"<b>{lines[0]}</b><br>" + "<br>".join(lines[1:]))
        return "<hr>".join(blocks)

    def set_highlight(self, model_id: str | None, pixels_per_unit: float) -> None:
        """Outline the hovered vessel with a halo a few pixels wider than it at this zoom."""
        vessel = self.vessels.get(model_id or "")
        if vessel is None:
            self._highlight.setVisible(False)
            return
        pen = QPen(HIGHLIGHT, vessel.width + 6.0 / max(pixels_per_unit, 1e-6))
        pen.setCapStyle(vessel.pen().capStyle())
        self._highlight.setPen(pen)
        self._highlight.setPath(vessel.path())
        self._highlight.setZValue(vessel.zValue() - 1e-4)
        self._highlight.setVisible(True)

    def vessel_colour(self, segment_id: str) -> QColor:
        return self.vessels[segment_id].colour()
