"""At 150 % and 200 % display scaling the window fits the screen, with its right-hand column
(gauges, objectives, inspector) on it: the real program in a subprocess, on an offscreen screen
of a real size, scaled by ``QT_SCALE_FACTOR``, through the screenshot command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from simulator.anatomy.atlas import load_atlas
from simulator.gui import screen_fit
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_scenario

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 300
NORMAL_BADGE = QColor("#009E73")
"""The gauges' "normal" badge (simulator/gui/workspace/alarm_style.py)."""


def screenshot(tmp_path: Path, screen: tuple[int, int], scale: float) -> QImage:
    """The workspace on hap-pancreas at rest, as the program draws it on that screen."""
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "synchronousWindowSystem": True,
                "windowFrameMargins": False,
                "screens": [
                    {"name": "laptop", "x": 0, "y": 0, "width": screen[0], "height": screen[1]}
                    | {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
                ],
            }
        )
    )
    picture = tmp_path / f"scaled-{scale}.png"
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=str(scale),
    )
    command = ["main.py", "--scenario", "hap-pancreas", "--at", "5", "--screenshot", str(picture)]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert not image.isNull()
    return image


def badge_pixels(image: QImage, left: int) -> int:
    return sum(
        QColor(image.pixel(x, y)) == NORMAL_BADGE
        for x in range(left, image.width(), 2)
        for y in range(0, image.height(), 2)
    )


@pytest.mark.parametrize(
    ("screen", "scale"), [((1920, 1080), 1.5), ((2560, 1440), 2.0)], ids=["150%", "200%"]
)
def test_the_window_fits_the_scaled_screen_with_its_gauges_on_it(
    tmp_path: Path, screen: tuple[int, int], scale: float
) -> None:
    image = screenshot(tmp_path, screen, scale)
    # 1280 x 720 logical pixels either way: the window (drawn at the scale) is the screen's
    # size, not the 1400 x 900 default hanging off its right and bottom edges.
    assert (image.width(), image.height()) == screen
    # The gauges' badges are drawn in the right-hand tenth of the picture: the right column
    # is on the screen, not pushed past it.
    assert badge_pixels(image, image.width() * 9 // 10) > 50


def test_the_workspace_can_be_as_small_as_a_scaled_laptop_screen(qtbot: Any) -> None:
    """The library page's width no longer holds the workspace wider than 1280 logical pixels
    (150 % of 1920 x 1080): the window's minimum is what the map and its docks need."""
    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.show()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path)
    assert window.workspace.wait_until_idle(60.0)
    minimum = window.minimumSizeHint()
    assert minimum.width() <= 1100 and minimum.height() <= 680, minimum
    window.resize(1280, 680)
    qtbot.waitUntil(lambda: window.width() == 1280)
    for dock in window.docks:
        assert window.rect().contains(dock.geometry()), dock.objectName()
    window.close()


def test_dialogs_and_the_window_are_bounded_by_a_small_screen(qtbot: Any, monkeypatch) -> None:
    """200 % of 1920 x 1080 leaves 960 x 540: the Finish report (1100 x 600) and the command
    list open inside it, and the window takes the screen rather than its default."""
    room = QRect(0, 0, 960, 540)
    monkeypatch.setattr(screen_fit, "screen_room", lambda _widget: room)
    widget = QWidget()
    qtbot.addWidget(widget)
    assert screen_fit.within_screen(widget, 1100, 600) == QSize(864, 486)
    assert screen_fit.within_screen(widget, 640, 420) == QSize(640, 420)
    assert screen_fit.fit_to_screen(widget, (1400, 900)) is True
    assert widget.size() == QSize(960, 540)
    assert screen_fit.fit_to_screen(widget, (800, 500)) is False
    assert widget.size() == QSize(800, 500)
