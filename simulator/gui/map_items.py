"""The graphics items of the vascular map and the drawing rules they share.

Widths are in map units (about 1 mm of body), so vessels grow as the user zooms in, like a road
map; labels ignore the zoom so they stay readable, and the scene hides the ones that collide.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from simulator.scenario.atlas_file import SegmentEntry
from simulator.scenario.common import Point

# Items name the atlas entry they draw in a Python attribute, ``model_id``, rather than in
# QGraphicsItem.data(): in PySide6 6.12, data() on an item without that key returns None without
# taking a reference, and a few thousand mouse moves later the interpreter aborts.

BACKGROUND = QColor("#1b1f24")
BED_FILL = QColor(92, 102, 114, 90)
BED_OUTLINE = QColor("#59626d")
CHAMBER_FILL = QColor(150, 70, 70, 150)
CHAMBER_OUTLINE = QColor("#b07474")
VALVE_COLOUR = QColor("#9aa3ad")
CUFF_COLOUR = QColor("#f2f2f2")
LABEL_TEXT = QColor("#e6eaee")
LABEL_BOX = QColor(27, 31, 36, 170)
HIGHLIGHT = QColor(255, 255, 255, 150)
OVERLAY_FILL_ALPHA = 110
"""Beds coloured by an overlay stay translucent: the vessels crossing them must stay legible."""

MIN_WIDTH = 1.8
WIDTH_PER_MM_DIAMETER = 0.36
"""Width = MIN_WIDTH + k * diameter (map units): the aorta (about 36 mm) draws about 15 units,
some 8 px when the whole body fits a screen, and a 1 mm artery stays about 1 px instead of
vanishing, which a width strictly proportional to diameter would make it."""
HOLLOW_MIN_WIDTH = 3.0
HOLLOW_FRACTION = 0.4
"""Venous vessels wide enough to show it get a dark core, so arteries and veins differ by shape
as well as colour: every overlay but one colours both kinds from the same scale."""

VENOUS_KINDS = frozenset({"vein", "portal", "pulmonary_vein"})

Z_BED, Z_VALVE, Z_CHAMBER = 0.0, 1.0, 2.0
Z_VEIN, Z_ARTERY = 10.0, 20.0
Z_CUFF, Z_LABEL = 40.0, 50.0


def vessel_width(diameter_mm: float) -> float:
    return MIN_WIDTH + WIDTH_PER_MM_DIAMETER * diameter_mm


def polyline_path(points: list[Point]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for x, y in points[1:]:
        path.lineTo(x, y)
    return path


def polygon(points: list[Point]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


class VesselItem(QGraphicsPathItem):
    """One atlas segment. Holds how it is drawn, never the state it shows."""

    def __init__(self, segment: SegmentEntry) -> None:
        super().__init__(polyline_path(segment.schematic))
        self.model_id = segment.id
        self.kind = segment.kind
        self.diameter_mm = 2.0 * segment.radius_proximal_mm
        self.width = vessel_width(self.diameter_mm)
        self.venous = segment.kind in VENOUS_KINDS
        pen = QPen(QColor("#8a8f96"), self.width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if segment.default_strength == 0.0:
            # A variant the standard patient lacks: drawn so the trainee knows where it would be.
            pen.setStyle(Qt.PenStyle.DotLine)
            self.setOpacity(0.55)
        self.setPen(pen)
        # Larger vessels underneath, so that a branch leaving the aorta stays visible.
        base = Z_VEIN if self.venous else Z_ARTERY
        self.setZValue(base + 1.0 / (1.0 + self.diameter_mm))

    def colour(self) -> QColor:
        return self.pen().color()

    def set_colour(self, colour: QColor) -> None:
        if colour != self.pen().color():
            pen = self.pen()
            pen.setColor(colour)
            self.setPen(pen)

    def longest_piece(self) -> QLineF:
        path = self.path()
        pieces = [
            QLineF(
                path.elementAt(i - 1).x,
                path.elementAt(i - 1).y,
                path.elementAt(i).x,
                path.elementAt(i).y,
            )
            for i in range(1, path.elementCount())
        ]
        return max(pieces, key=QLineF.length)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        super().paint(painter, option, widget)
        if (
            self.venous
            and self.width >= HOLLOW_MIN_WIDTH
            and self.pen().style() == Qt.PenStyle.SolidLine
        ):
            core = QPen(self.pen())
            core.setColor(BACKGROUND)
            core.setWidthF(self.width * HOLLOW_FRACTION)
            painter.setPen(core)
            painter.drawPath(self.path())


class ShapeItem(QGraphicsPolygonItem):
    """A bed or heart chamber outline; its fill may carry an overlay colour."""

    def __init__(
        self, model_id: str, points: list[Point], fill: QColor, outline: QColor, z: float
    ) -> None:
        super().__init__(polygon(points))
        self.model_id = model_id
        self.neutral_fill = QColor(fill)
        self.setBrush(QBrush(fill))
        pen = QPen(outline, 1.2)
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


class LineItem(QGraphicsPathItem):
    """A plain line that stands for an atlas entry (a heart valve, a cuff level)."""

    def __init__(self, model_id: str, points: list[Point], pen: QPen, z: float) -> None:
        super().__init__(polyline_path(points))
        self.model_id = model_id
        self.setPen(pen)
        self.setZValue(z)


def dashed_pen(colour: QColor) -> QPen:
    pen = QPen(colour, 2.0)
    pen.setCosmetic(True)
    pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class MapLabel(QGraphicsItem):
    """Text that keeps its size on screen, on a dark box so it reads over vessels.

    The scene decides visibility: a label shows only if it fits where it is anchored
    (``min_length`` of screen pixels along its vessel) and does not collide with a label of
    higher priority.
    """

    PADDING = 2.0

    def __init__(
        self,
        text: str,
        model_id: str,
        anchor: QPointF,
        priority: float,
        font: QFont,
        angle_deg: float = 0.0,
        room_along: float = 0.0,
    ) -> None:
        super().__init__()
        self.text = text
        self.model_id = model_id
        self.priority = priority
        self.room_along = room_along
        """Length (map units) of the vessel piece the label sits on; 0 for area labels."""
        self._font = font
        metrics = QFontMetricsF(font)
        width = metrics.horizontalAdvance(text) + 2 * self.PADDING
        height = metrics.height() + 2 * self.PADDING
        self._rect = QRectF(-width / 2, -height / 2, width, height)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPos(anchor)
        self.setRotation(angle_deg)
        self.setZValue(Z_LABEL)
        self._offset = 0.0

    @property
    def text_width(self) -> float:
        return self._rect.width()

    @property
    def text_height(self) -> float:
        return self._rect.height()

    def set_offset(self, pixels: float) -> None:
        """Shift the label across its vessel so it sits beside the line instead of on it."""
        if pixels != self._offset:
            self.prepareGeometryChange()
            self._offset = pixels

    def _local_rect(self) -> QRectF:
        return self._rect.translated(0.0, -self._offset)

    def screen_rect(self, scale: float) -> QRectF:
        """Where the label lands in pixels, relative to the scene origin at this zoom."""
        rotated = QTransform().rotate(self.rotation()).mapRect(self._local_rect())
        return rotated.translated(self.pos().x() * scale, self.pos().y() * scale)

    def boundingRect(self) -> QRectF:
        return self._local_rect()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._local_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(LABEL_BOX)
        painter.drawRoundedRect(rect, 3.0, 3.0)
        painter.setFont(self._font)
        painter.setPen(LABEL_TEXT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)


def upright_angle(line: QLineF) -> float:
    """The line's direction in degrees, turned so text along it never reads upside down."""
    angle = math.degrees(math.atan2(line.dy(), line.dx()))
    if angle > 90.0:
        angle -= 180.0
    elif angle <= -90.0:
        angle += 180.0
    return angle
