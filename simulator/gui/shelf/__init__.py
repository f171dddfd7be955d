"""The device shelf (left dock) and the hands-on controls it feeds.

- ``panel``: the shelf widget (devices with icons and key figures, protocol drugs with the dose
  left); carries a catheter or cuff to the map;
- ``figures``, ``icons``: the words and the QPainter pictures of a shelf row;
- ``dock``: the dock in the main window, following the workspace's attempt.

``install_hands_on`` is the main window's single call to all of it.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from simulator.gui.map.interactions import HandsOnMap
from simulator.gui.shelf.dock import ShelfDock, install_shelf

PLACE_SHORTCUT = "Ctrl+I"
"""Insert the device chosen on the shelf (Ctrl+Shift+P is the command list, as in code editors)."""


def install_hands_on(window: QMainWindow) -> ShelfDock:
    """Add the device shelf to the main window and the hands-on gestures to its map.

    The gestures propose their actions to ``window.workspace.sink`` (the plan editor), looked up
    at each gesture, so they work with whatever attempt the workspace runs now."""
    dock = install_shelf(window)
    workspace = getattr(window, "workspace", None)
    hands_on = HandsOnMap(window.map_widget, lambda: getattr(workspace, "sink", None), dock)
    dock.connect_hands_on(hands_on)
    hands_on.message.connect(lambda text: window.statusBar().showMessage(text, 8000))

    def inspect(kind: str, device_id: str, index: int) -> None:
        inspectors = getattr(window, "inspectors", None)  # installed after the shelf
        if inspectors is not None:
            inspectors.select(kind, device_id, index)

    hands_on.deviceClicked.connect(inspect)
    _devices_menu(window, dock, hands_on)
    return dock


def _devices_menu(window: QMainWindow, dock: ShelfDock, hands_on: HandsOnMap) -> QMenu:
    """Every hands-on device command in the menu bar, before Help. A cuff is placed like a
    catheter (choose it on the shelf, Place…, then its limb root) or by clicking a limb root."""
    menu = QMenu("&Devices", window)
    menu.setObjectName("devices_menu")
    menu.setToolTipsVisible(True)
    place = QAction("&Place Shelf Device…", window)
    place.setObjectName("place_shelf_device")
    place.setShortcut(QKeySequence(PLACE_SHORTCUT))
    place.setToolTip(
        f"Put the device chosen on the shelf in: a list of its access sites or limb roots"
        f" ({PLACE_SHORTCUT})"
    )
    place.triggered.connect(dock.place_current)
    window.addAction(place)
    menu.addAction(place)
    menu.addAction(hands_on.move_tip_action)
    menu.addAction(hands_on.remove_action)
    bar = window.menuBar()
    help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    dock.devices_menu = menu
    return menu
