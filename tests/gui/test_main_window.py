"""The main window: readouts, the bed-share plot, zoom actions and a screenshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QMessageBox

import simulator
from simulator.gui.live_panel import TOP_BEDS
from simulator.gui.main_window import MainWindow
from simulator.gui.map.view import ZOOM_PER_NOTCH
from simulator.scenario.atlas_file import AtlasFile


def top_systemic_beds(report: dict[str, Any], atlas: AtlasFile) -> list[tuple[str, float]]:
    systemic = {bed.id for bed in atlas.beds if bed.kind == "systemic"}
    shares = [
        (bed_id, state["fraction_of_cardiac_output"])
        for bed_id, state in report["beds"].items()
        if bed_id in systemic
    ]
    return sorted(shares, key=lambda item: -item[1])[:TOP_BEDS]


def test_window_title_and_size(window: MainWindow) -> None:
    assert window.windowTitle() == "PerfusionSim"
    assert (window.width(), window.height()) == (1400, 900)


def test_readouts_show_the_report(window: MainWindow, report: dict[str, Any]) -> None:
    tiles = window.live_panel.tiles
    assert tiles["cardiac_output"].text == f"{report['cardiac_output_l_min']:.2f} L/min"
    assert tiles["map"].text == f"{report['mean_arterial_pressure_mmHg']:.0f} mmHg"
    assert tiles["cvp"].text == f"{report['central_venous_pressure_mmHg']:.1f} mmHg"
    assert tiles["mpap"].text == f"{report['mean_pulmonary_artery_pressure_mmHg']:.1f} mmHg"
    assert tiles["heart_rate"].text == f"{report['heart_rate_bpm']:.0f} bpm"
    assert tiles["blood_volume"].text == f"{report['blood_volume_ml'] / 1000:.2f} L"


def test_bar_plot_shows_the_top_bed_fractions(
    window: MainWindow, report: dict[str, Any], atlas: AtlasFile
) -> None:
    plot = window.live_panel.bed_plot
    expected = top_systemic_beds(report, atlas)
    assert plot.bed_ids == [bed_id for bed_id, _ in expected]
    np.testing.assert_allclose(plot.bars.opts["width"], [100 * share for _, share in expected])
    ticks = plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert ticks[0][1] == "Brain"


def test_bar_plot_follows_a_new_report(
    window: MainWindow, report: dict[str, Any], atlas: AtlasFile
) -> None:
    bars = window.live_panel.bed_plot.bars
    report["beds"]["thigh_left"]["fraction_of_cardiac_output"] = 0.5
    window.show_report(report)
    assert window.live_panel.bed_plot.bed_ids[0] == "thigh_left"
    assert window.live_panel.bed_plot.bars is bars
    np.testing.assert_allclose(
        bars.opts["width"], [100 * share for _, share in top_systemic_beds(report, atlas)]
    )


def test_zoom_actions_and_their_shortcuts(window: MainWindow) -> None:
    view = window.map_view
    fitted = view.pixels_per_unit
    window.zoom_in_action.trigger()
    assert view.pixels_per_unit == pytest.approx(fitted * ZOOM_PER_NOTCH)
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert view.pixels_per_unit == pytest.approx(fitted / ZOOM_PER_NOTCH)
    window.fit_action.trigger()
    assert view.pixels_per_unit == pytest.approx(fitted)

    assert QKeySequence("Ctrl++") in window.zoom_in_action.shortcuts()
    assert QKeySequence("Ctrl+-") in window.zoom_out_action.shortcuts()
    assert QKeySequence("Ctrl+0") in window.fit_action.shortcuts()


def test_whole_body_fits_on_start(window: MainWindow) -> None:
    view = window.map_view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(
        window.map_scene.itemsBoundingRect().intersected(window.map_scene.body_rect)
    )


def test_live_panel_can_be_hidden_and_brought_back(window: MainWindow) -> None:
    toggle = window.live_dock.toggleViewAction()
    toggle.trigger()
    assert not window.live_dock.isVisible()
    toggle.trigger()
    assert window.live_dock.isVisible()


def test_screenshot(window: MainWindow, tmp_path: Path) -> None:
    pixmap = window.grab()
    assert not pixmap.isNull()
    path = tmp_path / "main_window.png"
    assert pixmap.save(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (pixmap.width(), pixmap.height())
    # The map is dark and the panel light: a blank or all-black grab would fail this.
    assert len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 7)}) > 10


def test_about_names_the_version_and_the_atlas(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert simulator.__version__ in shown[0]
    assert window.atlas.name in shown[0]
