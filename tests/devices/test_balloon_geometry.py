"""Balloon geometry against its mathematics: the cube-root filling law, the seal fraction of an
annular gap, and the concentric-annulus Poiseuille conductance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.devices.balloon_geometry import (
    DEFAULT_CONDUCTANCE_FLOOR,
    OVERDISTENSION_LIMIT,
    balloon_diameter_mm,
    is_burst,
    is_overdistended,
    occluded_conductance_factor,
    overdistension_ratio,
    seal_fraction,
    segment_conductance_factor,
)

CURVE = [[0.5, 10.0], [2.0, 16.0], [8.0, 24.0], [20.0, 30.0]]


def _annulus_closed_form(kappa: float) -> float:
    return 1.0 - kappa**4 - (1.0 - kappa**2) ** 2 / math.log(1.0 / kappa)


def test_diameter_is_zero_when_empty_and_hits_the_curve_points() -> None:
    assert balloon_diameter_mm(CURVE, 0.0) == 0.0
    for volume, diameter in CURVE:
        assert balloon_diameter_mm(CURVE, volume) == pytest.approx(diameter)


def test_diameter_is_monotone_along_and_beyond_the_curve() -> None:
    volumes = np.linspace(0.0, 40.0, 4001)
    diameters = balloon_diameter_mm(CURVE, volumes)
    assert isinstance(diameters, np.ndarray)
    assert np.all(np.diff(diameters) > 0.0)


def test_diameter_follows_the_cube_root_law_beyond_the_last_point() -> None:
    assert balloon_diameter_mm(CURVE, 160.0) == pytest.approx(30.0 * 2.0)
    assert balloon_diameter_mm(CURVE, 20.0 * 1.331) == pytest.approx(33.0)


def test_diameter_is_exact_for_a_cube_root_curve_between_points() -> None:
    curve = [[1.0, 10.0], [8.0, 20.0]]
    assert balloon_diameter_mm(curve, 0.125) == pytest.approx(5.0)
    assert balloon_diameter_mm(curve, 3.375) == pytest.approx(15.0)


def test_diameter_rejects_negative_and_nan_volumes_and_bad_curves() -> None:
    with pytest.raises(ValueError):
        balloon_diameter_mm(CURVE, -1.0)
    with pytest.raises(ValueError):
        balloon_diameter_mm(CURVE, float("nan"))
    with pytest.raises(ValueError):
        balloon_diameter_mm([[1.0, 10.0], [2.0, 9.0]], 1.5)
    assert balloon_diameter_mm(CURVE, -1e-12) == 0.0


def test_seal_fraction() -> None:
    assert seal_fraction(30.0, 25.0) == 1.0
    assert seal_fraction(25.0, 25.0) == 1.0
    assert seal_fraction(20.0, 25.0) == pytest.approx(0.64)
    assert seal_fraction(0.0, 25.0) == 0.0
    assert 1.0 - seal_fraction(24.0, 25.0) == pytest.approx(1.0 - (24.0 / 25.0) ** 2)
    with pytest.raises(ValueError):
        seal_fraction(10.0, 0.0)


def test_conductance_is_one_without_a_balloon_and_the_floor_at_contact() -> None:
    assert occluded_conductance_factor(0.0, 20.0) == 1.0
    assert occluded_conductance_factor(20.0, 20.0) == DEFAULT_CONDUCTANCE_FLOOR
    assert occluded_conductance_factor(26.0, 20.0) == DEFAULT_CONDUCTANCE_FLOOR
    assert occluded_conductance_factor(20.0, 20.0, floor=1e-4) == 1e-4


@pytest.mark.parametrize("kappa", [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97])
def test_conductance_matches_annulus_poiseuille(kappa: float) -> None:
    floor = DEFAULT_CONDUCTANCE_FLOOR
    expected = floor + (1.0 - floor) * _annulus_closed_form(kappa)
    assert occluded_conductance_factor(kappa * 20.0, 20.0) == pytest.approx(expected, rel=1e-9)


def test_conductance_near_contact_is_the_narrow_gap_limit() -> None:
    """For a thin gap ε the annulus is a slit between plates: G/G_tube → (4/3) ε³."""
    for gap in (1e-2, 1e-4, 1e-6):
        factor = occluded_conductance_factor(20.0 * (1.0 - gap), 20.0, floor=1e-30)
        assert factor == pytest.approx(4.0 / 3.0 * gap**3, rel=2.0 * gap)


def test_conductance_decreases_over_a_dense_sweep() -> None:
    balloon = np.linspace(0.0, 25.0, 250_001)
    factors = occluded_conductance_factor(balloon, 25.0)
    assert isinstance(factors, np.ndarray)
    assert np.all(np.diff(factors[:-1]) < 0.0)


@settings(max_examples=300, deadline=None)
@given(
    vessel=st.floats(min_value=0.5, max_value=60.0),
    a=st.floats(min_value=0.0, max_value=1.0),
    b=st.floats(min_value=0.0, max_value=1.0),
    floor=st.sampled_from([1e-9, 1e-6, 1e-3]),
)
def test_conductance_is_finite_positive_and_decreasing(
    vessel: float, a: float, b: float, floor: float
) -> None:
    small, large = sorted((a * vessel, b * vessel))
    f_small = occluded_conductance_factor(small, vessel, floor=floor)
    f_large = occluded_conductance_factor(large, vessel, floor=floor)
    for value in (f_small, f_large):
        assert math.isfinite(value)
        assert floor <= value <= 1.0
    assert f_small >= f_large
    if large - small > 1e-6 * vessel and small < vessel * (1.0 - 1e-3):
        assert f_small > f_large


@settings(max_examples=200, deadline=None)
@given(
    vessel=st.floats(min_value=0.5, max_value=60.0),
    ratio=st.floats(min_value=0.0, max_value=3.0),
)
def test_seal_and_overdistension_are_consistent(vessel: float, ratio: float) -> None:
    balloon = ratio * vessel
    seal = seal_fraction(balloon, vessel)
    assert 0.0 <= seal <= 1.0
    assert (seal == 1.0) == (balloon >= vessel)
    assert overdistension_ratio(balloon, vessel) == pytest.approx(ratio)


def test_segment_conductance_puts_the_balloon_in_series_with_the_open_part() -> None:
    local = occluded_conductance_factor(15.0, 20.0)
    whole = segment_conductance_factor(15.0, 20.0, balloon_length_mm=40.0, segment_length_mm=80.0)
    assert whole == pytest.approx(1.0 / (0.5 + 0.5 / local))
    assert segment_conductance_factor(15.0, 20.0, 100.0, 80.0) == pytest.approx(local)
    assert segment_conductance_factor(0.0, 20.0, 40.0, 80.0) == pytest.approx(1.0)
    assert segment_conductance_factor(25.0, 20.0, 40.0, 80.0) == pytest.approx(
        1.0 / (0.5 + 0.5 / DEFAULT_CONDUCTANCE_FLOOR)
    )


def test_overdistension_limit_and_burst() -> None:
    assert OVERDISTENSION_LIMIT == 1.2
    assert not is_overdistended(24.0, 20.0)
    assert is_overdistended(24.5, 20.0)
    assert not is_burst(26.3, 26.3)
    assert is_burst(26.4, 26.3)
    with pytest.raises(ValueError):
        is_burst(1.0, 0.0)
