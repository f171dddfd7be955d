"""The window fits the screen it opens on, whatever the display scaling.

At 150 % on a 1920 x 1080 laptop Qt lays out in 1280 x 720 logical pixels, and at 200 % on a
2560 x 1440 screen the same: the window's default 1400 x 900 would hang off the right and
bottom edges, the right-hand docks (gauges, objectives, inspector) and the bottom of every
dock out of sight. So the window opens at its default size only where that fits, and otherwise
at the size of the screen's free area (maximised, where a window manager honours it).

The offscreen platform without a configured screen invents an 800 x 800 one; a screenshot
there keeps the default size, so that pictures of the window are the same on every machine.
Give it a screen (``QT_QPA_PLATFORM=offscreen:configfile=screen.json``) and the window fits
that screen like on a desktop.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget


def _platform_spec() -> str:
    """What the platform was asked for: ``-platform X`` wins over ``QT_QPA_PLATFORM``."""
    argv = sys.argv
    for i, argument in enumerate(argv[:-1]):
        if argument in ("-platform", "--platform"):
            return argv[i + 1]
    return os.environ.get("QT_QPA_PLATFORM", "")


def screen_room(window: QWidget) -> QRect | None:
    """The part of the window's screen a window may take (logical pixels), or ``None`` where
    the screen is only the offscreen platform's invention."""
    if QGuiApplication.platformName() == "offscreen" and "configfile" not in _platform_spec():
        return None
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget, default: tuple[int, int]) -> bool:
    """Size ``window`` at ``default`` or, where the screen is smaller, at the screen's free
    area, placed on it. True when the screen was too small (the window should open
    maximised)."""
    room = screen_room(window)
    width, height = default
    if room is None or (width <= room.width() and height <= room.height()):
        window.resize(width, height)
        return False
    window.resize(QSize(min(width, room.width()), min(height, room.height())))
    window.move(room.topLeft())
    return True


def within_screen(widget: QWidget, width: int, height: int, share: float = 0.9) -> QSize:
    """``width`` x ``height``, or less where the screen is smaller: a dialog never opens
    larger than ``share`` of the screen's free area (the Finish report's 1100 x 600 on a
    960 x 540 screen, 200 % of 1920 x 1080)."""
    room = screen_room(widget)
    if room is None:
        return QSize(width, height)
    return QSize(min(width, int(room.width() * share)), min(height, int(room.height() * share)))


class CurrentPageStack(QStackedWidget):
    """A stack as small as the page it shows. ``QStackedWidget`` asks for the largest minimum
    of all its pages, so the library page's 580 px held the map's window 580 px wider than
    the map needs: too wide for 1280 logical pixels once the docks are round it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class ShownPageStack(QWidget):
    """Pages of which one shows, in a box layout that leaves the hidden ones out of every size
    (a ``QStackedLayout`` asks all its pages for their height at a width, so the inspector's
    tallest form made every short one scroll inside its dock)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:
        self._pages.append(page)
        self._box.addWidget(page)
        if self._current is None:
            self._current = page
        else:
            page.hide()

    def currentWidget(self) -> QWidget | None:
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        if page is self._current or page not in self._pages:
            return
        if self._current is not None:
            self._current.hide()
        self._current = page
        page.show()


class FitWidthScrollArea(QScrollArea):
    """Scrolls its widget up and down only: the widget is always as wide as the view and as
    tall as its wrapped text needs at that width. (``widgetResizable`` sizes a widget with
    word-wrapped labels by its preferred width once a vertical bar shows, which cut the forms
    off on the right at 200 %.)"""

    def __init__(self, widget: QWidget, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(False)
        self.setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        width = max(self.viewport().width(), widget.minimumSizeHint().width())
        layout = widget.layout()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        height = max(needed, widget.minimumSizeHint().height(), self.viewport().height())
        if widget.size() != QSize(width, height):
            widget.resize(width, height)
