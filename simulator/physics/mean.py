"""Cycle-mean (beat-averaged) hemodynamics.

The same network with inertance dropped (its beat mean is zero) and each ventricle replaced by
its beat-averaged pump law, fitted to the elastance heart. Two uses:
- ``solve_steady``: the periodic steady state for a given total blood volume, solved directly;
  the closed loop's conservation equations are rank-deficient by one, so one of them is replaced
  by the volume constraint sum(V0 + C P) = V_total.
- ``MeanStepper``: implicit Euler steps of C dP/dt = J P + j0 + S, for fast-forwarding long
  phases (a sealed segment with an infusion climbs instead of jumping to a steady answer).
Factorizations are cached per network object, so re-solving after a device change costs one
factorization and a solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import splu

from simulator.physics.network import Network
from simulator.physics.triplet_lu import factorize_diagonal_minus


@dataclass(frozen=True)
class MeanState:
    pressure_mmHg: np.ndarray  # per node
    flow_ml_s: np.ndarray  # per edge, beat mean
    volume_ml: np.ndarray  # per node

    @property
    def total_volume_ml(self) -> float:
        return float(self.volume_ml.sum())


def _pump_outlet_edges(network: Network) -> np.ndarray:
    return np.array([pump.valve_edges[1] for pump in network.pumps], dtype=np.int64)


MAX_CARDIAC_OUTPUT_ML_S = 25_000.0 / 60.0
"""Ceiling of a ventricle's beat-mean output: [E] untrained adults reach 20-25 L/min at peak
exercise. The fitted pump law is linear in preload and would otherwise pump hundreds of L/min
from a circulation overfilled by days of infusion."""


def mean_operator(
    network: Network, saturated_pumps: tuple[int, ...] = ()
) -> tuple[sparse.csc_matrix, np.ndarray]:
    """J and j0 with net inflow to every node = J P + j0 (beat means); a saturated pump moves
    its ceiling flow whatever its pressures."""
    n = network.node_count
    conductance = _vessel_conductance(network)
    f, t = network.edge_from, network.edge_to
    rows = np.concatenate([f, t, f, t])
    cols = np.concatenate([f, t, t, f])
    data = np.concatenate([-conductance, -conductance, conductance, conductance])
    offset, pumps = _pump_terms(network, saturated_pumps)
    pump_rows, pump_cols, pump_data = [], [], []
    for inlet, outlet, a, b in pumps:
        # Q = a P_in - b P_out - c leaves the inlet and enters the outlet.
        pump_rows += [outlet, outlet, inlet, inlet]
        pump_cols += [inlet, outlet, inlet, outlet]
        pump_data += [a, -b, -a, b]
    rows = np.concatenate([rows, pump_rows])
    cols = np.concatenate([cols, pump_cols])
    data = np.concatenate([data, pump_data])
    matrix = sparse.csc_matrix((data, (rows, cols)), shape=(n, n))
    return matrix, offset


def _vessel_conductance(network: Network) -> np.ndarray:
    """Each edge's conductance in J, a ventricle's outlet valve excluded (its pump law moves
    the flow there)."""
    conductance = network.effective_conductance()
    conductance[_pump_outlet_edges(network)] = 0.0
    return conductance


def _pump_terms(
    network: Network, saturated_pumps: tuple[int, ...]
) -> tuple[np.ndarray, list[tuple[int, int, float, float]]]:
    """j0, and (inlet, outlet, a, b) of each pump on its law Q = a P_in - b P_out - c."""
    offset = np.zeros(network.node_count)
    rate_hz = network.heart_rate_bpm / 60.0
    laws = []
    for index, pump in enumerate(network.pumps):
        if index in saturated_pumps:
            offset[pump.outlet] += MAX_CARDIAC_OUTPUT_ML_S
            offset[pump.inlet] -= MAX_CARDIAC_OUTPUT_ML_S
            continue
        a = rate_hz * pump.preload_gain_ml_per_mmHg
        b = rate_hz * pump.afterload_gain_ml_per_mmHg
        c = rate_hz * pump.offset_ml
        laws.append((pump.inlet, pump.outlet, a, b))
        offset[pump.outlet] -= c
        offset[pump.inlet] += c
    return offset, laws


def pump_law_flows(network: Network, pressure: np.ndarray) -> np.ndarray:
    """Each pump's flow by its linear law (before any ceiling), mL/s."""
    rate_hz = network.heart_rate_bpm / 60.0
    return np.array(
        [
            rate_hz
            * (
                pump.preload_gain_ml_per_mmHg * pressure[pump.inlet]
                - pump.afterload_gain_ml_per_mmHg * pressure[pump.outlet]
                - pump.offset_ml
            )
            for pump in network.pumps
        ]
    )


def saturated_pumps(network: Network, pressure: np.ndarray) -> tuple[int, ...]:
    """The pumps whose law asks for more than the ceiling at these pressures."""
    laws = pump_law_flows(network, pressure)
    return tuple(int(i) for i in np.flatnonzero(laws > MAX_CARDIAC_OUTPUT_ML_S))


def edge_flows(
    network: Network, pressure: np.ndarray, saturated: tuple[int, ...] = ()
) -> np.ndarray:
    conductance = network.effective_conductance()
    flow = conductance * (pressure[network.edge_from] - pressure[network.edge_to])
    laws = pump_law_flows(network, pressure)
    for index, pump in enumerate(network.pumps):
        flow[pump.valve_edges[1]] = MAX_CARDIAC_OUTPUT_ML_S if index in saturated else laws[index]
    return flow


def _state(network: Network, pressure: np.ndarray, saturated: tuple[int, ...] = ()) -> MeanState:
    volume = network.node_unstressed_volume + network.node_compliance * pressure
    return MeanState(pressure, edge_flows(network, pressure, saturated), volume)


def solve_steady(network: Network, total_volume_ml: float) -> MeanState:
    """Beat-averaged steady state holding ``total_volume_ml`` of blood."""
    matrix, offset = mean_operator(network)
    anchor = int(np.argmax(network.node_compliance))
    system = matrix.tolil()
    system[anchor, :] = network.node_compliance
    rhs = -offset
    rhs[anchor] = total_volume_ml - network.node_unstressed_volume.sum()
    pressure = splu(system.tocsc()).solve(rhs)
    if not np.all(np.isfinite(pressure)):
        raise FloatingPointError("cycle-mean solve produced a non-finite pressure")
    return _state(network, pressure)


@dataclass(frozen=True)
class ControlledFlow:
    """A flow that leaves ``sink`` (or nothing, -1) and enters ``source`` (or nothing, -1) at
    Q = constant_ml_s + gain_ml_s_per_mmHg * P[sensed] (no pressure term when ``sensed`` is -1):
    a pump held at a set flow, or one limited by the pressure at one of its ends. Being linear
    in the new pressures, it is solved implicitly with the rest of the network."""

    source: int
    sink: int
    constant_ml_s: float
    sensed: int = -1
    gain_ml_s_per_mmHg: float = 0.0

    def flow_ml_s(self, pressure_mmHg: np.ndarray) -> float:
        if self.sensed < 0:
            return self.constant_ml_s
        return self.constant_ml_s + self.gain_ml_s_per_mmHg * float(pressure_mmHg[self.sensed])


MAX_REFINEMENTS = 6
"""Correction steps a stepper solving with an earlier factorization may take before it
factorizes its own matrix instead."""
REFINED_STEPS_BEFORE_FACTORIZING = 5
"""Steps a stepper takes with an earlier network's factorization before it makes its own: five
steps' corrections cost about what one factorization does."""
REFINEMENT_TOLERANCE = 1.0e-12
"""Largest error, relative to the largest pressure, a refined solve is left with: about what
the factorized solve's own round-off is on this network (a direct solve and a refined one agree
to 1e-12 of the largest pressure; each leaves a residual of 1e-10 to 1e-9 mL/s)."""
FRESH_REFERENCE_CORRECTIONS = 5
"""A solve that took more corrections than this factorizes its network for the retones after it:
the reference it used has drifted (each correction gains less)."""
SLOW_CONTRACTION = 0.5
"""A correction that shrinks by less than this each time is not worth waiting for."""


class MeanStepper:
    """Implicit Euler on the cycle-mean network; one LU per (network, time step, controlled
    flows).

    Given a ``reference`` stepper (the same nodes, edges, lines and step, an earlier tone: the
    regulation's retone changes only resistances, the heart rate and the pump gains), it does
    not factorize its own matrix at first: each step starts from the last step's pressures and
    corrects them with the reference's factorization, by iterative refinement (x += LU^-1 (b - A x)) until the error
    left is below ``REFINEMENT_TOLERANCE`` of the largest pressure. A retone moves the matrix by
    a fraction of a percent, so each correction gains two to three digits, and three or four of
    them (a few dozen microseconds each) replace a factorization (about a millisecond). A
    stepper that keeps its network for ``REFINED_STEPS_BEFORE_FACTORIZING`` steps, or whose
    corrections converge slowly, factorizes its own after all."""

    def __init__(
        self,
        network: Network,
        dt_s: float,
        initial: MeanState,
        controlled: tuple[ControlledFlow, ...] = (),
        saturated: tuple[int, ...] = (),
        reference: MeanStepper | None = None,
    ):
        self.network = network
        self.dt_s = float(dt_s)
        self.pressure_mmHg = initial.pressure_mmHg.copy()
        self.time_s = 0.0
        self.saturated = saturated
        self._controlled = controlled
        self._capacitance = network.node_compliance / self.dt_s
        offset, self._pumps = _pump_terms(network, saturated)
        self._offset = offset.copy()
        self._coupling = ([], [], [])
        rows, cols, vals = self._coupling
        for flow in controlled:
            for node, sign in ((flow.source, 1.0), (flow.sink, -1.0)):
                if node < 0:
                    continue
                self._offset[node] += sign * flow.constant_ml_s
                if flow.sensed >= 0:
                    rows.append(node)
                    cols.append(flow.sensed)
                    vals.append(sign * flow.gain_ml_s_per_mmHg)
        self.refined_steps = 0
        self._lu = None
        self._reference_lu = None
        if reference is not None and reference.matches(network, self.dt_s, controlled, saturated):
            self._reference_lu = reference.factorization
            self._conductance = _vessel_conductance(network)
        else:
            self._factorize()

    def _factorize(self) -> None:
        network = self.network
        matrix, _offset = mean_operator(network, self.saturated)
        rows, cols, vals = self._coupling
        n = network.node_count
        coupling = sparse.csc_matrix((vals, (rows, cols)), shape=(n, n)) if vals else None
        # splu((diags(C / dt) - matrix - coupling).tocsc()), the same bit for bit, cheaper.
        self._lu = factorize_diagonal_minus(self._capacitance, matrix, coupling)
        self._reference_lu = None

    @property
    def exact(self) -> bool:
        """Whether this stepper solves with its own factorization (it can serve as a
        reference)."""
        return self._lu is not None

    @property
    def factorization(self):
        return self._lu if self._lu is not None else self._reference_lu

    def matches(
        self,
        network: Network,
        dt_s: float,
        controlled: tuple[ControlledFlow, ...],
        saturated: tuple[int, ...],
    ) -> bool:
        """Whether ``network`` is this stepper's own under another tone: the same arrays for
        its nodes' compliances, its edges and their device scales (a rebuild makes new ones),
        the same step, lines and saturated pumps."""
        mine = self.network
        return (
            self.exact
            and mine.edge_from is network.edge_from
            and mine.edge_to is network.edge_to
            and mine.edge_scale is network.edge_scale
            and mine.node_compliance is network.node_compliance
            and self.dt_s == dt_s
            and self._controlled == controlled
            and self.saturated == saturated
        )

    def step(self, source_ml_s: np.ndarray | None = None) -> MeanState:
        rhs = self.network.node_compliance / self.dt_s * self.pressure_mmHg + self._offset
        if source_ml_s is not None:
            rhs = rhs + source_ml_s
        if self._lu is None and self.refined_steps >= REFINED_STEPS_BEFORE_FACTORIZING:
            self._factorize()
        if self._lu is not None:
            self.pressure_mmHg = self._lu.solve(rhs)
        else:
            refined, corrections = self._refined_solve(rhs)
            if refined is None:
                self._factorize()
                refined = self._lu.solve(rhs)
            elif corrections > FRESH_REFERENCE_CORRECTIONS:
                # The reference has drifted far: this network's own factorization serves the
                # next retones better (the session keeps it as their reference).
                self._factorize()
            self.pressure_mmHg = refined
            self.refined_steps += 1
        self.time_s += self.dt_s
        return _state(self.network, self.pressure_mmHg, self.saturated)

    def _refined_solve(self, rhs: np.ndarray) -> tuple[np.ndarray | None, int]:
        """The solution by the reference's factorization and iterative refinement (None if the
        corrections do not converge fast enough), and how many corrections it took."""
        lu = self._reference_lu
        x = self.pressure_mmHg  # the last step's answer: the corrections start from its small change
        previous = None
        for count in range(1, MAX_REFINEMENTS + 1):
            correction = lu.solve(rhs - self._apply(x))
            x = x + correction
            size = float(np.max(np.abs(correction)))
            scale = float(np.max(np.abs(x)))
            if not (np.isfinite(size) and np.isfinite(scale)):
                return None, count
            if size <= REFINEMENT_TOLERANCE * scale:
                return x, count  # what is left is a fraction of this: the direct solve's round-off
            if previous is not None:
                # The corrections shrink geometrically: what is left is about the last one
                # times rate / (1 - rate).
                rate = size / previous
                if rate >= SLOW_CONTRACTION:
                    return None, count
                if size * rate / (1.0 - rate) <= REFINEMENT_TOLERANCE * scale:
                    return x, count
            previous = size
        return None, MAX_REFINEMENTS

    def _apply(self, pressure: np.ndarray) -> np.ndarray:
        """(C / dt - J - coupling) P without the matrix: what the factorization would solve."""
        network = self.network
        n = network.node_count
        f, t = network.edge_from, network.edge_to
        flow = self._conductance * (pressure[f] - pressure[t])
        inflow = np.bincount(t, flow, minlength=n) - np.bincount(f, flow, minlength=n)
        for inlet, outlet, a, b in self._pumps:
            pumped = a * pressure[inlet] - b * pressure[outlet]
            inflow[outlet] += pumped
            inflow[inlet] -= pumped
        rows, cols, vals = self._coupling
        for row, col, value in zip(rows, cols, vals, strict=True):
            inflow[row] += value * pressure[col]
        return self._capacitance * pressure - inflow

    def state(self) -> MeanState:
        return _state(self.network, self.pressure_mmHg, self.saturated)
