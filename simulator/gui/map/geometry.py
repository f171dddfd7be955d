"""Paths from layout polylines, and points along them.

A vessel is drawn as a polyline with rounded corners (a quadratic Bézier through each corner,
its ends ``corner_radius`` back along both legs, shortened where a leg is too short) or as a
smooth curve through its points (Catmull-Rom converted to cubic Béziers). Devices sit at
``VesselPoint`` positions, a fraction of the way along the segment: ``Polyline`` measures that
fraction by arc length on the same points.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

Point = Sequence[float]


def rounded_path(points: Sequence[Point], corner_radius: float) -> QPainterPath:
    path = QPainterPath(QPointF(points[0][0], points[0][1]))
    if len(points) == 2 or corner_radius <= 0.0:
        for x, y in points[1:]:
            path.lineTo(x, y)
        return path
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        before = math.hypot(bx - ax, by - ay)
        after = math.hypot(cx - bx, cy - by)
        # Each leg lends at most half its length to a corner: two corners share it.
        radius = min(corner_radius, 0.5 * before, 0.5 * after)
        if radius <= 0.0 or before == 0.0 or after == 0.0:
            path.lineTo(bx, by)
            continue
        start = QPointF(bx + (ax - bx) * radius / before, by + (ay - by) * radius / before)
        end = QPointF(bx + (cx - bx) * radius / after, by + (cy - by) * radius / after)
        path.lineTo(start)
        path.quadTo(QPointF(bx, by), end)
    path.lineTo(points[-1][0], points[-1][1])
    return path


def smooth_path(points: Sequence[Point]) -> QPainterPath:
    """A Catmull-Rom curve through every point (end tangents from the end legs)."""
    path = QPainterPath(QPointF(points[0][0], points[0][1]))
    if len(points) == 2:
        path.lineTo(points[1][0], points[1][1])
        return path
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        c1 = QPointF(p1[0] + (p2[0] - p0[0]) / 6.0, p1[1] + (p2[1] - p0[1]) / 6.0)
        c2 = QPointF(p2[0] - (p3[0] - p1[0]) / 6.0, p2[1] - (p3[1] - p1[1]) / 6.0)
        path.cubicTo(c1, c2, QPointF(p2[0], p2[1]))
    return path


def vessel_path(points: Sequence[Point], curve: str, corner_radius: float) -> QPainterPath:
    if curve == "smooth":
        return smooth_path(points)
    return rounded_path(points, corner_radius)


class Polyline:
    """A polyline measured by arc length: points and directions at fractions of its length."""

    def __init__(self, points: Sequence[Point]) -> None:
        self.points = [(float(x), float(y)) for x, y in points]
        self.cumulative = [0.0]
        for (ax, ay), (bx, by) in zip(self.points, self.points[1:], strict=False):
            self.cumulative.append(self.cumulative[-1] + math.hypot(bx - ax, by - ay))

    @property
    def length(self) -> float:
        return self.cumulative[-1]

    def _locate(self, fraction: float) -> tuple[int, float]:
        """The leg index and the fraction along that leg at ``fraction`` of the length."""
        target = min(max(fraction, 0.0), 1.0) * self.length
        leg = min(max(bisect.bisect_right(self.cumulative, target) - 1, 0), len(self.points) - 2)
        span = self.cumulative[leg + 1] - self.cumulative[leg]
        along = (target - self.cumulative[leg]) / span if span > 0.0 else 0.0
        return leg, along

    def point_at(self, fraction: float) -> tuple[float, float]:
        leg, along = self._locate(fraction)
        (ax, ay), (bx, by) = self.points[leg], self.points[leg + 1]
        return ax + (bx - ax) * along, ay + (by - ay) * along

    def angle_at(self, fraction: float) -> float:
        """Direction of travel (degrees, Qt's y-down convention) at ``fraction``."""
        leg, _ = self._locate(fraction)
        (ax, ay), (bx, by) = self.points[leg], self.points[leg + 1]
        return math.degrees(math.atan2(by - ay, bx - ax))

    def between(self, start: float, end: float) -> list[tuple[float, float]]:
        """The points from ``start`` to ``end`` (either way round), corners included."""
        low, high = sorted((start, end))
        inner = [
            self.points[i]
            for i in range(1, len(self.points) - 1)
            if low * self.length < self.cumulative[i] < high * self.length
        ]
        piece = [self.point_at(low), *inner, self.point_at(high)]
        return piece if start <= end else piece[::-1]


def deepest_point(polygon: Sequence[Point]) -> tuple[float, float]:
    """The point inside ``polygon`` furthest from its outline (its pole of inaccessibility):
    where a mark on an organ sits clear of the edge, whatever the organ's shape (the middle of a
    J-shaped stomach or a crescent spleen lies outside them). A grid search refined three
    times around the best point, vectorised (a few milliseconds); deterministic."""
    edges = np.asarray(polygon, dtype=float)
    starts, ends = edges, np.roll(edges, -1, axis=0)
    low, high = edges.min(axis=0), edges.max(axis=0)
    best = (low + high) / 2
    step = float((high - low).max()) / 32
    lo, hi = low, high
    for _ in range(4):
        xs = np.arange(lo[0], hi[0] + step / 2, step)
        ys = np.arange(lo[1], hi[1] + step / 2, step)
        grid = np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1).reshape(-1, 2)
        depth = np.where(_inside(grid, starts, ends), _depth(grid, starts, ends), -1.0)
        if depth.max() > 0:
            best = grid[int(np.argmax(depth))]
        lo, hi = best - 2 * step, best + 2 * step
        step /= 4
    return (float(best[0]), float(best[1]))


def _inside(points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    x, y = points[:, :1], points[:, 1:]
    x0, y0, x1, y1 = starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1]
    spans = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return (np.count_nonzero(spans & (x < crossing_x), axis=1) % 2) == 1


def _depth(points: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    d = ends - starts
    length_sq = np.maximum((d**2).sum(axis=1), 1e-12)
    rel = points[:, None, :] - starts[None, :, :]
    t = np.clip((rel * d[None, :, :]).sum(axis=2) / length_sq, 0.0, 1.0)
    nearest = starts[None, :, :] + t[:, :, None] * d[None, :, :] - points[:, None, :]
    return np.sqrt((nearest**2).sum(axis=2)).min(axis=1)
