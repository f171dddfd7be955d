"""What the map draws while a gesture is under way: where a carried device may go, and where a
dragged catheter's parts would sit.

These are previews, never the truth: they come and go with the gesture and are rebuilt from the
session's snapshot once the action is recorded. They are painted by a transparent widget over
the map's viewport, above the map's labels (which the view paints over every scene item), at
screen size whatever the zoom, mapped from scene points at each paint so that a zoom or pan
during a gesture keeps them in place. Colours are the map's colour-blind-safe ones; a site that
may be used is a thick sky-blue ring, one that may not a thin grey ring with a cross, so they
differ in shape as well as colour. The overlay lets every mouse event through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QGraphicsView, QWidget

from simulator.gui.map.palette import BALLOON_OUTLINE, CATHETER, PORT_OPEN

USABLE = QColor("#56b4e9")
REFUSED = QColor("#8a8f96")
REFUSAL_TEXT = QColor("#ff9f43")
HINT_BOX = QColor(27, 31, 36, 235)
SITE_RING_PX = 9.0
PART_MARK_PX = 7.0
HINT_WIDTH_PX = 380.0
ROUTE_PX = 3.0


@dataclass
class SiteMark:
    """An access site or limb root while a device is carried: usable or not, and why."""

    site: str
    usable: bool
    reason: str
    point: QPointF
    hovered: bool = False


@dataclass
class PartMark:
    """Where a balloon (an outlined oval) or a group of openings (a dot) would sit."""

    kind: str
    text: str
    point: QPointF
    angle: float
    inside: bool


@dataclass
class Hint:
    """A short text beside the pointer: what a drop or release would do, or why it cannot."""

    text: str = ""
    point: QPointF = field(default_factory=QPointF)
    refusal: bool = False

    def isVisible(self) -> bool:
        return bool(self.text)


@dataclass
class RoutePreview:
    path: QPainterPath | None = None
    refused: bool = False

    def isVisible(self) -> bool:
        return self.path is not None


class GestureMarks(QWidget):
    """The preview of one gesture over one map view; ``clear`` takes it all away."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.setObjectName("gesture_marks")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sites: dict[str, SiteMark] = {}
        self.parts: list[PartMark] = []
        self.route = RoutePreview()
        self.hint = Hint()
        self.setGeometry(view.viewport().rect())
        view.viewport().installEventFilter(self)
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self.setGeometry(self.parentWidget().rect())
        return False

    # -- what to show -------------------------------------------------------------------------

    def show_sites(self, marks: list[tuple[str, bool, str, QPointF]]) -> None:
        self.sites = {
            site: SiteMark(site, usable, reason, point) for site, usable, reason, point in marks
        }
        self._changed()

    def hover_site(self, site: str | None) -> None:
        for key, mark in self.sites.items():
            mark.hovered = key == site
        self._changed()

    def show_hint(self, text: str, at: QPointF, refusal: bool = False) -> None:
        self.hint = Hint(text, QPointF(at), refusal)
        self._changed()

    def show_route(self, path: QPainterPath | None, refused: bool = False) -> None:
        self.route = RoutePreview(path, refused)
        self._changed()

    def show_parts(self, parts: list[tuple[str, str, QPointF, float, bool]]) -> None:
        self.parts = [PartMark(*part) for part in parts]
        self._changed()

    def clear(self) -> None:
        self.sites, self.parts = {}, []
        self.route, self.hint = RoutePreview(), Hint()
        self._changed()

    @property
    def active(self) -> bool:
        return bool(self.sites or self.parts or self.route.path is not None or self.hint.text)

    def _changed(self) -> None:
        self.raise_()
        self.update()

    # -- painting -----------------------------------------------------------------------------

    def _screen(self, point: QPointF) -> QPointF:
        return QPointF(self.view.mapFromScene(point))

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.active:
            return
        painter = QPainter(self)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        if self.route.path is not None:
            self._paint_route(painter)
        for mark in self.sites.values():
            self._paint_site(painter, mark)
        for part in self.parts:
            self._paint_part(painter, part)
        if self.hint.text:
            self._paint_hint(painter)
        painter.end()

    def _paint_route(self, painter: QPainter) -> None:
        painter.save()
        painter.setTransform(self.view.viewportTransform())
        casing = QPen(QColor(27, 31, 36), ROUTE_PX + 3.0)
        casing.setCosmetic(True)
        casing.setCapStyle(Qt.PenCapStyle.RoundCap)
        casing.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(casing)
        painter.drawPath(self.route.path)
        pen = QPen(REFUSED if self.route.refused else USABLE, ROUTE_PX)
        pen.setCosmetic(True)
        pen.setDashPattern([3.0, 2.0])
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawPath(self.route.path)
        painter.restore()

    def _paint_site(self, painter: QPainter, mark: SiteMark) -> None:
        centre = self._screen(mark.point)
        r = SITE_RING_PX * (1.35 if mark.hovered else 1.0)
        if mark.usable:
            painter.setPen(QPen(USABLE, 3.5 if mark.hovered else 2.5))
            fill = QColor(USABLE)
            fill.setAlpha(110)
            painter.setBrush(QBrush(fill))
            painter.drawEllipse(centre, r, r)
        else:
            painter.setPen(QPen(REFUSED, 2.0 if mark.hovered else 1.5))
            painter.setBrush(QBrush(QColor(27, 31, 36, 160)))
            painter.drawEllipse(centre, r * 0.75, r * 0.75)
            d = r * 0.45
            painter.drawLine(centre + QPointF(-d, -d), centre + QPointF(d, d))
            painter.drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d))

    def _paint_part(self, painter: QPainter, part: PartMark) -> None:
        centre = self._screen(part.point)
        colour = BALLOON_OUTLINE if part.kind == "balloon" else PORT_OPEN
        if not part.inside:
            colour = REFUSED
        painter.save()
        painter.translate(centre)
        painter.rotate(part.angle)
        painter.setPen(QPen(colour, 2.0))
        if part.kind == "balloon":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), PART_MARK_PX * 1.8, PART_MARK_PX)
        else:
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(QPointF(0, 0), PART_MARK_PX * 0.55, PART_MARK_PX * 0.55)
        painter.restore()
        metrics = QFontMetricsF(painter.font())
        text_rect = metrics.boundingRect(part.text).translated(centre + QPointF(16, 5))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(HINT_BOX))
        painter.drawRoundedRect(text_rect.adjusted(-3, -1, 3, 1), 3, 3)
        painter.setPen(colour)
        painter.drawText(centre + QPointF(16, 5), part.text)

    def hint_rect(self) -> QRectF:
        """Where the hint box is drawn: right of and below the point, kept inside the view."""
        metrics = QFontMetricsF(self.font())
        text = metrics.boundingRect(
            QRectF(0, 0, HINT_WIDTH_PX, 400), Qt.TextFlag.TextWordWrap, self.hint.text
        )
        box = text.adjusted(-6, -4, 6, 4)
        at = self._screen(self.hint.point) + QPointF(16, 12)
        x = min(at.x(), self.width() - box.width() - 4)
        y = min(at.y(), self.height() - box.height() - 4)
        return QRectF(max(x, 4.0), max(y, 4.0), box.width(), box.height())

    def _paint_hint(self, painter: QPainter) -> None:
        rect = self.hint_rect()
        colour = REFUSAL_TEXT if self.hint.refusal else USABLE
        painter.setPen(QPen(colour, 1.2))
        painter.setBrush(QBrush(HINT_BOX))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(REFUSAL_TEXT if self.hint.refusal else CATHETER)
        painter.drawText(rect.adjusted(6, 4, -6, -4), Qt.TextFlag.TextWordWrap, self.hint.text)
