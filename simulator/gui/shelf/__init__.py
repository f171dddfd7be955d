"""The device shelf (left dock) and the hands-on controls it feeds.

- ``panel``: the shelf widget (devices with icons and key figures, protocol drugs with the dose
  left); carries a catheter or cuff to the map;
- ``figures``, ``icons``: the words and the QPainter pictures of a shelf row;
- ``dock``: the dock in the main window, following the workspace's attempt.

``install_hands_on`` is the main window's single call to all of it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from simulator.gui.shelf.dock import ShelfDock, install_shelf


def install_hands_on(window: QMainWindow) -> ShelfDock:
    """Add the device shelf to the main window."""
    return install_shelf(window)
