"""The trends' value axes step (they do not follow every sample), and long series are thinned
for display without losing their peaks."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from simulator.gui.workspace.trends import (
    DISPLAY_POINTS,
    drug_axis_decades,
    leak_axis_top_percent,
    pressure_axis_mmHg,
    thinned,
)


def test_pressure_axis_is_whole_steps_of_20_mmHg_around_the_data() -> None:
    assert pressure_axis_mmHg(93.0, 93.0) == (80.0, 120.0)
    assert pressure_axis_mmHg(81.5, 143.0) == (80.0, 160.0)
    assert pressure_axis_mmHg(-3.0, 12.0) == (-20.0, 20.0)


def test_leak_axis_rises_through_1_2_5() -> None:
    assert leak_axis_top_percent(0.0) == 1.0
    assert leak_axis_top_percent(0.003) == 0.01
    assert leak_axis_top_percent(0.015) == 0.02
    assert leak_axis_top_percent(2.0) == 2.0
    assert leak_axis_top_percent(5.93) == 10.0
    assert leak_axis_top_percent(100.0) == 100.0


def test_drug_axis_is_whole_decades() -> None:
    assert drug_axis_decades(1e-3, 250.0) == (-3.0, 3.0)
    assert drug_axis_decades(0.5, 0.8) == (-1.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: arrays(float, n, elements=st.floats(-1e6, 1e6, allow_nan=False))
    )
)
def test_thinning_keeps_the_peaks_in_time_order(values: np.ndarray) -> None:
    times = np.arange(len(values), dtype=float)
    t, y = thinned(times, values)
    assert len(t) == len(y) <= DISPLAY_POINTS
    assert np.all(np.diff(t) > 0)
    # Every drawn point is a sample, and the extremes are drawn.
    assert np.array_equal(y, values[t.astype(int)])
    assert y.max() == values.max() and y.min() == values.min()
