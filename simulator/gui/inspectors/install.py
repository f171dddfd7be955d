"""Puts the inspector dock into the main window: one call from ``MainWindow.__init__``.

The dock sits on the right, in its own row under the gauges and objectives (never a tab behind
them), and the View menu toggles it (Ctrl+Shift+I). It reads the running attempt through the
workspace: the scenario and newest snapshot from the live driver, and actions go to the
workspace's ``sink`` (the plan editor) when there is one. It also puts the phase marks on the
phase bar (context menu), the phase toolbar and the Simulation menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from simulator.gui.inspectors.commands import InspectorCommands
from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.inspectors.panel import InspectorPanel
from simulator.gui.inspectors.phases import PhaseMarker
from simulator.gui.screen_fit import FitWidthScrollArea

SHORTCUT = "Ctrl+Shift+I"


def install_inspectors(window) -> InspectorPanel:
    workspace = window.workspace

    def scenario():
        driver = workspace.driver
        return driver.scenario if driver is not None else None

    def snapshot():
        driver = workspace.driver
        return driver.latest[0] if driver is not None else None

    def plan_actions():
        driver = workspace.driver
        plan = driver.plan if driver is not None else None
        return plan.actions if plan is not None else ()

    def show_contrast() -> None:
        window.map_widget.set_overlay("drug")
        window.map_widget.set_drug("contrast")

    context = InspectorContext(
        atlas=window.atlas,
        scenario_source=scenario,
        sink_source=lambda: getattr(workspace, "sink", None),
        snapshot_source=snapshot,
        show_contrast=show_contrast,
        plan_source=plan_actions,
    )
    panel = InspectorPanel(context)
    # Scrolled, so that the forms never make the window taller than the screen at 200 %.
    scroller = FitWidthScrollArea(panel, "inspector_scroller")
    dock = window._dock(
        "Inspector", "inspector_dock", scroller, Qt.DockWidgetArea.RightDockWidgetArea, SHORTCUT
    )
    window.splitDockWidget(window.objectives_dock, dock, Qt.Orientation.Vertical)
    # The right column runs down to the bottom edge, so the inspector's form has the height it
    # needs under the gauges and objectives; the trends and events keep the map's width.
    window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
    window.resizeDocks(
        [window.gauge_dock, window.objectives_dock, dock], [290, 200, 420], Qt.Orientation.Vertical
    )
    window.docks.append(dock)
    window.inspector_dock = dock
    window.inspectors = panel
    view_menu = _menu(window, "View")
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    window.addAction(dock.toggleViewAction())
    commands = InspectorCommands(window, panel)
    devices_menu = getattr(getattr(window, "hands_on", None), "devices_menu", None)
    if devices_menu is not None:
        commands.add_to(devices_menu)
    window.inspector_commands = commands

    # A catheter selected on the map shows its drug and contrast inspector (a click on one of
    # its balloons then shows that balloon: the map's deviceClicked calls ``select`` too).
    hands_on = getattr(getattr(window, "hands_on", None), "hands_on", None)
    if hands_on is not None and hasattr(hands_on, "selectionChanged"):
        hands_on.selectionChanged.connect(
            lambda catheter_id: catheter_id and panel.select("catheter", catheter_id)
        )

    marker = PhaseMarker(context, window)
    marker.attach_to_bar(workspace.clock_bar.phase_bar)
    workspace.clock_bar.phase_toolbar.addWidget(marker.tool_button())
    simulation_menu = _menu(window, "Simulation")
    if simulation_menu is not None:
        simulation_menu.addSeparator()
        simulation_menu.addMenu(marker.menu)
    window.addActions(list(marker.actions.values()))
    marker.refused.connect(lambda text: window.statusBar().showMessage(text, 8000))
    window.phase_marker = marker
    return panel


def _menu(window, title: str):
    return next(
        (a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title),
        None,
    )
