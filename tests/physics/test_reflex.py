"""The arterial baroreflex (Ursino 1998): static curves, fixed point, bounds, determinism, and
its action on the transient solver."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.physics.reflex import (
    Baroreflex,
    RegulatedTransient,
    apply_tone,
    bed_groups,
    group_venous_unstressed_ml,
    site_pressures,
)
from simulator.physics.transient import TransientSolver
from simulator.scenario.physiology_file import load_baroreflex

PARAMETERS = load_baroreflex()
SET_POINT = (92.0, 92.0)  # Ursino's P_n at both sites


def reflex(gain: float = 1.0) -> Baroreflex:
    return Baroreflex(PARAMETERS, SET_POINT, gain)


def held(r: Baroreflex, pressure: float, seconds: int = 400):
    state = r.rest_state()
    for _ in range(seconds):
        state = r.step(state, 1.0, (pressure, pressure))
    return r.tone(state)


def test_the_afferent_sigmoid_has_ursinos_shape():
    r = reflex()
    # Centre (f_min + f_max) / 2 at the set point, the limits far from it, and the central
    # slope (f_max - f_min) / (4 k_a) = 45.26 / 47.03 = 0.962 spikes/s per mmHg.
    assert r.site_firing(92.0, 92.0) == pytest.approx((2.52 + 47.78) / 2, abs=1e-12)
    assert r.site_firing(-1.0e4, 92.0) == pytest.approx(2.52, abs=1e-9)
    assert r.site_firing(1.0e4, 92.0) == pytest.approx(47.78, abs=1e-9)
    slope = (r.site_firing(92.001, 92.0) - r.site_firing(91.999, 92.0)) / 0.002
    assert slope == pytest.approx((47.78 - 2.52) / (4 * 11.758), rel=1e-6)


def test_the_efferents_have_ursinos_values():
    r = reflex()
    sympathetic, vagal = r.efferents(0.0)
    assert sympathetic == pytest.approx(16.11)
    assert vagal == pytest.approx((3.2 + 6.3 * math.exp(-25 / 7.06)) / (1 + math.exp(-25 / 7.06)))
    sympathetic, vagal = r.efferents(25.0)
    assert sympathetic == pytest.approx(2.10 + (16.11 - 2.10) * math.exp(-0.0675 * 25.0))
    assert vagal == pytest.approx((3.2 + 6.3) / 2)


def test_rest_is_the_fixed_point():
    r = reflex()
    state = r.rest_state()
    for _ in range(100):
        state = r.step(state, 0.7, SET_POINT)
    tone = r.tone(state)
    assert tone.heart_rate == pytest.approx(1.0, abs=1e-12)
    assert tone.resistance == pytest.approx({"splanchnic": 1.0, "extrasplanchnic": 1.0}, abs=1e-12)


def test_a_fall_in_pressure_speeds_the_heart_constricts_and_mobilises_volume():
    low = held(reflex(), 70.0)
    high = held(reflex(), 120.0)
    assert low.heart_rate > 1.1 and high.heart_rate < 0.9
    assert low.elastance_left > 1.05 and high.elastance_left < 0.95
    for group in ("splanchnic", "extrasplanchnic"):
        assert low.resistance[group] > 1.05 and high.resistance[group] < 0.95
        assert low.unstressed_volume[group] < 0.97 and high.unstressed_volume[group] > 1.03


def test_anaesthesia_scales_every_effect_around_rest():
    awake = held(reflex(1.0), 70.0)
    blunted = held(reflex(0.35), 70.0)
    off = held(reflex(0.0), 70.0)
    assert off.heart_rate == 1.0 and off.resistance["splanchnic"] == 1.0
    # The effector deviations scale with the factor (the heart period's share nearly so,
    # because the rate is its reciprocal).
    assert blunted.resistance["splanchnic"] - 1 == pytest.approx(
        0.35 * (awake.resistance["splanchnic"] - 1), rel=1e-9
    )
    assert 1.0 < blunted.heart_rate < awake.heart_rate


def test_delays_hold_the_effectors_back():
    r = reflex()
    state = r.rest_state()
    state = r.step(state, 1.0, (60.0, 60.0))
    tone = r.tone(state)
    # One second after the fall, the 2 s and 5 s delayed effectors have not moved yet; the vagal
    # heart period (0.2 s delay) has.
    assert tone.resistance["splanchnic"] == pytest.approx(1.0, abs=1e-12)
    assert tone.unstressed_volume["splanchnic"] == pytest.approx(1.0, abs=1e-12)
    assert tone.heart_rate > 1.0


def test_the_venous_effectors_move_ursinos_millilitres_whatever_the_patients_veins():
    """Ursino's G_Vu is mL per unit of drive: a patient whose splanchnic veins hold half of
    Ursino's compartment gives up the same mL, so twice the share of them."""
    ursino = reflex()
    own = ursino.venous_unstressed_ml
    small = Baroreflex(
        PARAMETERS, SET_POINT, 1.0, {group: 0.5 * volume for group, volume in own.items()}
    )
    for pressure in (70.0, 120.0):
        big_tone, small_tone = held(ursino, pressure), held(small, pressure)
        for group, volume in own.items():
            moved_ml = (big_tone.unstressed_volume[group] - 1.0) * volume
            assert (small_tone.unstressed_volume[group] - 1.0) * 0.5 * volume == pytest.approx(
                moved_ml, rel=1e-12
            )
            assert abs(moved_ml) > 30.0
    # Ursino's own compartment at rest: his basal volume plus the resting effector (about 1.1 L
    # splanchnic, 1.4 L extrasplanchnic).
    assert 1000.0 < own["splanchnic"] < 1300.0 and 1300.0 < own["extrasplanchnic"] < 1500.0


def test_apply_tone_moves_the_reflexs_millilitres_out_of_the_bed_veins(circulation):
    base = circulation.network
    groups = bed_groups(PARAMETERS, base.bed_nodes)
    volumes = group_venous_unstressed_ml(base, groups)
    assert set(volumes) == {"splanchnic", "extrasplanchnic"}
    r = Baroreflex(PARAMETERS, SET_POINT, 1.0, volumes)
    tone = held(r, 70.0)
    toned = apply_tone(base, tone, groups)
    for group, volume in volumes.items():
        moved_ml = (tone.unstressed_volume[group] - 1.0) * volume
        assert group_venous_unstressed_ml(toned, groups)[group] - volume == pytest.approx(
            moved_ml, rel=1e-9
        )
    with pytest.raises(ValueError, match="splanchnic venous unstressed volume"):
        Baroreflex(PARAMETERS, SET_POINT, 1.0, {"splanchnic": 0.0})


pressures = st.lists(st.floats(0.0, 400.0), min_size=1, max_size=60)
steps = st.floats(0.001, 5.0)


@settings(max_examples=60, deadline=None)
@given(sequence=pressures, dt=steps, gain=st.floats(0.0, 2.0))
def test_the_reflex_is_finite_bounded_and_deterministic(sequence, dt, gain):
    r = reflex(gain)
    runs = []
    for _ in range(2):
        state = r.rest_state()
        for p in sequence:
            state = r.step(state, dt, (p, 0.5 * p + 40.0))
        runs.append((state, r.tone(state)))
    (state, tone), (state_again, tone_again) = runs
    assert state == state_again and tone == tone_again
    values = [tone.heart_rate, tone.elastance_left, tone.elastance_right]
    values += [*tone.resistance.values(), *tone.unstressed_volume.values()]
    assert all(math.isfinite(v) and v > 0.0 for v in values)
    # Bounded by the efferents' saturation: with the gain factor at most 2 no effector moves by
    # more than twice its full awake range (the heart period by at most 2 x 0.37 of its resting
    # value, so the rate by at most a factor 4).
    assert 0.3 < tone.heart_rate < 4.5
    for group in ("splanchnic", "extrasplanchnic"):
        assert 0.1 < tone.resistance[group] < 3.0
        assert 0.2 < tone.unstressed_volume[group] < 2.0


def test_the_delay_line_stays_short():
    r = reflex()
    state = r.rest_state()
    for _ in range(5000):
        state = r.step(state, 0.01, (80.0, 80.0))
    assert len(state.history_t_s) < 1000


def test_the_transient_heart_follows_the_reflex(circulation, resting):
    """A closed aorta below the arch: the regulated heart slows and the arch pressure rises less
    than with the reflex off."""
    base = circulation.network
    rest = resting
    set_point = site_pressures(base, PARAMETERS, rest.pressure_mmHg)
    clamp = {base.segment_edges["descending_thoracic_aorta_lower"][0]: 0.0}
    clamped = base.scaled_edges(clamp)
    results = {}
    for gain in (0.0, 1.0):
        solver = TransientSolver(base, dt_s=2.0e-3, initial=rest)
        regulated = RegulatedTransient(solver, base, Baroreflex(PARAMETERS, set_point, gain))
        for _ in range(5):
            regulated.run_beat()
        regulated.base = clamped
        groups = bed_groups(PARAMETERS, base.bed_nodes)
        solver.update_network(apply_tone(clamped, regulated.applied, groups))
        for _ in range(40):
            _duration, mean = regulated.run_beat()
        results[gain] = (mean[base.node_index("aortic_root")], solver.network.heart_rate_bpm)
    (map_off, rate_off), (map_on, rate_on) = results[0.0], results[1.0]
    assert rate_off == pytest.approx(75.0)
    assert rate_on < 70.0
    assert map_on < map_off - 5.0
    assert np.isfinite(map_on)
