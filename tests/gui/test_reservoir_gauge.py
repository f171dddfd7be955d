"""The readout's Reservoir tile: an ILP circuit draining by gravity shows its level change (the
perfusionist's sign of a leak), a scenario without such a reservoir says it has none."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow


@pytest.fixture(scope="module")
def window(qapp: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(load_atlas(), remember_settings=False)
    win.resize(1400, 900)
    win.show()
    QApplication.processEvents()
    yield win
    win.close()
    win.deleteLater()
    QApplication.processEvents()


def _start(win: MainWindow, qtbot: Any, scenario_id: str, plan: str, at_s: float) -> None:
    win.show_library()
    qtbot.waitExposed(win)
    page = win.library_page
    assert page.select(scenario_id)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    win.watch_plan(plan, play=False)
    workspace = win.workspace
    workspace.seek(at_s)
    assert workspace.wait_until_idle()
    qtbot.waitUntil(lambda: workspace.shown_everything())


def test_an_ilp_circuit_shows_its_reservoir_level_change(window: MainWindow, qtbot: Any) -> None:
    _start(window, qtbot, "ilp-sarcoma-leg", "expert", 600.0)
    workspace = window.workspace
    session = workspace.driver.session
    circuit = session.devices.circuits["ilp"]
    change = circuit.reservoir_ml - circuit.level_reference_ml
    tile = workspace.gauges.tiles["reservoir"]
    assert tile.text == f"{change:.0f} mL"
    # The expert's level stays within the warning band: a normal badge, the level in the tip.
    assert tile.state == "normal"
    assert f"level {circuit.reservoir_ml:.0f} mL" in tile.toolTip()


def test_a_balanced_circuit_has_no_reservoir_to_show(window: MainWindow, qtbot: Any) -> None:
    _start(window, qtbot, "hap-pancreas", "expert", 600.0)
    tile = window.workspace.gauges.tiles["reservoir"]
    assert tile.value_label.text() == "–"
    assert tile.badge.text() == "○ none"
    assert "this scenario has no reservoir draining by gravity" in tile.toolTip()
    driver = window.workspace.driver
    assert all(c.drain_head_cm is None for c in driver.session.devices.circuits.values())
    assert math.isnan(driver.latest[1].readings["reservoir"].value)


def test_every_gauge_tile_is_whole_in_the_default_window(qapp: QApplication, qtbot: Any) -> None:
    """In a new window of the default 1400 x 900 all nine tiles, the Reservoir's last, are on
    screen in the gauge dock without scrolling: none is cut at the dock's bottom edge."""
    win = MainWindow(load_atlas(), remember_settings=False)
    win.resize(1400, 900)
    win.show()
    try:
        _start(win, qtbot, "ilp-sarcoma-leg", "expert", 600.0)
        viewport = win.findChild(QWidget, "gauge_scroller").viewport()
        for key, tile in win.workspace.gauges.tiles.items():
            top_left = tile.mapTo(viewport, tile.rect().topLeft())
            bottom_right = tile.mapTo(viewport, tile.rect().bottomRight())
            inside = viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)
            assert inside, f"the {key} tile is cut ({bottom_right.y()} > {viewport.height()})"
    finally:
        win.workspace.stop()
        win.close()
        win.deleteLater()
        QApplication.processEvents()
