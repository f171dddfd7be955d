"""The map as one widget: the view with its floating legend, the named views and overlays as
actions, the scenario and the session's snapshots as inputs, hover text as output.

This is the API the main window codes against; everything behind it (scene, items, labels,
devices) can change without the window noticing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget

from simulator.devices.catalog import load_catalog, load_drugs
from simulator.gui.map.devices import DeviceLayer
from simulator.gui.map.overlays import DEFAULT_OVERLAY, OVERLAYS
from simulator.gui.map.scenario import ScenarioLayer
from simulator.gui.map.scene import MapScene
from simulator.gui.map.view import DEFAULT_VIEW, MapView
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import LayoutFile
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.picture import Picture, PictureMaker

OVERLAY_SHORTCUTS = {
    "anatomy": "A",
    "pressure": "P",
    "flow": "F",
    "drug": "D",
    "leak": "L",
}


class MapWidget(QWidget):
    hover_text = Signal(str)
    """One line describing what the pointer is on ("" when nothing)."""

    def __init__(self, atlas: AtlasFile, layout: LayoutFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas
        self.layout_file = layout
        self.scene = MapScene(atlas, layout, self)
        self.view = MapView(self.scene, self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)
        self.devices = DeviceLayer(self.scene)
        self.scenario_layer = ScenarioLayer(self.scene)
        self._pictures = PictureMaker(atlas, load_catalog())
        # Legends name a drug without its formulation: "Iodinated contrast", not the full name.
        self._drug_names = {drug.id: drug.name.split(" (")[0] for drug in load_drugs().drugs}
        longest = max(self._drug_names.values(), key=len, default="")
        self.view.legend_widget.reserve([overlay.legend(longest) for overlay in OVERLAYS.values()])
        self._chosen_drug: str | None = None
        self.picture: Picture | None = None
        self.view_actions = self._view_actions()
        self.overlay_actions = self._overlay_actions()
        self.view.hoveredChanged.connect(self._hovered)
        self.view.viewChanged.connect(self._view_changed)

    # -- actions ----------------------------------------------------------------------------

    def _view_actions(self) -> list[QAction]:
        group = QActionGroup(self)
        # None checked once the user zooms or pans away from every named view.
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        actions = []
        for name in self.view_names():
            view = getattr(self.layout_file.views, name)
            action = QAction(view.title, self)
            action.setObjectName(f"view_{name}")
            action.setCheckable(True)
            action.setData(name)
            tip = f"Show the {view.title.lower()}"
            if view.shortcut:
                action.setShortcut(QKeySequence(view.shortcut))
                tip += f" ({view.shortcut})"
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, n=name: self.set_view(n))
            group.addAction(action)
            self.addAction(action)  # shortcuts work while the map has focus
            actions.append(action)
        actions[self.view_names().index(DEFAULT_VIEW)].setChecked(True)
        return actions

    def _overlay_actions(self) -> list[QAction]:
        group = QActionGroup(self)
        group.setExclusive(True)
        actions = []
        for key, overlay in OVERLAYS.items():
            action = QAction(overlay.name, self)
            action.setObjectName(f"overlay_{key}")
            action.setCheckable(True)
            action.setData(key)
            shortcut = OVERLAY_SHORTCUTS.get(key, "")
            tip = f"Colour the map by {overlay.name.lower()}"
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                tip += f" ({shortcut})"
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(lambda _checked=False, k=key: self.set_overlay(k))
            group.addAction(action)
            self.addAction(action)
            actions.append(action)
        actions[list(OVERLAYS).index(DEFAULT_OVERLAY)].setChecked(True)
        return actions

    # -- public API -------------------------------------------------------------------------

    def view_names(self) -> list[str]:
        return self.scene.view_names

    def overlay_names(self) -> list[str]:
        return list(OVERLAYS)

    @property
    def overlay(self) -> str:
        return self.scene.overlay

    @property
    def drug(self) -> str | None:
        return self.scene.drug

    def set_view(self, name: str) -> None:
        self.view.set_view(name)

    def set_overlay(self, name: str) -> None:
        self.scene.set_overlay(name)
        for action in self.overlay_actions:
            if action.data() == name:
                action.setChecked(True)

    def drug_names(self) -> list[str]:
        """Drugs the last snapshot carries, for choosing what the drug and leak overlays show."""
        if self.picture is None:
            return []
        return list(self.picture.segment_concentration_mg_ml)

    def set_drug(self, drug: str | None) -> None:
        """Show ``drug`` in the drug and leak overlays; None: whichever is being given."""
        self._chosen_drug = drug
        self._update_drug()

    def set_scenario(self, scenario: ScenarioFile | None) -> None:
        self.scenario_layer.set_scenario(scenario)
        self.view.set_legend_marks(self.scenario_layer.legend_marks())
        self.set_view(self.scenario_layer.best_view())

    def show_snapshot(self, snapshot) -> None:
        """Draw a ``session.Snapshot``: colours, devices and the drug being given."""
        picture = self._pictures.picture(snapshot)
        self.picture = picture
        self._update_drug()
        self.scene.show_picture(picture)
        self.devices.show(picture.devices)

    # -- internals --------------------------------------------------------------------------

    def _update_drug(self) -> None:
        drug = self._chosen_drug or self._drug_being_given()
        self.scene.set_drug(drug, self._drug_names.get(drug or "", ""))

    def _drug_being_given(self) -> str | None:
        """The drug running into a catheter now; else the one already shown, if still there;
        else the first the session carries."""
        picture = self.picture
        if picture is None:
            return self.scene.drug
        for catheter in picture.devices.catheters:
            if catheter.infusing_drug is not None:
                return catheter.infusing_drug
        if self.scene.drug in picture.segment_concentration_mg_ml:
            return self.scene.drug
        return next(iter(picture.segment_concentration_mg_ml), None)

    def _view_changed(self, name: str) -> None:
        for action in self.view_actions:
            action.setChecked(action.data() == name)

    def _hovered(self, model_id: str) -> None:
        self.hover_text.emit(self.scene.hover_text(model_id) if model_id else "")
