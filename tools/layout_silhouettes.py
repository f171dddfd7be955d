"""Organ silhouettes for the layout tables: outlines a reader recognises as the organ (the two
cerebral hemispheres over the cerebellum, a J-shaped stomach, a crescent spleen, bowel loops, a
hand), built from a few control points and smoothed.

Each shape is a coarse control polygon of the organ seen from the front (same conventions as the
routes, docs/map.md: x < 0 the patient's right), rounded by corner cutting (Chaikin) so it reads
as tissue rather than as a box. Corner cutting only ever moves an outline inwards, at corners;
the control points are placed so that the vessel ports of ``layout_tables.py`` stay inside (the
build checks every port).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

Point = tuple[float, float]


def smooth(points: Sequence[Point], iterations: int = 3) -> list[Point]:
    """The closed control polygon rounded by Chaikin corner cutting, to 0.1 mm."""
    outline = [(float(x), float(y)) for x, y in points]
    for _ in range(iterations):
        cut = []
        for (x0, y0), (x1, y1) in zip(outline, outline[1:] + outline[:1], strict=True):
            cut.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            cut.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        outline = cut
    return _rounded(outline)


def _rounded(points: Sequence[Point]) -> list[Point]:
    result: list[Point] = []
    for x, y in points:
        point = (round(x, 1) + 0.0, round(y, 1) + 0.0)
        if not result or point != result[-1]:
            result.append(point)
    if len(result) > 1 and result[0] == result[-1]:
        result.pop()
    return result


def split_at_x(points: Sequence[Point], x_cut: float) -> tuple[list[Point], list[Point]]:
    """The parts of a closed outline left and right of the line x = ``x_cut`` (an organ cut
    into the beds it is made of: the liver's lobes, the pancreas at its neck)."""
    return _clip(points, x_cut, keep_left=True), _clip(points, x_cut, keep_left=False)


def _clip(points: Sequence[Point], x_cut: float, keep_left: bool) -> list[Point]:
    def inside(p: Point) -> bool:
        return p[0] <= x_cut if keep_left else p[0] >= x_cut

    result: list[Point] = []
    for a, b in zip(points, [*points[1:], points[0]], strict=True):
        if inside(a):
            result.append(a)
        if inside(a) != inside(b):
            t = (x_cut - a[0]) / (b[0] - a[0])
            result.append((x_cut, a[1] + t * (b[1] - a[1])))
    return _rounded(result)


def serpentine(
    x_left: float, x_right: float, y_first: float, rows: int, pitch: float, half_width: float
) -> list[Point]:
    """The outline of a tube folded into ``rows`` horizontal runs ``pitch`` apart, joined by
    half-turns at alternate ends: the small bowel's loops. The first run starts at the right."""
    radius = pitch / 2
    centre: list[Point] = []
    heading_left = True
    for row in range(rows):
        y = y_first + row * pitch
        start, end = (x_right, x_left) if heading_left else (x_left, x_right)
        centre += [(start, y), (end, y)]
        if row < rows - 1:
            # half-turn around (end, y + radius), bulging outwards
            sign = -1.0 if heading_left else 1.0
            for i in range(1, 12):
                angle = math.pi * i / 12
                centre.append(
                    (end + sign * radius * math.sin(angle), y + radius * (1 - math.cos(angle)))
                )
        heading_left = not heading_left
    left_side, right_side = [], []
    for i, (x, y) in enumerate(centre):
        # the tangent: the mean of the directions in and out (the turns are tangent to the runs)
        tx, ty = 0.0, 0.0
        for (ax, ay), (bx, by) in (
            (centre[max(i - 1, 0)], (x, y)),
            ((x, y), centre[min(i + 1, len(centre) - 1)]),
        ):
            length = math.hypot(bx - ax, by - ay)
            if length > 0:
                tx, ty = tx + (bx - ax) / length, ty + (by - ay) / length
        length = math.hypot(tx, ty)
        nx, ny = -ty / length, tx / length
        left_side.append((x + nx * half_width, y + ny * half_width))
        right_side.append((x - nx * half_width, y - ny * half_width))
    # round ends
    first, last = centre[0], centre[-1]
    end_cap = [
        (
            last[0] + half_width * math.sin(math.pi * i / 6),
            last[1] - half_width * math.cos(math.pi * i / 6),
        )
        for i in range(1, 6)
    ]
    start_cap = [
        (
            first[0] + half_width * math.sin(math.pi * i / 6),
            first[1] + half_width * math.cos(math.pi * i / 6),
        )
        for i in range(1, 6)
    ]
    return _rounded([*left_side, *end_cap[::-1], *reversed(right_side), *start_cap])


def with_tongue(outline: Sequence[Point], x0: float, x1: float, top: float) -> list[Point]:
    """``outline`` with a strip from x0 to x1 reaching up to ``top`` from its topmost edge
    between them (the root of the mesentery above the loops)."""
    best = None
    for i, (a, b) in enumerate(zip(outline, [*outline[1:], outline[0]], strict=True)):
        lo, hi = sorted((a[0], b[0]))
        if lo <= x0 and x1 <= hi and abs(a[1] - b[1]) < 1e-6 and (best is None or a[1] < best[1]):
            best = (i, a[1], a[0] > b[0])
    if best is None:
        raise ValueError("no straight top edge spans the tongue")
    i, y, leftwards = best
    tongue = (
        [(x1, y), (x1, top), (x0, top), (x0, y)]
        if leftwards
        else [
            (x0, y),
            (x0, top),
            (x1, top),
            (x1, y),
        ]
    )
    return _rounded([*outline[: i + 1], *tongue, *outline[i + 1 :]])


def symmetric(right_half: Sequence[Point]) -> list[Point]:
    """A shape symmetric about the midline from its half on the viewer's right (x >= 0), given
    from the top of the midline round to the bottom of it."""
    return [*right_half, *[(-x, y) for x, y in reversed(right_half) if x != 0]]


# ---------------------------------------------------------------------------------------------
# Head: the two hemispheres seen from the front, split by the longitudinal fissure, the temporal
# lobes hanging at the sides and the cerebellum under them in the middle, where the vertebral
# and internal carotid arteries come in; the face below, one half a side.
BRAIN = smooth(
    symmetric(
        [
            (0, 62),  # the bottom of the longitudinal fissure
            (2, 22),
            (12, 13),
            (40, 12),
            (66, 20),
            (84, 38),
            (93, 62),
            (92, 90),
            (88, 108),
            (88, 122),  # temporal lobe
            (82, 132),
            (66, 136),
            (52, 128),
            (46, 112),  # the notch between temporal lobe and cerebellum
            (40, 116),
            (38, 132),  # cerebellar hemisphere
            (24, 142),
            (8, 140),
            (0, 134),  # the vermis
        ]
    )
)

FACE_RIGHT = smooth(
    [
        (-3, 146),
        (-30, 143),
        (-52, 145),
        (-62, 154),  # temple
        (-65, 168),  # cheek
        (-63, 182),  # angle of the jaw
        (-56, 192),
        (-40, 202),
        (-20, 210),
        (-3, 213),  # chin
    ]
)

# ---------------------------------------------------------------------------------------------
# Thorax: lungs with apex, convex ribs, domed base and the hilum reaching in to the pulmonary
# vessels (the left one with its cardiac notch); the heart with its apex to the patient's left.
LUNG_RIGHT = smooth(
    [
        (-106, 288),  # apex
        (-126, 292),
        (-143, 306),
        (-153, 330),
        (-158, 370),
        (-159, 420),
        (-157, 462),
        (-153, 484),  # costophrenic angle
        (-136, 478),
        (-114, 470),
        (-94, 468),
        (-76, 476),
        (-68, 470),  # cardiophrenic angle
        (-68, 430),
        (-70, 398),
        (-30, 398),  # the hilum
        (-30, 346),
        (-72, 346),
        (-76, 312),
        (-90, 292),
    ]
)

LUNG_LEFT = smooth(
    [
        (106, 288),
        (90, 292),
        (78, 310),
        (72, 346),
        (46, 346),  # the hilum
        (46, 398),
        (72, 398),
        (76, 412),
        (88, 424),  # cardiac notch
        (92, 442),
        (86, 458),
        (78, 472),  # lingula
        (92, 470),
        (116, 470),
        (138, 478),
        (153, 484),
        (157, 462),
        (159, 420),
        (158, 370),
        (153, 330),
        (143, 306),
        (126, 292),
    ]
)

HEART = smooth(
    [
        (-50, 388),
        (-38, 372),
        (-4, 366),
        (30, 368),
        (48, 380),
        (56, 404),
        (60, 436),
        (56, 462),
        (46, 480),  # apex
        (30, 487),
        (8, 487),
        (-12, 483),
        (-32, 472),
        (-47, 454),
        (-55, 428),
        (-55, 404),
    ]
)

RIGHT_VENTRICLE = smooth(
    [(-12, 404), (10, 404), (10, 440), (6, 464), (-2, 472), (-10, 458), (-12, 432)], 2
)
LEFT_VENTRICLE = smooth(
    [(12, 400), (46, 400), (52, 428), (50, 456), (40, 478), (28, 474), (16, 458), (12, 430)], 2
)

# ---------------------------------------------------------------------------------------------
# Upper abdomen: the liver domed under the diaphragm, its inferior border rising from the right
# lobe to the tapering left lobe, the two split at the falciform ligament; the gallbladder a pear
# under the right lobe; the J of the stomach from the cardia through the body to the pylorus;
# the spleen a crescent, hilum inwards; the pancreas from its head in the duodenal C through the
# neck and body to the tail at the spleen.
FALCIFORM_X = -63
LIVER = smooth(
    [
        (-156, 546),
        (-152, 526),
        (-138, 514),
        (-112, 509),
        (-84, 509),
        (-66, 511),
        (FALCIFORM_X, 516),  # falciform notch
        (-60, 511),
        (-40, 511),
        (-26, 513),
        (-21, 522),
        (-22, 540),
        (-24, 556),
        (-27, 574),  # the tip of the left lobe
        (-40, 583),
        (-56, 581),
        (FALCIFORM_X, 575),  # notch of the ligamentum teres
        (-70, 585),
        (-90, 591),
        (-112, 593),
        (-134, 589),
        (-148, 577),
    ]
)
LIVER_RIGHT_LOBE, LIVER_LEFT_LOBE = split_at_x(LIVER, FALCIFORM_X)

GALLBLADDER = smooth(
    [(-131, 578), (-115, 578), (-113, 592), (-114, 602), (-120, 608), (-128, 607), (-133, 598)], 2
)

STOMACH = smooth(
    [
        (-6, 528),  # abdominal oesophagus
        (30, 527),
        (40, 519),  # cardia
        (58, 511),  # fundus
        (84, 511),
        (103, 519),
        (112, 536),  # greater curvature
        (113, 560),
        (110, 584),
        (102, 600),
        (86, 614),
        (60, 624),
        (30, 628),
        (0, 628),
        (-30, 626),  # antrum to the pylorus
        (-41, 620),
        (-41, 605),
        (-30, 602),
        (0, 602),
        (24, 599),
        (36, 592),  # angular incisure
        (42, 576),
        (44, 552),  # lesser curvature
        (42, 544),
        (34, 541),
        (-6, 541),
    ]
)

SPLEEN = smooth(
    [
        (106, 530),  # upper pole
        (122, 516),
        (140, 518),
        (152, 532),  # diaphragmatic surface
        (158, 556),
        (154, 580),
        (144, 596),
        (130, 604),
        (120, 602),  # lower pole
        (126, 592),
        (130, 576),  # hilum
        (128, 560),
        (120, 548),
        (112, 540),
    ]
)

PANCREAS_NECK_X = -8
PANCREAS = smooth(
    [
        (-55, 632),  # head
        (-30, 629),
        (-14, 628),
        (-6, 616),  # neck, over the portal confluence
        (30, 612),  # body, the splenic vein along its upper border
        (70, 611),
        (100, 611),
        (118, 612),
        (125, 620),  # tail, at the splenic hilum
        (120, 632),
        (112, 639),
        (90, 638),
        (60, 638),
        (20, 640),
        (0, 642),
        (-8, 650),
        (-10, 666),
        (-14, 680),
        (-24, 689),  # uncinate process
        (-40, 691),
        (-51, 685),
        (-56, 668),
        (-57, 648),
    ]
)
PANCREAS_HEAD, PANCREAS_BODY_TAIL = split_at_x(PANCREAS, PANCREAS_NECK_X)

# the loops of jejunum and ileum framed by the colon, hanging from the root of the mesentery,
# which reaches up to the superior mesenteric branching (the crossings rely on it: docs/map.md)
SMALL_INTESTINE = with_tongue(serpentine(-98, 20, 752, 4, 13, 5), -38, -30, 674)

# ---------------------------------------------------------------------------------------------
# Limbs: muscle masses tapering from their root, the hand with its thumb and fingers, the foot.
UPPER_ARM_RIGHT = smooth(
    [
        (-214, 376),
        (-182, 376),
        (-180, 410),
        (-183, 470),
        (-188, 530),
        (-192, 546),  # elbow
        (-205, 546),
        (-209, 520),
        (-214, 460),
        (-217, 410),
    ]
)

FOREARM_HAND_RIGHT = smooth(
    [
        (-252, 590),
        (-172, 590),  # elbow
        (-178, 650),
        (-190, 716),
        (-196, 742),  # wrist
        (-195, 766),
        (-199, 788),  # little finger
        (-204, 790),
        (-206, 776),
        (-208, 794),  # ring finger
        (-213, 796),
        (-215, 778),
        (-217, 798),  # middle finger
        (-222, 798),
        (-224, 778),
        (-226, 795),  # index finger
        (-231, 794),
        (-233, 770),
        (-246, 772),  # thumb
        (-249, 764),
        (-236, 746),
        (-231, 740),  # wrist
        (-238, 716),
        (-247, 650),
    ],
    2,
)

THIGH_RIGHT = smooth(
    [
        (-156, 1016),
        (-24, 1016),
        (-26, 1040),
        (-44, 1100),
        (-62, 1180),
        (-70, 1226),  # knee
        (-84, 1232),
        (-112, 1232),
        (-124, 1226),
        (-134, 1196),
        (-152, 1120),
        (-160, 1040),
    ]
)

LOWER_LEG_FOOT_RIGHT = smooth(
    [
        (-128, 1413),
        (-56, 1413),
        (-56, 1440),  # calf
        (-62, 1490),
        (-80, 1546),  # ankle
        (-72, 1566),
        (-72, 1584),  # foot
        (-88, 1590),
        (-110, 1588),
        (-120, 1576),
        (-116, 1558),
        (-110, 1546),
        (-126, 1500),
        (-132, 1452),
    ]
)


def haustral_tube(
    centreline: Sequence[Point], half_width: float, fold_spacing: float, bulge: float
) -> list[Point]:
    """The outline of a tube along ``centreline`` (an open polyline, rounded at its corners
    first) whose wall bulges out by ``bulge`` between folds ``fold_spacing`` apart: the
    haustra of the colon. Both ends are closed by round caps."""
    line = _open_chaikin([(float(x), float(y)) for x, y in centreline], 3)
    samples: list[Point] = [line[0]]
    for a, b in itertools.pairwise(line):
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        steps = max(1, math.ceil(length / 1.0))
        samples += [
            (a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
            for i in range(1, steps + 1)
        ]
    total = sum(math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(samples))
    left_side, right_side = [], []
    # folds counted from the middle of the tube, so a symmetric centreline gives a mirror image
    travelled = -total / 2
    for i, (x, y) in enumerate(samples):
        if i:
            travelled += math.hypot(x - samples[i - 1][0], y - samples[i - 1][1])
        ax, ay = samples[max(i - 1, 0)]
        bx, by = samples[min(i + 1, len(samples) - 1)]
        length = math.hypot(bx - ax, by - ay)
        nx, ny = -(by - ay) / length, (bx - ax) / length
        width = half_width + bulge * abs(math.sin(math.pi * travelled / fold_spacing))
        left_side.append((x + nx * width, y + ny * width))
        right_side.append((x - nx * width, y - ny * width))
    return _rounded([*left_side[::2], *reversed(right_side[::2])])


def _open_chaikin(points: list[Point], iterations: int) -> list[Point]:
    for _ in range(iterations):
        cut = [points[0]]
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            cut.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            cut.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        cut.append(points[-1])
        points = cut
    return points


# the colon framing the small bowel: caecum and ascending colon on the patient's right, the
# transverse colon under the stomach, the descending colon down to the sigmoid, with haustra
COLON = haustral_tube(
    # the flexures are kept tight (short chamfers before rounding) so the colic arteries reach
    # the hepatic flexure inside the tube
    [(-126, 834), (-126, 748), (-116, 738), (116, 738), (126, 748), (126, 834)],
    half_width=9.5,
    fold_spacing=12,
    bulge=1.5,
)
COLON_RIGHT = split_at_x(COLON, 0)[0]
COLON_LEFT = [(-x, y) for x, y in reversed(COLON_RIGHT)]
"""The left half is the right one mirrored exactly (sampling leaves the tube's halves a fraction
of a millimetre apart)."""
