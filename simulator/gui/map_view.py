"""The view onto the map: wheel zoom about the pointer, drag to pan, fit, and hover picking.

Picking looks a few pixels around the pointer because a small artery is a pixel wide when the
whole body is on screen; Qt's own exact-hit tooltips would make it nearly impossible to point at.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QToolTip, QWidget

from simulator.gui.legend import LegendWidget
from simulator.gui.map_scene import MapScene

PICK_RADIUS_PX = 4
WHEEL_NOTCH = 120.0
ZOOM_PER_NOTCH = 1.25
MAX_PIXELS_PER_UNIT = 40.0
MIN_ZOOM_OF_FIT = 0.5
"""Zooming out stops at half the whole-body view; further out there is nothing to see."""
LEGEND_MARGIN = 10


class MapView(QGraphicsView):
    hoveredChanged = Signal(str)
    """The atlas id under the pointer, or "" when it leaves everything."""
    zoomChanged = Signal(float)
    """Pixels per map unit after a zoom or fit."""

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
        self.viewport().setMouseTracking(True)
        self.legend_widget = LegendWidget(self)
        self.legend_widget.set_legend(scene.legend)
        scene.legendChanged.connect(self._legend_changed)
        self._fit_mode = True
        self._hovered = ""

    # -- zoom -------------------------------------------------------------------------------

    @property
    def pixels_per_unit(self) -> float:
        return self.transform().m11()

    @property
    def hovered(self) -> str:
        return self._hovered

    def _fit_scale(self) -> float:
        rect = self.map_scene.body_rect
        viewport = self.viewport().rect()
        return min(viewport.width() / rect.width(), viewport.height() / rect.height())

    def fit_all(self) -> None:
        """Show the whole body, and keep it fitted as the window resizes until the user zooms."""
        self.fitInView(self.map_scene.body_rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_mode = True
        self._zoom_changed()

    def zoom_by(self, factor: float) -> None:
        current = self.pixels_per_unit
        target = min(
            max(current * factor, self._fit_scale() * MIN_ZOOM_OF_FIT), MAX_PIXELS_PER_UNIT
        )
        if abs(target - current) < 1e-9:
            return
        self.scale(target / current, target / current)
        self._fit_mode = False
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
        self.map_scene.update_labels(scale)
        if self._hovered:
            self.map_scene.set_highlight(self._hovered, scale)
        self.zoomChanged.emit(scale)

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / WHEEL_NOTCH
        if notches:
            self.zoom_by(ZOOM_PER_NOTCH**notches)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_mode:
            self.fit_all()
        self._place_legend()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_mode:
            self.fit_all()
        self._place_legend()

    # -- legend -----------------------------------------------------------------------------

    def _legend_changed(self, legend: object) -> None:
        self.legend_widget.set_legend(legend)  # type: ignore[arg-type]
        self._place_legend()

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
        """Atlas ids under a viewport position, topmost first. Below a vessel only coincident
        vessels are listed, not the bed it crosses."""
        r = PICK_RADIUS_PX
        found: list[str] = []
        for item in self.items(QRect(pos.x() - r, pos.y() - r, 2 * r + 1, 2 * r + 1)):
            model_id = getattr(item, "model_id", None)
            if isinstance(model_id, str) and model_id not in found:
                found.append(model_id)
        vessels = self.map_scene.vessels
        if found and found[0] in vessels:
            found = [model_id for model_id in found if model_id in vessels]
        return found

    def _set_hovered(self, model_id: str) -> None:
        if model_id != self._hovered:
            self._hovered = model_id
            self.map_scene.set_highlight(model_id or None, self.pixels_per_unit)
            self.hoveredChanged.emit(model_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
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
