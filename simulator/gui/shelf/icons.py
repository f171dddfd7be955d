"""Shelf icons drawn with QPainter: each shows what the device looks like, in the map's colours.

A balloon catheter is a shaft with its balloons where they sit (the tip on the right), an
infusion catheter a shaft with its end hole, a cuff a band across a limb, a circuit a loop with
its pump, a filter a cartridge, a coil a zigzag, particles dots, a drug a syringe. Icons are
drawn once per device and size and kept.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from simulator.gui.map.palette import (
    BALLOON_FILL,
    BALLOON_OUTLINE,
    CATHETER,
    CIRCUIT,
    COIL,
    CUFF_FULL,
    PARTICLES,
    PORT_INFUSING,
    PORT_OPEN,
)
from simulator.scenario.catalog_file import (
    BalloonCatheter,
    Embolic,
    FilterDevice,
    ImplantablePump,
    InfusionCatheter,
    PerfusionCircuit,
    PneumaticCuff,
)

ICON_PX = 40
ICON_BACKGROUND = QColor("#1b1f24")


def _pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _shaft(painter: QPainter, s: float) -> None:
    painter.setPen(_pen(CATHETER, s * 0.06))
    painter.drawLine(QPointF(s * 0.08, s * 0.5), QPointF(s * 0.9, s * 0.5))


def _balloon_catheter(painter: QPainter, s: float, device: BalloonCatheter) -> None:
    _shaft(painter, s)
    length_mm = max(b.distance_from_tip_mm + b.working_length_mm for b in device.balloons) * 1.3
    for balloon in device.balloons:
        centre = balloon.distance_from_tip_mm + 0.5 * balloon.working_length_mm
        x = s * 0.9 - s * 0.8 * centre / length_mm
        width = max(s * 0.8 * balloon.working_length_mm / length_mm, s * 0.16)
        painter.setPen(_pen(BALLOON_OUTLINE, 1.2))
        painter.setBrush(QBrush(BALLOON_FILL))
        painter.drawEllipse(QRectF(x - width / 2, s * 0.3, width, s * 0.4))
    painter.setPen(Qt.PenStyle.NoPen)
    for port in device.ports:
        if port.function in ("infusion", "aspiration"):
            x = s * 0.9 - s * 0.8 * port.distance_from_tip_mm / length_mm
            painter.setBrush(QBrush(PORT_INFUSING if port.function == "infusion" else PORT_OPEN))
            painter.drawEllipse(QPointF(x, s * 0.5), s * 0.06, s * 0.06)


def _infusion_catheter(painter: QPainter, s: float, device: object) -> None:
    _shaft(painter, s)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(PORT_INFUSING))
    painter.drawEllipse(QPointF(s * 0.9, s * 0.5), s * 0.08, s * 0.08)
    if isinstance(device, ImplantablePump):
        painter.setPen(_pen(CATHETER, 1.5))
        painter.setBrush(QBrush(QColor("#56b4e9")))
        painter.drawEllipse(QPointF(s * 0.2, s * 0.5), s * 0.16, s * 0.16)


def _cuff(painter: QPainter, s: float) -> None:
    painter.setPen(_pen(QColor("#8a8f96"), s * 0.05))
    painter.drawLine(QPointF(s * 0.4, s * 0.05), QPointF(s * 0.4, s * 0.95))
    painter.drawLine(QPointF(s * 0.6, s * 0.05), QPointF(s * 0.6, s * 0.95))
    fill = QColor(CUFF_FULL)
    fill.setAlpha(170)
    painter.setPen(_pen(CUFF_FULL, 1.2))
    painter.setBrush(QBrush(fill))
    painter.drawRoundedRect(QRectF(s * 0.25, s * 0.35, s * 0.5, s * 0.3), 2, 2)
    painter.drawLine(QPointF(s * 0.75, s * 0.5), QPointF(s * 0.92, s * 0.3))


def _circuit(painter: QPainter, s: float) -> None:
    pen = _pen(CIRCUIT, s * 0.06)
    pen.setDashPattern([2.0, 1.5])
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QRectF(s * 0.15, s * 0.2, s * 0.7, s * 0.6))
    painter.setPen(_pen(CIRCUIT, 1.5))
    painter.setBrush(QBrush(ICON_BACKGROUND))
    painter.drawEllipse(QPointF(s * 0.5, s * 0.2), s * 0.13, s * 0.13)
    path = QPainterPath(QPointF(s * 0.44, s * 0.13))
    path.lineTo(s * 0.58, s * 0.2)
    path.lineTo(s * 0.44, s * 0.27)
    painter.drawPath(path)


def _filter(painter: QPainter, s: float) -> None:
    painter.setPen(_pen(CIRCUIT, 1.5))
    painter.setBrush(QBrush(QColor(204, 121, 167, 90)))
    painter.drawRoundedRect(QRectF(s * 0.35, s * 0.1, s * 0.3, s * 0.8), 4, 4)
    painter.setPen(_pen(CIRCUIT, 1.0))
    for k in range(1, 5):
        y = s * (0.1 + 0.16 * k)
        painter.drawLine(QPointF(s * 0.38, y), QPointF(s * 0.62, y))


def _coil(painter: QPainter, s: float) -> None:
    painter.setPen(_pen(COIL, s * 0.05))
    path = QPainterPath(QPointF(s * 0.1, s * 0.5))
    for i in range(1, 9):
        path.lineTo(s * (0.1 + 0.1 * i), s * (0.3 if i % 2 else 0.7))
    painter.drawPath(path)


def _particles(painter: QPainter, s: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(PARTICLES))
    for dx, dy in ((0.3, 0.35), (0.55, 0.3), (0.7, 0.55), (0.4, 0.62), (0.55, 0.75), (0.25, 0.7)):
        painter.drawEllipse(QPointF(s * dx, s * dy), s * 0.07, s * 0.07)


def _syringe(painter: QPainter, s: float, colour: QColor) -> None:
    painter.setPen(_pen(CATHETER, 1.3))
    painter.setBrush(QBrush(colour))
    painter.drawRect(QRectF(s * 0.25, s * 0.38, s * 0.45, s * 0.24))
    painter.drawLine(QPointF(s * 0.7, s * 0.5), QPointF(s * 0.9, s * 0.5))
    painter.drawLine(QPointF(s * 0.1, s * 0.5), QPointF(s * 0.25, s * 0.5))
    painter.drawLine(QPointF(s * 0.1, s * 0.35), QPointF(s * 0.1, s * 0.65))


def _paint(painter: QPainter, s: float, device: object) -> None:
    if isinstance(device, BalloonCatheter):
        _balloon_catheter(painter, s, device)
    elif isinstance(device, InfusionCatheter | ImplantablePump):
        _infusion_catheter(painter, s, device)
    elif isinstance(device, PneumaticCuff):
        _cuff(painter, s)
    elif isinstance(device, PerfusionCircuit):
        _circuit(painter, s)
    elif isinstance(device, FilterDevice):
        _filter(painter, s)
    elif isinstance(device, Embolic):
        (_coil if device.agent == "coil" else _particles)(painter, s)


def render_icon(device: object, size: int = ICON_PX) -> QPixmap:
    """The device drawn on the map's background colour, ``size`` pixels square."""
    pixmap = QPixmap(size, size)
    pixmap.fill(ICON_BACKGROUND)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _paint(painter, float(size), device)
    painter.end()
    return pixmap


_ICONS: dict[tuple[str, int], QIcon] = {}


def device_icon(device: object, size: int = ICON_PX) -> QIcon:
    key = (getattr(device, "id", type(device).__name__), size)
    if key not in _ICONS:
        _ICONS[key] = QIcon(render_icon(device, size))
    return _ICONS[key]


def drug_icon(kind: str, size: int = ICON_PX) -> QIcon:
    """A syringe: yellow for a cytotoxic drug (as an infusing port on the map), grey for
    contrast or a tracer."""
    pixmap = QPixmap(size, size)
    pixmap.fill(ICON_BACKGROUND)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _syringe(painter, float(size), PORT_INFUSING if kind == "cytotoxic" else QColor("#8a8f96"))
    painter.end()
    return QIcon(pixmap)
