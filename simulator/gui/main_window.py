"""The main window: the map in the centre, the live panel on the right, overlay and zoom on the
toolbar, the hovered item in the status bar.

The window renders whatever state report it is handed (``show_report``); it computes nothing.
The session will later hand it snapshots from a display timer, and the device shelf and the
timeline will take the left and bottom dock areas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QWidget,
)

import simulator
from simulator.anatomy.layout import load_layout
from simulator.gui import describe
from simulator.gui.live_panel import LivePanel
from simulator.gui.map.overlays import DEFAULT_OVERLAY, OVERLAYS
from simulator.gui.map.widget import MapWidget
from simulator.scenario.atlas_file import AtlasFile

WINDOW_TITLE = "PerfusionSim"
DEFAULT_SIZE = (1400, 900)


class MainWindow(QMainWindow):
    def __init__(self, atlas: AtlasFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.setWindowTitle(WINDOW_TITLE)
        self.resize(*DEFAULT_SIZE)

        self.map_widget = MapWidget(atlas, load_layout(), self)
        self.map_scene = self.map_widget.scene
        self.map_view = self.map_widget.view
        self.setCentralWidget(self.map_widget)

        bed_labels = {bed.id: describe.display_name(bed.id, bed.label) for bed in atlas.beds}
        systemic = [bed.id for bed in atlas.beds if bed.kind == "systemic"]
        self.live_panel = LivePanel(bed_labels, systemic)
        self.live_dock = QDockWidget("Live", self)
        self.live_dock.setObjectName("live_dock")
        self.live_dock.setWidget(self.live_panel)
        self.live_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.live_dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.live_dock)

        self.overlay_box = QComboBox()
        self.overlay_box.setToolTip("What the vessel colours show")
        for key, overlay in OVERLAYS.items():
            self.overlay_box.addItem(overlay.name, key)
        self.overlay_box.setCurrentIndex(self.overlay_box.findData(DEFAULT_OVERLAY))
        self.overlay_box.currentIndexChanged.connect(self._overlay_chosen)

        self._create_actions()
        self._create_menus_and_toolbar()
        self.map_view.hoveredChanged.connect(self._show_hovered)

    # -- construction -----------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcuts: list[QKeySequence], tip: str
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.setStatusTip(tip)
        action.setToolTip(
            f"{tip} ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        key = QKeySequence
        self.zoom_in_action = self._action(
            "Zoom &In",
            self.map_view.zoom_in,
            [key(key.StandardKey.ZoomIn), key("Ctrl+=")],
            "Enlarge the map",
        )
        self.zoom_out_action = self._action(
            "Zoom &Out", self.map_view.zoom_out, [key(key.StandardKey.ZoomOut)], "Shrink the map"
        )
        self.fit_action = self._action(
            "&Fit Whole Body", self.map_view.fit_all, [key("Ctrl+0")], "Show the whole body"
        )
        self.quit_action = self._action("&Quit", self.close, [key("Ctrl+Q")], "Quit PerfusionSim")
        self.about_action = QAction("&About PerfusionSim", self)
        self.about_action.triggered.connect(self.show_about)

    def _create_menus_and_toolbar(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.quit_action)
        view_menu = self.menuBar().addMenu("&View")
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.live_dock.toggleViewAction())
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Map", self)
        toolbar.setObjectName("map_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Colour by: "))
        toolbar.addWidget(self.overlay_box)
        toolbar.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    # -- state ------------------------------------------------------------------------------

    @property
    def overlay(self) -> str:
        return self.map_scene.overlay

    def show_report(self, report: Mapping[str, Any]) -> None:
        """Render a state report (the keys of ``Circulation.report``) on the map and panel."""
        self.live_panel.show_report(report)
        self._show_hovered(self.map_view.hovered)

    def set_overlay(self, overlay: str) -> None:
        index = self.overlay_box.findData(overlay)
        if index < 0:
            raise ValueError(f"unknown overlay '{overlay}' (known: {', '.join(OVERLAYS)})")
        self.overlay_box.setCurrentIndex(index)

    def _overlay_chosen(self, index: int) -> None:
        self.map_widget.set_overlay(self.overlay_box.itemData(index))

    def _show_hovered(self, model_id: str) -> None:
        if model_id:
            self.statusBar().showMessage(self.map_scene.hover_text(model_id))
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
