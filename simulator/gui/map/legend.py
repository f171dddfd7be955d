"""The map's legend: a colour bar with ticks, or coloured swatches for categories.

It floats over the bottom-left corner of the map view, drawn by hand so it can sit on the map
translucently and size itself to what it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from simulator.gui.map.overlays import Legend

PADDING = 8.0
BAR_WIDTH = 180.0
BAR_HEIGHT = 12.0
TICK_LENGTH = 4.0
SWATCH = 12.0
MARK_GAP = 6.0
MAX_TITLE_PX = 270.0
"""A longer title (a drug with a long name) is elided in the middle; the tooltip has it whole."""
BOX = QColor(38, 43, 50, 225)
BORDER = QColor(90, 98, 108)
TEXT = QColor("#e6eaee")


class LegendWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._legend = Legend(title="")
        self._marks: tuple[tuple[str, QColor], ...] = ()
        self._reserved = QSize(0, 0)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._title_font = QFont(self.font())
        self._title_font.setBold(True)

    @property
    def legend(self) -> Legend:
        return self._legend

    @property
    def marks(self) -> tuple[tuple[str, QColor], ...]:
        return self._marks

    def set_marks(self, marks: tuple[tuple[str, QColor], ...]) -> None:
        """Swatches under the scale for what the scenario adds (region, tumour, critical bed)."""
        self._marks = tuple(marks)
        self.resize(self.sizeHint())
        self.updateGeometry()
        self.update()

    def set_legend(self, legend: Legend) -> None:
        self._legend = legend
        self.setToolTip(legend.title)
        self.resize(self.sizeHint())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self.font())
        title_width = min(
            QFontMetricsF(self._title_font).horizontalAdvance(self._legend.title), MAX_TITLE_PX
        )
        line = metrics.height()
        if self._legend.is_continuous:
            width = max(BAR_WIDTH + metrics.horizontalAdvance("00000"), title_width)
            height = line + 4 + BAR_HEIGHT + TICK_LENGTH + line
            if self._legend.note:
                height += line + 2
                width = max(width, metrics.horizontalAdvance(self._legend.note))
        else:
            names = [name for name, _ in self._legend.categories] or [""]
            width = max(max(metrics.horizontalAdvance(n) for n in names) + SWATCH + 6, title_width)
            height = line + len(self._legend.categories) * (line + 2)
        if self._marks:
            names = [name for name, _ in self._marks]
            width = max(width, max(metrics.horizontalAdvance(n) for n in names) + SWATCH + 6)
            height += MARK_GAP + len(self._marks) * (line + 2)
        own = QSize(int(width + 2 * PADDING + 1), int(height + 2 * PADDING + 1))
        return own.expandedTo(self._reserved)

    def reserve(self, legends: list[Legend]) -> None:
        """Keep at least the size of the largest of ``legends``, so that switching between them
        leaves the legend's outline, and the labels placed around it, where they are."""
        shown = self._legend
        reserved = QSize(0, 0)
        self._reserved = QSize(0, 0)
        for legend in legends:
            self._legend = legend
            reserved = reserved.expandedTo(self.sizeHint())
        self._legend = shown
        self._reserved = reserved
        self.resize(self.sizeHint())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(BORDER, 1.0))
        painter.setBrush(BOX)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5.0, 5.0)
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        painter.setPen(TEXT)
        painter.setFont(self._title_font)
        title = QFontMetricsF(self._title_font).elidedText(
            self._legend.title, Qt.TextElideMode.ElideMiddle, self.width() - 2 * PADDING
        )
        painter.drawText(QPointF(PADDING, PADDING + metrics.ascent()), title)
        painter.setFont(self.font())
        top = PADDING + line + 4
        if self._legend.is_continuous:
            self._paint_bar(painter, top, metrics)
        else:
            self._paint_categories(painter, top, metrics, self._legend.categories)
        if self._marks:
            rows = len(self._marks) * (line + 2)
            self._paint_categories(
                painter, self.height() - PADDING - rows - 1, metrics, self._marks
            )
        painter.end()

    def _paint_bar(self, painter: QPainter, top: float, metrics: QFontMetricsF) -> None:
        left = PADDING + metrics.horizontalAdvance("00") / 2
        bar = QRectF(left, top, BAR_WIDTH, BAR_HEIGHT)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        colours = self._legend.bar_colours
        for i, colour in enumerate(colours):
            gradient.setColorAt(i / max(len(colours) - 1, 1), colour)
        painter.fillRect(bar, gradient)
        painter.setPen(QPen(TEXT, 1.0))
        for position, text in self._legend.ticks:
            x = bar.left() + position * bar.width()
            painter.drawLine(QPointF(x, bar.bottom()), QPointF(x, bar.bottom() + TICK_LENGTH))
            width = metrics.horizontalAdvance(text)
            x_text = min(max(x - width / 2, 1.0), self.width() - width - 1.0)
            baseline = bar.bottom() + TICK_LENGTH + metrics.ascent()
            painter.drawText(QPointF(x_text, baseline), text)
        if self._legend.note:
            baseline = bar.bottom() + TICK_LENGTH + metrics.height() + 2 + metrics.ascent()
            painter.drawText(QPointF(PADDING, baseline), self._legend.note)

    def _paint_categories(
        self,
        painter: QPainter,
        top: float,
        metrics: QFontMetricsF,
        rows: tuple[tuple[str, QColor], ...],
    ) -> None:
        line = metrics.height()
        for i, (name, colour) in enumerate(rows):
            y = top + i * (line + 2)
            painter.fillRect(QRectF(PADDING, y + (line - SWATCH) / 2, SWATCH, SWATCH), colour)
            painter.setPen(TEXT)
            painter.drawText(QPointF(PADDING + SWATCH + 6, y + metrics.ascent()), name)
