"""The schematic vascular map: a scene built once from the atlas that renders a state it is given.

The scene keeps ``items_by_id`` (atlas id -> graphics item) and the last report only to answer
hover questions; the truth lives in the core. ``apply_state`` is cheap enough to call at display
rate: it only changes pens and brushes whose colour changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QWidget

from simulator.gui import describe
from simulator.gui.map_items import (
    BACKGROUND,
    BED_FILL,
    BED_OUTLINE,
    CHAMBER_FILL,
    CHAMBER_OUTLINE,
    CUFF_COLOUR,
    HIGHLIGHT,
    VALVE_COLOUR,
    Z_BED,
    Z_CHAMBER,
    Z_CUFF,
    Z_VALVE,
    LineItem,
    MapLabel,
    ShapeItem,
    VesselItem,
    dashed_pen,
    upright_angle,
)
from simulator.gui.overlays import DEFAULT_OVERLAY, OVERLAYS, Legend
from simulator.scenario.atlas_file import AtlasFile

CHAMBER_ABBREVIATIONS = {
    "left_atrium": "LA",
    "left_ventricle": "LV",
    "right_atrium": "RA",
    "right_ventricle": "RV",
}
SCENE_MARGIN = 40.0
LABEL_GAP_PX = 2.0
LABEL_ROOM_PX = 12.0
"""A vessel label shows only where its vessel is this much longer on screen than the text."""
VESSEL_LABEL_MIN_SCALE = 0.9
"""Pixels per map unit below which vessels go unnamed: the whole-body view names organs only."""


class MapScene(QGraphicsScene):
    legendChanged = Signal(object)
    """Emits the new :class:`Legend` when the overlay changes."""

    def __init__(self, atlas: AtlasFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.setBackgroundBrush(BACKGROUND)
        self.items_by_id: dict[str, QGraphicsItem] = {}
        self.vessels: dict[str, VesselItem] = {}
        self.shapes: dict[str, ShapeItem] = {}
        self.labels: list[MapLabel] = []
        self._segments = {segment.id: segment for segment in atlas.segments}
        self._beds = {bed.id: bed for bed in atlas.beds}
        self._chambers = {chamber.id: chamber for chamber in atlas.heart.chambers}
        self._valves = {valve.id: valve for valve in atlas.heart.valves}
        self._limb_roots = {root.id: root for root in atlas.limb_roots}
        self._report: Mapping[str, Any] | None = None
        self._overlay = DEFAULT_OVERLAY
        self._legend = OVERLAYS[DEFAULT_OVERLAY].legend()
        self._highlight = QGraphicsPathItem()
        self._highlight.setVisible(False)
        self.addItem(self._highlight)
        self._build()
        geometry = self.itemsBoundingRect()
        self.body_rect = geometry.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
        self.setSceneRect(self.body_rect)
        self._build_labels()

    # -- construction ---------------------------------------------------------------------

    def _add(self, model_id: str, item: QGraphicsItem) -> None:
        self.addItem(item)
        self.items_by_id[model_id] = item

    def _build(self) -> None:
        for bed in self.atlas.beds:
            shape = ShapeItem(bed.id, bed.schematic.polygon, BED_FILL, BED_OUTLINE, Z_BED)
            self.shapes[bed.id] = shape
            self._add(bed.id, shape)
        for chamber in self.atlas.heart.chambers:
            shape = ShapeItem(
                chamber.id, chamber.schematic.polygon, CHAMBER_FILL, CHAMBER_OUTLINE, Z_CHAMBER
            )
            self.shapes[chamber.id] = shape
            self._add(chamber.id, shape)
        node_positions = self._node_positions()
        for valve in self.atlas.heart.valves:
            start = node_positions.get(valve.from_node)
            end = node_positions.get(valve.to_node)
            if start is None or end is None:
                continue  # a valve into a node no segment draws has nowhere to be shown
            pen = QPen(VALVE_COLOUR, 3.0)
            self._add(valve.id, LineItem(valve.id, [start, end], pen, Z_VALVE))
        for segment in self.atlas.segments:
            vessel = VesselItem(segment)
            self.vessels[segment.id] = vessel
            self._add(segment.id, vessel)
        for root in self.atlas.limb_roots:
            pen = dashed_pen(CUFF_COLOUR)
            self._add(root.id, LineItem(root.id, root.schematic, pen, Z_CUFF))

    def _node_positions(self) -> dict[str, tuple[float, float]]:
        """Where each junction and chamber sits: chambers at their label, junctions where the
        segments meeting there start or end."""
        positions = {c.id: c.schematic.label_at for c in self.atlas.heart.chambers}
        for segment in self.atlas.segments:
            positions.setdefault(segment.from_node, segment.schematic[0])
            positions.setdefault(segment.to_node, segment.schematic[-1])
        return positions

    def _build_labels(self) -> None:
        area_font = QFont()
        area_font.setPointSizeF(8.5)
        vessel_font = QFont()
        vessel_font.setPointSizeF(7.5)
        vessel_font.setItalic(True)
        for chamber in self.atlas.heart.chambers:
            anchor = QPointF(*chamber.schematic.label_at)
            self._add_label(
                MapLabel(CHAMBER_ABBREVIATIONS[chamber.id], chamber.id, anchor, 1.2, area_font)
            )
        for bed in self.atlas.beds:
            label = describe.display_name(bed.id, bed.label)
            anchor = QPointF(*bed.schematic.label_at)
            # Beds with more blood flow win a place on a crowded screen; the lungs, brain and
            # kidneys outrank the chamber abbreviations, the small abdominal organs do not.
            self._add_label(
                MapLabel(label, bed.id, anchor, 1.0 + bed.resting_flow_fraction, area_font)
            )
        for segment_id, vessel in self.vessels.items():
            segment = self._segments[segment_id]
            if segment.default_strength == 0.0:
                continue  # an absent variant is named on hover, not competing for label space
            piece = vessel.longest_piece()
            label = describe.display_name(segment.id, segment.label)
            self._add_label(
                MapLabel(
                    label,
                    segment.id,
                    piece.center(),
                    vessel.diameter_mm / 100.0,
                    vessel_font,
                    angle_deg=upright_angle(piece),
                    room_along=piece.length(),
                )
            )
        self.labels.sort(key=lambda label: -label.priority)

    def _add_label(self, label: MapLabel) -> None:
        self.addItem(label)
        self.labels.append(label)

    # -- state ------------------------------------------------------------------------------

    @property
    def overlay(self) -> str:
        return self._overlay

    @property
    def legend(self) -> Legend:
        return self._legend

    @property
    def report(self) -> Mapping[str, Any] | None:
        return self._report

    def apply_state(self, report: Mapping[str, Any], overlay: str) -> None:
        """Colour every vessel and bed from ``report`` (the keys of ``Circulation.report``)."""
        try:
            chosen = OVERLAYS[overlay]
        except KeyError:
            raise ValueError(
                f"unknown overlay '{overlay}' (known: {', '.join(OVERLAYS)})"
            ) from None
        segment_states = report.get("segments", {})
        for segment_id, vessel in self.vessels.items():
            vessel.set_colour(chosen.segment_colour(vessel.kind, segment_states.get(segment_id)))
        bed_states = report.get("beds", {})
        for bed_id in self._beds:
            self.shapes[bed_id].set_fill(chosen.bed_colour(bed_states.get(bed_id)))
        self._report = report
        if overlay != self._overlay:
            self._overlay = overlay
            self._legend = chosen.legend()
            self.legendChanged.emit(self._legend)

    def set_overlay(self, overlay: str) -> None:
        self.apply_state(self._report or {}, overlay)

    # -- hover ------------------------------------------------------------------------------

    def hover_lines(self, model_id: str) -> list[str]:
        report = self._report
        if model_id in self._segments:
            state = report.get("segments", {}).get(model_id) if report else None
            return describe.segment_lines(self._segments[model_id], state)
        if model_id in self._beds:
            state = report.get("beds", {}).get(model_id) if report else None
            return describe.bed_lines(self._beds[model_id], state)
        if model_id in self._chambers:
            return describe.chamber_lines(self._chambers[model_id], report)
        if model_id in self._valves:
            return describe.valve_lines(self._valves[model_id])
        if model_id in self._limb_roots:
            labels = {s.id: s.label or s.id for s in self.atlas.segments}
            return describe.limb_root_lines(self._limb_roots[model_id], labels)
        return []

    def hover_text(self, model_id: str) -> str:
        """One line for the status bar."""
        return " · ".join(self.hover_lines(model_id))

    def tooltip_html(self, model_ids: list[str]) -> str:
        """Every item under the pointer: schematic vessels can lie on top of each other."""
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

    # -- labels -----------------------------------------------------------------------------

    def update_labels(self, pixels_per_unit: float) -> None:
        """Show the labels that fit at this zoom, most important first, none overlapping."""
        taken: list[QRectF] = []
        for label in self.labels:
            vessel = self.vessels.get(label.model_id)
            if vessel is not None:
                if pixels_per_unit < VESSEL_LABEL_MIN_SCALE:
                    label.setVisible(False)
                    continue
                label.set_offset(
                    vessel.width * pixels_per_unit / 2 + LABEL_GAP_PX + label.text_height / 2
                )
                if label.room_along * pixels_per_unit < label.text_width + LABEL_ROOM_PX:
                    label.setVisible(False)
                    continue
            rect = label.screen_rect(pixels_per_unit)
            visible = not any(rect.intersects(other) for other in taken)
            label.setVisible(visible)
            if visible:
                taken.append(rect)

    def segment_line(self, segment_id: str) -> QLineF:
        """The longest straight piece of a vessel, e.g. for pointing at it in a test or a tour."""
        return self.vessels[segment_id].longest_piece()

    def vessel_colour(self, segment_id: str) -> QColor:
        return self.vessels[segment_id].colour()
