"""The phase bar names every phase whole, and a scenario without an isolated region shows no
isolated-segment pressure (no false zero), on the real window driven by user events."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.gui.workspace.phase_bar import PHASE_NAMES, phase_name
from simulator.gui.workspace.trends import REGION_PEN, VALUE_AXIS_PADDING

DEFAULT_SIZE = (1400, 900)
SCALED_150 = (933, 600)
"""The default window's physical size at 150 % scaling, in the logical pixels Qt lays out in."""


@pytest.fixture(scope="module")
def window(qapp: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(load_atlas(), remember_settings=False)
    win.resize(*DEFAULT_SIZE)
    win.show()
    QApplication.processEvents()
    yield win
    win.close()
    win.deleteLater()
    QApplication.processEvents()


def start(win: MainWindow, qtbot: Any, scenario_id: str, plan: str | None, at_s: float) -> None:
    win.show_library()
    qtbot.waitExposed(win)
    page = win.library_page
    assert page.select(scenario_id)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    if plan is not None:
        win.watch_plan(plan, play=False)
    workspace = win.workspace
    workspace.seek(at_s)
    assert workspace.wait_until_idle()
    qtbot.waitUntil(lambda: workspace.shown_everything())


def assert_names_whole(bar) -> None:
    QApplication.processEvents()
    labels = bar.labels
    assert labels, "the phase bar shows no phase name"
    inside = bar.rect()
    for label in labels:
        text = label.text()
        assert text in PHASE_NAMES.values() or text == phase_name(text)
        needed = label.fontMetrics().horizontalAdvance(text)
        assert needed <= label.contentsRect().width(), f"{text!r} cut"
        assert inside.contains(label.geometry()), f"{text!r} outside the bar"
    for first, second in itertools.pairwise(labels):
        assert first.geometry().right() < second.geometry().left(), "names overlap"


@pytest.mark.parametrize("size", [DEFAULT_SIZE, SCALED_150], ids=["1400x900", "150%"])
def test_every_phase_name_shows_whole(window: MainWindow, qtbot: Any, size) -> None:
    window.resize(*size)
    start(window, qtbot, "hap-pancreas", "expert", 300.0)
    bar = window.workspace.clock_bar.phase_bar
    shown = [label.text() for label in bar.labels]
    # Every phase the plan marks, "Isolation check" (a minute and a half) among them.
    assert "Isolation check" in shown
    planned = {phase_name(p) for _t, p in window.workspace.driver.planned_phases}
    assert planned <= set(shown)
    assert_names_whole(bar)
    # Text scaled by 150 % at the default size (fonts scaled, the layout not) fits too.
    font = QFont(bar.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    bar.setFont(font)
    try:
        assert_names_whole(bar)
        pixels = bar.grab().toImage()
        label = next(lb for lb in bar.labels if lb.text() == "Isolation check")
        # The name is painted: dark text pixels across its whole advance, not an ellipsis.
        geometry: QRect = label.geometry()
        dark_columns = {
            x
            for x in range(geometry.left(), geometry.right())
            for y in range(geometry.top(), geometry.bottom())
            if QColor(pixels.pixel(x, y)).lightness() < 100
        }
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert max(dark_columns) - min(dark_columns) > 0.8 * needed
    finally:
        bar.setFont(QFont())
        window.resize(*DEFAULT_SIZE)


def test_no_region_no_isolated_segment_curve(window: MainWindow, qtbot: Any) -> None:
    start(window, qtbot, "baseline-adult", None, 120.0)
    workspace = window.workspace
    trends = workspace.trends
    assert not trends.region_curve.isVisible()
    x, _y = trends.region_curve.getData()
    assert x is None or len(x) == 0
    legend = [label.text for _sample, label in trends.key.items]
    assert "isolated segment" not in legend
    assert trends.no_region_note.isVisible()
    assert trends.no_region_note.toPlainText() == "no isolated region"
    # No drug either: the drug plot says so over a fixed span of decades, not a bare autorange.
    assert trends.no_drug_note.isVisible()
    room = VALUE_AXIS_PADDING * 6.0  # the span's six decades, and room for the end labels
    assert trends.drug_plot.getViewBox().viewRange()[1] == pytest.approx([-2.0 - room, 4.0 + room])
    tile = workspace.gauges.tiles["region_pressure"]
    assert tile.value_label.text() == "–"
    assert tile.badge.text() == "○ none"
    badge = tile.badge
    assert badge.fontMetrics().horizontalAdvance(badge.text()) <= badge.contentsRect().width()
    assert "this scenario has no isolated region" in tile.toolTip()
    # No pixel of the isolated segment's colour along the pressure plot's floor (a false zero).
    QApplication.processEvents()
    image = trends.grab().toImage()
    box = trends.pressure_plot.getViewBox().sceneBoundingRect().toRect()
    region_colour = REGION_PEN.color()
    note = trends.no_region_note.sceneBoundingRect().toRect().adjusted(-3, -3, 3, 3)
    hits = [
        (x, y)
        for x in range(box.left(), box.right(), 2)
        for y in range(box.top(), box.bottom(), 2)
        if QColor(image.pixel(x, y)) == region_colour and not note.contains(x, y)
    ]
    assert hits == []


def test_a_region_has_its_curve(window: MainWindow, qtbot: Any) -> None:
    start(window, qtbot, "hap-pancreas", "expert", 300.0)
    trends = window.workspace.trends
    assert trends.region_curve.isVisible()
    x, y = trends.region_curve.getData()
    assert len(x) > 0 and y[-1] > 0.0
    legend = [label.text for _sample, label in trends.key.items]
    assert "isolated segment" in legend
    assert not trends.no_region_note.isVisible()
    assert window.workspace.gauges.tiles["region_pressure"].badge.text() != "○ none"


def test_the_trend_key_names_every_drug_and_covers_no_plot(window: MainWindow, qtbot: Any) -> None:
    """HAP's protocol gives five drugs: the key under the plots names each once (and the
    dashes once), and in the default window it lies clear of the three plots' areas."""
    start(window, qtbot, "hap-pancreas", "expert", 600.0)
    trends = window.workspace.trends
    QApplication.processEvents()
    names = [label.text for _sample, label in trends.key.items]
    drugs = list(trends.drug_curves)
    assert len(drugs) >= 3
    assert names == ["arterial (MAP)", "isolated segment", *drugs, "dashed: systemic"]
    assert not trends.no_drug_note.isVisible()
    key = trends.key.sceneBoundingRect()
    for plot in (trends.pressure_plot, trends.leak_plot, trends.drug_plot):
        area = plot.getViewBox().sceneBoundingRect()
        assert area.height() > 40.0
        assert not key.intersects(area)
        assert trends.viewport().rect().contains(area.toRect())
    # Whole in the dock, to the pixel (the key's box ends a fraction of a pixel past its last
    # label's padding, which rounding can put on the viewport's edge).
    viewport = trends.viewport().rect().toRectF().adjusted(-1.0, -1.0, 1.0, 1.0)
    assert viewport.contains(key)
