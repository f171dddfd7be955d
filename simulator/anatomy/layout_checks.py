"""Readability of the map layout, measured headless: crossings, share of length on the
horizontal / vertical / 45° grid, branch order along the aorta, mirror symmetry, coverage and
gaps between parallel vessels. Tests assert these; ``python -m simulator layout`` prints them.

Geometry is taken from the polylines' points (the rounded corners a renderer adds are a few map
units and change none of these figures).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from simulator.anatomy.layout import atlas_ids
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import LayoutFile

Point = tuple[float, float]
Piece = tuple[Point, Point]

TOUCH_TOLERANCE = 1.0
"""Map units within which two vessels meeting at a shared end are touching, not crossing."""

GRID_ANGLE_TOLERANCE_DEG = 1.0

MIDLINE_BAND = 30.0
"""Half-width of the midline band where the aorta and the venae cavae run side by side. Left and
right branches leave different trunks there, so mirror symmetry is judged outside it."""

AORTIC_BRANCH_ORDER: tuple[str, ...] = (
    "brachiocephalic_trunk",
    "common_carotid_artery_left",
    "subclavian_artery_left",
    "intercostal_arteries_upper",
    "intercostal_arteries_lower",
    "celiac_trunk",
    "superior_mesenteric_artery",
    "renal_artery_right",
    "inferior_mesenteric_artery",
    "common_iliac_artery_right",
)
"""Branches in the order they leave the aorta from the root to the bifurcation."""

AORTA_CHAIN: tuple[str, ...] = (
    "ascending_aorta",
    "aortic_arch_1",
    "aortic_arch_2",
    "descending_thoracic_aorta_upper",
    "descending_thoracic_aorta_lower",
    "abdominal_aorta_supraceliac",
    "abdominal_aorta_celiac_sma",
    "abdominal_aorta_suprarenal",
    "abdominal_aorta_infrarenal_upper",
    "abdominal_aorta_infrarenal_lower",
)


ANATOMICAL_ASYMMETRIES: dict[str, str] = {
    "subclavian_artery_right": "the right subclavian artery leaves the brachiocephalic trunk, the"
    " left one the arch",
    "brachiocephalic_vein_right": "the left brachiocephalic vein crosses the midline, the right one"
    " is short",
    "pulmonary_veins_right": "the left atrium lies left of the midline",
    "ascending_lumbar_vein_right": "the right ascending lumbar vein joins the azygos, the left one"
    " the hemiazygos",
    "intercostal_lumbar_anastomosis_right": "both anastomoses leave the lower intercostal arteries"
    " on the left of the aorta",
    "liver_right": "the liver's lobes are not a mirrored pair",
}
"""Right entries whose left twin is not their mirror image, with the anatomical reason."""


@dataclass(frozen=True)
class Crossing:
    first: str
    second: str
    at: Point


@dataclass(frozen=True)
class NarrowGap:
    first: str
    second: str
    gap: float
    at: Point


def pieces(polyline: Sequence[Sequence[float]]) -> Iterator[Piece]:
    for start, end in pairwise(polyline):
        yield (float(start[0]), float(start[1])), (float(end[0]), float(end[1]))


def _length(piece: Piece) -> float:
    (x0, y0), (x1, y1) = piece
    return math.hypot(x1 - x0, y1 - y0)


def _intersection(a: Piece, b: Piece) -> Point | None:
    """The point where two pieces cross (proper or at an end), None if they miss or are parallel."""
    (x1, y1), (x2, y2) = a
    (x3, y3), (x4, y4) = b
    denominator = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4)
    if abs(denominator) < 1e-12:
        return None
    t = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / denominator
    u = ((x1 - x3) * (y1 - y2) - (y1 - y3) * (x1 - x2)) / denominator
    if -1e-9 <= t <= 1 + 1e-9 and -1e-9 <= u <= 1 + 1e-9:
        return x1 + t * (x2 - x1), y1 + t * (y2 - y1)
    return None


def _near(p: Point, q: Sequence[float], tolerance: float = TOUCH_TOLERANCE) -> bool:
    return math.hypot(p[0] - q[0], p[1] - q[1]) <= tolerance


def _bbox(polyline: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in polyline]
    ys = [p[1] for p in polyline]
    return min(xs), min(ys), max(xs), max(ys)


def crossings(layout: LayoutFile) -> list[Crossing]:
    """Every point where two distinct vessels cross or touch. Vessels that both end at the point
    (a junction of the atlas, where a branch starts at its parent's end) are not counted."""
    items = sorted(layout.vessels.items())
    boxes = {name: _bbox(vessel.polyline) for name, vessel in items}
    found: list[Crossing] = []
    for (name_a, a), (name_b, b) in combinations(items, 2):
        ax0, ay0, ax1, ay1 = boxes[name_a]
        bx0, by0, bx1, by1 = boxes[name_b]
        if ax1 < bx0 or bx1 < ax0 or ay1 < by0 or by1 < ay0:
            continue
        ends_a = (a.polyline[0], a.polyline[-1])
        ends_b = (b.polyline[0], b.polyline[-1])
        points: list[Point] = []
        for piece_a in pieces(a.polyline):
            for piece_b in pieces(b.polyline):
                point = _intersection(piece_a, piece_b)
                # a touch is where both vessels end (their shared node); one vessel ending on
                # the other's run would read as a junction the atlas does not have
                if point is None or (
                    any(_near(point, end) for end in ends_a)
                    and any(_near(point, end) for end in ends_b)
                ):
                    continue
                if not any(_near(point, seen) for seen in points):
                    points.append(point)
        found.extend(Crossing(name_a, name_b, point) for point in points)
    return found


def unlisted_crossings(layout: LayoutFile) -> list[Crossing]:
    """Crossings the file does not explain in ``anatomical_crossings``."""
    listed = {frozenset((c.front, c.behind)) for c in layout.anatomical_crossings}
    return [c for c in crossings(layout) if frozenset((c.first, c.second)) not in listed]


def _on_grid(piece: Piece) -> bool:
    (x0, y0), (x1, y1) = piece
    angle = math.degrees(math.atan2(y1 - y0, x1 - x0)) % 45.0
    return min(angle, 45.0 - angle) <= GRID_ANGLE_TOLERANCE_DEG


def orientation_shares(layout: LayoutFile) -> dict[str, float]:
    """Share of drawn length: ``grid`` (straight runs horizontal, vertical or at 45°),
    ``smooth`` (vessels drawn as smooth curves) and ``off_grid`` (straight runs at other angles,
    which read as lines across the body)."""
    totals = {"grid": 0.0, "smooth": 0.0, "off_grid": 0.0}
    for vessel in layout.vessels.values():
        for piece in pieces(vessel.polyline):
            if vessel.curve == "smooth":
                totals["smooth"] += _length(piece)
            else:
                totals["grid" if _on_grid(piece) else "off_grid"] += _length(piece)
    total = sum(totals.values()) or 1.0
    return {key: value / total for key, value in totals.items()}


def _arc_position(chain: Sequence[Sequence[Sequence[float]]], point: Sequence[float]) -> float:
    """Distance along a chain of polylines to the place nearest ``point``."""
    best_distance, best_position, travelled = math.inf, 0.0, 0.0
    for polyline in chain:
        for (x0, y0), (x1, y1) in pieces(polyline):
            length = math.hypot(x1 - x0, y1 - y0)
            if length == 0.0:
                continue
            t = ((point[0] - x0) * (x1 - x0) + (point[1] - y0) * (y1 - y0)) / length**2
            t = min(1.0, max(0.0, t))
            distance = math.hypot(x0 + t * (x1 - x0) - point[0], y0 + t * (y1 - y0) - point[1])
            if distance < best_distance - 1e-9:
                best_distance, best_position = distance, travelled + t * length
            travelled += length
    return best_position


def aortic_branch_positions(layout: LayoutFile) -> dict[str, float]:
    """How far along the drawn aorta each branch of ``AORTIC_BRANCH_ORDER`` leaves it."""
    chain = [layout.vessels[name].polyline for name in AORTA_CHAIN]
    return {
        branch: _arc_position(chain, layout.vessels[branch].polyline[0])
        for branch in AORTIC_BRANCH_ORDER
    }


def branch_order_problems(layout: LayoutFile) -> list[str]:
    positions = aortic_branch_positions(layout)
    problems = []
    for before, after in pairwise(AORTIC_BRANCH_ORDER):
        if not positions[before] < positions[after]:
            problems.append(
                f"{after} leaves the aorta at {positions[after]:.0f} mm, not below {before}"
                f" ({positions[before]:.0f} mm)"
            )
    return problems


def _samples_outside_band(polyline: Sequence[Sequence[float]], step: float = 1.0) -> list[Point]:
    samples = []
    for (x0, y0), (x1, y1) in pieces(polyline):
        count = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step))
        for i in range(count + 1):
            x = x0 + (x1 - x0) * i / count
            y = y0 + (y1 - y0) * i / count
            if abs(x) >= MIDLINE_BAND:
                samples.append((x, y))
    return samples


def _hausdorff(a: Sequence[Point], b: Sequence[Point]) -> float:
    if not a and not b:
        return 0.0
    if not a or not b:
        return math.inf

    def directed(p: Sequence[Point], q: Sequence[Point]) -> float:
        return max(min(math.hypot(x - u, y - v) for u, v in q) for x, y in p)

    return max(directed(a, b), directed(b, a))


def mirror_pairs(layout: LayoutFile) -> list[tuple[str, str, str]]:
    """(section, right id, left id) for every *_right entry that has a *_left twin."""
    pairs = []
    for section in ("vessels", "beds"):
        entries = getattr(layout, section)
        for name in sorted(entries):
            if name.endswith("_right") and (twin := name[: -len("_right")] + "_left") in entries:
                pairs.append((section, name, twin))
    return pairs


def mirror_deviation(layout: LayoutFile, section: str, right: str, left: str) -> float:
    """Largest distance between the right entry, mirrored about the midline, and the left one,
    outside the midline band."""
    if section == "vessels":
        right_line = layout.vessels[right].polyline
        left_line = layout.vessels[left].polyline
    else:
        right_line = [*layout.beds[right].polygon, layout.beds[right].polygon[0]]
        left_line = [*layout.beds[left].polygon, layout.beds[left].polygon[0]]
    mirrored = [(-x, y) for x, y in right_line]
    return _hausdorff(_samples_outside_band(mirrored), _samples_outside_band(left_line))


def asymmetric_pairs(
    layout: LayoutFile, allowed: Sequence[str] = (), tolerance: float = 1.0
) -> dict[str, float]:
    """Right/left pairs (by right id) whose mirror deviation exceeds ``tolerance``, except the
    ``allowed`` ones (anatomical asymmetries)."""
    return {
        right: deviation
        for section, right, left in mirror_pairs(layout)
        if right not in allowed
        and (deviation := mirror_deviation(layout, section, right, left)) > tolerance
    }


def coverage(layout: LayoutFile, atlas: AtlasFile) -> dict[str, tuple[list[str], list[str]]]:
    """Per section: (atlas ids the layout lacks, layout ids the atlas lacks)."""
    result = {}
    for section, expected in atlas_ids(atlas).items():
        present = set(getattr(layout, section))
        result[section] = (sorted(expected - present), sorted(present - expected))
    return result


def narrow_gaps(
    layout: LayoutFile, minimum_gap: float = 4.0, overlap: float = 4.0
) -> list[NarrowGap]:
    """Parallel runs of distinct vessels closer than ``minimum_gap`` between centre lines over
    more than ``overlap`` of their length. Runs that share an end (a junction) are exempt for
    ``minimum_gap`` around it, where vessels must come together."""
    runs: list[tuple[str, Piece]] = [
        (name, piece)
        for name, vessel in sorted(layout.vessels.items())
        for piece in pieces(vessel.polyline)
        if _length(piece) > 0.0
    ]
    ends = {
        name: (vessel.polyline[0], vessel.polyline[-1]) for name, vessel in layout.vessels.items()
    }
    found: dict[tuple[str, str], NarrowGap] = {}
    for (name_a, a), (name_b, b) in combinations(runs, 2):
        if name_a == name_b:
            continue
        gap = _parallel_gap(a, b, overlap, [*ends[name_a], *ends[name_b]], minimum_gap)
        if gap is not None and gap[0] < minimum_gap:
            key = (name_a, name_b)
            if key not in found or gap[0] < found[key].gap:
                found[key] = NarrowGap(name_a, name_b, gap[0], gap[1])
    return sorted(found.values(), key=lambda g: (g.gap, g.first, g.second))


def _parallel_gap(
    a: Piece, b: Piece, overlap: float, shared_ends: Sequence[Sequence[float]], exempt: float
) -> tuple[float, Point] | None:
    (ax0, ay0), (ax1, ay1) = a
    length = _length(a)
    ux, uy = (ax1 - ax0) / length, (ay1 - ay0) / length
    (bx0, by0), (bx1, by1) = b
    b_length = _length(b)
    vx, vy = (bx1 - bx0) / b_length, (by1 - by0) / b_length
    if abs(ux * vy - uy * vx) > math.sin(math.radians(GRID_ANGLE_TOLERANCE_DEG)):
        return None
    # positions of b's ends along a, and b's distance from a's line
    s0 = (bx0 - ax0) * ux + (by0 - ay0) * uy
    s1 = (bx1 - ax0) * ux + (by1 - ay0) * uy
    low, high = max(0.0, min(s0, s1)), min(length, max(s0, s1))
    # trim the stretch near shared junctions, where vessels meet by design
    for end in shared_ends:
        s = (end[0] - ax0) * ux + (end[1] - ay0) * uy
        distance = abs((end[0] - ax0) * uy - (end[1] - ay0) * ux)
        if distance <= exempt:
            if abs(s - low) <= exempt:
                low = max(low, s + exempt)
            if abs(s - high) <= exempt:
                high = min(high, s - exempt)
    if high - low <= overlap:
        return None
    gap = abs((bx0 - ax0) * uy - (by0 - ay0) * ux)
    middle = (low + high) / 2
    return gap, (ax0 + ux * middle, ay0 + uy * middle)


def _inside_polygon(
    point: Sequence[float], polygon: Sequence[Sequence[float]], tolerance: float
) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, [*polygon[1:], polygon[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
        length_sq = (x1 - x0) ** 2 + (y1 - y0) ** 2
        t = 0.0 if length_sq == 0 else ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / length_sq
        t = min(1.0, max(0.0, t))
        if math.hypot(x0 + t * (x1 - x0) - x, y0 + t * (y1 - y0) - y) <= tolerance:
            return True
    return inside


def junction_problems(layout: LayoutFile, atlas: AtlasFile, tolerance: float = 0.5) -> list[str]:
    """Vessels that meet at an atlas node must meet on the map: every end at a junction lies at
    the same point, and every end at a bed or chamber lies inside (or on the edge of) its shape."""
    regions = {name: bed.polygon for name, bed in layout.beds.items()}
    regions.update({name: chamber.polygon for name, chamber in layout.chambers.items()})
    ends: dict[str, list[tuple[str, Sequence[float]]]] = {}
    for segment in atlas.segments:
        line = layout.vessels[segment.id].polyline
        for node, point in ((segment.from_node, line[0]), (segment.to_node, line[-1])):
            ends.setdefault(node, []).append((segment.id, point))
    problems = []
    for node, points in sorted(ends.items()):
        if node in regions:
            problems += [
                f"{vessel} ends at {tuple(point)}, outside '{node}'"
                for vessel, point in points
                if not _inside_polygon(point, regions[node], tolerance)
            ]
            continue
        first_vessel, first = points[0]
        problems += [
            f"{vessel} meets '{node}' at {tuple(point)}, {first_vessel} at {tuple(first)}"
            for vessel, point in points[1:]
            if not _near((float(point[0]), float(point[1])), first, tolerance)
        ]
    return problems


def _distance_to_polyline(point: Sequence[float], polyline: Sequence[Sequence[float]]) -> float:
    best = math.inf
    for (x0, y0), (x1, y1) in pieces(polyline):
        length_sq = (x1 - x0) ** 2 + (y1 - y0) ** 2
        dot = (point[0] - x0) * (x1 - x0) + (point[1] - y0) * (y1 - y0)
        t = 0.0 if length_sq == 0 else min(1.0, max(0.0, dot / length_sq))
        best = min(best, math.hypot(x0 + t * (x1 - x0) - point[0], y0 + t * (y1 - y0) - point[1]))
    return best


def site_problems(layout: LayoutFile, atlas: AtlasFile, tolerance: float = 0.5) -> list[str]:
    """Access sites lie on their vessel; a limb root's cuff line crosses every segment the atlas
    says passes under that cuff."""
    problems = [
        f"access site {site} at {tuple(entry.point)} is off its vessel"
        for site, entry in sorted(layout.access_sites.items())
        if _distance_to_polyline(entry.point, layout.vessels[site].polyline) > tolerance
    ]
    for root in atlas.limb_roots:
        a, b = layout.limb_roots[root.id].line
        cuff = ((float(a[0]), float(a[1])), (float(b[0]), float(b[1])))
        for crossing in root.crossing:
            line = layout.vessels[crossing.segment].polyline
            if not any(_intersection(cuff, piece) for piece in pieces(line)):
                problems.append(f"cuff line of {root.id} misses {crossing.segment}")
    return problems
