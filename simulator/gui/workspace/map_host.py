"""Stand-in for ``gui.map.MapWidget`` until the map package lands: the present map scene and
view behind the same interface (views, overlays, scenario, snapshots, hover text).

It turns a snapshot into the per-segment report the present scene colours from.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from simulator.gui.map_scene import MapScene
from simulator.gui.map_view import MapView
from simulator.gui.overlays import DEFAULT_OVERLAY, OVERLAYS
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.session import Snapshot


def snapshot_report(snapshot: Snapshot) -> dict:
    net, state = snapshot.network, snapshot.state
    segments = {}
    for segment_id, edges in net.segment_edges.items():
        first, last = edges[0], edges[-1]
        segments[segment_id] = {
            "flow_ml_s": float(state.flow_ml_s[first]),
            "pressure_in_mmHg": float(state.pressure_mmHg[net.edge_from[first]]),
            "pressure_out_mmHg": float(state.pressure_mmHg[net.edge_to[last]]),
        }
    co = float(state.flow_ml_s[net.edge_index("aortic_valve")])
    beds = {}
    for bed_id, edges in net.bed_edges.items():
        flow = float(state.flow_ml_s[edges[0]])
        beds[bed_id] = {"flow_ml_s": flow, "fraction_of_cardiac_output": flow / co if co else 0.0}
    return {"segments": segments, "beds": beds}


class MapWidget(QWidget):
    hover_text = Signal(str)

    def __init__(self, atlas: AtlasFile, layout: object = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.scene = MapScene(atlas, self)
        self.view = MapView(self.scene, self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)
        self.view.hoveredChanged.connect(self._hovered)
        self.view_actions: list[QAction] = []
        views = QActionGroup(self)
        whole = QAction("&Whole Body", self)
        whole.setCheckable(True)
        whole.setChecked(True)
        whole.setShortcut(QKeySequence("Ctrl+0"))
        whole.setToolTip("Show the whole body (Ctrl+0)")
        whole.triggered.connect(self.view.fit_all)
        views.addAction(whole)
        self.view_actions.append(whole)
        self._view_by_name = {"whole_body": whole}
        self.overlay_actions: list[QAction] = []
        overlays = QActionGroup(self)
        self._overlay_by_name: dict[str, QAction] = {}
        for i, (key, overlay) in enumerate(OVERLAYS.items()):
            action = QAction(overlay.name, self)
            action.setCheckable(True)
            action.setChecked(key == DEFAULT_OVERLAY)
            action.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            action.setToolTip(f"Colour the vessels by {overlay.name.lower()} (Alt+{i + 1})")
            action.triggered.connect(lambda _=False, k=key: self.set_overlay(k))
            overlays.addAction(action)
            self.overlay_actions.append(action)
            self._overlay_by_name[key] = action
        self._report: dict = {}

    def view_names(self) -> list[str]:
        return list(self._view_by_name)

    def overlay_names(self) -> list[str]:
        return list(self._overlay_by_name)

    @property
    def overlay(self) -> str:
        return self.scene.overlay

    def set_view(self, name: str) -> None:
        if name not in self._view_by_name:
            raise ValueError(f"unknown view '{name}' (known: {', '.join(self.view_names())})")
        self._view_by_name[name].setChecked(True)
        self.view.fit_all()

    def set_overlay(self, name: str) -> None:
        if name not in self._overlay_by_name:
            raise ValueError(f"unknown overlay '{name}' (known: {', '.join(self.overlay_names())})")
        self._overlay_by_name[name].setChecked(True)
        self.scene.apply_state(self._report, name)

    def set_scenario(self, scenario: ScenarioFile | None) -> None:
        self.view.fit_all()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._report = snapshot_report(snapshot)
        self.scene.apply_state(self._report, self.scene.overlay)

    def _hovered(self, model_id: str) -> None:
        self.hover_text.emit(self.scene.hover_text(model_id) if model_id else "")
