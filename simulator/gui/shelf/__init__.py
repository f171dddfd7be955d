"""The device shelf (left dock) and the hands-on controls it feeds.

- ``panel``: the shelf widget (devices with icons and key figures, protocol drugs with the dose
  left); carries a catheter or cuff to the map;
- ``figures``, ``icons``: the words and the QPainter pictures of a shelf row;
- ``dock``: the dock in the main window, following the workspace's attempt.

``install_hands_on`` is the main window's single call to all of it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from simulator.gui.map.interactions import HandsOnMap
from simulator.gui.shelf.dock import ShelfDock, install_shelf


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
    return dock
