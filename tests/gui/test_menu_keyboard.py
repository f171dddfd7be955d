"""Every menu command has its own shortcut and a tooltip and is in the command list; every kind
of hands-on step (catheter, balloon, drug, contrast puff, circuit, embolisation, phase, undo,
plan files, finish) has a menu command; the inspector with nothing selected says what to select.
Walked on the real window, driven by keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.gui.command_palette import menu_commands
from simulator.gui.inspectors.commands import NO_CATHETER
from simulator.gui.inspectors.panel import NOTHING_SELECTED
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import GiveFluid, Vasodilator

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
STEP_COMMANDS = {
    "catheter": "Devices › Place Shelf Device…",
    "catheter tip": "Devices › Move Selected Catheter's Tip…",
    "catheter removal": "Devices › Remove Selected Catheter",
    "balloon": "Devices › Inspect a Balloon…",
    "drug": "Devices › Give a Drug or Contrast…",
    "contrast puff": "Devices › Contrast Puff",
    "circuit": "Devices › Start or Change a Circuit…",
    "embolisation": "Devices › Embolise a Vessel…",
    "vasoactive drug, fluid": "Devices › Ask the Anaesthetist…",
    "phase": "Simulation › Mark Phase › Mark Isolation check",
    "undo": "Edit › Undo",
    "redo": "Edit › Redo",
    "open plan": "File › Open Plan…",
    "save plan": "File › Save Plan",
    "finish": "File › Finish",
    "command list": "Help › Find a Command…",
}
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    "This plugin does not support (raise|grabbing the keyboard|grabbing the mouse)"
)
"""The placement menu is a popup: the offscreen plugin says it cannot raise or grab (about the
plugin, not the code; as in tests/gui/test_catheter_gestures.py)."""


@pytest.fixture(scope="module")
def window(qapp: QApplication) -> Iterator[MainWindow]:
    win = MainWindow(load_atlas(), remember_settings=False)
    win.show()
    QApplication.processEvents()
    yield win
    win.close()
    win.deleteLater()
    QApplication.processEvents()


def start(win: MainWindow, qtbot: Any, scenario_id: str, plan: str | None = None) -> None:
    scenario, path = resolve_scenario(scenario_id)
    win.start_scenario(scenario, path, plan)
    assert win.workspace.wait_until_idle(120.0)
    win.activateWindow()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


def settle(win: MainWindow) -> None:
    assert win.workspace.wait_until_idle(120.0)


def test_every_menu_command_has_its_own_shortcut_and_is_listed(window, qtbot) -> None:
    start(window, qtbot, "hap-pancreas")
    commands = menu_commands(window)
    paths = [c.path for c in commands]
    assert len(paths) == len(set(paths))
    actions = [c.action for c in commands]
    assert len(actions) == len(set(actions)), "an action sits in two menus"
    owner: dict[str, str] = {}
    for command in commands:
        keys = [k.toString() for k in command.action.shortcuts()]
        assert keys, f"{command.path} has no shortcut"
        assert command.tip, f"{command.path} has no tooltip"
        for key in keys:
            assert key not in owner, f"{key}: both {owner[key]} and {command.path}"
            owner[key] = command.path
    # A shortcut the window answers to is a menu command's (none is hidden from the menus).
    listed = set(actions)
    for action in window.actions():
        if action.shortcuts() and action.isVisible():
            assert action in listed, f"{action.text()} has a shortcut but no menu entry"
    # Each kind of step has a command, and the command list (Ctrl+K) shows them all.
    assert set(STEP_COMMANDS.values()) <= set(paths)
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    palette = window.command_palette
    qtbot.waitUntil(palette.isVisible)
    shown = {palette.list.item(i).text().split("    ")[0] for i in range(palette.list.count())}
    assert shown == set(paths)
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    assert not palette.isVisible()


@OFFSCREEN_POPUPS
def test_ctrl_shift_p_is_the_command_list_and_ctrl_i_places_a_device(window, qtbot) -> None:
    start(window, qtbot, "hap-pancreas")
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL | SHIFT)
    palette = window.command_palette
    qtbot.waitUntil(palette.isVisible)
    assert window.hands_on.hands_on.place_menu is None or not (
        window.hands_on.hands_on.place_menu.isVisible()
    )
    qtbot.keyClick(palette.search, Qt.Key.Key_Escape)
    shelf = window.hands_on.shelf
    shelf.setCurrentItem(shelf.rows[("device", "aigner_stopflow_venous_14f")])
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL)
    place = window.hands_on.hands_on.place_menu
    assert place is not None
    qtbot.waitUntil(place.isVisible)
    place.close()


def test_the_inspector_with_nothing_selected_says_what_to_select(window, qtbot) -> None:
    start(window, qtbot, "baseline-adult")
    panel = window.inspectors
    panel.refresh()
    assert panel.chooser.currentText() == "Nothing selected"
    assert panel.stack.currentWidget() is panel.empty_label
    assert panel.empty_label.text() == NOTHING_SELECTED
    # Choosing "Start a circuit" from the keyboard shows what to choose, not a refusal.
    panel.chooser.setFocus()
    while panel.chooser.currentText() != "Start a circuit":
        before = panel.chooser.currentIndex()
        qtbot.keyClick(panel.chooser, Qt.Key.Key_Down)
        assert panel.chooser.currentIndex() != before
    circuit = panel.circuit
    assert panel.stack.currentWidget() is circuit
    text = circuit.reason_label.text()
    assert "choose where the circuit draws blood from" in text
    assert "Not allowed" not in text and circuit.reason_label.styleSheet() == ""
    assert not circuit.start_button.isEnabled() or circuit._check().action is None
    # A drug with no catheter in the patient: the status bar says what to do first.
    qtbot.keyClick(window, Qt.Key.Key_G, CTRL | ALT)
    assert window.statusBar().currentMessage() == NO_CATHETER


@OFFSCREEN_POPUPS
def test_the_devices_menu_reaches_the_balloon_and_gives_the_contrast_puff(window, qtbot) -> None:
    scenario, _ = resolve_scenario("hap-pancreas")
    expert = resolve_plan(scenario, "expert").actions
    start(window, qtbot, "hap-pancreas", "expert")
    window.workspace.seek(200.0)
    settle(window)
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)  # Take Over: the attempt is the trainee's own
    settle(window)
    sink = window.workspace.sink
    assert sink.editable
    before = list(sink.actions)
    assert before == [a for a in expert if a.t_s <= 200.0]
    panel = window.inspectors

    qtbot.keyClick(window, Qt.Key.Key_B, CTRL | ALT)
    assert panel.current_entry() == ("balloon", "aortic", 0)
    assert QApplication.focusWidget() is panel.balloon.volume_box
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL | ALT)
    assert panel.current_entry() == ("circuit", "", 0)
    assert QApplication.focusWidget() is panel.circuit.draw.source
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL | ALT)
    assert panel.current_entry() == ("embolize", "", 0)

    # The contrast puff, one key chord: the isolation check marked and the contrast given.
    qtbot.keyClick(window, Qt.Key.Key_C, CTRL | ALT)
    settle(window)
    added = [a for a in sink.actions if a not in before]
    assert [a.action for a in added] == ["mark_phase", "bolus"]
    assert added[1].drug == "contrast"
    assert window.map_widget.overlay == "drug"
    # Undo takes it back, one step each.
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    settle(window)
    assert list(sink.actions) == before


def type_into(box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)
    QTest.keyClick(box, Qt.Key.Key_Tab)


def test_an_own_bolus_uses_up_the_shelf_dose_and_one_more_is_refused(window, qtbot) -> None:
    """In the real window, through the plan editor: the shelf's dose left follows what the
    trainee gives, and a dose beyond the protocol says why and adds no action."""
    scenario, _ = resolve_scenario("hap-pancreas")
    expert = resolve_plan(scenario, "expert").actions
    start(window, qtbot, "hap-pancreas")
    sink = window.workspace.sink
    assert sink.editable
    assert sink.propose(expert[0], "Insert aortic catheter") is None  # the placing is tested
    settle(window)  # elsewhere (test_hands_on_hap.py); here the drug is what counts
    shelf = window.hands_on.shelf
    assert "95 mg planned, 0 given, 95 left" in shelf.row_text("drug", "cisplatin")

    qtbot.keyClick(window, Qt.Key.Key_G, CTRL | ALT)
    drug = window.inspectors.drug
    assert window.inspectors.current_entry() == ("catheter", "aortic", 0)
    assert drug.drug_box.currentData() == "cisplatin"
    type_into(drug.volume_box, "95")
    type_into(drug.duration_box, "180")
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert [a.action for a in sink.actions] == ["insert_catheter", "bolus"]
    window.workspace.seek(sink.now_s() + 240.0)
    settle(window)
    qtbot.waitUntil(lambda: "95 given, 0 left" in shelf.row_text("drug", "cisplatin"))

    # The protocol's dose is given: one more milligram is refused with the reason.
    type_into(drug.dose_box, "1")
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert [a.action for a in sink.actions] == ["insert_catheter", "bolus"]
    assert drug.reason_label.text().startswith("Not allowed:")
    assert "95 mg are given already" in drug.reason_label.text()


def test_the_anaesthetist_s_orders_are_actions_and_a_rate_past_the_ceiling_is_refused(
    window, qtbot
) -> None:
    """The HAP expert's nitroglycerin, by hand: start, change, stop; fluid; a refusal."""
    start(window, qtbot, "hap-pancreas")
    sink = window.workspace.sink
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL | ALT)
    panel = window.inspectors
    assert panel.current_entry() == ("anaesthetist", "", 0)
    form = panel.anaesthetist
    assert QApplication.focusWidget() is form.order_box
    assert form.order_box.currentData() == ("vasodilator", "nitroglycerin")
    assert not form.stop_button.isEnabled()
    type_into(form.rate_box, "4")
    qtbot.mouseClick(form.order_button, Qt.MouseButton.LeftButton)
    settle(window)
    (order,) = sink.actions
    assert isinstance(order, Vasodilator)
    assert (order.drug, order.rate, order.unit) == ("nitroglycerin", 4.0, "ug_kg_min")
    assert form.running_label.text() == "Running now: nitroglycerin 4 µg/kg/min"
    assert form.stop_button.isEnabled() and form.order_button.text() == "Change &rate"

    # Past the class's clinical ceiling: the reason shows at once and nothing is recorded.
    type_into(form.rate_box, "50")
    assert form.reason_label.text().startswith("Not allowed: ")
    assert "beyond any clinical dose" in form.reason_label.text()
    qtbot.mouseClick(form.order_button, Qt.MouseButton.LeftButton)
    assert len(sink.actions) == 1

    type_into(form.rate_box, "2")
    qtbot.mouseClick(form.order_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.stop_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert [a.rate for a in sink.actions] == [4.0, 2.0, 0.0]
    assert form.running_label.text() == "No vasoactive infusion is running."

    # Fluid: the rate fields give way to a volume and a fluid rate.
    form.order_box.setFocus()
    while form.order_box.currentData() != ("fluid", "crystalloid"):
        qtbot.keyClick(form.order_box, Qt.Key.Key_Down)
    assert form.volume_box.isEnabled() and not form.rate_box.isEnabled()
    qtbot.mouseClick(form.order_button, Qt.MouseButton.LeftButton)
    settle(window)
    fluid = sink.actions[-1]
    assert isinstance(fluid, GiveFluid)
    assert (fluid.fluid, fluid.volume_ml, fluid.rate_ml_min) == ("crystalloid", 500.0, 100.0)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    settle(window)
    assert not any(isinstance(a, GiveFluid) for a in sink.actions)
