"""Every shipped scenario opens on the map, half-way through its expert plan, in every overlay."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF

from simulator.anatomy.layout import load_layout
from simulator.gui.map.widget import MapWidget
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.library import library_files
from simulator.scenario.loading import load_scenario
from simulator.session.session import Session


@pytest.fixture(scope="module")
def map_widget(atlas: AtlasFile) -> MapWidget:
    # One widget for all scenarios: showing one after another is what the window does too.
    widget = MapWidget(atlas, load_layout())
    widget.resize(1000, 800)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.stem)
def test_a_scenario_half_way_through_its_expert_plan(
    map_widget: MapWidget, atlas: AtlasFile, path, qtbot: Any
) -> None:
    scenario = load_scenario(path)
    session = Session(scenario, atlas)
    actions = list(scenario.expert_plan.actions)
    middle = actions[len(actions) // 2].t_s if actions else 0.0
    for action in actions:
        if action.t_s > middle:
            break
        session.advance(action.t_s)
        session.apply(action)
    session.advance(middle + 30.0)
    snapshot = session.snapshot()

    map_widget.set_scenario(scenario)
    framed = map_widget.view.current_view
    rect = map_widget.scene.view_rect(framed)
    layout = map_widget.scene.layout
    for bed in scenario.targets:
        assert all(rect.contains(QPointF(x, y)) for x, y in layout.beds[bed].polygon), bed
    for overlay in map_widget.overlay_names():
        map_widget.set_overlay(overlay)
        map_widget.show_snapshot(snapshot)
        assert not map_widget.view.viewport().grab().isNull()
    drawn = {
        key.split(":", 1)[1] for key in map_widget.devices.items if key.startswith("catheter:")
    }
    assert drawn == set(snapshot.devices.catheters)
    cuffs = {key.split(":", 1)[1] for key in map_widget.devices.items if key.startswith("cuff:")}
    assert cuffs == {root for root, p in snapshot.devices.cuffs_mmHg.items() if p > 0.0}
    assert len([k for k in map_widget.devices.items if k.startswith("circuit:")]) == len(
        snapshot.devices.circuits
    )
