"""Labels never overlap and name what is in view; named views frame their rectangles, from an
action or its key."""

from __future__ import annotations

import math
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from simulator.gui.map.labels import (
    MIN_AREA_EXTENT_PX,
    SAME_ORGAN_PX,
    TRUNK_VIEWS,
    place_labels,
)
from simulator.gui.map.scene import MapScene
from simulator.gui.map.widget import MapWidget
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import VIEW_IDS, LayoutFile
from tests.gui.conftest import MAP_SIZE

MAJOR_VESSEL_MM = 15.0
MAJOR_VESSEL_MIN_PX = 40.0
"""In the whole-body view only organs and the great vessels at least this long on screen must be
named; the rest is named from the region views."""


def inside(rect: QRectF, points) -> bool:
    return all(rect.contains(QPointF(x, y)) for x, y in points)


def assert_no_overlap(placed) -> None:
    rects = [label.rect for label in placed]
    for i, rect in enumerate(rects):
        for j in range(i + 1, len(rects)):
            assert not rect.intersects(rects[j]), (placed[i].text, placed[j].text)


@pytest.mark.parametrize("size", [MAP_SIZE, (800, 600)])
@pytest.mark.parametrize("view_name", VIEW_IDS)
def test_labels_never_overlap_and_name_everything_in_view(
    map_widget: MapWidget,
    atlas: AtlasFile,
    layout: LayoutFile,
    view_name: str,
    size: tuple[int, int],
    qtbot: Any,
) -> None:
    map_widget.resize(*size)
    qtbot.waitUntil(lambda: map_widget.view.width() == size[0])
    map_widget.set_view(view_name)
    view = map_widget.view
    placed = view.placed_labels
    assert placed
    assert_no_overlap(placed)
    viewport = QRectF(view.viewport().rect())
    legend = QRectF(view.legend_widget.geometry())
    for label in placed:
        assert viewport.contains(label.rect)
        assert not label.rect.intersects(legend)
    named = {label.model_id for label in placed}
    rect = map_widget.scene.view_rect(view_name)
    # A limb view leaves what lies wholly in a trunk view to that view (the flank beside an arm).
    limb_view = view_name.startswith(("arm_", "leg_"))
    trunk = [map_widget.scene.view_rect(v) for v in TRUNK_VIEWS] if limb_view else []

    def in_view(points) -> bool:
        in_trunk = trunk and all(any(t.contains(QPointF(*p)) for t in trunk) for p in points)
        return inside(rect, points) and not in_trunk

    scale = view.pixels_per_unit

    def big_enough(polygon) -> bool:
        # the whole body names the organs big enough to carry a name; region views name all
        xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
        extent = max(max(xs) - min(xs), max(ys) - min(ys))
        return view_name != "whole_body" or extent * scale >= MIN_AREA_EXTENT_PX

    beds = [b for b, bed in layout.beds.items() if in_view(bed.polygon) and big_enough(bed.polygon)]

    def required(segment) -> bool:
        if view_name != "whole_body":
            return True
        length_px = map_widget.scene.vessels[segment.id].polyline.length * scale
        return (
            2 * segment.radius_proximal_mm >= MAJOR_VESSEL_MM and length_px >= MAJOR_VESSEL_MIN_PX
        )

    vessels = [
        s.id
        for s in atlas.segments
        if s.default_strength > 0.0 and in_view(layout.vessels[s.id].polyline) and required(s)
    ]
    assert vessels and beds
    # A bed is named by its own label or, where its organ's name is close by, by the organ's.
    named |= {b for b in beds if layout.beds[b].organ in named}
    missing = sorted(set(beds + vessels) - named)
    assert not missing, f"unnamed in {view_name}: {missing}"


def centre_distance(a: QRectF, b: QRectF) -> float:
    return math.hypot(a.center().x() - b.center().x(), a.center().y() - b.center().y())


def share_in(scene: MapScene, model_id: str, rect: QRectF) -> float:
    """Measured here from the drawn geometry: the share of a vessel's length, or of a bed's or
    organ's bounding rectangle, inside ``rect``."""
    if model_id in scene.vessels:
        polyline = scene.vessels[model_id].polyline
        points = [polyline.point_at(i / 100) for i in range(101)]
        return sum(rect.contains(QPointF(x, y)) for x, y in points) / len(points)
    bounds = scene.items_by_id[model_id].sceneBoundingRect()
    overlap = bounds.intersected(rect)
    return overlap.width() * overlap.height() / (bounds.width() * bounds.height())


@pytest.mark.parametrize("view_name", VIEW_IDS)
def test_labels_belong_to_their_view(map_widget: MapWidget, view_name: str) -> None:
    """A region view names only what lies mostly in it, and an organ is named once nearby."""
    map_widget.set_view(view_name)
    placed = map_widget.view.placed_labels
    by_organ: dict[str, list[QRectF]] = {}
    for label in placed:
        if label.group:
            by_organ.setdefault(label.group, []).append(label.rect)
    for organ, rects in by_organ.items():
        for i, rect in enumerate(rects):
            for other in rects[i + 1 :]:
                assert centre_distance(rect, other) >= SAME_ORGAN_PX, (view_name, organ)
    if view_name == "whole_body":
        return
    scene = map_widget.scene
    rect = scene.view_rect(view_name)
    strays = [label.text for label in placed if share_in(scene, label.model_id, rect) < 0.5]
    assert not strays, f"{view_name} names what lies outside it: {strays}"


LIMB_WORDS = (
    "arm",
    "forearm",
    "brachial",
    "radial",
    "ulnar",
    "basilic",
    "cephalic",
    "thigh",
    "leg",
)


def test_the_abdomen_names_no_limb(map_widget: MapWidget) -> None:
    map_widget.set_view("abdomen")
    view = map_widget.view
    # The forearms lie beside the abdomen and are on screen, but unnamed.
    visible = view.visible_scene_rect()
    assert visible.intersects(
        map_widget.scene.items_by_id["forearm_hand_right"].sceneBoundingRect()
    )
    limb = [
        label.text
        for label in view.placed_labels
        if any(word in label.model_id for word in LIMB_WORDS)
    ]
    assert not limb
    names = {label.text for label in view.placed_labels}
    assert {"Liver", "Pancreas", "Celiac trunk"} <= names


@pytest.mark.parametrize(
    ("view_name", "beds"),
    [
        ("arm_right", ["upper_arm_right", "forearm_hand_right"]),
        ("arm_left", ["upper_arm_left", "forearm_hand_left"]),
        ("leg_right", ["thigh_right", "lower_leg_foot_right"]),
        ("leg_left", ["thigh_left", "lower_leg_foot_left"]),
    ],
)
def test_limb_views_are_centred_on_their_limb(
    map_widget: MapWidget, view_name: str, beds: list[str]
) -> None:
    map_widget.set_view(view_name)
    view = map_widget.view
    limb = QRectF()
    for bed in beds:
        limb = limb.united(map_widget.scene.items_by_id[bed].sceneBoundingRect())
    centre = view.mapFromScene(limb.center())
    viewport = view.viewport().rect()
    assert abs(centre.x() - viewport.center().x()) < 0.1 * viewport.width(), view_name
    # Framed from the limb's root (above its muscles) to its end: the muscles fill most of it.
    assert view.visible_scene_rect().adjusted(-1, -1, 1, 1).contains(limb)
    assert limb.height() * view.pixels_per_unit > 0.6 * viewport.height()
    names = {label.model_id for label in view.placed_labels}
    assert set(beds) <= names


def test_labels_keep_apart_at_every_zoom(map_widget: MapWidget) -> None:
    view = map_widget.view
    counts = []
    for _ in range(6):
        view.zoom_in()
        assert_no_overlap(view.placed_labels)
        counts.append(len(view.placed_labels))
    assert view.current_view is None  # zooming leaves the named view
    # Zooming in on the middle of the body names more vessels than fit the whole body.
    assert max(counts) > counts[0]


def test_labels_follow_a_pan(map_widget: MapWidget, qtbot: Any) -> None:
    map_widget.set_view("abdomen")
    view = map_widget.view
    before = {label.model_id: label.rect for label in view.placed_labels}
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 60)
    view.viewport().grab()  # paints, which re-places the labels after a scroll
    after = {label.model_id: label.rect for label in view.placed_labels}
    moved = [m for m in before.keys() & after.keys() if before[m] != after[m]]
    assert moved
    assert_no_overlap(view.placed_labels)


def test_placement_hides_what_does_not_fit(map_widget: MapWidget) -> None:
    view = map_widget.view
    map_widget.set_view("abdomen")
    centre = QRectF(view.viewport().rect()).center()
    tiny = QRectF(centre.x() - 100, centre.y() - 60, 200, 120)
    placed = place_labels(map_widget.scene.all_labels(), view.viewportTransform(), tiny)
    assert 0 < len(placed) < len(map_widget.scene.labels)
    assert all(tiny.contains(label.rect) for label in placed)
    assert_no_overlap(placed)


def test_each_view_action_frames_its_rectangle(map_widget: MapWidget, layout: LayoutFile) -> None:
    actions = {action.data(): action for action in map_widget.view_actions}
    assert list(actions) == map_widget.view_names() == list(VIEW_IDS)
    view = map_widget.view
    for name, action in actions.items():
        entry = getattr(layout.views, name)
        assert action.isCheckable()
        assert action.text() == entry.title
        assert action.shortcut() == QKeySequence(entry.shortcut)
        assert entry.shortcut in action.toolTip()
        action.trigger()
        assert action.isChecked() and view.current_view == name
        target = map_widget.scene.view_rect(name)
        visible = view.visible_scene_rect()
        assert visible.adjusted(-1, -1, 1, 1).contains(target), name
        # Fitted: the rectangle fills the viewport in one direction.
        assert min(visible.width() / target.width(), visible.height() / target.height()) < 1.02
    assert sum(action.isChecked() for action in actions.values()) == 1


def test_view_keys_switch_views(map_widget: MapWidget, qtbot: Any, layout: LayoutFile) -> None:
    map_widget.activateWindow()
    map_widget.view.setFocus()
    qtbot.waitUntil(map_widget.isActiveWindow)
    qtbot.keyClick(map_widget.view, Qt.Key.Key_3)
    assert map_widget.view.current_view == "abdomen"
    assert layout.views.abdomen.shortcut == "3"
    qtbot.keyClick(map_widget.view, Qt.Key.Key_0)
    assert map_widget.view.current_view == "whole_body"


def test_a_framed_view_stays_framed_when_the_window_resizes(
    map_widget: MapWidget, qtbot: Any
) -> None:
    map_widget.set_view("pelvis")
    map_widget.resize(700, 900)
    qtbot.waitUntil(lambda: map_widget.view.width() == 700)
    target = map_widget.scene.view_rect("pelvis")
    assert map_widget.view.visible_scene_rect().adjusted(-1, -1, 1, 1).contains(target)
    with pytest.raises(ValueError, match="unknown view"):
        map_widget.set_view("foot")


def test_view_actions_follow_the_view(map_widget: MapWidget) -> None:
    checked = {a.data(): a for a in map_widget.view_actions}
    map_widget.view.set_view("thorax")  # e.g. from the window's own fit action
    assert checked["thorax"].isChecked()
    map_widget.view.zoom_in()
    assert not any(action.isChecked() for action in map_widget.view_actions)
    map_widget.view.fit_all()
    assert checked["whole_body"].isChecked()


def test_labels_ride_along_a_drag_and_are_placed_again_on_release(
    map_widget: MapWidget, qtbot: Any
) -> None:
    map_widget.set_view("abdomen")
    view = map_widget.view
    before = {label.model_id: label.rect for label in view.placed_labels}
    centre = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseMove(view.viewport(), centre + QPoint(40, 25))
    qtbot.waitUntil(lambda: view.current_view is None)
    during = {label.model_id: label.rect for label in view.placed_labels}
    assert during.keys() == before.keys()
    shifts = {
        (round(during[m].x() - before[m].x(), 6), round(during[m].y() - before[m].y(), 6))
        for m in before
    }
    assert len(shifts) == 1 and shifts != {(0.0, 0.0)}
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(40, 25))
    assert_no_overlap(view.placed_labels)
    viewport = QRectF(view.viewport().rect())
    assert all(viewport.contains(label.rect) for label in view.placed_labels)
