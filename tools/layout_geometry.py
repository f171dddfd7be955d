"""Building blocks of the layout tables: metro-map routes between nodes, mirroring about the
midline, and simple shapes for beds and organ silhouettes.

A route is written as the points a vessel passes between its two ends, with an optional style
before each leg that says how to get to the next point on the H/V/45° grid:

    "s"   straight (the leg must already be horizontal, vertical or at 45°)
    "hv"  horizontal, then vertical          "vh"  vertical, then horizontal
    "dv"  45° diagonal, then vertical        "vd"  vertical, then 45° diagonal
    "dh"  45° diagonal, then horizontal      "hd"  horizontal, then 45° diagonal
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

Point = tuple[float, float]
STYLES = ("s", "hv", "vh", "dv", "vd", "dh", "hd")


class LayoutTableError(ValueError):
    """A table entry that cannot be drawn as asked; the message names the entry."""


@dataclass(frozen=True)
class Route:
    """How one segment is drawn. ``spec`` alternates styles and via points (``"dv", (x, y),
    "hv"``); a missing style is ``"s"``. ``start``/``end`` override where the vessel begins or
    ends, which vessels at a bed need (the bed's port); at a junction the node is used."""

    spec: tuple = ()
    start: Point | None = None
    end: Point | None = None
    curve: str = "rounded"
    label_anchor: Point | None = None


def mirror(point: Point) -> Point:
    return (-point[0], point[1])


def mirror_route(route: Route) -> Route:
    spec = tuple(mirror(item) if isinstance(item, tuple) else item for item in route.spec)
    return Route(
        spec=spec,
        start=mirror(route.start) if route.start else None,
        end=mirror(route.end) if route.end else None,
        curve=route.curve,
        label_anchor=mirror(route.label_anchor) if route.label_anchor else None,
    )


def _sign(value: float) -> float:
    return (value > 0) - (value < 0)


def leg(a: Point, b: Point, style: str, name: str) -> list[Point]:
    """The points after ``a`` up to and including ``b``."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if style == "s":
        return [b]
    if style == "hv":
        return [(b[0], a[1]), b]
    if style == "vh":
        return [(a[0], b[1]), b]
    if style in ("dv", "vd"):
        if abs(dy) < abs(dx):
            raise LayoutTableError(f"{name}: '{style}' from {a} to {b} needs |dy| >= |dx|")
        if style == "dv":
            return [(b[0], a[1] + _sign(dy) * abs(dx)), b]
        return [(a[0], b[1] - _sign(dy) * abs(dx)), b]
    if style in ("dh", "hd"):
        if abs(dx) < abs(dy):
            raise LayoutTableError(f"{name}: '{style}' from {a} to {b} needs |dx| >= |dy|")
        if style == "dh":
            return [(a[0] + _sign(dx) * abs(dy), b[1]), b]
        return [(b[0] - _sign(dx) * abs(dy), a[1]), b]
    raise LayoutTableError(f"{name}: unknown route style '{style}'; use one of {STYLES}")


def polyline(start: Point, end: Point, route: Route, name: str) -> list[Point]:
    """The route's points from ``start`` to ``end``, without repeated or collinear points."""
    points = [start]
    style = "s"
    for item in (*route.spec, end):
        if isinstance(item, str):
            style = item
            continue
        points.extend(leg(points[-1], (float(item[0]), float(item[1])), style, name))
        style = "s"
    cleaned: list[Point] = []
    for point in points:
        point = (round(point[0], 3) + 0.0, round(point[1], 3) + 0.0)
        if (
            cleaned
            and math.isclose(point[0], cleaned[-1][0])
            and math.isclose(point[1], cleaned[-1][1])
        ):
            continue
        if len(cleaned) >= 2 and _collinear(cleaned[-2], cleaned[-1], point):
            cleaned[-1] = point
            continue
        cleaned.append(point)
    if len(cleaned) < 2:
        raise LayoutTableError(f"{name}: starts and ends at the same point {start}")
    return cleaned


def _collinear(a: Point, b: Point, c: Point) -> bool:
    cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
    dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1])
    return abs(cross) < 1e-9 and dot > 0


def off_grid_pieces(points: Sequence[Point]) -> list[tuple[Point, Point]]:
    bad = []
    for a, b in itertools.pairwise(points):
        dx, dy = abs(b[0] - a[0]), abs(b[1] - a[1])
        if not (dx < 1e-9 or dy < 1e-9 or math.isclose(dx, dy, abs_tol=1e-6)):
            bad.append((a, b))
    return bad


def box(x0: float, y0: float, x1: float, y1: float, cut: float = 3.0) -> list[Point]:
    """A rectangle with cut corners (reads as a soft block at any zoom)."""
    cut = min(cut, (x1 - x0) / 3, (y1 - y0) / 3)
    return [
        (x0 + cut, y0),
        (x1 - cut, y0),
        (x1, y0 + cut),
        (x1, y1 - cut),
        (x1 - cut, y1),
        (x0 + cut, y1),
        (x0, y1 - cut),
        (x0, y0 + cut),
    ]


def blob(x0: float, y0: float, x1: float, y1: float, roundness: float = 2.6, count: int = 28):
    """A superellipse filling the box: an organ-like rounded shape."""
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    points = []
    for i in range(count):
        angle = 2 * math.pi * i / count
        c, s = math.cos(angle), math.sin(angle)
        x = cx + rx * _sign(c) * abs(c) ** (2 / roundness)
        y = cy + ry * _sign(s) * abs(s) ** (2 / roundness)
        points.append((round(x, 1) + 0.0, round(y, 1) + 0.0))
    return points


def mirror_polygon(points: Sequence[Point]) -> list[Point]:
    return [mirror(p) for p in reversed(points)]


@dataclass(frozen=True)
class Bed:
    polygon: list[Point]
    organ: str
    label_anchor: Point | None = None
    label: str | None = None
    """The name on the map where the atlas's id-like label would read badly ("right lobe" for
    liver_right); None keeps the atlas label."""


@dataclass(frozen=True)
class Organ:
    outline: list[Point]
    label: str
    beds: list[str] = field(default_factory=list)
    label_anchor: Point | None = None


def centre(points: Sequence[Point]) -> Point:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (round((min(xs) + max(xs)) / 2, 1) + 0.0, round((min(ys) + max(ys)) / 2, 1) + 0.0)


def bean(x0: float, y0: float, x1: float, y1: float, hilum: int, depth: float, count: int = 32):
    """A kidney: an ellipse filling the box with its hilum notched in on the ``hilum`` side
    (+1: towards larger x, -1: towards smaller x) by ``depth``."""
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    points = []
    for i in range(count):
        angle = 2 * math.pi * i / count
        x = cx + rx * math.cos(angle)
        y = cy + ry * math.sin(angle)
        if (x - cx) * hilum > 0:
            x -= hilum * depth * math.exp(-(((y - cy) / (0.35 * ry)) ** 2)) * abs(math.cos(angle))
        points.append((round(x, 1) + 0.0, round(y, 1) + 0.0))
    return points
