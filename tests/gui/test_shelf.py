"""The device shelf: the scenario's devices with icons and key figures, the protocol's drugs with
the dose left, and the carry gesture a catheter or cuff starts, driven by real mouse and key
events; in the main window it is the left dock, toggled from the View menu."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import load_catalog, load_drugs
from simulator.gui.shelf.icons import render_icon
from simulator.gui.shelf.panel import DeviceShelf

CATALOG = load_catalog()
DRUGS = load_drugs()


@pytest.fixture
def shelf(qtbot: Any, hap) -> DeviceShelf:
    widget = DeviceShelf()
    qtbot.addWidget(widget)
    widget.resize(320, 900)
    widget.set_scenario(hap, CATALOG, DRUGS)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def row_point(shelf: DeviceShelf, kind: str, item_id: str) -> QPoint:
    item = shelf.rows[(kind, item_id)]
    shelf.scrollToItem(item)
    return shelf.visualItemRect(item).center()


def test_every_shelf_device_has_a_row_with_its_figures(shelf: DeviceShelf, hap) -> None:
    assert [key[1] for key in shelf.rows if key[0] == "device"] == list(hap.device_shelf)
    aortic = shelf.row_text("device", "aigner_stopflow_arterial_12f")
    assert "12 F shaft, 12 F sheath, 80 cm long" in aortic
    assert "aortic balloon 16–30 mm, burst 26.3 mL" in aortic
    assert "thigh cuff, 10 cm wide" in shelf.row_text("device", "tourniquet_cuff_thigh")
    # A filter lists its extraction for this protocol's drugs only.
    filter_text = shelf.row_text("device", "haemofilter_chemofiltration")
    assert "cisplatin 22 %" in filter_text and "melphalan" not in filter_text
    tip = shelf.rows[("device", "aigner_stopflow_arterial_12f")].toolTip(0)
    assert "Drag it to an access site" in tip
    sections = [shelf.topLevelItem(i).text(0) for i in range(shelf.topLevelItemCount())]
    assert sections == ["Catheters", "Cuffs", "Circuits and filters", "Drugs of the protocol"]


def test_icons_are_drawn_for_what_the_device_is(qapp: QApplication) -> None:
    balloon = render_icon(CATALOG.device("aigner_stopflow_arterial_12f")).toImage()
    cuff = render_icon(CATALOG.device("tourniquet_cuff_thigh")).toImage()
    size = balloon.width()
    # The balloon catheter's balloon is yellow on the shaft; the cuff is a white band.
    yellow = [
        balloon.pixelColor(x, size // 2)
        for x in range(size)
        if balloon.pixelColor(x, size // 2).red() > 200
        and balloon.pixelColor(x, size // 2).blue() < 150
    ]
    assert yellow
    centre = cuff.pixelColor(size // 2, size // 2)
    assert centre.lightness() > QColor("#1b1f24").lightness() + 80
    assert balloon != cuff


def test_drugs_show_the_dose_left(shelf: DeviceShelf) -> None:
    assert "95 mg planned, 0 given, 95 left" in shelf.row_text("drug", "cisplatin")
    shelf.show_doses({"cisplatin": 40.0, "fluorouracil": 1890.0 * (1 - 1e-12)})
    assert "95 mg planned, 40 given, 55 left" in shelf.row_text("drug", "cisplatin")
    assert "1890 given, 0 left" in shelf.row_text("drug", "fluorouracil")
    assert "19 mg planned, 0 given, 19 left" in shelf.row_text("drug", "mitomycin_c")


def test_pressing_and_dragging_a_catheter_carries_it(shelf: DeviceShelf, qtbot: Any) -> None:
    events: list[tuple[str, object]] = []
    shelf.carryStarted.connect(lambda device: events.append(("started", device)))
    shelf.carryMoved.connect(lambda point: events.append(("moved", point)))
    shelf.carryFinished.connect(lambda point: events.append(("finished", point)))
    start = row_point(shelf, "device", "aigner_stopflow_arterial_12f")
    viewport = shelf.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(2, 0))  # below the drag distance: no carry yet
    assert events == [] and shelf.carrying is None
    far = start + QPoint(400, 30)
    QTest.mouseMove(viewport, far)
    assert events[0] == ("started", "aigner_stopflow_arterial_12f")
    assert events[-1] == ("moved", viewport.mapToGlobal(far))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, far)
    assert events[-1] == ("finished", viewport.mapToGlobal(far))
    assert shelf.carrying is None


def test_escape_cancels_a_carry_and_circuits_are_not_carried(
    shelf: DeviceShelf, qtbot: Any
) -> None:
    cancelled: list[bool] = []
    started: list[str] = []
    shelf.carryCancelled.connect(lambda: cancelled.append(True))
    shelf.carryStarted.connect(started.append)
    viewport = shelf.viewport()
    start = row_point(shelf, "device", "tourniquet_cuff_thigh")
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(60, 0))
    assert started == ["tourniquet_cuff_thigh"]
    QTest.keyClick(shelf, Qt.Key.Key_Escape)
    assert cancelled == [True] and shelf.carrying is None
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    circuit = row_point(shelf, "device", "stopflow_hypoxic_circuit")
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, circuit)
    QTest.mouseMove(viewport, circuit + QPoint(80, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert started == ["tourniquet_cuff_thigh"]


def test_enter_asks_to_place_the_selected_device(shelf: DeviceShelf, qtbot: Any) -> None:
    requested: list[str] = []
    shelf.placeRequested.connect(requested.append)
    point = row_point(shelf, "device", "aigner_stopflow_venous_14f")
    QTest.mouseClick(
        shelf.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
    )
    QTest.keyClick(shelf, Qt.Key.Key_Return)
    assert requested == ["aigner_stopflow_venous_14f"]
    QTest.keyClick(shelf, Qt.Key.Key_Down)  # the next catheter, by keyboard
    QTest.keyClick(shelf, Qt.Key.Key_Return)
    assert requested[-1] == "stopflow_double_balloon_arterial_12f"


@pytest.mark.qt_log_ignore(
    "This plugin does not support (raise|grabbing the keyboard|grabbing the mouse)"
)
def test_the_shelf_is_the_left_dock_of_the_window(qtbot: Any, hap) -> None:
    from simulator.gui.main_window import MainWindow

    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dock = window.hands_on.dock
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert not dock.isVisible()  # the library page shows no docks
    window.start_scenario(hap, plan="expert")
    assert dock.isVisible()
    shelf = window.hands_on.shelf
    qtbot.waitUntil(lambda: ("device", "aigner_stopflow_arterial_12f") in shelf.rows)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.hands_on.toggle_action in view_menu.actions()
    QTest.keyClick(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not dock.isVisible()
    QTest.keyClick(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dock.isVisible()
    # Every hands-on command is in the Devices menu; Ctrl+I places (inserts) the chosen device.
    menu = window.hands_on.devices_menu
    assert menu in [a.menu() for a in window.menuBar().actions()]
    names = [a.text() for a in menu.actions()]
    assert names[:3] == [
        "&Place Shelf Device…",
        "Move Selected Catheter's &Tip…",
        "&Remove Selected Catheter",
    ]
    assert all(a.toolTip() for a in menu.actions() if not a.isSeparator())
    shelf.setCurrentItem(shelf.rows[("device", "aigner_stopflow_venous_14f")])
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    place = window.hands_on.hands_on.place_menu
    assert place is not None
    qtbot.waitUntil(place.isVisible)
    assert [a.data() for a in place.actions() if a.isEnabled()] == [
        "common_femoral_vein_right",
        "common_femoral_vein_left",
    ]
    place.close()
    # The doses left follow the session: seek past the cisplatin bolus.
    window.workspace.seek(600.0)
    qtbot.waitUntil(
        lambda: "95 given, 0 left" in shelf.row_text("drug", "cisplatin"), timeout=60000
    )
    window.show_library()
    assert not dock.isVisible()
    window.close()
