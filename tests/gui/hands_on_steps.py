"""Mouse and key steps on the real window that the hands-on HAP tests share: carry a device from
the shelf to an access site, drag a catheter's tip along the vessels, set a cuff from its limb
root, move the clock, and the window they act on (one per test module)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.devices.navigation import VesselPoint
from simulator.gui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    "This plugin does not support (raise|grabbing the keyboard|grabbing the mouse)"
)
SCORE_TOLERANCE = 0.5
"""Points out of 100: a tip placed to the pixel moves the balloon by a fraction of a millimetre."""
VALUE_TOLERANCE = 0.05
"""Each objective's value (leak, exposure, times) within 5 % of the expert's."""


def open_window() -> Iterator[MainWindow]:
    """The window a test module's ``window`` fixture yields (``yield from open_window()``)."""
    window = MainWindow(load_atlas(), remember_settings=False)
    window.show()
    QApplication.processEvents()
    yield window
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def settle(window: MainWindow, qtbot: Any) -> None:
    assert window.workspace.wait_until_idle(120.0)
    qtbot.wait(80)  # a display tick or two: the map draws the newest snapshot


def set_view(window: MainWindow, key: Qt.Key) -> None:
    window.map_widget.view.setFocus()
    QTest.keyClick(window.map_widget.view, key)


def seek(window: MainWindow, qtbot: Any, t_s: float) -> None:
    window.workspace.seek(t_s)
    qtbot.waitUntil(lambda: window.workspace.driver.latest[1].t_s >= t_s, timeout=120000)
    settle(window, qtbot)


def carry(window: MainWindow, device_id: str, site: str) -> None:
    """Press on the shelf row, drag onto the access site's ring on the map, release."""
    shelf = window.hands_on.shelf
    hands = window.hands_on.hands_on
    item = shelf.rows[("device", device_id)]
    shelf.scrollToItem(item)
    start = shelf.visualItemRect(item).center()
    viewport = shelf.viewport()
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    QTest.mouseMove(viewport, start + QPoint(30, 0))
    target = hands.view.mapFromScene(hands.site_point(site))
    local = viewport.mapFromGlobal(hands.view.viewport().mapToGlobal(target))
    QTest.mouseMove(viewport, local + QPoint(20, -20))
    QTest.mouseMove(viewport, local)
    QTest.mouseRelease(viewport, LEFT, NO_MOD, local)


def drag_tip(window: MainWindow, catheter_id: str, to: VesselPoint, steps: int = 12) -> None:
    hands = window.hands_on.hands_on
    view = hands.view.viewport()
    start = hands.view.mapFromScene(hands.scene.point_at(hands.catheter(catheter_id).tip))
    end = hands.view.mapFromScene(hands.scene.point_at(to))
    QTest.mousePress(view, LEFT, NO_MOD, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(view, start + (end - start) * (k / steps))
    QTest.mouseRelease(view, LEFT, NO_MOD, end)


def place_catheter(window, qtbot, device_id: str, site: str, tip: VesselPoint) -> str:
    hands = window.hands_on.hands_on
    count = len(window.plan_editor.actions)
    set_view(window, Qt.Key.Key_4)  # the pelvis: the groin's access sites
    carry(window, device_id, site)
    assert len(window.plan_editor.actions) == count + 1, hands.last_message
    catheter_id = window.plan_editor.actions[-1].catheter_id
    qtbot.waitUntil(lambda: hands.catheter(catheter_id) is not None)
    for view_key in (Qt.Key.Key_0, Qt.Key.Key_2):  # roughly on the whole body, then finely
        set_view(window, view_key)
        before = len(window.plan_editor.actions)
        drag_tip(window, catheter_id, tip)
        assert len(window.plan_editor.actions) == before + 1, hands.last_message
        settle(window, qtbot)
        qtbot.waitUntil(lambda: hands.catheter(catheter_id).tip.segment == tip.segment)
    return catheter_id


def set_cuff(window, qtbot, root: str, pressure: str) -> None:
    hands = window.hands_on.hands_on
    set_view(window, Qt.Key.Key_0)
    point = hands.view.mapFromScene(hands.limb_root_point(root))
    QTest.mouseClick(hands.view.viewport(), LEFT, NO_MOD, point)
    popup = hands.cuff_popup
    assert popup is not None and popup.limb_root == root
    qtbot.waitUntil(popup.isVisible)
    popup.spin.selectAll()
    QTest.keyClicks(popup.spin, pressure)
    QTest.keyClick(popup.spin, Qt.Key.Key_Return)
    assert not popup.isVisible(), hands.last_message


def type_into(box, text: str, enter: bool = False) -> None:
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)
    if enter:
        QTest.keyClick(box, Qt.Key.Key_Return)
