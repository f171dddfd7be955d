"""The graphics items of the anatomy: vessels and the shapes of beds, organs and chambers.

Each item names the layout entry it draws in a Python attribute, ``model_id``, rather than in
QGraphicsItem.data(): in PySide6 6.12, data() on an item without that key returns None without
taking a reference, and a few thousand mouse moves later the interpreter aborts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from simulator.gui.map.geometry import Polyline, rounded_path, vessel_path

ARROW = QColor(20, 22, 26, 170)
ARROW_SIZE = 0.42
"""Half the arrowhead's length, as a share of the vessel's drawn width."""
ARROW_MIN_PX = 6.0
"""Vessels thinner than this on screen carry no arrow: it would be a speck."""
OVERLAY_FILL_ALPHA = 120
"""Beds coloured by an overlay stay translucent: the vessels crossing them must stay legible."""
SHAPE_CORNER_RADIUS_MM = 6.0

GROUND_LAYER = 1
"""Organ silhouettes, the scenario's region: change only with the scenario or the view."""
BED_LAYER = 2
"""Beds, chambers, cuff levels: over the ground; beds change colour with some overlays."""


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
        curve: str = "rounded",
        corner_radius: float = 0.0,
    ) -> None:
        super().__init__(path)
        self._curve = curve
        self._corner_radius = corner_radius
        self._piece_spans: tuple[tuple[float, float], ...] = ()
        self._piece_paths: list[QPainterPath] = []
        self._piece_colours: list[QColor] | None = None
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
        self.flow_direction = 0
        self.setPen(pen)
        self._draw_pen = QPen(pen)
        """The pen with the overlay's colour. Kept apart from ``pen()``: setPen() announces a
        geometry change to the scene's index, which at display rate cost more than drawing."""
        self.setZValue(z)

    def colour(self) -> QColor:
        return self._draw_pen.color()

    def set_colour(self, colour: QColor) -> None:
        if self._absent:
            colour = QColor(colour)
            colour.setAlpha(110)  # a variant the patient lacks: where it would be, faintly
        if colour != self._draw_pen.color():
            self._draw_pen.setColor(colour)
            self.update()

    def set_flow_direction(self, direction: int) -> None:
        """+1: blood runs along the polyline (from_node to to_node), -1 against it, 0: no arrow."""
        if direction != self.flow_direction:
            self.flow_direction = direction
            self.update()

    def set_pieces(
        self, spans: tuple[tuple[float, float], ...] | None, colours: list[QColor] | None
    ) -> None:
        """Colour the vessel piece by piece (``spans``: fractions along it), or as one (None)."""
        if spans is None or colours is None or len(spans) < 2 or self._absent:
            if self._piece_colours is not None:
                self._piece_colours = None
                self.update()
            return
        if spans != self._piece_spans:
            self._piece_spans = spans
            self._piece_paths = [
                vessel_path(self.polyline.between(a, b), self._curve, self._corner_radius)
                for a, b in spans
            ]
            self._piece_colours = None
        if colours != self._piece_colours:
            self._piece_colours = list(colours)
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self._piece_colours is None:
            painter.setPen(self._draw_pen)
            painter.drawPath(self.path())
        else:
            pen = QPen(self._draw_pen)
            for path, colour in zip(self._piece_paths, self._piece_colours, strict=True):
                pen.setColor(colour)
                painter.setPen(pen)
                painter.drawPath(path)
        if self.flow_direction and self.width * painter.worldTransform().m11() >= ARROW_MIN_PX:
            self._paint_arrow(painter)

    def _paint_arrow(self, painter: QPainter) -> None:
        x, y = self.polyline.point_at(0.5)
        half = ARROW_SIZE * self.width
        painter.save()
        painter.translate(x, y)
        painter.rotate(self.polyline.angle_at(0.5) + (0.0 if self.flow_direction > 0 else 180.0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ARROW)
        painter.drawPolygon(
            QPolygonF([QPointF(half, 0.0), QPointF(-half, -0.9 * half), QPointF(-half, 0.9 * half)])
        )
        painter.restore()


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
        layer: int = BED_LAYER,
    ) -> None:
        super().__init__(closed_path(points, SHAPE_CORNER_RADIUS_MM))
        make_static(self, layer)
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
            if self.static_layer and self.scene() is not None:
                self.scene().static_layer_changed(self.static_layer)

    def fill(self) -> QColor:
        return self.brush().color()


def make_static(item: QGraphicsPathItem, layer: int) -> None:
    """Draw ``item`` in the view's cached background layer instead of on every frame.

    The item stays in the scene, visible, so it is still hovered, picked and tested like any
    other; only its painting moves (see ``view.MapView.drawBackground``), into one of two cached
    layers drawn in order, bottom first: ``GROUND_LAYER`` then ``BED_LAYER``. They change with
    the overlay, the scenario or the zoom, while vessels change colour at display rate: drawn
    apart, a frame repaints the vessels and, when a bed's colour changed, the bed layer.
    """
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
    item.static_layer = layer  # type: ignore[attr-defined]


def draw_static(painter: QPainter, item: QGraphicsPathItem) -> None:
    painter.setPen(item.pen())
    painter.setBrush(item.brush())
    painter.drawPath(item.path())
