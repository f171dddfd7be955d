"""The view onto the map: named views, wheel zoom about the pointer, drag to pan, hover picking,
and the labels, placed afresh in screen space whenever the visible part of the map changes.

Picking looks a few pixels around the pointer because a small artery is a pixel wide when the
whole body is on screen; Qt's own exact-hit tooltips would make it nearly impossible to point at.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QToolTip, QWidget

from simulator.gui.map.items import BED_LAYER, GROUND_LAYER, draw_static
from simulator.gui.map.labels import (
    PlacedLabel,
    area_font,
    place_labels,
    replace_tags,
    vessel_font,
)
from simulator.gui.map.legend import LegendWidget
from simulator.gui.map.palette import LABEL_BOX, LABEL_TEXT, LEADER
from simulator.gui.map.scene import MapScene

PICK_RADIUS_PX = 4
WHEEL_NOTCH = 120.0
ZOOM_PER_NOTCH = 1.25
MAX_PIXELS_PER_UNIT = 40.0
MIN_ZOOM_OF_FIT = 0.5
"""Zooming out stops at half the whole-body view; further out there is nothing to see."""
LEGEND_MARGIN = 10
DEFAULT_VIEW = "whole_body"
FULL_PLACEMENT_DELAY_MS = 1500
"""When device tags change, the new ones are fitted among the names already placed (placing
every name again costs 60-80 ms); this long after the last change, all are placed afresh."""


class MapView(QGraphicsView):
    hoveredChanged = Signal(str)
    """The layout id under the pointer, or "" when it leaves everything."""
    viewChanged = Signal(str)
    """The named view now framed, or "" once the user zooms or pans away from it."""
    zoomChanged = Signal(float)
    """Pixels per map unit after a zoom or a change of view."""

    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Panning is by dragging; scroll bars would also shrink the viewport on every fit.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        # Labels are painted in the foreground from screen positions: a partial update would
        # leave stale labels behind when they move.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.viewport().setMouseTracking(True)
        self.legend_widget = LegendWidget(self)
        self.legend_widget.set_legend(scene.legend)
        scene.legendChanged.connect(self._legend_changed)
        scene.labelsChanged.connect(self.update_labels)
        scene.staticLayerChanged.connect(self._static_layer_changed)
        self._static_layers: dict[int, QPixmap] = {}
        self._static_transform = QTransform()
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self._framed: str | None = DEFAULT_VIEW
        """The named view being shown; None once the user zooms or pans away from it."""
        self._hovered = ""
        self.placed_labels: list[PlacedLabel] = []
        self._vessel_font = vessel_font()
        self._area_font = area_font()
        self._labels_dirty = True
        self._label_layer: QPixmap | None = None
        self._label_context: tuple | None = None
        """The view, region and obstacles the labels were placed for (``update_labels``)."""
        self._placed_tags: dict = {}
        """The device tags as they were when the labels were placed."""
        self._full_placement = QTimer(self)
        self._full_placement.setSingleShot(True)
        self._full_placement.setInterval(FULL_PLACEMENT_DELAY_MS)
        self._full_placement.timeout.connect(self._place_all_labels_again)
        self._dragging = False

    # -- views and zoom ---------------------------------------------------------------------

    @property
    def pixels_per_unit(self) -> float:
        return self.transform().m11()

    @property
    def hovered(self) -> str:
        return self._hovered

    @property
    def current_view(self) -> str | None:
        return self._framed

    def set_view(self, name: str) -> None:
        """Frame a named layout view, and keep it framed as the window resizes until the user
        zooms or pans."""
        if name not in self.map_scene.view_names:
            known = ", ".join(self.map_scene.view_names)
            raise ValueError(f"unknown view '{name}' (known: {known})")
        self._framed = name
        self._frame()
        self.viewChanged.emit(name)

    def fit_all(self) -> None:
        self.set_view(DEFAULT_VIEW)

    def _frame(self) -> None:
        if self._framed is None:
            return
        self.fitInView(self.map_scene.view_rect(self._framed), Qt.AspectRatioMode.KeepAspectRatio)
        self._zoom_changed()

    def _leave_named_view(self) -> None:
        if self._framed is not None:
            self._framed = None
            self.viewChanged.emit("")

    def _fit_scale(self) -> float:
        rect = self.map_scene.view_rect(DEFAULT_VIEW)
        viewport = self.viewport().rect()
        return min(viewport.width() / rect.width(), viewport.height() / rect.height())

    def zoom_by(self, factor: float) -> None:
        current = self.pixels_per_unit
        target = min(
            max(current * factor, self._fit_scale() * MIN_ZOOM_OF_FIT), MAX_PIXELS_PER_UNIT
        )
        if abs(target - current) < 1e-9:
            return
        self.scale(target / current, target / current)
        self._leave_named_view()
        self._zoom_changed()

    def zoom_in(self) -> None:
        self._zoom_about_centre(ZOOM_PER_NOTCH)

    def zoom_out(self) -> None:
        self._zoom_about_centre(1.0 / ZOOM_PER_NOTCH)

    def _zoom_about_centre(self, factor: float) -> None:
        # Keyboard zoom has no meaningful pointer position to anchor on.
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        try:
            self.zoom_by(factor)
        finally:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def _zoom_changed(self) -> None:
        scale = self.pixels_per_unit
        if self._hovered:
            self.map_scene.set_highlight(self._hovered, scale)
        self.update_labels()
        self.zoomChanged.emit(scale)

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / WHEEL_NOTCH
        if notches:
            self.zoom_by(ZOOM_PER_NOTCH**notches)
        event.accept()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if not (dx or dy):
            return
        if self._dragging:
            # While the hand drags, labels ride along (they cannot collide: all move alike);
            # they are placed afresh when the button is released.
            self.placed_labels = [
                replace(
                    label, rect=label.rect.translated(dx, dy), anchor=label.anchor + QPointF(dx, dy)
                )
                for label in self.placed_labels
            ]
            self._label_layer = None
        else:
            self._labels_dirty = True
        self.viewport().update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._dragging = event.button() == Qt.MouseButton.LeftButton
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._dragging:
            self._dragging = False
            self.update_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._frame()
        self._place_legend()
        self.update_labels()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._frame()
        self._place_legend()
        self.update_labels()

    # -- labels -----------------------------------------------------------------------------

    def _place_all_labels_again(self) -> None:
        self._labels_dirty = True
        self.viewport().update()

    def update_labels(self) -> None:
        """Place the labels for what is on screen now (see ``labels.place_labels``)."""
        viewport = QRectF(self.viewport().rect())
        obstacles = [QRectF(self.legend_widget.geometry())] if self.legend_shown else []
        for point, radius in self.map_scene.label_obstacles.values():
            centre = QPointF(self.mapFromScene(point))
            obstacles.append(
                QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
            )
        focus, elsewhere = self.map_scene.label_regions(self._framed)
        inside = viewport.adjusted(2, 2, -2, -2)
        transform = self.viewportTransform()
        context = (transform, inside, obstacles, focus, elsewhere)
        tags = dict(self.map_scene.tags)
        placed = None
        if not self._labels_dirty and context == self._label_context:
            # Only device tags changed (the view, its region and the obstacles are the same):
            # the new ones go into the room the other names leave.
            held = self._placed_tags
            gone = [key for key, spec in held.items() if tags.get(key) != spec]
            new = [spec for key, spec in tags.items() if held.get(key) != spec]
            placed = replace_tags(
                self.placed_labels, gone, new, transform, inside, obstacles, focus, elsewhere
            )
            if placed is not None and (gone or new):
                # Once the devices have been still for a moment, every name is placed afresh:
                # a tag that went may have left room for a name it had kept out.
                self._full_placement.start()
        if placed is None:
            placed = place_labels(
                self.map_scene.all_labels(), transform, inside, obstacles, focus, elsewhere
            )
        self.placed_labels = placed
        self._label_context = context
        self._placed_tags = tags
        self._labels_dirty = False
        self._label_layer = None
        self.viewport().update()

    def _static_layer_changed(self, layer: int) -> None:
        self._static_layers.pop(layer, None)
        self.viewport().update()

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The background colour and the static items (``items.make_static``), from two layers
        rendered once per zoom, scroll, size or change of one of their items."""
        transform = self.viewportTransform()
        if self._static_transform != transform:
            self._static_layers.clear()
            self._static_transform = transform
        painter.save()
        painter.resetTransform()
        for layer in (GROUND_LAYER, BED_LAYER):
            if layer not in self._static_layers:
                self._static_layers[layer] = self._render_static(layer, transform)
            painter.drawPixmap(0, 0, self._static_layers[layer])
        painter.restore()

    def _render_static(self, layer: int, transform: QTransform) -> QPixmap:
        pixmap = self._viewport_pixmap()
        if layer == GROUND_LAYER:
            pixmap.fill(self.map_scene.backgroundBrush().color())
        else:
            pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHints(self.renderHints())
        visible = self.visible_scene_rect()
        for item in self.map_scene.static_layer_items(layer):
            if item.isVisible() and item.sceneBoundingRect().intersects(visible):
                painter.setTransform(item.sceneTransform() * transform)
                draw_static(painter, item)
        painter.end()
        return pixmap

    def _viewport_pixmap(self) -> QPixmap:
        ratio = self.viewport().devicePixelRatioF()
        size = self.viewport().size()
        layer = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        layer.setDevicePixelRatio(ratio)
        return layer

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        super().drawForeground(painter, rect)
        if self._labels_dirty:
            self.update_labels()
        if self._label_layer is None:
            self._label_layer = self._render_labels()
        painter.save()
        painter.resetTransform()
        painter.drawPixmap(0, 0, self._label_layer)
        painter.restore()

    def _render_labels(self) -> QPixmap:
        """The labels on a transparent layer the size of the viewport: painted once per
        placement, then blitted on every frame (text is the slowest thing the map draws)."""
        layer = self._viewport_pixmap()
        layer.fill(Qt.GlobalColor.transparent)
        painter = QPainter(layer)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        leader = QPen(LEADER, 1.0)
        for label in self.placed_labels:
            if label.leader:
                painter.setPen(leader)
                painter.drawLine(label.anchor, _nearest_point(label.rect, label.anchor))
        for label in self.placed_labels:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(LABEL_BOX)
            painter.drawRoundedRect(label.rect, 3.0, 3.0)
            painter.setFont(self._area_font if label.kind == "area" else self._vessel_font)
            painter.setPen(QColor(label.colour) if label.colour else LABEL_TEXT)
            painter.drawText(label.rect, Qt.AlignmentFlag.AlignCenter, label.text)
        painter.end()
        return layer

    # -- legend -----------------------------------------------------------------------------

    @property
    def legend_shown(self) -> bool:
        return not self.legend_widget.isHidden()

    def set_legend_shown(self, shown: bool) -> None:
        """Show or hide the legend; hidden, it leaves its corner to the map and its labels."""
        if shown == self.legend_shown:
            return
        self.legend_widget.setVisible(shown)
        self.update_labels()

    def set_legend_marks(self, marks) -> None:
        self.legend_widget.set_marks(marks)
        self._place_legend()
        self.update_labels()

    def _legend_changed(self, legend: object) -> None:
        self.legend_widget.set_legend(legend)  # type: ignore[arg-type]
        self._place_legend()
        # Changing overlay changes the legend's size; the labels are placed again only if the
        # new legend covers one (placing costs more than the redraw itself).
        covered = QRectF(self.legend_widget.geometry())
        if self.legend_shown and any(
            label.rect.intersects(covered) for label in self.placed_labels
        ):
            self.update_labels()

    def _place_legend(self) -> None:
        size = self.legend_widget.sizeHint()
        self.legend_widget.setGeometry(
            LEGEND_MARGIN,
            self.height() - size.height() - LEGEND_MARGIN,
            size.width(),
            size.height(),
        )

    # -- hover ------------------------------------------------------------------------------

    def model_ids_at(self, pos: QPoint) -> list[str]:
        """Layout ids under a viewport position, topmost first. Below a vessel only coincident
        vessels are listed, not the bed it crosses."""
        r = PICK_RADIUS_PX
        found: list[str] = []
        for item in self.items(QRect(pos.x() - r, pos.y() - r, 2 * r + 1, 2 * r + 1)):
            model_id = getattr(item, "model_id", None) or getattr(item, "device_id", None)
            if isinstance(model_id, str) and model_id not in found:
                found.append(model_id)
        vessels = self.map_scene.vessels

        def on_a_vessel(model_id: str) -> bool:
            return model_id in vessels or ":" in model_id  # device keys are "kind:id"

        if found and on_a_vessel(found[0]):
            found = [model_id for model_id in found if on_a_vessel(model_id)]
        return found

    def _set_hovered(self, model_id: str) -> None:
        if model_id != self._hovered:
            self._hovered = model_id
            self.map_scene.set_highlight(model_id or None, self.pixels_per_unit)
            self.hoveredChanged.emit(model_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._leave_named_view()  # a drag pans away from the named view
        super().mouseMoveEvent(event)
        ids = self.model_ids_at(event.position().toPoint())
        self._set_hovered(ids[0] if ids else "")

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._set_hovered("")

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            html = self.map_scene.tooltip_html(self.model_ids_at(event.pos()))
            if html:
                QToolTip.showText(event.globalPos(), html, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


def _nearest_point(rect: QRectF, point: QPointF) -> QPointF:
    return QPointF(
        min(max(point.x(), rect.left()), rect.right()),
        min(max(point.y(), rect.top()), rect.bottom()),
    )
