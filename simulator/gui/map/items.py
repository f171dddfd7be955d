"""The graphics items of the anatomy: vessels and the shapes of beds, organs and chambers.

Each item names the layout entry it draws in a Python attribute, ``model_id``, rather than in
QGraphicsItem.data(): in PySide6 6.12, data() on an item without that key returns None without
taking a reference, and a few thousand mouse moves later the interpreter aborts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from simulator.gui.map.geometry import Polyline, rounded_path

OVERLAY_FILL_ALPHA = 120
"""Beds coloured by an overlay stay translucent: the vessels crossing them must stay legible."""
SHAPE_CORNER_RADIUS_MM = 6.0


class VesselItem(QGraphicsPathItem):
    """One vessel segment: how it is drawn, never the state it shows."""

    def __init__(
        self,
        segment_id: str,
        kind: str,
        path: QPainterPath,
        polyline: Polyline,
        width: float,
        diameter_mm: float,
        dashed: bool,
        absent: bool,
        z: float,
    ) -> None:
        super().__init__(path)
        self.model_id = segment_id
        self.kind = kind
        self.polyline = polyline
        self.width = width
        self.diameter_mm = diameter_mm
        pen = QPen(QColor("#8a8f96"), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if dashed or absent:
            # Dash lengths are in pen widths: long dashes read as one vessel, not a dotted line.
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            pen.setDashPattern([2.5, 1.5] if not absent else [0.8, 1.6])
        self._absent = absent
        self.setPen(pen)
        self.setZValue(z)

    def colour(self) -> QColor:
        return self.pen().color()

    def set_colour(self, colour: QColor) -> None:
        if self._absent:
            colour = QColor(colour)
            colour.setAlpha(110)  # a variant the patient lacks: where it would be, faintly
        if colour != self.pen().color():
            pen = self.pen()
            pen.setColor(colour)
            self.setPen(pen)


def closed_path(points: Sequence[Sequence[float]], corner_radius: float) -> QPainterPath:
    """A polygon with softly rounded corners: start and end half-way along the closing edge so
    that every corner, the first included, is rounded."""
    (ax, ay), (bx, by) = points[-1], points[0]
    seam = (0.5 * (ax + bx), 0.5 * (ay + by))
    path = rounded_path([seam, *points, seam], corner_radius)
    path.closeSubpath()
    return path


class ShapeItem(QGraphicsPathItem):
    """A bed, organ or heart chamber silhouette; its fill may carry an overlay colour."""

    def __init__(
        self,
        model_id: str,
        points: Sequence[Sequence[float]],
        fill: QColor,
        outline: QColor,
        z: float,
        outline_px: float = 1.2,
    ) -> None:
        super().__init__(closed_path(points, SHAPE_CORNER_RADIUS_MM))
        self.model_id = model_id
        self.neutral_fill = QColor(fill)
        self.setBrush(QBrush(fill))
        pen = QPen(outline, outline_px)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(z)

    def set_fill(self, colour: QColor | None) -> None:
        if colour is None:
            fill = QColor(self.neutral_fill)
        else:
            fill = QColor(colour)
            fill.setAlpha(OVERLAY_FILL_ALPHA)
        if fill != self.brush().color():
            self.setBrush(QBrush(fill))

    def fill(self) -> QColor:
        return self.brush().color()
