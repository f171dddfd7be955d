"""Map point to vessel and position: the nearest centre line within a radius, positions by arc
length as ``geometry.Polyline`` draws them, and a mask that limits the vessels considered."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.anatomy.layout import load_layout
from simulator.gui.map.vessel_snap import VesselSnapper

POLYLINES = {"a": [(0.0, 0.0), (10.0, 0.0), (10.0, 30.0)], "b": [(0.0, 5.0), (0.0, 25.0)]}


def test_the_nearest_vessel_within_the_radius() -> None:
    snapper = VesselSnapper(POLYLINES)
    snap = snapper.snap(10.5, 20.0, 2.0)
    assert snap is not None and snap.segment == "a"
    assert snap.position == pytest.approx(30.0 / 40.0)  # 10 along the first leg, 20 up the second
    assert snap.distance == pytest.approx(0.5) and snap.point == pytest.approx((10.0, 20.0))
    assert snapper.snap(5.0, 15.0, 2.0) is None  # nothing within 2 mm
    near_b = snapper.snap(1.0, 15.0, 2.0)
    assert near_b is not None and (near_b.segment, near_b.position) == ("b", pytest.approx(0.5))


def test_a_mask_limits_the_vessels() -> None:
    snapper = VesselSnapper(POLYLINES)
    only_b = snapper.mask(["b"])
    assert snapper.snap(3.0, 5.0, 4.0).segment == "b"
    assert snapper.snap(3.0, 1.0, 4.0).segment == "a"
    snap = snapper.snap(3.0, 1.0, 5.0, only_b)
    assert snap is not None and snap.segment == "b"
    assert snapper.snap(10.0, 29.0, 5.0, only_b) is None


LAYOUT = load_layout()
SNAPPER = VesselSnapper({key: entry.polyline for key, entry in LAYOUT.vessels.items()})


@given(st.sampled_from(sorted(LAYOUT.vessels)), st.floats(0.0, 1.0))
def test_a_point_on_a_vessel_snaps_back_to_it(segment: str, position: float) -> None:
    from simulator.gui.map.geometry import Polyline

    polyline = Polyline(LAYOUT.vessels[segment].polyline)
    x, y = polyline.point_at(position)
    snap = SNAPPER.snap(x, y, 1e-6, SNAPPER.mask([segment]))
    assert snap is not None and snap.segment == segment
    # The same place, whichever of two coincident polyline points it was measured from.
    assert polyline.point_at(snap.position) == pytest.approx((x, y), abs=1e-6)
