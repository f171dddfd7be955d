"""The map draws every vessel, bed and chamber of the layout and colours them by overlay."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from simulator.gui.map.overlays import KIND_COLOURS, OVERLAYS
from simulator.gui.map.palette import NO_DATA
from simulator.gui.map.widget import MapWidget
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import LayoutFile
from simulator.session.session import Session


@pytest.fixture(scope="module")
def resting(hap, atlas: AtlasFile):
    return Session(hap, atlas).snapshot()


@pytest.fixture(scope="module")
def bolus_snapshots(hap, atlas: AtlasFile):
    """hap-pancreas 5 s and 60 s into the cisplatin bolus (it starts at 360 s)."""
    session = Session(hap, atlas)
    snapshots = []
    for until in (365.0, 420.0):
        for action in hap.expert_plan.actions:
            if session.time_s <= action.t_s < until or (action.t_s == 0.0 and until == 365.0):
                session.advance(action.t_s)
                session.apply(action)
        session.advance(until)
        snapshots.append(session.snapshot())
    return snapshots


def vessel_pixels(widget: MapWidget, segment_id: str) -> list[QColor]:
    """Colours on screen along a vessel, where nothing else lies over it."""
    view = widget.view
    image: QImage = view.viewport().grab().toImage()
    labels = [label.rect.adjusted(-2, -2, 2, 2) for label in view.placed_labels]
    vessel = widget.scene.vessels[segment_id]
    colours = []
    for fraction in np.linspace(0.05, 0.95, 41):
        x, y = vessel.polyline.point_at(fraction)
        angle = np.radians(vessel.polyline.angle_at(fraction))
        # Across the vessel too: a thin vessel may run along the middle of a wide one.
        for across in (0.0, 0.3, -0.3):
            offset = across * vessel.width
            centre = QPointF(x - offset * np.sin(angle), y + offset * np.cos(angle))
            position = view.mapFromScene(centre)
            if not view.viewport().rect().contains(position):
                continue
            if any(rect.contains(QPointF(position)) for rect in labels):
                continue
            items = view.items(position)
            if not items or getattr(items[0], "model_id", None) != segment_id:
                continue  # another vessel or a device crosses here
            colours.append(image.pixelColor(position))
    return colours


def test_every_vessel_bed_chamber_and_cuff_level_has_one_item(
    map_widget: MapWidget, atlas: AtlasFile
) -> None:
    scene = map_widget.scene
    ids = (
        [segment.id for segment in atlas.segments]
        + [bed.id for bed in atlas.beds]
        + [chamber.id for chamber in atlas.heart.chambers]
        + [root.id for root in atlas.limb_roots]
    )
    for model_id in ids:
        assert scene.items_by_id[model_id].scene() is scene, model_id
    assert set(scene.vessels) == {segment.id for segment in atlas.segments}


def test_vessels_follow_the_layout_with_widths_from_diameter(
    map_widget: MapWidget, layout: LayoutFile
) -> None:
    vessels = map_widget.scene.vessels
    aorta, small = vessels["ascending_aorta"], vessels["cystic_artery"]
    assert aorta.pen().widthF() > 5 * small.pen().widthF()
    assert small.pen().widthF() > 1.0
    for segment_id in ("ascending_aorta", "portal_vein", "splenic_artery"):
        start, end = layout.vessels[segment_id].polyline[0], layout.vessels[segment_id].polyline[-1]
        path = vessels[segment_id].path()
        assert path.pointAtPercent(0.0).toTuple() == pytest.approx(start)
        assert path.pointAtPercent(1.0).toTuple() == pytest.approx(end)


def test_collaterals_are_dashed_and_layers_stack(map_widget: MapWidget, layout: LayoutFile) -> None:
    vessels = map_widget.scene.vessels
    collateral = [s for s, v in layout.vessels.items() if v.collateral]
    plain = [s for s, v in layout.vessels.items() if not v.collateral]
    assert collateral
    assert all(vessels[s].pen().dashPattern() for s in collateral)
    assert not vessels[plain[0]].pen().dashPattern()
    layers = {v.layer for v in layout.vessels.values()}
    for front, behind in ((a, b) for a in layout.vessels for b in layout.vessels):
        if layout.vessels[front].layer > layout.vessels[behind].layer:
            assert vessels[front].zValue() > vessels[behind].zValue()
            break
    else:
        assert len(layers) == 1


@pytest.mark.parametrize(
    ("segment_id", "kind"),
    [
        ("abdominal_aorta_infrarenal_upper", "artery"),
        ("inferior_vena_cava_infrarenal", "vein"),
        ("superior_mesenteric_vein", "portal"),
    ],
)
def test_anatomy_colours_by_kind_on_screen(
    map_widget: MapWidget, segment_id: str, kind: str
) -> None:
    map_widget.set_view("abdomen")
    colours = vessel_pixels(map_widget, segment_id)
    expected = KIND_COLOURS[kind][1]
    assert len(colours) >= 3
    matching = [c for c in colours if c.rgb() == expected.rgb()]
    assert len(matching) >= 0.8 * len(colours), [c.name() for c in colours]


def test_pressure_colours_follow_the_snapshot(
    map_widget: MapWidget, resting, bolus_snapshots
) -> None:
    scene = map_widget.scene
    map_widget.set_overlay("pressure")
    scale = OVERLAYS["pressure"].scale
    for snapshot in (resting, bolus_snapshots[1]):
        map_widget.show_snapshot(snapshot)
        picture = map_widget.picture
        for segment_id in ("abdominal_aorta_celiac_sma", "ascending_aorta", "splenic_artery"):
            i = picture.segment_ids.index(segment_id)
            mean = 0.5 * (
                picture.segment_pressure_in_mmHg[i] + picture.segment_pressure_out_mmHg[i]
            )
            assert scene.vessel_colour(segment_id) == scale.colours(np.array([mean]))[0]
    # The isolated aorta falls to venous-like pressure, the ascending aorta does not.
    assert scene.vessel_colour("abdominal_aorta_celiac_sma") != scene.vessel_colour(
        "ascending_aorta"
    )
    map_widget.set_view("abdomen")
    on_screen = vessel_pixels(map_widget, "abdominal_aorta_infrarenal_upper")
    expected = scene.vessel_colour("abdominal_aorta_infrarenal_upper")
    assert any(c.rgb() == expected.rgb() for c in on_screen)


def test_flow_colours_beds_as_well(map_widget: MapWidget, resting) -> None:
    map_widget.set_overlay("flow")
    map_widget.show_snapshot(resting)
    brain = map_widget.scene.beds["brain"].fill()
    flow = abs(map_widget.picture.bed_state("brain")["flow_ml_s"]) * 60.0
    expected = OVERLAYS["flow"].scale.colours(np.array([flow]))[0]
    assert (brain.red(), brain.green(), brain.blue()) == (
        expected.red(),
        expected.green(),
        expected.blue(),
    )
    map_widget.set_overlay("anatomy")
    assert map_widget.scene.beds["brain"].fill() == map_widget.scene.beds["brain"].neutral_fill


def test_drug_spreads_as_the_bolus_runs(map_widget: MapWidget, bolus_snapshots) -> None:
    map_widget.set_overlay("drug")
    coloured = []
    for snapshot in bolus_snapshots:
        map_widget.show_snapshot(snapshot)
        assert map_widget.drug == "cisplatin"  # the drug being given
        colours = [v.colour() for v in map_widget.scene.vessels.values()]
        coloured.append(sum(c.rgb() != NO_DATA.rgb() for c in colours))
    assert 0 < coloured[0] < coloured[1]
    map_widget.set_drug("contrast")
    assert map_widget.drug == "contrast"
    assert "contrast" in map_widget.drug_names()


def test_leak_overlay_shows_only_the_leak_path(map_widget: MapWidget, bolus_snapshots) -> None:
    map_widget.set_overlay("leak")
    map_widget.show_snapshot(bolus_snapshots[1])
    picture = map_widget.picture
    leak = picture.segment_leak_mg_min["cisplatin"]
    scene = map_widget.scene
    on_path = [s for s, value in zip(picture.segment_ids, leak, strict=True) if value >= 0.001]
    off_path = [s for s, value in zip(picture.segment_ids, leak, strict=True) if np.isnan(value)]
    assert on_path and off_path
    assert all(scene.vessel_colour(s).rgb() != NO_DATA.rgb() for s in on_path)
    assert all(scene.vessel_colour(s).rgb() == NO_DATA.rgb() for s in off_path)


def test_each_overlay_has_its_legend(map_widget: MapWidget, bolus_snapshots) -> None:
    map_widget.show_snapshot(bolus_snapshots[0])
    legend_widget = map_widget.view.legend_widget
    assert map_widget.overlay_names() == ["anatomy", "pressure", "flow", "drug", "leak"]
    outlines = set()
    for name in map_widget.overlay_names():
        map_widget.set_overlay(name)
        outlines.add(legend_widget.geometry().getRect())
        legend = legend_widget.legend
        assert legend == map_widget.scene.legend
        assert legend_widget.isVisible()
        if name == "anatomy":
            assert [label for label, _ in legend.categories] == [
                label for label, _ in KIND_COLOURS.values()
            ]
        else:
            assert legend.is_continuous and len(legend.ticks) >= 5
    assert legend_widget.legend.title.startswith("Cisplatin")
    # One outline for every overlay: switching leaves the labels around the legend in place.
    assert len(outlines) == 1
    overlay_actions = {a.data(): a for a in map_widget.overlay_actions}
    overlay_actions["flow"].trigger()
    assert map_widget.overlay == "flow" and overlay_actions["flow"].isChecked()
    with pytest.raises(ValueError, match="unknown overlay"):
        map_widget.set_overlay("colour")


def test_hover_names_the_vessel_with_diameter_flow_and_pressure(
    map_widget: MapWidget, resting, qtbot: Any
) -> None:
    map_widget.show_snapshot(resting)
    scene, view = map_widget.scene, map_widget.view
    state = map_widget.picture.segment_state("celiac_trunk")
    text = scene.hover_text("celiac_trunk")
    assert text.startswith("Celiac trunk")
    assert "Ø 6.7 mm" in text
    assert f"{abs(state['flow_ml_s']) * 60:.0f}" in text or "flow" in text
    assert "pressure" in text and "mmHg" in text
    assert "% of cardiac output" in scene.hover_text("brain")

    map_widget.set_view("abdomen")
    # Point at the first of these arteries that is topmost somewhere on screen.
    segment_id, point = next(
        (segment_id, QPointF(*polyline.point_at(f)))
        for segment_id in ("celiac_trunk", "splenic_artery", "common_hepatic_artery")
        for polyline in [scene.vessels[segment_id].polyline]
        for f in np.linspace(0.1, 0.9, 17)
        if view.model_ids_at(view.mapFromScene(QPointF(*polyline.point_at(f))))[:1] == [segment_id]
    )
    messages: list[str] = []
    map_widget.hover_text.connect(messages.append)
    QTest.mouseMove(view.viewport(), view.mapFromScene(point))
    qtbot.waitUntil(lambda: view.hovered == segment_id)
    assert messages[-1] == scene.hover_text(segment_id)
    name = scene.hover_lines(segment_id)[0]
    assert f"<b>{name}</b>" in scene.tooltip_html(view.model_ids_at(view.mapFromScene(point)))


def test_flow_arrows_point_the_way_blood_runs(map_widget: MapWidget, bolus_snapshots) -> None:
    map_widget.show_snapshot(bolus_snapshots[1])
    vessels = map_widget.scene.vessels
    assert all(v.flow_direction == 0 for v in vessels.values())  # anatomy: no arrows
    map_widget.set_overlay("flow")
    picture = map_widget.picture
    for segment_id in ("ascending_aorta", "abdominal_aorta_celiac_sma", "portal_vein"):
        flow = picture.segment_flow_ml_s[picture.segment_ids.index(segment_id)]
        assert vessels[segment_id].flow_direction == int(np.sign(flow)), segment_id
    # In the isolated aorta the circuit drives blood backwards, up toward the balloon.
    assert vessels["abdominal_aorta_celiac_sma"].flow_direction == -1
    assert vessels["ascending_aorta"].flow_direction == 1


def test_bed_colours_reach_the_screen_through_the_cached_layer(
    map_widget: MapWidget, resting
) -> None:
    map_widget.show_snapshot(resting)
    map_widget.set_view("head_neck")
    view = map_widget.view
    brain = map_widget.scene.beds["brain"]

    def bed_pixels() -> list[QColor]:
        image = view.viewport().grab().toImage()
        labels = [label.rect.adjusted(-2, -2, 2, 2) for label in view.placed_labels]
        rect = brain.sceneBoundingRect()
        colours = []
        for fx in np.linspace(0.2, 0.8, 7):
            for fy in np.linspace(0.2, 0.8, 7):
                point = QPointF(rect.left() + fx * rect.width(), rect.top() + fy * rect.height())
                position = view.mapFromScene(point)
                items = view.items(position)
                on_bed = bool(items) and getattr(items[0], "model_id", None) == "brain"
                if on_bed and not any(r.contains(QPointF(position)) for r in labels):
                    colours.append(image.pixelColor(position))
        return colours

    neutral = bed_pixels()
    map_widget.set_overlay("flow")
    coloured = bed_pixels()
    assert len(neutral) >= 5 and len(coloured) >= 5
    assert {c.rgb() for c in neutral}.isdisjoint({c.rgb() for c in coloured})
    map_widget.set_overlay("anatomy")
    assert {c.rgb() for c in bed_pixels()} == {c.rgb() for c in neutral}


def test_access_sites_are_marked_and_named(map_widget: MapWidget, layout: LayoutFile) -> None:
    scene = map_widget.scene
    for site_id, site in layout.access_sites.items():
        mark = scene.items_by_id[f"access:{site_id}"]
        assert mark.pos().toTuple() == pytest.approx(site.point)
    assert scene.hover_lines("access:common_femoral_artery_left")[0] == (
        "Access site: Common femoral artery left"
    )


def test_drug_front_moves_along_long_vessels(map_widget: MapWidget, bolus_snapshots) -> None:
    map_widget.set_overlay("drug")
    map_widget.show_snapshot(bolus_snapshots[0])
    picture = map_widget.picture
    scale = OVERLAYS["drug"].scale
    values = picture.piece_concentration_mg_ml["cisplatin"] * 1000.0
    expected = scale.colours(values)
    graded = []
    for i, segment_id in enumerate(picture.segment_ids):
        a, b = picture.piece_offsets[i], picture.piece_offsets[i + 1]
        vessel = map_widget.scene.vessels[segment_id]
        if b - a > 1 and vessel._piece_colours is not None:
            assert vessel._piece_colours == expected[a:b]
            if len({c.rgb() for c in expected[a:b]}) > 1:
                graded.append(segment_id)
    assert graded  # some vessel shows the drug part of the way along it
    map_widget.set_overlay("pressure")
    assert all(v._piece_colours is None for v in map_widget.scene.vessels.values())


def _edge_distance(polygon, x: float, y: float) -> float:
    nearest = float("inf")
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        dx, dy = x1 - x0, y1 - y0
        t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        nearest = min(nearest, float(np.hypot(x0 + t * dx - x, y0 + t * dy - y)))
    return nearest


def _inside(polygon, x: float, y: float) -> bool:
    result = False
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


@pytest.mark.parametrize(
    "scenario_id", ["hap-pancreas", "uap-gastric-peritoneal", "ilp-sarcoma-leg", "tace-hcc"]
)
def test_tumour_star_sits_deep_in_its_bed(
    map_widget: MapWidget, layout: LayoutFile, scenario_id: str
) -> None:
    """Not on the bed's edge: at least 90 % as deep as the deepest point a 2 mm grid finds."""
    from simulator.scenario.library import resolve_scenario

    scenario = resolve_scenario(scenario_id)[0]
    map_widget.set_scenario(scenario)
    assert scenario.tumors
    for tumour in scenario.tumors:
        polygon = layout.beds[tumour.bed].polygon
        star = map_widget.scenario_layer.items[f"tumour:{tumour.id}"].pos()
        assert _inside(polygon, star.x(), star.y()), tumour.id
        xs = [p[0] for p in polygon]
        ys = [p[1] for p in polygon]
        deepest = max(
            _edge_distance(polygon, x, y)
            for x in np.arange(min(xs), max(xs), 2.0)
            for y in np.arange(min(ys), max(ys), 2.0)
            if _inside(polygon, x, y)
        )
        assert _edge_distance(polygon, star.x(), star.y()) >= 0.9 * deepest, tumour.id
