"""What a scenario adds to the map: its isolation region shaded, its tumours marked on their
target beds, its critical beds outlined, and the view that frames it best."""

from __future__ import annotations

from math import cos, radians, sin

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from simulator.gui.map.items import closed_path
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

REGION_HALO_EXTRA_MM = 10.0
"""The region's vessels get a halo this much wider than the widest of them."""
TUMOUR_RADIUS_MM = 7.0
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
        self.scenario = None

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
        halo = QPainterPath()
        widest = 0.0
        for segment_id in scenario.region.segments:
            vessel = self.scene.vessels.get(segment_id)
            if vessel is not None:
                halo.addPath(vessel.path())
                widest = max(widest, vessel.width)
        # One path, one stroke: where the region's vessels overlap the halo does not darken.
        pen = QPen(REGION_HALO, widest + REGION_HALO_EXTRA_MM)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._add("region:vessels", halo, pen, QBrush(), Z_REGION_HALO)
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
        for tumour in scenario.tumors:
            bed = layout.beds.get(tumour.bed)
            if bed is None:
                continue
            star = QPainterPath()
            star.addPolygon(_star(TUMOUR_RADIUS_MM))
            star.closeSubpath()
            pen = QPen(QColor("#1b1f24"), 1.0)
            pen.setCosmetic(True)
            item = self._add(f"tumour:{tumour.id}", star, pen, QBrush(TUMOUR), Z_TUMOUR)
            item.setPos(_tumour_position(bed.polygon, tuple(bed.label_anchor)))
            item.setToolTip(tumour.label or tumour.id)

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


def _tumour_position(polygon, anchor: tuple[float, float]) -> QPointF:
    """Inside the bed, up and to the right of its middle, where its label rarely is."""
    xs = [x for x, _ in polygon]
    ys = [y for _, y in polygon]
    rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    centre = rect.center()
    return QPointF(centre.x() + 0.3 * rect.width() * 0.5, centre.y() - 0.3 * rect.height() * 0.5)
