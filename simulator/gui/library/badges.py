"""The difficulty badge of a table row: one, two or three filled dots, like the marks on a ski
slope. The count carries the level, so it reads without colour; the colours (Okabe-Ito, safe
for the common colour-vision deficiencies) only repeat it."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from simulator.scenario.scenario_file import DIFFICULTY_LEVELS

LEVEL_COLOURS = {
    "introductory": QColor("#009E73"),  # bluish green
    "intermediate": QColor("#E69F00"),  # orange
    "advanced": QColor("#D55E00"),  # vermillion
}
DOT_DIAMETER_PX = 9
DOT_GAP_PX = 3


def icon_size() -> QSize:
    """The size the badge is drawn at; views showing it set this as their icon size."""
    count = len(DIFFICULTY_LEVELS)
    return QSize(count * DOT_DIAMETER_PX + (count - 1) * DOT_GAP_PX + 2, DOT_DIAMETER_PX + 2)


@cache
def difficulty_icon(level: str) -> QIcon:
    """Dots filled up to the level's rank (1 to 3), the rest as outlines."""
    filled = DIFFICULTY_LEVELS.index(level) + 1  # type: ignore[arg-type]
    count = len(DIFFICULTY_LEVELS)
    pixmap = QPixmap(icon_size())
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = LEVEL_COLOURS[level]
    painter.setPen(QPen(colour, 1.2))
    for dot in range(count):
        painter.setBrush(colour if dot < filled else Qt.BrushStyle.NoBrush)
        left = 1 + dot * (DOT_DIAMETER_PX + DOT_GAP_PX)
        painter.drawEllipse(QRectF(left, 1, DOT_DIAMETER_PX - 0.5, DOT_DIAMETER_PX - 0.5))
    painter.end()
    return QIcon(pixmap)
