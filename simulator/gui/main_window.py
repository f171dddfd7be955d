"""The main window: the scenario library, then the workspace around the map.

A stack of two pages: the library (where the window opens) and the map. Starting a scenario
shows the map framed on its region with the workspace docks around it (gauges and objectives
on the right, trends, monitor and events at the bottom, the simulation toolbar on top);
watching a plan plays it there. Every command is a ``QAction`` in the menu bar with a shortcut
and a tooltip. Geometry, dock layout and the last overlay are remembered (``QSettings``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

import simulator
from simulator.anatomy.layout import load_layout
from simulator.gui.inspectors.install import install_inspectors
from simulator.gui.library import LibraryPage, ScenarioChoice, choose_scenario_file
from simulator.gui.map.widget import MapWidget
from simulator.gui.screen_fit import (
    CurrentPageStack,
    FitWidthScrollArea,
    fit_to_screen,
    screen_room,
)
from simulator.gui.shelf import install_hands_on
from simulator.gui.workspace.editing_setup import install_editing
from simulator.gui.workspace.workspace import Workspace
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.errors import FileFormatError, UserInputError
from simulator.scenario.layout_file import LayoutFile
from simulator.scenario.library import resolve_plan
from simulator.scenario.scenario_file import ScenarioFile

WINDOW_TITLE = "PerfusionSim"
DEFAULT_SIZE = (1400, 900)
SETTINGS_GEOMETRY = "window/geometry"
SETTINGS_STATE = "window/state"
SETTINGS_OVERLAY = "map/overlay"
SETTINGS_LEGEND = "map/legend_shown"
MAX_MISTAKE_SHORTCUTS = 9


def _action(parent: QWidget, text: str, shortcuts: list[str] | str, tip: str, slot=None) -> QAction:
    action = QAction(text, parent)
    keys = [shortcuts] if isinstance(shortcuts, str) else shortcuts
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setStatusTip(tip)
    shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({shown})" if shown else tip)
    if slot is not None:
        action.triggered.connect(slot)
    return action


class MainWindow(QMainWindow):
    def __init__(
        self,
        atlas: AtlasFile,
        layout: LayoutFile | None = None,
        parent: QWidget | None = None,
        remember_settings: bool = True,
    ) -> None:
        """``remember_settings=False`` neither reads nor writes the settings (screenshots are
        the same whatever the user last did)."""
        super().__init__(parent)
        self.atlas = atlas
        self.remember_settings = remember_settings
        self.setWindowTitle(WINDOW_TITLE)
        self.opens_maximized = fit_to_screen(self, DEFAULT_SIZE)
        self.scenario: ScenarioFile | None = None
        self.scenario_path: Path | None = None

        self.library_page = LibraryPage()
        self.map_widget = MapWidget(atlas, layout if layout is not None else load_layout())
        self.stack = CurrentPageStack()
        self.stack.addWidget(self.library_page)
        self.stack.addWidget(self.map_widget)
        self.setCentralWidget(self.stack)
        self.workspace = Workspace(self.map_widget, atlas, self)

        self._create_docks()
        self._create_actions()
        self._create_menus()
        self.hands_on = install_hands_on(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.workspace.clock_bar)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.workspace.clock_bar.phase_toolbar)
        self.toolbars = [self.workspace.clock_bar, self.workspace.clock_bar.phase_toolbar]
        install_inspectors(self)

        self.library_page.start_requested.connect(self._start_choice)
        self.map_widget.hover_text.connect(self._show_hover)
        self.workspace.message.connect(lambda text: self.statusBar().showMessage(text))
        install_editing(self)
        if remember_settings:
            self._restore_settings()
        self.show_library()

    # -- construction -------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget, area, shortcut: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(shortcut))
        toggle.setToolTip(f"Show or hide the {title.lower()} panel ({shortcut})")
        toggle.setStatusTip(f"Show or hide the {title.lower()} panel")
        return dock

    def _create_docks(self) -> None:
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        ws = self.workspace
        # Scrolled, so that on a short screen (200 %) the tiles never spill over the docks below.
        panel = ws.side_panel()
        gauges = FitWidthScrollArea(panel, "gauge_scroller")
        # The gauges are the live picture: they keep their whole height unless the screen is
        # short, and then still two fifths of it (the inspector and objectives give way).
        whole, room = panel.minimumSizeHint().height(), screen_room(self)
        gauges.setMinimumHeight(whole if room is None else min(whole, room.height() * 2 // 5))
        self.gauge_dock = self._dock("Gauges", "gauge_dock", gauges, right, "Ctrl+Shift+G")
        self.objectives_dock = self._dock(
            "Objectives", "objectives_dock", ws.objectives, right, "Ctrl+Shift+J"
        )
        self.trend_dock = self._dock(
            "Trends and monitor", "trend_dock", ws.bottom_panel(), bottom, "Ctrl+Shift+T"
        )
        self.event_dock = self._dock("Events", "event_dock", ws.events, bottom, "Ctrl+Shift+E")
        self.gauge_dock.setMinimumWidth(400)
        self.splitDockWidget(self.trend_dock, self.event_dock, Qt.Orientation.Horizontal)
        # Shares of what the bottom docks have (the window less the gauges' column), not
        # pixels: on a small (fitted) screen the trends keep theirs.
        width = self.width() - self.gauge_dock.minimumWidth()
        self.resizeDocks(
            [self.trend_dock, self.event_dock],
            [width * 18 // 25, width * 7 // 25],
            Qt.Orientation.Horizontal,
        )
        self.resizeDocks([self.trend_dock], [230], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.gauge_dock, self.objectives_dock], [330, 500], Qt.Orientation.Vertical
        )
        self.docks = [self.gauge_dock, self.objectives_dock, self.trend_dock, self.event_dock]

    def _create_actions(self) -> None:
        self.open_action = _action(
            self,
            "&Open Scenario…",
            "Ctrl+O",
            "Open a scenario file from anywhere, or choose one in the library",
            self.open_scenario,
        )
        self.library_action = _action(
            self,
            "Back to &Library",
            "Ctrl+L",
            "Stop the session and return to the scenario library",
            self.show_library,
        )
        self.quit_action = _action(self, "&Quit", "Ctrl+Q", "Quit PerfusionSim", self.close)
        self.expert_action = _action(
            self,
            "&Expert Plan",
            "Ctrl+E",
            "Watch the expert's plan for this scenario",
            lambda: self.watch_plan("expert"),
        )
        self.plan_file_action = _action(
            self,
            "Plan &File…",
            "Ctrl+Shift+O",
            "Watch a plan from a plan file for this scenario",
            self.watch_plan_file,
        )
        self.legend_action = _action(
            self,
            "Map &Legend",
            "Ctrl+Shift+M",
            "Show or hide the map's colour legend (hidden, it leaves the lower-left corner "
            "of a small map to the vessels)",
        )
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(True)
        self.legend_action.toggled.connect(self._show_legend)
        self.about_action = _action(
            self, "&About PerfusionSim", "F1", "Version and purpose", self.show_about
        )

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.watch_menu = QMenu("&Watch Plan", self)
        self.watch_menu.setToolTipsVisible(True)
        file_menu.addMenu(self.watch_menu)
        file_menu.addAction(self.library_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.watch_menu.aboutToShow.connect(self._fill_watch_menu)
        self._fill_watch_menu()

        view_menu = bar.addMenu("&View")
        view_menu.setToolTipsVisible(True)
        views = view_menu.addMenu("Map &Region")
        views.setToolTipsVisible(True)
        for action in self.map_widget.view_actions:
            views.addAction(action)
        overlays = view_menu.addMenu("&Colour By")
        overlays.setToolTipsVisible(True)
        for action in self.map_widget.overlay_actions:
            overlays.addAction(action)
            action.triggered.connect(self._remember_overlay)
        view_menu.addAction(self.legend_action)
        view_menu.addSeparator()
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())

        simulation_menu = bar.addMenu("&Simulation")
        simulation_menu.setToolTipsVisible(True)
        for action in self.workspace.clock.actions:
            simulation_menu.addAction(action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self.addActions(self.workspace.clock.actions)

    def _plan_scenario(self) -> tuple[ScenarioFile | None, Path | None]:
        """The scenario a plan would be watched on: the one chosen in the library while the
        library shows, else the one in the workspace."""
        if self.on_library:
            entry = self.library_page.current_entry()
            if entry is None or not entry.is_valid or entry.scenario is None:
                return None, None
            return entry.scenario, entry.path
        return self.scenario, self.scenario_path

    def _fill_watch_menu(self) -> None:
        menu = self.watch_menu
        menu.clear()
        for action in getattr(self, "mistake_actions", ()):
            action.deleteLater()
        scenario, _ = self._plan_scenario()
        menu.addAction(self.expert_action)
        self.mistake_actions: list[QAction] = []
        for i, mistake in enumerate(scenario.mistake_plans if scenario else ()):
            shortcut = f"Ctrl+Shift+{i + 1}" if i < MAX_MISTAKE_SHORTCUTS else ""
            action = _action(
                self,
                f"Mistake: {mistake.title}",
                shortcut,
                f"Watch a known mistake ({mistake.id}): it fails '{mistake.fails_objective}'",
                lambda _=False, name=f"mistake:{mistake.id}": self.watch_plan(name),
            )
            self.mistake_actions.append(action)
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.plan_file_action)

    # -- pages --------------------------------------------------------------------------------
    @property
    def on_library(self) -> bool:
        return self.stack.currentWidget() is self.library_page

    def show_library(self) -> None:
        self.workspace.stop()
        self.stack.setCurrentWidget(self.library_page)
        for dock in self.docks:
            dock.hide()
        for toolbar in self.toolbars:
            toolbar.hide()
        self.library_action.setEnabled(False)
        self.setWindowTitle(WINDOW_TITLE)

    def _show_workspace(self) -> None:
        self.stack.setCurrentWidget(self.map_widget)
        for dock in self.docks:
            dock.show()
        for toolbar in self.toolbars:
            toolbar.show()
        self.library_action.setEnabled(True)

    def _start_choice(self, choice: ScenarioChoice) -> None:
        self.start_scenario(choice.scenario, choice.path)

    def start_scenario(
        self, scenario: ScenarioFile, path: Path | None = None, plan: str | None = None
    ) -> None:
        """Open the workspace on ``scenario``: a free session, or watching ``plan``."""
        self._open_workspace(scenario, path)
        if plan is None:
            self.workspace.start(scenario)
        else:
            self.watch_plan(plan, play=False)

    def _open_workspace(self, scenario: ScenarioFile, path: Path | None) -> None:
        self.scenario, self.scenario_path = scenario, path
        self._show_workspace()
        self._fill_watch_menu()
        self.setWindowTitle(f"{scenario.title} — {WINDOW_TITLE}")

    def watch_plan(self, name: str, play: bool = True) -> None:
        """Play ``expert``, ``mistake:ID`` or a plan file's path on the scenario chosen in the
        library (while it shows) or the one in the workspace."""
        scenario, path = self._plan_scenario()
        if scenario is None:
            self.statusBar().showMessage("Choose a scenario first: there is no plan to watch")
            return
        try:
            plan = resolve_plan(scenario, name)
        except (UserInputError, FileFormatError) as error:
            self._problem("This plan cannot be watched", error)
            return
        if self.on_library or scenario is not self.scenario:
            self._open_workspace(scenario, path)
        label = Path(name).name if Path(name).suffix else name
        self.workspace.start(scenario, plan, label)
        self.workspace.clock.set_playing(play)

    def watch_plan_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Watch a plan file", "", "Plan files (*.json)")
        if name:
            self.watch_plan(name)

    def open_scenario(self) -> None:
        path = choose_scenario_file(self)
        if path is not None:
            self.open_scenario_file(path)

    def open_scenario_file(self, path: Path) -> None:
        """Show a scenario file from anywhere in the library page (with its problems if it has
        any), selected, ready to start."""
        self.show_library()
        self.library_page.open_file(path)

    def gauges_text(self, key: str) -> str:
        """What the gauge ``key`` shows (value and unit)."""
        return self.workspace.gauges.tiles[key].text

    # -- status -------------------------------------------------------------------------------
    def _problem(self, what: str, error: Exception) -> None:
        lines = (
            [str(p) for p in error.problems] if isinstance(error, FileFormatError) else [str(error)]
        )
        QMessageBox.warning(self, WINDOW_TITLE, f"{what}:\n\n" + "\n".join(lines))

    def _show_hover(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About PerfusionSim",
            f"<h3>PerfusionSim {simulator.__version__}</h3>"
            "<p>A training simulator for regional chemotherapy: isolated limb and organ "
            "perfusion, stop-flow and hepatic arterial infusion.</p>"
            f"<p>Anatomy: {self.atlas.name}.</p>"
            "<p>For training only. Not for planning the treatment of a patient.</p>",
        )

    # -- settings -----------------------------------------------------------------------------
    def _remember_overlay(self) -> None:
        if self.remember_settings:
            QSettings().setValue(SETTINGS_OVERLAY, self.map_widget.overlay)

    def _show_legend(self, shown: bool) -> None:
        self.map_widget.view.set_legend_shown(shown)
        if self.remember_settings:
            QSettings().setValue(SETTINGS_LEGEND, shown)

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(SETTINGS_GEOMETRY)
        if geometry is not None and self.restoreGeometry(geometry):
            self.opens_maximized = False  # where the trainee left it (restored onto a screen)
        state = settings.value(SETTINGS_STATE)
        if state is not None:
            self.restoreState(state)
        overlay = settings.value(SETTINGS_OVERLAY)
        if isinstance(overlay, str) and overlay in self.map_widget.overlay_names():
            self.map_widget.set_overlay(overlay)
        shown = settings.value(SETTINGS_LEGEND)
        if shown is not None:
            # QSettings' INI files give the text back: "false" must not read as true.
            self.legend_action.setChecked(str(shown).lower() not in ("false", "0"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember_settings:
            settings = QSettings()
            settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
            settings.setValue(SETTINGS_STATE, self.saveState())
        self.workspace.stop()
        super().closeEvent(event)
