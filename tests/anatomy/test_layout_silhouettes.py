"""The organs of the built layout have the shapes an atlas plate gives them (the two cerebral
hemispheres over the cerebellum, the J of the stomach, the crescent spleen, bowel loops, a hand
with fingers), measured on the polygons in layout.json, and their vessels enter them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest

from simulator.anatomy.layout import load_layout
from simulator.scenario.layout_file import LayoutFile

Polygon = Sequence[Sequence[float]]


@pytest.fixture(scope="module")
def layout() -> LayoutFile:
    return load_layout()


def inside(polygon: Polygon, x: float, y: float) -> bool:
    result = False
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


def crossings_of_line(polygon: Polygon, *, x: float | None = None, y: float | None = None) -> int:
    """How often a vertical (``x``) or horizontal (``y``) line crosses the outline."""
    count = 0
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if x is not None and (x0 > x) != (x1 > x):
            count += 1
        if y is not None and (y0 > y) != (y1 > y):
            count += 1
    return count


def width_at(polygon: Polygon, y: float) -> float:
    xs = []
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y0 > y) != (y1 > y):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    return max(xs) - min(xs)


def area(polygon: Polygon) -> float:
    total = 0.0
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def bounds(polygon: Polygon) -> tuple[float, float, float, float]:
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    return min(xs), min(ys), max(xs), max(ys)


def test_brain_is_two_hemispheres_over_the_cerebellum(layout: LayoutFile) -> None:
    brain = layout.beds["brain"].polygon
    _, top, _, bottom = bounds(brain)
    # the longitudinal fissure parts the hemispheres from the top
    assert not inside(brain, 0, top + 20)
    assert inside(brain, -40, top + 20) and inside(brain, 40, top + 20)
    # the temporal lobes hang at the sides, the cerebellum between them, a notch apart
    for side in (-1, 1):
        assert inside(brain, side * 70, bottom - 12)  # temporal lobe
        assert inside(brain, side * 22, bottom - 8)  # cerebellar hemisphere
        assert not inside(brain, side * 46, bottom - 12)


def test_face_narrows_to_the_chin(layout: LayoutFile) -> None:
    face = layout.beds["head_neck_tissue_right"].polygon
    _, top, _, bottom = bounds(face)
    assert width_at(face, bottom - 4) < 0.5 * width_at(face, top + 20)


def test_liver_has_two_lobes_split_at_the_falciform_ligament(layout: LayoutFile) -> None:
    right = layout.beds["liver_right"].polygon
    left = layout.beds["liver_left"].polygon
    assert bounds(right)[2] == pytest.approx(bounds(left)[0])  # they meet along one line
    assert area(right) > 2 * area(left)
    # the inferior border rises from the right lobe to the tip of the left
    assert bounds(right)[3] > bounds(left)[3]
    organ = layout.organs["liver"]
    assert sorted(organ.beds) == ["liver_left", "liver_right"]


def test_stomach_is_a_j(layout: LayoutFile) -> None:
    stomach = layout.beds["stomach"].polygon
    assert inside(stomach, 80, 530)  # fundus
    assert inside(stomach, 90, 590)  # body
    assert inside(stomach, -30, 614)  # antrum reaching the pylorus
    assert not inside(stomach, 10, 575)  # the hollow of the J, under the lesser curvature
    assert crossings_of_line(stomach, y=612) == 2 and crossings_of_line(stomach, x=20) == 4


def test_spleen_is_a_crescent_with_its_hilum_inwards(layout: LayoutFile) -> None:
    spleen = layout.beds["spleen"].polygon
    x_min, top, x_max, bottom = bounds(spleen)
    middle = (top + bottom) / 2
    assert inside(spleen, x_max - 8, middle)
    # the concave hilum: the middle of the medial side is outside, both poles reach further in
    assert not inside(spleen, x_min + 10, middle)
    assert inside(spleen, x_min + 6, top + 14) and inside(spleen, x_min + 15, bottom - 4)


def test_kidneys_are_beans_with_the_hilum_towards_the_midline(layout: LayoutFile) -> None:
    for name, medial in (("kidney_right", 1), ("kidney_left", -1)):
        kidney = layout.beds[name].polygon
        x_min, top, x_max, bottom = bounds(kidney)
        middle = (top + bottom) / 2
        # an ellipse is widest at its middle; the hilum notches it there
        assert width_at(kidney, middle) < width_at(kidney, middle - 0.25 * (bottom - top))
        edge = x_max if medial > 0 else x_min
        assert not inside(kidney, edge - medial * 1.5, middle)


def test_pancreas_runs_along_the_splenic_vein_from_head_to_tail(layout: LayoutFile) -> None:
    head = layout.beds["pancreas_head"].polygon
    body = layout.beds["pancreas_body_tail"].polygon
    vein = layout.vessels["splenic_vein"].polyline
    run_y = next(a[1] for a, b in itertools.pairwise(vein) if a[1] == b[1])
    for x in range(20, 111, 10):
        upper = min(y for y in range(560, 700) if inside(body, x, y))
        assert abs(upper - run_y) <= 4, x
    assert bounds(head)[3] - bounds(head)[1] > 3 * (bounds(body)[3] - bounds(body)[1]) / 2
    spleen = layout.beds["spleen"].polygon
    assert bounds(body)[2] > bounds(spleen)[0]  # the tail reaches the splenic hilum


def test_small_intestine_is_loops_hanging_from_the_root_of_the_mesentery(
    layout: LayoutFile,
) -> None:
    bowel = layout.beds["small_intestine"].polygon
    assert crossings_of_line(bowel, x=-60) >= 8  # four loops
    # the root of the mesentery: x -38 to -30 from y 674 down to the loops (docs/map.md)
    assert all(inside(bowel, -34, y) for y in range(676, 746, 4))


def test_heart_holds_its_four_chambers(layout: LayoutFile) -> None:
    heart = layout.beds["heart_muscle"].polygon
    assert set(layout.chambers) == {
        "left_atrium",
        "right_atrium",
        "left_ventricle",
        "right_ventricle",
    }
    for chamber in layout.chambers.values():
        assert all(inside(heart, x, y) for x, y in chamber.polygon)
    # the apex points down to the patient's left
    lowest = max(heart, key=lambda p: p[1] + 0.5 * p[0])
    assert lowest[0] > 0


def test_limbs_taper_and_the_hand_has_fingers(layout: LayoutFile) -> None:
    thigh = layout.beds["thigh_right"].polygon
    _, top, _, bottom = bounds(thigh)
    assert width_at(thigh, top + 4) > 1.4 * width_at(thigh, bottom - 10)
    arm = layout.beds["upper_arm_right"].polygon
    _, top, _, bottom = bounds(arm)
    assert width_at(arm, top + 20) > width_at(arm, bottom - 4)
    hand = layout.beds["forearm_hand_right"].polygon
    _, top, _, bottom = bounds(hand)
    assert width_at(hand, top + 10) > 1.5 * width_at(hand, 740)  # elbow to wrist
    assert crossings_of_line(hand, y=bottom - 12) >= 8  # four fingers
    leg = layout.beds["lower_leg_foot_right"].polygon
    _, top, _, bottom = bounds(leg)
    assert width_at(leg, top + 40) > 1.5 * width_at(leg, 1540)  # calf to ankle


@pytest.mark.parametrize(
    "name", ["brain", "stomach", "spleen", "liver_right", "pancreas_head", "thigh_left"]
)
def test_organs_are_smooth_not_boxes(layout: LayoutFile, name: str) -> None:
    polygon = layout.beds[name].polygon
    assert len(polygon) >= 40


def test_colon_frames_the_small_bowel_with_haustra(layout: LayoutFile) -> None:
    ascending = layout.beds["colon_right"].polygon
    descending = layout.beds["colon_left"].polygon
    bowel = bounds(layout.beds["small_intestine"].polygon)
    assert bounds(ascending)[2] == pytest.approx(bounds(descending)[0])  # one tube, cut at x 0
    # the ascending and descending limbs lie outside the loops, the transverse colon above them
    assert bounds(ascending)[0] < bowel[0] and bounds(descending)[2] > bowel[2]
    loops_top = min(y for x, y in layout.beds["small_intestine"].polygon if x < -50)
    assert bounds(ascending)[1] < loops_top
    # haustra: the tube's width swells and narrows between its folds along the ascending colon
    widths = [width_at([p for p in ascending if p[0] < -100], y) for y in range(770, 820)]
    assert max(widths) - min(widths) >= 2.0
