"""Local metabolic regulation of the beds: rest is its fixed point, a starved bed runs up a flow
debt and dilates up to its reserve, the debt fades with its published time constant once flow
returns, and the regulation is bounded, finite and deterministic for any flows and steps."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.physics.metabolic import MetabolicRegulation
from simulator.physics.reflex import (
    Baroreflex,
    RegulatedTransient,
    apply_tone,
    bed_groups,
    site_pressures,
)
from simulator.physics.transient import TransientSolver
from simulator.scenario.physiology_file import load_baroreflex, load_metabolic

PARAMETERS = load_metabolic()
BAROREFLEX = load_baroreflex()
RESTING = {"thigh_left": 5.0, "brain": 12.0, "lung_left": 40.0}


def regulation() -> MetabolicRegulation:
    return MetabolicRegulation(PARAMETERS, RESTING)


def run(r, state, seconds: float, flow: dict[str, float], dt_s: float = 1.0):
    values = np.array([flow.get(bed, RESTING[bed]) for bed in r.beds])
    for _ in range(round(seconds / dt_s)):
        state = r.step(state, dt_s, values)
    return state


def test_the_lungs_are_not_regulated_and_rest_is_the_fixed_point():
    r = regulation()
    assert r.beds == ("brain", "thigh_left")
    rest = r.rest_state()
    assert r.step(rest, 1.0, r.resting_flow_ml_s) is rest
    # Half the resting flow is above the threshold: extraction meets the need, no debt.
    assert run(r, rest, 600.0, {"thigh_left": 2.5}).at_rest
    assert r.resistance_factors(rest) == {}


def test_no_flow_runs_up_a_second_of_debt_a_second_and_dilates_to_the_reserve():
    r = regulation()
    state = run(r, r.rest_state(), 100.0, {"thigh_left": 0.0})
    debt = dict(zip(r.beds, state.debt_s, strict=True))
    assert debt == {"brain": 0.0, "thigh_left": pytest.approx(100.0)}
    reserve = PARAMETERS.conductance_max_factor - 1.0
    factor = r.resistance_factors(state)
    assert set(factor) == {"thigh_left"}
    assert factor["thigh_left"] == pytest.approx(1.0 / (1.0 + reserve * (1.0 - math.exp(-1.0))))
    long = r.resistance_factors(run(r, state, 3600.0, {"thigh_left": 0.0}))
    assert long["thigh_left"] == pytest.approx(1.0 / PARAMETERS.conductance_max_factor, rel=1e-6)


def test_the_debt_fades_with_its_time_constant_once_flow_returns_and_ends_exactly():
    r = regulation()
    tau = PARAMETERS.recovery_time_constant_s
    occluded = run(r, r.rest_state(), 300.0, {"thigh_left": 0.0})
    after = run(r, occluded, tau, {"thigh_left": 15.0}, dt_s=0.01)
    ratio = after.debt_s[1] / occluded.debt_s[1]
    assert ratio == pytest.approx(math.exp(-1.0), rel=1e-3)
    # Flow just above the threshold repays slowly; below it the debt grows.
    slow = run(r, occluded, tau, {"thigh_left": 0.45 * 5.0})
    assert after.debt_s[1] < slow.debt_s[1] < occluded.debt_s[1]
    assert run(r, occluded, tau, {"thigh_left": 0.3 * 5.0}).debt_s[1] > occluded.debt_s[1]
    assert run(r, occluded, 3600.0, {"thigh_left": 5.0}).at_rest


def test_distal_dilation_settles_where_the_flow_reaches_the_threshold():
    """A bed fed through collaterals: its flow grows as it dilates (flow = driving / resistance);
    it settles at the threshold share of its resting flow, not at full dilation."""
    r = MetabolicRegulation(PARAMETERS, {"thigh_left": 5.0})
    state = r.rest_state()
    undilated = 0.25 * 5.0  # a quarter of resting flow through the collaterals
    for _ in range(3000):
        factor = r.resistance_factors(state).get("thigh_left", 1.0)
        state = r.step(state, 1.0, np.array([undilated / factor]))
    flow = undilated / r.resistance_factors(state)["thigh_left"]
    assert flow == pytest.approx(PARAMETERS.flow_threshold_fraction * 5.0, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(min_value=1e-3, max_value=600.0),
            st.floats(min_value=-5.0, max_value=100.0),
            st.floats(min_value=-5.0, max_value=100.0),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_flows_and_steps_keep_the_factors_bounded_and_deterministic(steps):
    r = regulation()
    states = []
    for _ in range(2):
        state = r.rest_state()
        for dt_s, thigh, brain in steps:
            state = r.step(state, dt_s, np.array([brain, thigh]))
        states.append(state)
    assert states[0] == states[1]
    assert all(math.isfinite(d) and d >= 0.0 for d in states[0].debt_s)
    for factor in r.resistance_factors(states[0]).values():
        assert 1.0 / PARAMETERS.conductance_max_factor - 1e-12 <= factor <= 1.0


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="resting flow"):
        MetabolicRegulation(PARAMETERS, {"thigh_left": 0.0})
    r = regulation()
    with pytest.raises(ValueError, match="forward"):
        r.step(r.rest_state(), 0.0, r.resting_flow_ml_s)
    with pytest.raises(FloatingPointError):
        r.step(r.rest_state(), 1.0, np.array([math.nan, 1.0]))



def test_the_transient_model_dilates_the_beds_beyond_a_clamp(circulation, resting):
    """The pulsatile model with both regulations: the legs beyond a clamped lower aorta run up a
    debt and dilate, so the pressure below the clamp falls further than without them."""
    base = circulation.network
    set_point = site_pressures(base, BAROREFLEX, resting.pressure_mmHg)
    resting_flow = {b: float(resting.flow_ml_s[e[0]]) for b, e in base.bed_edges.items()}
    clamp = {base.segment_edges["abdominal_aorta_infrarenal_lower"][0]: 0.0}
    clamped = base.scaled_edges(clamp)
    below = base.edge_from[base.segment_edges["common_iliac_artery_left"][0]]
    results = {}
    for local in (None, MetabolicRegulation(PARAMETERS, resting_flow)):
        solver = TransientSolver(base, dt_s=2.0e-3, initial=resting)
        regulated = RegulatedTransient(
            solver, base, Baroreflex(BAROREFLEX, set_point, 0.35), metabolic=local
        )
        regulated.base = clamped
        solver.update_network(apply_tone(clamped, regulated.applied, bed_groups(BAROREFLEX, base.bed_nodes)))
        for _ in range(60):
            _duration, mean = regulated.run_beat()
        results[local is None] = (mean[below], regulated)
    (pressure_with, with_local), (pressure_without, _) = results[False], results[True]
    factors = with_local.metabolic.resistance_factors(with_local.metabolic_state)
    assert factors and factors["thigh_left"] < 0.9
    assert np.isfinite(pressure_with) and pressure_with < pressure_without - 1.0
