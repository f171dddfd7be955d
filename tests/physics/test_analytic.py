"""The solvers against mathematics: Poiseuille, series and parallel resistance, an RC step and
its convergence order, and an inductor's time constant."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.physics.elements import poiseuille_resistance, wall_compliance
from simulator.physics.network import EdgeKind, Network, NodeKind
from simulator.physics.transient import TransientSolver
from tests.physics.helpers import chain_network


def test_poiseuille_matches_the_textbook_formula():
    # 8 mu L / (pi r^4) with mu 3.5 mPa s, L 100 mm, r 2 mm, in mmHg s/mL.
    expected = 8 * 3.5e-3 * 0.1 / (math.pi * 0.002**4) / 133.322 / 1e6
    assert poiseuille_resistance(3.5, 100.0, 2.0, 2.0) == pytest.approx(expected, rel=1e-12)
    # Tapering between the same radii is the untapered tube; halving the radius is 16x.
    assert poiseuille_resistance(3.5, 100.0, 1.0, 1.0) == pytest.approx(16 * expected, rel=1e-12)
    assert poiseuille_resistance(3.5, 100.0, 2.0, 1.0) > expected


def test_wall_compliance_scales_with_geometry():
    base = wall_compliance(100.0, 5.0, 5.0, 400.0, 0.5)
    assert wall_compliance(200.0, 5.0, 5.0, 400.0, 0.5) == pytest.approx(2 * base)
    assert wall_compliance(100.0, 5.0, 5.0, 800.0, 0.5) == pytest.approx(base / 2)


def _settled(network: Network, seconds: float = 5.0, dt: float = 1e-3) -> TransientSolver:
    solver = TransientSolver(network, dt_s=dt)
    for _ in range(round(seconds / dt)):
        solver.step()
    return solver


def test_series_resistances_add():
    net = chain_network([0.5, 1.5], [0.0, 0.01, 0.0], fixed={0: 100.0, 2: 20.0})
    solver = _settled(net)
    assert solver.flow_ml_s[0] == pytest.approx(80.0 / 2.0, rel=1e-9)
    assert solver.pressure_mmHg[1] == pytest.approx(100.0 - 0.5 * 40.0, rel=1e-9)


def test_parallel_resistances_combine():
    net = Network(
        node_names=("a", "b"),
        node_kind=np.full(2, int(NodeKind.JUNCTION), dtype=np.int8),
        node_compliance=np.zeros(2),
        node_unstressed_volume=np.zeros(2),
        edge_names=("r1", "r2", "r3"),
        edge_kind=np.full(3, int(EdgeKind.EXTERNAL), dtype=np.int8),
        edge_from=np.array([0, 0, 0]),
        edge_to=np.array([1, 1, 1]),
        edge_resistance=np.array([1.0, 2.0, 4.0]),
        edge_inertance=np.zeros(3),
        edge_scale=np.ones(3),
        edge_compliance=np.zeros(3),
        edge_volume=np.zeros(3),
        fixed_pressure_nodes={0: 70.0, 1: 0.0},
    )
    solver = _settled(net, seconds=0.01)
    total = solver.flow_ml_s.sum()
    assert total == pytest.approx(70.0 / (1.0 / (1 / 1.0 + 1 / 2.0 + 1 / 4.0)), rel=1e-12)


def _rc_error(dt: float) -> float:
    """Charge a capacitor through R from a 100 mmHg source: P(t) = 100 (1 - exp(-t / RC))."""
    r, c = 2.0, 0.25
    net = chain_network([r, 1e9], [0.0, c, 0.0], fixed={0: 100.0, 2: 0.0})
    solver = TransientSolver(net, dt_s=dt)
    t_end = 0.5
    for _ in range(round(t_end / dt)):
        solver.step()
    exact = 100.0 * (1.0 - math.exp(-t_end / (r * c)))
    return abs(solver.pressure_mmHg[1] - exact)


def test_rc_step_converges_first_order():
    errors = [_rc_error(dt) for dt in (0.01, 0.005, 0.0025, 0.00125)]
    orders = [math.log2(errors[i] / errors[i + 1]) for i in range(len(errors) - 1)]
    assert all(0.9 < order < 1.1 for order in orders)
    assert errors[-1] < 0.2


def test_inductor_current_rises_with_its_time_constant():
    # L dQ/dt = 10 - R Q: Q(t) = (10/R)(1 - exp(-R t / L)).
    r, inertance = 2.0, 0.05
    net = chain_network([r], [0.0, 0.0], inertances=[inertance], fixed={0: 10.0, 1: 0.0})
    solver = TransientSolver(net, dt_s=1e-5)
    for _ in range(2500):
        solver.step()
    expected = 10.0 / r * (1 - math.exp(-r * 0.025 / inertance))
    assert solver.flow_ml_s[0] == pytest.approx(expected, rel=2e-3)


def test_full_model_converges_under_time_step_refinement(circulation, resting):
    """Beat-mean cardiac output at dt, dt/2, dt/4: the differences shrink about twofold."""
    from simulator.physics.transient import beat_means

    outputs = []
    for dt in (2e-3, 1e-3, 5e-4):
        solver = TransientSolver(circulation.network, dt_s=dt, initial=resting)
        means = beat_means(solver, beats_to_settle=12)
        outputs.append(means.flow_ml_s[circulation.network.edge_index("aortic_valve")])
    first, second = abs(outputs[0] - outputs[1]), abs(outputs[1] - outputs[2])
    assert second < first
    assert second / outputs[2] < 0.01
