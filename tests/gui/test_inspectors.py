"""The inspectors, driven by real key, mouse and wheel events: the figures follow every change
of a control at once, and the end of a gesture is exactly one action (or a refusal shown beside
the control, with no action)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from simulator.anatomy.atlas import load_atlas
from simulator.gui.inspectors.balloon import IDLE_COMMIT_MS
from simulator.gui.inspectors.panel import InspectorPanel
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_scenario
from simulator.scenario.plan_file import DeflateBalloon, InflateBalloon
from simulator.session.preview import balloon_previewer
from tests.gui.inspector_fixtures import make_context

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def panel(qtbot: Any):
    context, sink, session = make_context(200.0)
    widget = InspectorPanel(context)
    widget.timer.stop()  # the test calls refresh itself
    qtbot.addWidget(widget)
    widget.resize(460, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget, sink, session


def wheel(widget, steps: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def handle_centre(slider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def test_the_chooser_lists_every_balloon_in_the_patient(panel) -> None:
    widget, _, _ = panel
    texts = [widget.chooser.itemText(i) for i in range(widget.chooser.count())]
    assert [t.split(" of catheter ")[-1] for t in texts] == ["aortic", "caval"]
    assert all(t.startswith("Balloon 1") for t in texts)
    assert widget.select("balloon", "caval", 0)
    assert widget.balloon.catheter_id == "caval"
    assert not widget.select("balloon", "nowhere", 0)


def test_the_shown_figures_are_the_preview_of_the_volume_under_the_control(panel, qtbot) -> None:
    widget, sink, session = panel
    widget.select("balloon", "aortic", 0)
    inspector = widget.balloon
    assert inspector.volume_box.value() == pytest.approx(5.4)
    scenario, atlas = session.scenario, session.atlas
    previewer = balloon_previewer(sink.snapshot, scenario, atlas, session.catalog, "aortic", 0)
    inspector.volume_box.setFocus()
    for _ in range(3):
        QTest.keyClick(inspector.volume_box, Qt.Key.Key_Down)
    volume = inspector.volume_box.value()
    assert volume == pytest.approx(5.4 - 3 * inspector.volume_box.singleStep())
    expected = previewer.preview(volume)
    assert inspector.upstream_label.text() == f"{expected.pressure_upstream_mmHg:.1f} mmHg"
    assert inspector.downstream_label.text() == f"{expected.pressure_downstream_mmHg:.1f} mmHg"
    assert inspector.diameter_label.text().startswith(f"{expected.diameter_mm:.1f} mm in a 18.0")
    assert inspector.seal_label.text() == f"{expected.passing_share:.1%} of the open flow"
    assert "26.3 mL" in inspector.burst_label.text()
    assert inspector.slider.value() == round(volume * 100)
    assert sink.actions == []  # nothing recorded while the control moves


def test_arrow_keys_then_a_rest_are_one_inflate_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    inspector = widget.balloon
    inspector.volume_box.setFocus()
    for _ in range(5):
        QTest.keyClick(inspector.volume_box, Qt.Key.Key_Up)
    assert sink.actions == []
    qtbot.waitUntil(lambda: len(sink.actions) == 1, timeout=IDLE_COMMIT_MS * 4)
    QTest.qWait(IDLE_COMMIT_MS + 100)
    (action,) = sink.actions
    assert isinstance(action, InflateBalloon)
    assert action.catheter_id == "caval" and action.balloon == 0
    assert action.volume_ml == pytest.approx(5 * inspector.volume_box.singleStep())
    assert action.t_s == sink.now_s()
    assert sink.texts == [f"Inflate caval balloon to {action.volume_ml:g} mL"]


def test_typing_a_volume_and_enter_is_one_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    box = widget.balloon.volume_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "12.4")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert [type(a) for a in sink.actions] == [InflateBalloon]
    assert sink.actions[0].volume_ml == pytest.approx(12.4)
    # Enter again, or leaving the box, with the same volume records nothing more.
    QTest.keyClick(box, Qt.Key.Key_Return)
    widget.balloon.deflate_button.setFocus()
    assert len(sink.actions) == 1


def test_a_slider_drag_is_one_action_on_release(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    inspector = widget.balloon
    slider = inspector.slider
    start = handle_centre(slider)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    shown = []
    for dx in (20, 60, 120):
        QTest.mouseMove(slider, start + QPoint(dx, 0))
        shown.append(inspector.upstream_label.text())
    assert slider.isSliderDown() and sink.actions == []
    assert inspector.volume_box.value() > 0.0
    QTest.mouseRelease(
        slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(120, 0)
    )
    assert len(sink.actions) == 1
    assert sink.actions[0].volume_ml == pytest.approx(inspector.volume_box.value())


def test_the_mouse_wheel_fills_the_balloon_and_records_once_it_rests(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    inspector = widget.balloon
    for _ in range(4):
        wheel(inspector.slider, 1)
    assert inspector.volume_box.value() > 0.0 and sink.actions == []
    qtbot.waitUntil(lambda: len(sink.actions) == 1, timeout=IDLE_COMMIT_MS * 4)
    assert sink.actions[0].volume_ml == pytest.approx(inspector.volume_box.value())


def test_deflate_is_one_deflate_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "aortic", 0)
    qtbot.mouseClick(widget.balloon.deflate_button, Qt.MouseButton.LeftButton)
    assert [type(a) for a in sink.actions] == [DeflateBalloon]
    assert sink.actions[0].catheter_id == "aortic"
    assert widget.balloon.volume_box.value() == 0.0


def test_overdistension_and_burst_are_named_while_the_volume_is_set(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "aortic", 0)
    box = widget.balloon.volume_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "9")
    assert "Overdistension" in widget.balloon.warning_label.text()
    box.selectAll()
    QTest.keyClicks(box, "27")
    assert "Burst" in widget.balloon.warning_label.text()
    assert widget.balloon.seal_label.text() == "none (burst)"
    box.selectAll()
    QTest.keyClicks(box, "5")
    assert widget.balloon.warning_label.text() == ""
    assert sink.actions == []


def test_a_refused_volume_shows_the_reason_and_adds_no_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    sink.refusal = "the caval catheter was removed at 3:20"
    widget.select("balloon", "caval", 0)
    box = widget.balloon.volume_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "10")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert sink.actions == []
    assert widget.balloon.reason_label.text() == (
        "Not done: the caval catheter was removed at 3:20"
    )
    assert box.value() == 0.0  # back to what the plan holds
    assert widget.balloon.reason_label.isVisible()


def test_without_a_sink_the_controls_say_why_nothing_is_recorded(qtbot) -> None:
    context, _sink, _ = make_context(200.0)
    context.sink_source = lambda: None
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.timer.stop()
    widget.refresh()
    widget.select("balloon", "caval", 0)
    qtbot.mouseClick(widget.balloon.deflate_button, Qt.MouseButton.LeftButton)
    assert "watched" in widget.balloon.reason_label.text()


def test_the_window_has_an_inspector_dock_beside_the_objectives_toggled_by_ctrl_shift_i(
    qtbot,
) -> None:
    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.start_scenario(*resolve_scenario("hap-pancreas"))
    dock = window.inspector_dock
    assert dock in window.docks
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert dock not in window.tabifiedDockWidgets(window.objectives_dock)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert dock.toggleViewAction() in view_menu.actions()
    assert dock.isVisible()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.map_widget.view, Qt.Key.Key_I, CTRL_SHIFT)
    assert not dock.isVisible()
    QTest.keyClick(window.map_widget.view, Qt.Key.Key_I, CTRL_SHIFT)
    assert dock.isVisible()
    # A fresh session has no catheter: the panel says what to do instead of an empty form.
    window.inspectors.refresh()
    assert window.inspectors.stack.currentWidget() is window.inspectors.empty_label
    window.workspace.stop()
