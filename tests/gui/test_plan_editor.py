"""The plan editor in the window, driven by keys and clicks: proposals become undoable steps,
Ctrl+Z and Ctrl+Shift+Z walk the plan and the session back and forth, the plan panel deletes and
retimes with the keyboard, refusals say why, and Take Over makes a watched plan one's own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import InflateBalloon
from simulator.scoring.report import grade_session
from simulator.session.replay import replay

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


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
    shared_window.activateWindow()
    qtbot.waitExposed(shared_window)
    yield shared_window
    shared_window.show_library()


@pytest.fixture(scope="module")
def hap_expert():
    scenario, path = resolve_scenario("hap-pancreas")
    return scenario, path, resolve_plan(scenario, "expert").actions


def settle(win: MainWindow) -> None:
    assert win.workspace.wait_until_idle(120.0)


def state_of(session) -> tuple:
    return (
        session.time_s,
        json.dumps(grade_session(session), sort_keys=True),
        session.state.pressure_mmHg.tobytes(),
        sorted(session.devices.catheters),
    )


def replayed(scenario, actions, until_s: float) -> tuple:
    return state_of(replay(scenario, list(actions), load_atlas(), until_s=until_s))


def free_attempt(win: MainWindow, hap_expert) -> Any:
    scenario, path, _ = hap_expert
    win.start_scenario(scenario, path)
    settle(win)
    return win.workspace.sink


def test_the_sink_is_the_plan_editor_and_the_edit_menu_has_undo_and_redo(win, hap_expert):
    sink = free_attempt(win, hap_expert)
    assert sink is win.plan_editor and sink.editable
    texts = {a.text().replace("&", ""): a for a in win.edit_menu.actions()}
    assert texts["Undo"].shortcut() == QKeySequence("Ctrl+Z")
    assert texts["Redo"].shortcut() == QKeySequence("Ctrl+Shift+Z")
    assert all(a.toolTip() for a in texts.values())


def test_proposals_undo_and_redo_with_the_keyboard(win, qtbot, hap_expert):
    scenario, _, expert = hap_expert
    sink = free_attempt(win, hap_expert)
    first, second = expert[0], expert[2]  # the aortic catheter at 0 s, the caval one at 60 s
    assert sink.propose(first, "Insert aortic catheter") is None
    settle(win)
    win.workspace.seek(60.0)
    settle(win)
    assert sink.now_s() == 60.0
    assert sink.propose(second, "Insert caval catheter") is None
    settle(win)
    assert [a.t_s for a in sink.actions] == [0.0, 60.0]
    assert win.plan_panel.table.rowCount() == 2
    assert win.undo_action.text() == "&Undo Insert caval catheter"
    win.workspace.seek(90.0)
    settle(win)

    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    settle(win)
    assert sink.actions == (first,)
    assert win.plan_panel.table.rowCount() == 1
    driver = win.workspace.driver
    assert driver.time_s == 60.0  # the moment before the undone action
    assert state_of(driver.session) == replayed(scenario, [first], 60.0)

    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    settle(win)
    assert sink.actions == ()
    assert driver.time_s == 0.0
    assert state_of(driver.session) == replayed(scenario, [], 0.0)

    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(win)
    assert sink.actions == (first,)
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(win)
    assert sink.actions == (first, second)
    assert driver.time_s == 60.0
    assert state_of(driver.session) == replayed(scenario, [first, second], 60.0)


def test_a_refused_proposal_says_why_and_adds_nothing(win, hap_expert):
    sink = free_attempt(win, hap_expert)
    before = win.workspace.driver.latest
    reason = sink.propose(InflateBalloon(t_s=0.0, catheter_id="aortic", volume_ml=5.0), "Inflate")
    assert reason is not None and "not inserted" in reason
    assert sink.actions == ()
    assert win.plan_editor.undo_stack.count() == 0
    assert reason in win.plan_panel.reason.text()
    assert reason in win.statusBar().currentMessage()
    settle(win)
    assert win.workspace.driver.latest is before


def test_the_plan_panel_deletes_and_retimes_with_the_keyboard(win, qtbot, hap_expert):
    scenario, _, expert = hap_expert
    sink = free_attempt(win, hap_expert)
    for action in (expert[0], expert[1]):  # the aortic catheter and the nitroglycerin at 0 s
        assert sink.propose(action, action.action) is None
    settle(win)
    win.workspace.seek(120.0)
    settle(win)
    panel = win.plan_panel
    table = panel.table
    table.setFocus()
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualItemRect(table.item(0, 1)).center(),
    )
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert panel.chosen_index() == 1
    # Enter moves to the time box; 1:30 and Enter retimes the nitroglycerin to 90 s.
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert panel.time_box.hasFocus()
    qtbot.keyClicks(panel.time_box.lineEdit(), "1:30")
    qtbot.keyClick(panel.time_box.lineEdit(), Qt.Key.Key_Return)
    settle(win)
    assert [a.t_s for a in sink.actions] == [0.0, 90.0]
    assert table.item(1, 0).text() == "1:30"
    driver = win.workspace.driver
    assert driver.time_s == 0.0  # back to the earliest moment the change touched
    win.workspace.seek(120.0)
    settle(win)
    assert state_of(driver.session) == replayed(scenario, sink.actions, 120.0)
    # Delete on the catheter is refused (nothing later uses it, so it is allowed): delete the
    # nitroglycerin instead, chosen with the keyboard.
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    settle(win)
    assert sink.actions == (expert[0],)
    assert table.rowCount() == 1
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    settle(win)
    assert [a.t_s for a in sink.actions] == [0.0, 90.0]


def test_deleting_a_catheter_in_use_is_refused_in_the_panel(win, qtbot, hap_expert):
    _, _, expert = hap_expert
    sink = free_attempt(win, hap_expert)
    assert sink.propose(expert[0], "Insert") is None
    inflate = InflateBalloon(t_s=0.0, catheter_id="aortic", volume_ml=5.4)
    assert sink.propose(inflate, "Inflate") is None
    settle(win)
    table = win.plan_panel.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(sink.actions) == 2
    assert "not inserted" in win.plan_panel.reason.text()


def test_a_watched_plan_refuses_changes_until_taken_over(win, qtbot, hap_expert):
    _, _, expert = hap_expert
    win.start_scenario(hap_expert[0], hap_expert[1], "expert")
    settle(win)
    sink = win.workspace.sink
    assert not sink.editable
    assert len(sink.actions) == len(expert)
    reason = sink.propose(expert[0], "Insert")
    assert reason is not None and "Take Over" in reason
    win.workspace.seek(200.0)
    settle(win)
    qtbot.keyClick(win, Qt.Key.Key_T, CTRL)
    settle(win)
    assert sink.editable
    assert sink.actions == tuple(a for a in expert if a.t_s <= 200.0)
    driver = win.workspace.driver
    assert driver.time_s == 200.0
    assert driver.end_s >= 60.0 * hap_expert[0].time_limits.procedure_max_min
    # Now the trainee's own: a proposal is one undoable step.
    inflate = InflateBalloon(t_s=sink.now_s(), catheter_id="caval", volume_ml=12.4)
    assert sink.propose(inflate, "Inflate caval balloon") is None
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    settle(win)
    assert inflate not in sink.actions


def test_the_balloon_inspector_s_inflate_is_one_undoable_step(win, qtbot, hap_expert):
    """A control of another dock proposes through the same sink: its click is one command."""
    _, _, expert = hap_expert
    sink = free_attempt(win, hap_expert)
    assert sink.propose(expert[0], "Insert aortic catheter") is None
    settle(win)
    panel = win.inspectors
    panel.refresh()
    assert panel.select("balloon", "aortic", 0)
    panel.balloon.volume_box.setValue(5.4)
    qtbot.mouseClick(panel.balloon.inflate_button, Qt.MouseButton.LeftButton)
    settle(win)
    assert [a.action for a in sink.actions] == ["insert_catheter", "inflate_balloon"]
    assert win.plan_panel.table.rowCount() == 2
    qtbot.keyClick(win, Qt.Key.Key_Z, CTRL)
    settle(win)
    assert [a.action for a in sink.actions] == ["insert_catheter"]
