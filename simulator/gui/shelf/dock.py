"""The shelf as the main window's left dock, following the workspace's running attempt.

``install_shelf`` is the one call the main window makes: it adds the dock (View menu, Ctrl+Shift+D),
and keeps the shelf on the workspace's scenario and the doses left on its newest readout. The
workspace publishes no signal when it starts a scenario, and the display already pulls its
snapshots, so the shelf pulls too, a few times a second: no edits to the workspace are needed,
and the cost is a comparison of two objects per tick.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow

from simulator.devices.catalog import load_catalog, load_drugs
from simulator.gui.shelf.panel import DeviceShelf

SHELF_SHORTCUT = "Ctrl+Shift+D"
REFRESH_MS = 250
"""Four updates a second: a dose left changes slowly, and the scenario only on a start."""


class ShelfDock(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.shelf = DeviceShelf()
        self.dock = QDockWidget("Devices", window)
        self.dock.setObjectName("shelf_dock")
        self.dock.setWidget(self.shelf)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.dock.setMinimumWidth(300)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        toggle = self.dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(SHELF_SHORTCUT))
        toggle.setToolTip(f"Show or hide the device shelf ({SHELF_SHORTCUT})")
        toggle.setStatusTip("Show or hide the device shelf")
        window.addAction(toggle)
        self.toggle_action = toggle
        self._catalog = load_catalog()
        self._drugs = load_drugs()
        self._scenario = None
        self._readout = None
        self.hands_on = None
        self.devices_menu = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def connect_hands_on(self, hands_on) -> None:
        """Carry the shelf's devices to the map's gestures (``map.interactions.HandsOnMap``)."""
        self.hands_on = hands_on
        shelf = self.shelf
        shelf.carryStarted.connect(hands_on.carry_started)
        shelf.carryMoved.connect(hands_on.carry_moved)
        shelf.carryFinished.connect(hands_on.carry_finished)
        shelf.carryCancelled.connect(hands_on.carry_cancelled)
        shelf.placeRequested.connect(self._place_from_keyboard)
        hands_on.set_scenario(self._scenario)

    def place_current(self) -> None:
        """The Devices menu's "Place Shelf Device…": the placement list for the shelf's chosen
        device, or a word to choose one first."""
        device_id = self.shelf.current_device()
        if device_id is None or self.hands_on is None:
            self.dock.show()
            self.shelf.setFocus()
            self.window.statusBar().showMessage(
                "Choose a catheter or a cuff on the device shelf first (arrow keys), then place it"
            )
            return
        self._place_from_keyboard(device_id)

    def _place_from_keyboard(self, device_id: str) -> None:
        item = self.shelf.currentItem()
        rect = self.shelf.visualItemRect(item) if item is not None else self.shelf.rect()
        where = self.shelf.viewport().mapToGlobal(rect.bottomLeft())
        self.hands_on.place_from_keyboard(device_id, where)

    def refresh(self) -> None:
        """Follow the workspace: a new scenario refills the shelf, a new readout the doses."""
        driver = getattr(getattr(self.window, "workspace", None), "driver", None)
        scenario = driver.scenario if driver is not None else None
        if scenario is not self._scenario:
            self._scenario = scenario
            self._readout = None
            self.shelf.set_scenario(scenario, self._catalog, self._drugs)
            if self.hands_on is not None:
                self.hands_on.set_scenario(scenario)
        if self.hands_on is not None:
            self.hands_on.refresh()
        if driver is None:
            return
        readout = driver.latest[1]
        if readout is not self._readout:
            self._readout = readout
            self.shelf.show_doses(readout.delivered_mg)


def install_shelf(window: QMainWindow) -> ShelfDock:
    """Add the shelf dock to ``window``: left, in the View menu, shown with the workspace."""
    shelf = ShelfDock(window)
    docks = getattr(window, "docks", None)
    if isinstance(docks, list):
        docks.append(shelf.dock)  # shown and hidden with the workspace's other docks
        shelf.dock.setVisible(all(d.isVisible() for d in docks[:-1]) if docks[:-1] else True)
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == "View":
            menu.addAction(shelf.toggle_action)
    return shelf
