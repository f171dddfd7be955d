"""The map follows the devices a session holds, and shows the scenario it is given."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QPointF, Qt

from simulator.devices.navigation import VesselPoint
from simulator.gui.map.devices import BalloonItem, CatheterItem, CircuitItem, CuffItem
from simulator.gui.map.palette import BALLOON_OVERSTRETCHED, CUFF_VENOUS_ONLY, PORT_INFUSING
from simulator.gui.map.widget import MapWidget
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import LayoutFile
from simulator.session.picture import CuffPicture, DevicePicture, EmbolizationPicture
from simulator.session.session import Session

TIMES_S = (430.0, 1640.0)
"""During the cisplatin bolus; after both balloons are down with one cuff still on."""


@pytest.fixture(scope="module")
def snapshots(hap, atlas: AtlasFile):
    """The expert plan applied with the replay's own rule (advance to an action, apply it)."""
    session = Session(hap, atlas)
    actions = list(hap.expert_plan.actions)
    taken = {}
    for until in TIMES_S:
        while actions and actions[0].t_s <= until:
            action = actions.pop(0)
            session.advance(action.t_s)
            session.apply(action)
        session.advance(until)
        taken[until] = session.snapshot()
    taken["start"] = Session(hap, atlas).snapshot()  # nothing in the patient yet
    return taken


def near(a: QPointF, b: QPointF, tolerance_mm: float = 1e-6) -> bool:
    return (a - b).manhattanLength() <= tolerance_mm


def test_catheters_run_from_their_access_site_to_their_tip(
    map_widget: MapWidget, snapshots
) -> None:
    snapshot = snapshots[430.0]
    map_widget.show_snapshot(snapshot)
    items, scene = map_widget.devices.items, map_widget.scene
    for catheter in snapshot.devices.catheters.values():
        item = items[f"catheter:{catheter.catheter_id}"]
        assert isinstance(item, CatheterItem) and item.scene() is scene
        path = item.path()
        assert near(path.pointAtPercent(0.0), scene.point_at(catheter.route.access))
        assert near(path.pointAtPercent(1.0), scene.point_at(catheter.route.tip))
        # Every leg's vessel is under the drawn route.
        for leg in catheter.route.legs:
            middle = VesselPoint(leg.segment, 0.5 * (leg.start + leg.end))
            assert item.shape().contains(scene.point_at(middle)) or leg.length_mm < 5.0


def test_balloons_sit_at_their_centre_sized_by_filling(map_widget: MapWidget, snapshots) -> None:
    map_widget.show_snapshot(snapshots[430.0])
    scene, items = map_widget.scene, map_widget.devices.items
    for balloon_key, segment in (
        ("balloon:aortic:0", "abdominal_aorta_supraceliac"),
        ("balloon:caval:0", "inferior_vena_cava_suprahepatic"),
    ):
        item = items[balloon_key]
        assert isinstance(item, BalloonItem)
        catheter_id = balloon_key.split(":")[1]
        (balloon,) = next(
            c for c in map_widget.picture.devices.catheters if c.catheter_id == catheter_id
        ).balloons
        assert balloon.centre.segment == segment
        assert near(item.pos(), scene.point_at(balloon.centre))
        ratio = balloon.diameter_mm / balloon.vessel_diameter_mm
        assert item.rect().height() == pytest.approx(scene.vessels[segment].width * ratio)
        assert item.rect().height() > scene.vessels[segment].width  # sized above 100 %
        assert item.opacity() == 1.0
    tags = {spec.text for spec in scene.tags.values()}
    assert any(text.startswith("balloon 5.4 mL") for text in tags)


def test_cuffs_ports_and_the_circuit(map_widget: MapWidget, snapshots, layout: LayoutFile) -> None:
    map_widget.show_snapshot(snapshots[430.0])
    scene, items = map_widget.scene, map_widget.devices.items
    for root in ("thigh_root_left", "thigh_root_right"):
        cuff = items[f"cuff:{root}"]
        assert isinstance(cuff, CuffItem) and cuff.state == "full"
        (x1, y1), (x2, y2) = layout.limb_roots[root].line
        assert cuff.path().boundingRect().contains(QPointF(0.5 * (x1 + x2), 0.5 * (y1 + y2)))
    assert "cuff 300 mmHg: arteries + veins" in {spec.text for spec in scene.tags.values()}
    infusing = items["port:aortic:infusion:1"]
    assert infusing.brush().color() == PORT_INFUSING
    circuit = items["circuit:stopflow"]
    assert isinstance(circuit, CircuitItem)
    (state,) = map_widget.picture.devices.circuits
    assert near(circuit.path().pointAtPercent(0.0), scene.point_at(state.draw))
    assert near(circuit.path().pointAtPercent(1.0), scene.point_at(state.return_point))
    assert circuit.flow_ml_min == pytest.approx(120.0)
    map_widget.set_view("abdomen")
    placed = {label.text for label in map_widget.view.placed_labels}
    assert "circuit 120 mL/min" in placed


def test_items_are_reused_and_follow_the_session(map_widget: MapWidget, snapshots) -> None:
    map_widget.show_snapshot(snapshots[430.0])
    items = map_widget.devices.items
    catheter = items["catheter:aortic"]
    map_widget.show_snapshot(snapshots[430.0])
    assert map_widget.devices.items["catheter:aortic"] is catheter

    map_widget.show_snapshot(snapshots[1640.0])
    items = map_widget.devices.items
    assert items["catheter:aortic"] is catheter
    assert items["balloon:aortic:0"].opacity() < 1.0  # deflated, still on the shaft
    assert "cuff:thigh_root_left" not in items  # released at 1620 s
    assert "cuff:thigh_root_right" in items  # released at 1650 s
    assert "circuit:stopflow" in items
    assert not any(key.startswith("device:balloon") for key in map_widget.scene.tags)

    map_widget.show_snapshot(snapshots["start"])
    assert map_widget.devices.items == {}
    assert catheter.scene() is None
    assert map_widget.scene.tags == {}


def test_venous_only_cuffs_coils_and_particles(map_widget: MapWidget) -> None:
    devices = DevicePicture(
        cuffs=(CuffPicture("upper_arm_root_left", 80.0, "venous_only"),),
        embolizations=(
            EmbolizationPicture(
                "coil:gastroduodenal_artery", VesselPoint("gastroduodenal_artery", 0.3), "coil"
            ),
            EmbolizationPicture(
                "particles:splenic_artery", VesselPoint("splenic_artery", 0.6), "particles"
            ),
        ),
    )
    map_widget.devices.show(devices)
    items = map_widget.devices.items
    cuff = items["cuff:upper_arm_root_left"]
    assert cuff.pen().color() == CUFF_VENOUS_ONLY
    assert "cuff 80 mmHg: veins only" in {spec.text for spec in map_widget.scene.tags.values()}
    coil = items["embolization:coil:gastroduodenal_artery"]
    particles = items["embolization:particles:splenic_artery"]
    scene = map_widget.scene
    assert near(coil.pos(), scene.point_at(VesselPoint("gastroduodenal_artery", 0.3)))
    assert near(particles.pos(), scene.point_at(VesselPoint("splenic_artery", 0.6)))
    assert coil.path().elementCount() > particles.path().elementCount() / 10


def test_the_scenario_region_tumour_and_critical_beds(
    map_widget: MapWidget, hap, layout: LayoutFile
) -> None:
    map_widget.set_scenario(hap)
    items = map_widget.scenario_layer.items
    assert "region:beds" in items
    for segment_id in hap.region.segments:
        assert items[f"region:{segment_id}"].path() == map_widget.scene.vessels[segment_id].path()
    assert "critical:spinal_cord" in items
    tumour = items["tumour:pancreatic-head-adenocarcinoma"]
    bed = map_widget.scene.beds["pancreas_head"]
    assert bed.contains(bed.mapFromScene(tumour.pos()))
    assert "Adenocarcinoma" in tumour.toolTip()
    # The tumour keeps labels off it.
    star = map_widget.view.mapFromScene(tumour.pos())
    assert not any(label.rect.contains(QPointF(star)) for label in map_widget.view.placed_labels)
    # Framed on a view holding the target.
    framed = map_widget.view.current_view
    assert framed != "whole_body"
    rect = map_widget.scene.view_rect(framed)
    assert all(rect.contains(QPointF(x, y)) for x, y in layout.beds["pancreas_head"].polygon)

    map_widget.set_scenario(None)
    assert map_widget.scenario_layer.items == {}
    assert map_widget.view.current_view == "whole_body"
    assert map_widget.scene.label_obstacles == {}


def test_hovering_a_device_describes_it(map_widget: MapWidget, snapshots) -> None:
    map_widget.show_snapshot(snapshots[430.0])
    scene, view = map_widget.scene, map_widget.view
    assert scene.hover_lines("catheter:aortic")[:1] == ["Catheter aortic"]
    assert "infusing cisplatin" in scene.hover_lines("catheter:aortic")
    balloon = scene.hover_text("balloon:aortic:0")
    assert "5.4 mL, 19.8 mm in a 18.0 mm vessel" in balloon
    assert "closes arteries and veins" in scene.hover_text("cuff:thigh_root_left")
    assert "120 mL/min" in scene.hover_text("circuit:stopflow")
    map_widget.set_view("abdomen")
    item = map_widget.devices.items["balloon:aortic:0"]
    ids = view.model_ids_at(view.mapFromScene(item.pos()))
    assert ids[0] == "balloon:aortic:0"
    assert "<b>Balloon 1 of aortic</b>" in scene.tooltip_html(ids)


def test_the_legend_explains_the_scenario_marks(map_widget: MapWidget, hap) -> None:
    legend = map_widget.view.legend_widget
    height = legend.height()
    map_widget.set_scenario(hap)
    assert [name for name, _ in legend.marks] == [
        "Isolated region",
        "Tumour",
        "Critical bed (dashed)",
    ]
    assert legend.height() > height
    placed = map_widget.view.placed_labels
    assert not any(label.rect.intersects(legend.geometry().toRectF()) for label in placed)
    map_widget.set_scenario(None)
    assert legend.marks == () and legend.height() == height


def test_device_tags_join_the_labels_without_overlap(map_widget: MapWidget, snapshots, hap) -> None:
    map_widget.set_scenario(hap)
    map_widget.show_snapshot(snapshots[430.0])
    view, scene = map_widget.view, map_widget.scene
    tags = scene.tags
    assert tags
    for name in map_widget.view_names():
        map_widget.set_view(name)
        placed = view.placed_labels
        rects = [label.rect for label in placed]
        for i, rect in enumerate(rects):
            assert not any(rect.intersects(other) for other in rects[i + 1 :]), name
        framed = scene.view_rect(name)
        shown = {label.model_id for label in placed}
        for key, spec in tags.items():
            if framed.contains(QPointF(*spec.anchors[0])):
                assert key in shown, (name, spec.text)


def test_an_overfilled_balloon_and_an_open_cuff_say_so(map_widget: MapWidget, snapshots) -> None:
    devices = copy.deepcopy(snapshots[430.0].devices)
    devices.catheters["aortic"].balloon_volume_ml[0] = 12.0
    devices.cuffs_mmHg["thigh_root_left"] = 4.0  # below venous pressure: closes nothing
    picture = map_widget._pictures.devices(devices, 93.0, 6.0)
    map_widget.devices.show(picture)
    balloon = map_widget.devices.items["balloon:aortic:0"]
    assert balloon.overstretched
    assert balloon.pen().color() == BALLOON_OVERSTRETCHED
    texts = {spec.text for spec in map_widget.scene.tags.values()}
    assert any(text.endswith("overstretches the wall") for text in texts)
    assert "cuff 4 mmHg: open" in texts
    assert map_widget.devices.items["cuff:thigh_root_left"].brush().style() == Qt.BrushStyle.NoBrush
    assert not map_widget.devices.items["balloon:caval:0"].overstretched  # 110 %


def test_a_device_change_fits_its_tags_among_the_names_placed(
    map_widget: MapWidget, snapshots, qtbot
) -> None:
    """Between 7:10 and 27:20 both balloons and a cuff come down and their tags go: the other
    names stay where they were, none overlaps, and once the devices have been still for a
    moment every name is placed afresh, as a new view would place them."""
    from simulator.gui.map.labels import place_labels

    view = map_widget.view
    map_widget.show_snapshot(snapshots[430.0])
    map_widget.set_view("abdomen")
    view.update_labels()
    before = {label.model_id: label.rect for label in view.placed_labels}
    assert any(key.startswith("device:balloon") for key in before)
    map_widget.show_snapshot(snapshots[1640.0])
    after = {label.model_id: label.rect for label in view.placed_labels}
    assert not any(key.startswith("device:balloon") for key in after)
    kept = [key for key in after if not key.startswith("device:")]
    assert kept and all(after[key] == before[key] for key in kept)
    rects = list(after.values())
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    # A moment later, every name placed again as from scratch.
    assert view._full_placement.isActive()
    qtbot.waitUntil(lambda: not view._full_placement.isActive(), timeout=5000)
    view.viewport().repaint()
    assert not view._labels_dirty
    viewport = view.viewport().rect().toRectF().adjusted(2, 2, -2, -2)
    focus, elsewhere = view.map_scene.label_regions(view.current_view)
    obstacles = view._label_context[2]
    fresh = place_labels(
        view.map_scene.all_labels(), view.viewportTransform(), viewport, obstacles, focus, elsewhere
    )
    assert [(label.model_id, label.rect) for label in view.placed_labels] == [
        (label.model_id, label.rect) for label in fresh
    ]
