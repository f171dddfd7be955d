"""The three refusals of issue 8 in the real window, through the real plan editor: a wrong
access, a vessel too narrow for the catheter, a dose over the protocol. Each says why (on the
map and in the status bar, or under the fields) and adds no action to the plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.devices.navigation import VesselPoint
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_scenario
from tests.gui.hands_on_steps import (
    CTRL_ALT,
    LEFT,
    NO_MOD,
    OFFSCREEN_POPUPS,
    carry,
    drag_tip,
    set_view,
    settle,
    type_into,
)

AORTIC = "aigner_stopflow_arterial_12f"


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


@OFFSCREEN_POPUPS
def test_each_refusal_says_why_and_adds_no_action(window: MainWindow, qtbot: Any) -> None:
    window.start_scenario(*resolve_scenario("hap-pancreas"))
    settle(window, qtbot)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    editor = window.plan_editor
    hands = window.hands_on.hands_on
    status = window.statusBar()
    assert editor.editable and editor.actions == ()

    # A wrong access: the arterial catheter dropped on a femoral vein.
    set_view(window, Qt.Key.Key_4)
    carry(window, AORTIC, "common_femoral_vein_left")
    assert editor.actions == ()
    assert "wrong system" in hands.last_message
    assert "wrong system" in status.currentMessage()

    # The right access inserts it; then a tip dragged into a lumbar artery does not fit.
    carry(window, AORTIC, "common_femoral_artery_left")
    assert len(editor.actions) == 1, hands.last_message
    settle(window, qtbot)
    catheter_id = editor.actions[0].catheter_id
    qtbot.waitUntil(lambda: hands.catheter(catheter_id) is not None)
    set_view(window, Qt.Key.Key_3)
    before = hands.catheter(catheter_id).tip
    drag_tip(window, catheter_id, VesselPoint("lumbar_arteries_left", 0.6))
    settle(window, qtbot)
    assert len(editor.actions) == 1
    assert "does not fit" in hands.last_message
    assert "does not fit" in status.currentMessage()
    assert hands.catheter(catheter_id).tip == before

    # A dose over the protocol: 200 mg of cisplatin where the protocol gives 95.
    QTest.keyClick(window.map_widget.view.viewport(), Qt.Key.Key_G, CTRL_ALT)
    drug = window.inspectors.drug
    assert window.inspectors.current_entry() == ("catheter", catheter_id, 0)
    assert drug.drug_box.currentData() == "cisplatin"
    type_into(drug.dose_box, "200")
    assert drug.reason_label.text().startswith(
        "Not allowed: beyond the planned dose: the protocol gives 95 mg of Cisplatin"
    )
    qtbot.mouseClick(drug.give_button, LEFT, NO_MOD)
    settle(window, qtbot)
    assert len(editor.actions) == 1
    assert "beyond the planned dose" in drug.reason_label.text()
    window.workspace.stop()
