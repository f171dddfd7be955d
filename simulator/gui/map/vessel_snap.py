"""From a point on the map to the vessel under it and the position along it (no Qt).

A dragged catheter tip follows the vessels: each mouse move asks which vessel lies nearest the
pointer and how far along it. Every leg of every vessel polyline is kept in numpy arrays, so one
question is a handful of vector operations over all legs (well under a millisecond for the
atlas's 220 vessels), whatever the zoom. Positions are fractions of the polyline's arc length,
the measure ``geometry.Polyline`` and the device layer use to draw a point, so a snapped tip is
drawn exactly where it was put.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Point = Sequence[float]


@dataclass(frozen=True)
class Snap:
    segment: str
    position: float
    """0..1 along the segment's polyline by arc length (its from → to direction)."""
    distance: float
    """From the asked point to the vessel's centre line (map units, mm)."""
    point: tuple[float, float]
    """The nearest point on the centre line."""


class VesselSnapper:
    def __init__(self, polylines: Mapping[str, Sequence[Point]]) -> None:
        starts, ends, owners, offsets, totals = [], [], [], [], []
        self.segment_ids: list[str] = list(polylines)
        for index, segment_id in enumerate(self.segment_ids):
            points = np.asarray(polylines[segment_id], dtype=float)
            legs = np.hypot(*(points[1:] - points[:-1]).T)
            cumulative = np.concatenate([[0.0], np.cumsum(legs)])
            starts.append(points[:-1])
            ends.append(points[1:])
            owners.append(np.full(len(legs), index))
            offsets.append(cumulative[:-1])
            totals.append(np.full(len(legs), cumulative[-1]))
        self._a = np.concatenate(starts)
        self._d = np.concatenate(ends) - self._a
        self._length2 = np.einsum("ij,ij->i", self._d, self._d)
        self._owner = np.concatenate(owners)
        self._offset = np.concatenate(offsets)
        self._total = np.concatenate(totals)
        self._all = np.ones(len(self._a), dtype=bool)

    def mask(self, segment_ids: Iterable[str]) -> np.ndarray:
        """A leg mask that lets :meth:`snap` consider only these vessels."""
        wanted = {self.segment_ids.index(s) for s in segment_ids if s in self.segment_ids}
        return np.isin(self._owner, list(wanted))

    def snap(
        self, x: float, y: float, radius: float, allowed: np.ndarray | None = None
    ) -> Snap | None:
        """The nearest vessel within ``radius`` of (x, y), or None."""
        p = np.array([x, y])
        rel = p - self._a
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(
                self._length2 > 0.0, np.einsum("ij,ij->i", rel, self._d) / self._length2, 0.0
            )
        t = np.clip(t, 0.0, 1.0)
        nearest = self._a + self._d * t[:, None]
        distance = np.hypot(*(nearest - p).T)
        usable = self._all if allowed is None else allowed
        distance = np.where(usable, distance, np.inf)
        leg = int(np.argmin(distance))
        if not distance[leg] <= radius:
            return None
        total = self._total[leg]
        along = self._offset[leg] + t[leg] * np.sqrt(self._length2[leg])
        position = float(min(max(along / total, 0.0), 1.0)) if total > 0.0 else 0.0
        return Snap(
            self.segment_ids[self._owner[leg]],
            position,
            float(distance[leg]),
            (float(nearest[leg][0]), float(nearest[leg][1])),
        )
