"""What a scenario adds to the map: its isolation region shaded, its tumours marked on their
target beds, its critical beds outlined, and the view that frames it best."""

from __future__ import annotations

from math import cos, radians, sin

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from simulator.gui.map.geometry import deepest_point
from simulator.gui.map.items import GROUND_LAYER, closed_path, make_static
from simulator.gui.map.palette import (
    CRITICAL,
    REGION_FILL,
    REGION_HALO,
    TUMOUR,
    Z_CRITICAL,
    Z_REGION_BEDS,
    Z_REGION_HALO,
    Z_TUMOUR,
)
from simulator.scenario.layout_file import LayoutFile
from simulator.scenario.scenario_file import ScenarioFile

REGION_LEGEND = QColor(64, 200, 190)
"""The region's shading at full strength, so the legend's swatch reads on its dark box."""
REGION_HALO_EXTRA_MM = 5.0
"""A vessel of the region gets a halo this much wider than itself."""
TUMOUR_RADIUS_PX = 9.0
CORNER_MM = 6.0


def _star(radius: float) -> QPolygonF:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -90.0 + 36.0 * i
        points.append(QPointF(r * cos(radians(angle)), r * sin(radians(angle))))
    return QPolygonF(points)


class ScenarioLayer:
    def __init__(self, scene) -> None:
        self.scene = scene
        self.items: dict[str, QGraphicsItem] = {}
        self.scenario: ScenarioFile | None = None

    def clear(self) -> None:
        for item in self.items.values():
            self.scene.removeItem(item)
        self.items.clear()
        self.scene.static_items_changed(GROUND_LAYER)
        self.scenario = None
        self.scene.set_label_obstacles({})

    def set_scenario(self, scenario: ScenarioFile | None) -> None:
        self.clear()
        if scenario is None:
            return
        self.scenario = scenario
        layout: LayoutFile = self.scene.layout
        region_beds = QPainterPath()
        region_beds.setFillRule(Qt.FillRule.WindingFill)
        for bed_id in scenario.region.beds:
            if bed_id in layout.beds:
                region_beds.addPath(closed_path(layout.beds[bed_id].polygon, CORNER_MM))
        self._add(
            "region:beds", region_beds, QPen(Qt.PenStyle.NoPen), QBrush(REGION_FILL), Z_REGION_BEDS
        )
        for segment_id in scenario.region.segments:
            vessel = self.scene.vessels.get(segment_id)
            if vessel is None:
                continue
            # An opaque halo under each vessel of the region: overlapping halos do not darken,
            # and its width follows its vessel's.
            pen = QPen(REGION_HALO, vessel.width + REGION_HALO_EXTRA_MM)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            halo = self._add(f"region:{segment_id}", vessel.path(), pen, QBrush(), Z_REGION_HALO)
            make_static(halo, GROUND_LAYER)
        for bed_id in scenario.critical_beds:
            if bed_id in layout.beds:
                pen = QPen(CRITICAL, 2.5)
                pen.setCosmetic(True)
                pen.setDashPattern([3.0, 2.0])
                item = self._add(
                    f"critical:{bed_id}",
                    closed_path(layout.beds[bed_id].polygon, CORNER_MM),
                    pen,
                    QBrush(),
                    Z_CRITICAL,
                )
                item.setToolTip(f"Critical: {bed_id.replace('_', ' ')}")
        obstacles: dict[str, tuple[QPointF, float]] = {}
        for tumour in scenario.tumors:
            bed = layout.beds.get(tumour.bed)
            if bed is None:
                continue
            star = QPainterPath()
            star.addPolygon(_star(TUMOUR_RADIUS_PX))
            star.closeSubpath()
            pen = QPen(QColor("#1b1f24"), 1.0)
            item = self._add(f"tumour:{tumour.id}", star, pen, QBrush(TUMOUR), Z_TUMOUR)
            # A constant size on screen: a 4 cm tumour would vanish in the whole-body view.
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            position = _tumour_position(bed.polygon)
            item.setPos(position)
            item.setToolTip(tumour.label or tumour.id)
            obstacles[f"tumour:{tumour.id}"] = (position, TUMOUR_RADIUS_PX + 2.0)
        self.scene.set_label_obstacles(obstacles)
        self.scene.static_items_changed(GROUND_LAYER)

    def _add(
        self, key: str, path: QPainterPath, pen: QPen, brush: QBrush, z: float
    ) -> QGraphicsPathItem:
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setBrush(brush)
        item.setZValue(z)
        item.setAcceptHoverEvents(False)
        self.scene.addItem(item)
        self.items[key] = item
        return item

    def legend_marks(self) -> tuple[tuple[str, QColor], ...]:
        """What the legend should explain of the marks on the map now."""
        scenario = self.scenario
        if scenario is None:
            return ()
        marks = [("Isolated region", REGION_LEGEND)]
        if scenario.tumors:
            marks.append(("Tumour", TUMOUR))
        if scenario.critical_beds:
            marks.append(("Critical bed (dashed)", CRITICAL))
        return tuple(marks)

    def best_view(self) -> str:
        """The named view that shows the targets and the most of the region."""
        scenario = self.scenario
        if scenario is None:
            return "whole_body"
        layout: LayoutFile = self.scene.layout
        points: list[tuple[float, float]] = []
        for bed_id in scenario.region.beds:
            if bed_id in layout.beds:
                points += layout.beds[bed_id].polygon
        for segment_id in scenario.region.segments:
            if segment_id in layout.vessels:
                points += layout.vessels[segment_id].polyline
        targets = [
            p
            for bed_id in scenario.targets
            if bed_id in layout.beds
            for p in layout.beds[bed_id].polygon
        ]
        best, best_key = "whole_body", None
        for name in self.scene.view_names:
            if name == "whole_body":
                continue
            rect = self.scene.view_rect(name)
            if not all(rect.contains(QPointF(*p)) for p in targets):
                continue
            covered = sum(rect.contains(QPointF(*p)) for p in points)
            key = (covered, -rect.width() * rect.height())
            if covered and (best_key is None or key > best_key):
                best, best_key = name, key
        return best


def _tumour_position(polygon) -> QPointF:
    """The deepest point of the bed, clear of its edge (a J-shaped stomach's vertex mean lies
    outside it)."""
    return QPointF(*deepest_point(polygon))
