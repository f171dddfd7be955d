"""Puts the inspector dock into the main window: one call from ``MainWindow.__init__``.

The dock sits on the right, in its own row under the gauges and objectives (never a tab behind
them), and the View menu toggles it (Ctrl+Shift+I). It reads the running attempt through the
workspace: the scenario and newest snapshot from the live driver, and actions go to the
workspace's ``sink`` (the plan editor) when there is one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.inspectors.panel import InspectorPanel

SHORTCUT = "Ctrl+Shift+I"


def install_inspectors(window) -> InspectorPanel:
    workspace = window.workspace

    def scenario():
        driver = workspace.driver
        return driver.scenario if driver is not None else None

    def snapshot():
        driver = workspace.driver
        return driver.latest[0] if driver is not None else None

    context = InspectorContext(
        atlas=window.atlas,
        scenario_source=scenario,
        sink_source=lambda: getattr(workspace, "sink", None),
        snapshot_source=snapshot,
    )
    panel = InspectorPanel(context)
    dock = window._dock(
        "Inspector", "inspector_dock", panel, Qt.DockWidgetArea.RightDockWidgetArea, SHORTCUT
    )
    window.splitDockWidget(window.objectives_dock, dock, Qt.Orientation.Vertical)
    window.docks.append(dock)
    window.inspector_dock = dock
    window.inspectors = panel
    view_menu = next(
        (a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"),
        None,
    )
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    window.addAction(dock.toggleViewAction())
    return panel
