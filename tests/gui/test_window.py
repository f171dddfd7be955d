"""The main window with the library page, the workspace and a plan playing, driven by user
events on the real widgets. One window serves the whole module (building the map is the slow
part); each test returns it to the library page."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from simulator.anatomy.atlas import load_atlas
from simulator.cli import main as cli_main
from simulator.gui.main_window import SETTINGS_LEGEND, SETTINGS_OVERLAY, MainWindow
from simulator.gui.workspace.clock import SPEEDS
from simulator.scenario.library import library_files
from simulator.scenario.loading import load_scenario

SCENARIO_IDS = [load_scenario(path).id for path in library_files()]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def shared_window(qapp: QApplication) -> Iterator[MainWindow]:
    window = MainWindow(load_atlas(), remember_settings=False)
    window.show()
    QApplication.processEvents()
    yield window
    window.close()
    window.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def win(shared_window: MainWindow, qtbot: Any) -> Iterator[MainWindow]:
    shared_window.show_library()
    shared_window.workspace.clock.set_speed_index(0)
    shared_window.activateWindow()
    qtbot.waitExposed(shared_window)
    yield shared_window
    shared_window.show_library()


def start_from_library(win: MainWindow, qtbot: Any, scenario_id: str) -> None:
    page = win.library_page
    assert page.select(scenario_id)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert not win.on_library
    assert win.workspace.driver.scenario.id == scenario_id


def wait_for_time(win: MainWindow, qtbot: Any, t_s: float, timeout_ms: int = 30000) -> None:
    qtbot.waitUntil(lambda: win.workspace.driver.latest[1].t_s >= t_s, timeout=timeout_ms)


def press(win: MainWindow, qtbot: Any, key: str) -> None:
    """A shortcut typed on the map, as a user would."""
    sequence = QKeySequence(key)
    combo = sequence[0]
    qtbot.keyClick(win.map_widget.view, combo.key(), combo.keyboardModifiers())


def test_the_window_opens_on_the_library(win: MainWindow) -> None:
    assert win.on_library
    assert all(not dock.isVisible() for dock in win.docks)
    assert not win.workspace.clock.play_action.isEnabled()
    assert win.windowTitle() == "PerfusionSim"


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_scenario_opens_from_the_library_and_plays_a_minute(
    win: MainWindow, qtbot: Any, scenario_id: str
) -> None:
    start_from_library(win, qtbot, scenario_id)
    assert all(dock.isVisible() for dock in win.docks)
    for _ in SPEEDS:
        press(win, qtbot, "+")
    assert win.workspace.clock.speed == SPEEDS[-1]
    press(win, qtbot, "Space")
    assert win.workspace.clock.playing
    wait_for_time(win, qtbot, 60.0)
    press(win, qtbot, "Space")
    assert not win.workspace.clock.playing
    assert win.workspace.wait_until_idle()
    qtbot.waitUntil(lambda: win.workspace.shown_everything())
    readout = win.workspace.driver.latest[1]
    assert readout.readings["map"].value > 40.0
    assert win.gauges_text("map") == f"{readout.readings['map'].text} mmHg"
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.on_library


def graded_by_cli(capsys: Any, scenario_id: str, plan: str) -> dict:
    capsys.readouterr()
    assert cli_main(["grade", scenario_id, plan, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_expert_plan_played_in_the_window_ends_as_grade_prints(
    win: MainWindow, qtbot: Any, capsys: Any
) -> None:
    start_from_library(win, qtbot, "hap-pancreas")
    win.expert_action.trigger()
    workspace = win.workspace
    assert workspace.plan_name == "expert"
    press(win, qtbot, "Space")  # pause: the jumps below drive it
    while not workspace.driver.latest[1].finished:
        before = workspace.driver.latest[1].t_s
        press(win, qtbot, "Ctrl+Right")
        qtbot.waitUntil(lambda b=before: not workspace.worker.busy, timeout=60000)
        assert workspace.driver.latest[1].t_s > before
    qtbot.waitUntil(lambda: workspace.shown_everything())
    expected = graded_by_cli(capsys, "hap-pancreas", "expert")
    report = workspace.driver.report()
    assert report["metrics"] == expected["metrics"]
    assert report["score"] == expected["score"]
    assert report["objectives"] == expected["objectives"]
    assert workspace.objectives.score_label.text() == f"Score so far: {expected['score']:.1f} / 100"
    for row, objective in enumerate(expected["objectives"]):
        texts = workspace.objectives.row_texts(row)
        assert texts[0] == objective["title"]
        assert texts[3].endswith("pass" if objective["passed"] else "fail")
        if objective["metric"] == "leak_fraction":  # per cent, as the title has it
            assert texts[1] == f"{100.0 * objective['value']:.3g} %"
            assert texts[2] == f"≤ {100.0 * objective['threshold']:.3g} %"
    assert win.statusBar().currentMessage().startswith("End of the plan")


def test_gauges_show_the_session_values(win: MainWindow, qtbot: Any) -> None:
    start_from_library(win, qtbot, "ilp-sarcoma-leg")
    win.watch_plan("mistake:tourniquet-below-systolic", play=False)
    workspace = win.workspace
    workspace.seek(1500.0)
    assert workspace.wait_until_idle()
    qtbot.waitUntil(lambda: workspace.shown_everything())
    session = workspace.driver.session
    tiles = workspace.gauges.tiles
    assert tiles["map"].text == f"{session.mean_arterial_pressure():.0f} mmHg"
    assert tiles["cvp"].text == f"{session.central_venous_pressure():.1f} mmHg"
    assert tiles["heart_rate"].text == f"{session.network.heart_rate_bpm:.0f} bpm"
    metrics = session.metrics.summary(session.cytotoxic)
    assert tiles["leak"].text == f"{100 * metrics['leak_fraction']:.1f} %"
    assert tiles["exposure_ratio"].text == f"{metrics['exposure_ratio_auc']:.1f} ×"
    readings = workspace.driver.latest[1].readings
    for key, tile in tiles.items():
        assert tile.state == readings[key].state
        assert readings[key].state in tile.badge.text().lower()
    # The trends carry the session's series, and the map the devices it holds.
    trend_x, trend_y = workspace.trends.arterial_curve.getData()
    assert len(trend_x) > 0
    assert trend_y[-1] == pytest.approx(session.timeseries[-1]["mean_arterial_pressure_mmHg"])
    catheters = {c.catheter_id for c in win.map_widget.picture.devices.catheters}
    assert catheters == set(session.devices.catheters)


def test_clock_keys(win: MainWindow, qtbot: Any) -> None:
    start_from_library(win, qtbot, "hap-pancreas")
    win.watch_plan("expert", play=False)
    workspace = win.workspace
    clock = workspace.clock
    assert not clock.playing
    press(win, qtbot, "Right")
    assert workspace.wait_until_idle()
    assert workspace.driver.time_s == 1.0
    nxt = workspace.driver.next_action_time()
    press(win, qtbot, "Ctrl+Right")
    assert workspace.wait_until_idle()
    assert workspace.driver.time_s == nxt
    speed = clock.speed
    press(win, qtbot, "+")
    assert clock.speed > speed
    press(win, qtbot, "-")
    assert clock.speed == speed
    press(win, qtbot, "Space")
    assert clock.playing
    press(win, qtbot, "Space")
    assert not clock.playing


def test_the_window_never_blocks_while_the_worker_runs(win: MainWindow, qtbot: Any) -> None:
    start_from_library(win, qtbot, "hap-pancreas")
    win.watch_plan("expert", play=False)
    workspace = win.workspace
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    workspace.seek(2400.0)  # seconds of computing
    busy_ticks = 0
    while workspace.worker.busy:
        qtbot.wait(20)
        busy_ticks = len(ticks)
    busy_s = time.perf_counter() - started
    timer.stop()
    # The event loop kept turning while the worker computed: many timer events came in, and
    # no pause between two of them took a large part of the computation (the machine is shared,
    # so an absolute limit would test the load, not the program; benchmarks/gui.py measures).
    assert busy_ticks >= 10
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 0.5 * busy_s, "the event loop stalled"
    assert workspace.driver.time_s >= 2400.0


def test_at_one_times_the_monitor_draws_the_pulse(win: MainWindow, qtbot: Any) -> None:
    start_from_library(win, qtbot, "hap-pancreas")
    workspace = win.workspace
    assert workspace.clock.speed == 1.0
    press(win, qtbot, "Space")
    wait_for_time(win, qtbot, 3.0)
    qtbot.waitUntil(lambda: workspace.monitor.mode == "waveform", timeout=10000)
    times, pressure = workspace.monitor.trace()
    assert pressure.max() - pressure.min() > 20.0  # systolic minus diastolic
    # The bracketed figure is the mean pressure, as on a bedside monitor, not the last sample.
    recent = times >= times[-1] - 3.0
    mean = np.trapezoid(pressure[recent], times[recent]) / (times[recent][-1] - times[recent][0])
    bracketed = float(workspace.monitor.numbers.toPlainText().split("(")[1].split(")")[0])
    assert bracketed == pytest.approx(mean, abs=0.51)
    press(win, qtbot, "Space")
    for _ in range(3):
        press(win, qtbot, "+")
    press(win, qtbot, "Space")
    wait_for_time(win, qtbot, workspace.driver.time_s + 20.0)
    qtbot.waitUntil(lambda: workspace.monitor.mode == "means", timeout=10000)
    press(win, qtbot, "Space")
    # At speed the beat means scroll under a fixed axis, the last five minutes up to now, and
    # the trends' time axes end on a whole five minutes past the newest point.
    qtbot.waitUntil(workspace.shown_everything, timeout=10000)
    QApplication.processEvents()
    monitor = workspace.monitor.getPlotItem()
    assert monitor.viewRange()[0] == pytest.approx([-5.0, 0.0])
    minutes_before_now, _means = workspace.monitor.trace()
    assert len(minutes_before_now) and minutes_before_now.max() <= 1e-9
    assert minutes_before_now.min() >= -5.0 - 1e-9
    newest_min = workspace.driver.latest[1].trends["t_s"][-1] / 60.0
    for plot in (workspace.trends.pressure_plot, workspace.trends.drug_plot):
        start, end = plot.viewRange()[0]
        assert start == pytest.approx(0.0) and end % 5.0 == pytest.approx(0.0)
        assert newest_min <= end < newest_min + 5.0


def all_menu_actions(win: MainWindow):
    def walk(menu: QMenu):
        for action in menu.actions():
            if action.menu() is not None:
                yield from walk(action.menu())
            elif not action.isSeparator():
                yield action

    for top in win.menuBar().actions():
        yield from walk(top.menu())


def test_every_menu_action_has_a_shortcut_and_a_tooltip(win: MainWindow, qtbot: Any) -> None:
    start_from_library(win, qtbot, "hap-pancreas")  # fills the Watch Plan menu
    actions = list(all_menu_actions(win))
    assert len(actions) > 20
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
        assert action.toolTip() and action.toolTip() != action.text().replace("&", ""), (
            action.text()
        )
    texts = {a.text().replace("&", "") for a in actions}
    assert {"Open Scenario…", "Back to Library", "Quit", "Expert Plan", "Plan File…"} <= texts
    mistakes = load_scenario(win.scenario_path).mistake_plans
    assert len(win.mistake_actions) == len(mistakes)
    view_names = {a.data() for a in win.map_widget.view_actions}
    assert {"whole_body", "abdomen", "leg_left"} <= view_names


def test_the_overlay_is_remembered(win: MainWindow, qtbot: Any, atlas) -> None:
    settings = QSettings()
    remembering = MainWindow(atlas)
    qtbot.addWidget(remembering)
    drug = next(a for a in remembering.map_widget.overlay_actions if a.data() == "drug")
    drug.trigger()
    assert settings.value(SETTINGS_OVERLAY) == "drug"
    remembering.close()
    again = MainWindow(atlas)
    qtbot.addWidget(again)
    assert again.map_widget.overlay == "drug"
    again.close()
    settings.remove(SETTINGS_OVERLAY)


def test_the_legend_can_be_hidden_and_stays_hidden(win: MainWindow, qtbot: Any, atlas) -> None:
    """A small map's legend hides from the View menu or Ctrl+Shift+M, gives its corner back to
    the labels, and stays hidden next time."""
    settings = QSettings()
    remembering = MainWindow(atlas)
    qtbot.addWidget(remembering)
    remembering.resize(1000, 700)
    remembering.show()
    qtbot.waitExposed(remembering)
    start_from_library(remembering, qtbot, "hap-pancreas")
    remembering.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is remembering)
    view = remembering.map_widget.view
    assert view.legend_widget.isVisible()
    corner = QRectF(view.legend_widget.geometry())
    assert not any(label.rect.intersects(corner) for label in view.placed_labels)
    qtbot.keyClick(remembering, Qt.Key.Key_M, CTRL_SHIFT)
    assert not view.legend_widget.isVisible()
    assert not remembering.legend_action.isChecked()
    assert settings.value(SETTINGS_LEGEND) in (False, "false")
    remembering.workspace.stop()
    remembering.close()
    again = MainWindow(atlas)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    start_from_library(again, qtbot, "hap-pancreas")
    assert not again.map_widget.view.legend_widget.isVisible()
    view_menu = next(a.menu() for a in again.menuBar().actions() if a.text() == "&View")
    assert again.legend_action in view_menu.actions()
    again.legend_action.trigger()
    assert again.map_widget.view.legend_widget.isVisible()
    again.workspace.stop()
    again.close()
    settings.remove(SETTINGS_LEGEND)


def test_a_scenario_file_from_elsewhere_opens_in_the_library(
    win: MainWindow, qtbot: Any, tmp_path
) -> None:
    source = next(p for p in library_files() if load_scenario(p).id == "tace-hcc")
    copy = tmp_path / "my-tace.json"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    start_from_library(win, qtbot, "hap-pancreas")
    win.open_scenario_file(copy)
    assert win.on_library
    qtbot.mouseClick(win.library_page.start_button, Qt.MouseButton.LeftButton)
    assert win.scenario_path == copy
    assert win.workspace.driver.scenario.id == "tace-hcc"


def test_watching_a_plan_from_the_library_opens_the_chosen_scenario(
    win: MainWindow, qtbot: Any
) -> None:
    assert win.library_page.select("tace-hcc")
    qtbot.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert not win.on_library
    workspace = win.workspace
    assert workspace.driver.scenario.id == "tace-hcc"
    assert workspace.plan_name == "expert"
    assert workspace.clock.playing
    press(win, qtbot, "Space")
    win.watch_menu.aboutToShow.emit()
    mistakes = load_scenario(win.scenario_path).mistake_plans
    assert [a.text() for a in win.mistake_actions] == [f"Mistake: {m.title}" for m in mistakes]
    win.mistake_actions[0].trigger()
    assert workspace.plan_name == f"mistake:{mistakes[0].id}"
