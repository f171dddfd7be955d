"""The tourniquet rule: above systolic (by the limb occlusion margin) a cuff stops arteries and
veins; between venous and systolic pressure it stops only the veins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.devices.balloon_geometry import DEFAULT_CONDUCTANCE_FLOOR
from simulator.devices.cuff_rules import (
    ARTERIAL_CLOSURE_MARGIN_MMHG,
    VENOUS_CLOSURE_BAND_MMHG,
    cuff_effect,
)

SYSTOLIC = 120.0
VENOUS = 10.0
FLOOR = DEFAULT_CONDUCTANCE_FLOOR


def test_no_cuff_changes_nothing() -> None:
    effect = cuff_effect(0.0, SYSTOLIC, VENOUS)
    assert effect.state == "none"
    assert effect.arterial_conductance_factor == 1.0
    assert effect.venous_conductance_factor == 1.0


def test_at_venous_pressure_nothing_is_closed_yet() -> None:
    effect = cuff_effect(VENOUS, SYSTOLIC, VENOUS)
    assert effect.state == "none"
    assert effect.venous_conductance_factor == 1.0


def test_just_above_venous_pressure_only_the_veins_start_to_close() -> None:
    effect = cuff_effect(VENOUS + 0.5 * VENOUS_CLOSURE_BAND_MMHG, SYSTOLIC, VENOUS)
    assert effect.state == "venous_only"
    assert effect.venous_conductance_factor == pytest.approx(0.5, abs=1e-5)
    assert effect.arterial_conductance_factor == 1.0


def test_between_venous_and_systolic_only_the_veins_close() -> None:
    for pressure in (VENOUS + VENOUS_CLOSURE_BAND_MMHG, 60.0, SYSTOLIC):
        effect = cuff_effect(pressure, SYSTOLIC, VENOUS)
        assert effect.state == "venous_only"
        assert effect.venous_conductance_factor == FLOOR
        assert effect.arterial_conductance_factor == 1.0


def test_just_above_systolic_the_arteries_are_only_partly_closed() -> None:
    effect = cuff_effect(SYSTOLIC + 0.5 * ARTERIAL_CLOSURE_MARGIN_MMHG, SYSTOLIC, VENOUS)
    assert effect.state == "venous_only"
    assert effect.arterial_conductance_factor == pytest.approx(0.5, abs=1e-5)
    assert effect.venous_conductance_factor == FLOOR


def test_well_above_systolic_everything_closes() -> None:
    for pressure in (SYSTOLIC + ARTERIAL_CLOSURE_MARGIN_MMHG, 300.0):
        effect = cuff_effect(pressure, SYSTOLIC, VENOUS)
        assert effect.state == "full"
        assert effect.arterial_conductance_factor == FLOOR
        assert effect.venous_conductance_factor == FLOOR


def test_a_higher_margin_needs_a_higher_cuff() -> None:
    assert cuff_effect(200.0, SYSTOLIC, VENOUS).state == "full"
    assert cuff_effect(200.0, SYSTOLIC, VENOUS, arterial_margin_mmHg=100.0).state == "venous_only"


def test_invalid_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        cuff_effect(-1.0, SYSTOLIC, VENOUS)
    with pytest.raises(ValueError):
        cuff_effect(100.0, 10.0, 20.0)
    with pytest.raises(ValueError):
        cuff_effect(100.0, SYSTOLIC, VENOUS, floor=0.0)


@given(
    low=st.floats(min_value=0.0, max_value=400.0),
    high=st.floats(min_value=0.0, max_value=400.0),
    systolic=st.floats(min_value=60.0, max_value=250.0),
    venous=st.floats(min_value=0.0, max_value=30.0),
)
def test_factors_fall_with_pressure_and_veins_close_first(
    low: float, high: float, systolic: float, venous: float
) -> None:
    low, high = sorted((low, high))
    first, second = cuff_effect(low, systolic, venous), cuff_effect(high, systolic, venous)
    for effect in (first, second):
        assert FLOOR <= effect.arterial_conductance_factor <= 1.0
        assert FLOOR <= effect.venous_conductance_factor <= 1.0
        assert effect.venous_conductance_factor <= effect.arterial_conductance_factor
    assert second.arterial_conductance_factor <= first.arterial_conductance_factor
    assert second.venous_conductance_factor <= first.venous_conductance_factor
    order = ["none", "venous_only", "full"]
    assert order.index(second.state) >= order.index(first.state)
