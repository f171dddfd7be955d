"""The map renders the state it is given: one item per atlas entry, colours from the overlay,
hover text from the report."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from simulator.gui import describe
from simulator.gui.main_window import MainWindow
from simulator.gui.map_scene import MapScene
from simulator.gui.overlays import KIND_COLOURS, OVERLAYS
from simulator.scenario.atlas_file import AtlasFile


def test_every_segment_bed_chamber_and_cuff_level_has_one_item(
    window: MainWindow, atlas: AtlasFile
) -> None:
    scene = window.map_scene
    ids = (
        [segment.id for segment in atlas.segments]
        + [bed.id for bed in atlas.beds]
        + [chamber.id for chamber in atlas.heart.chambers]
        + [root.id for root in atlas.limb_roots]
    )
    for model_id in ids:
        assert scene.items_by_id[model_id].scene() is scene, model_id
    assert set(scene.vessels) == {segment.id for segment in atlas.segments}


def test_aorta_draws_wider_than_a_small_artery(window: MainWindow) -> None:
    vessels = window.map_scene.vessels
    aorta = vessels["ascending_aorta"].pen().widthF()
    small = vessels["cystic_artery"].pen().widthF()
    assert aorta > 5 * small
    assert small > 1.0


def test_apply_state_recolours_a_changed_segment(
    window: MainWindow, report: dict[str, Any]
) -> None:
    scene = window.map_scene
    before = scene.vessel_colour("celiac_trunk")
    untouched = scene.vessel_colour("splenic_artery")
    celiac = report["segments"]["celiac_trunk"]
    celiac["pressure_in_mmHg"] = celiac["pressure_out_mmHg"] = 5.0

    scene.apply_state(report, "pressure")

    after = scene.vessel_colour("celiac_trunk")
    assert after != before
    assert after == OVERLAYS["pressure"].segment_colour("artery", celiac)
    assert scene.vessel_colour("splenic_artery") == untouched


def test_a_segment_missing_from_the_report_is_grey_not_an_error(
    window: MainWindow, report: dict[str, Any]
) -> None:
    del report["segments"]["celiac_trunk"]
    window.show_report(report)
    assert window.map_scene.vessel_colour("celiac_trunk") == OVERLAYS["pressure"].segment_colour(
        "artery", None
    )


def test_switching_overlay_updates_colours_and_legend(window: MainWindow, qtbot: Any) -> None:
    scene = window.map_scene
    legend_widget = window.map_view.legend_widget
    assert legend_widget.legend.title.startswith("Mean pressure")

    with qtbot.waitSignal(scene.legendChanged):
        window.overlay_box.setCurrentIndex(window.overlay_box.findData("flow"))
    assert window.overlay == "flow"
    assert legend_widget.legend.title == "Flow (mL/min)"
    assert legend_widget.legend.is_continuous
    assert [text for _, text in legend_widget.legend.ticks][-1] == "≥10000"

    window.set_overlay("kind")
    assert not legend_widget.legend.is_continuous
    assert [name for name, _ in legend_widget.legend.categories] == [
        name for name, _ in KIND_COLOURS.values()
    ]
    assert scene.vessel_colour("celiac_trunk") == KIND_COLOURS["artery"][1]
    assert scene.vessel_colour("portal_vein") == KIND_COLOURS["portal"][1]


def test_unknown_overlay_is_refused(window: MainWindow, report: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown overlay 'drug'"):
        window.map_scene.apply_state(report, "drug")


def test_hover_text_names_the_vessel_and_gives_flow_and_pressure(
    window: MainWindow, report: dict[str, Any]
) -> None:
    text = window.map_scene.hover_text("celiac_trunk")
    state = report["segments"]["celiac_trunk"]
    assert text.startswith("Celiac trunk")
    assert f"flow {describe.format_flow_ml_min(state['flow_ml_s'])} mL/min" in text
    assert "Ø 6.7 mm" in text
    assert f"pressure {describe.format_pressure(state['pressure_in_mmHg'])} → " in text


def test_hover_text_of_a_bed_gives_its_share_of_cardiac_output(
    window: MainWindow, report: dict[str, Any]
) -> None:
    text = window.map_scene.hover_text("brain")
    share = 100 * report["beds"]["brain"]["fraction_of_cardiac_output"]
    assert text.startswith("Brain")
    assert f"{share:.1f} % of cardiac output" in text


def test_pointing_at_a_vessel_shows_it_in_the_status_bar(window: MainWindow, qtbot: Any) -> None:
    view = window.map_view
    line = window.map_scene.segment_line("celiac_trunk")
    view.zoom_by(20.0)
    view.centerOn(line.center())
    qtbot.wait(10)

    QTest.mouseMove(view.viewport(), view.mapFromScene(line.center()))

    qtbot.waitUntil(lambda: view.hovered == "celiac_trunk")
    assert window.statusBar().currentMessage() == window.map_scene.hover_text("celiac_trunk")
    QTest.mouseMove(view.viewport(), view.mapFromScene(QPointF(-400.0, 1500.0)))
    qtbot.waitUntil(lambda: view.hovered == "")
    assert window.statusBar().currentMessage() == ""


def test_visible_labels_never_overlap(window: MainWindow) -> None:
    view = window.map_view
    for factor in (1.0, 3.0, 3.0):
        view.zoom_by(factor)
        scale = view.pixels_per_unit
        rects = [label.screen_rect(scale) for label in window.map_scene.labels if label.isVisible()]
        assert rects
        for i, rect in enumerate(rects):
            assert not any(rect.intersects(other) for other in rects[i + 1 :])


def test_scene_renders_without_a_report(qtbot: Any, atlas: AtlasFile) -> None:
    scene = MapScene(atlas)
    assert scene.hover_text("celiac_trunk").startswith("Celiac trunk")
    assert "flow" not in scene.hover_text("celiac_trunk")
    assert scene.vessels["celiac_trunk"].pen().style() == Qt.PenStyle.SolidLine


def test_vessels_sharing_both_ends_are_drawn_apart_and_hovered_alone(
    window: MainWindow, qtbot: Any
) -> None:
    # The four branches of the right external carotid join the same two places; the atlas bows
    # them apart so that each one can be seen and pointed at.
    scene = window.map_scene
    branches = ["lingual_artery_right", "facial_artery_right", "maxillary_artery_right"]
    centres = {scene.segment_line(b).center().toTuple() for b in branches}
    assert len(centres) == len(branches)
    view = window.map_view
    line = scene.segment_line("facial_artery_right")
    view.zoom_by(20.0)
    view.centerOn(line.center())
    qtbot.wait(10)
    ids = view.model_ids_at(view.mapFromScene(line.center()))
    assert "facial_artery_right" in ids
    assert not any(model_id.startswith("head_neck_tissue") for model_id in ids)
    html = scene.tooltip_html(ids)
    assert html.count("<b>") == len(ids)
    assert "<b>Facial artery right</b>" in html
