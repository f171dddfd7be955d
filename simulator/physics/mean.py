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
    conductance = network.effective_conductance()
    conductance[_pump_outlet_edges(network)] = 0.0
    f, t = network.edge_from, network.edge_to
    rows = np.concatenate([f, t, f, t])
    cols = np.concatenate([f, t, t, f])
    data = np.concatenate([-conductance, -conductance, conductance, conductance])
    offset = np.zeros(n)
    rate_hz = network.heart_rate_bpm / 60.0
    pump_rows, pump_cols, pump_data = [], [], []
    for index, pump in enumerate(network.pumps):
        if index in saturated_pumps:
            offset[pump.outlet] += MAX_CARDIAC_OUTPUT_ML_S
            offset[pump.inlet] -= MAX_CARDIAC_OUTPUT_ML_S
            continue
        a = rate_hz * pump.preload_gain_ml_per_mmHg
        b = rate_hz * pump.afterload_gain_ml_per_mmHg
        c = rate_hz * pump.offset_ml
        # Q = a P_in - b P_out - c leaves the inlet and enters the outlet.
        pump_rows += [pump.outlet, pump.outlet, pump.inlet, pump.inlet]
        pump_cols += [pump.inlet, pump.outlet, pump.inlet, pump.outlet]
        pump_data += [a, -b, -a, b]
        offset[pump.outlet] -= c
        offset[pump.inlet] += c
    rows = np.concatenate([rows, pump_rows])
    cols = np.concatenate([cols, pump_cols])
    data = np.concatenate([data, pump_data])
    matrix = sparse.csc_matrix((data, (rows, cols)), shape=(n, n))
    return matrix, offset


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


class MeanStepper:
    """Implicit Euler on the cycle-mean network; one LU per (network, time step, controlled
    flows)."""

    def __init__(
        self,
        network: Network,
        dt_s: float,
        initial: MeanState,
        controlled: tuple[ControlledFlow, ...] = (),
        saturated: tuple[int, ...] = (),
    ):
        self.network = network
        self.dt_s = float(dt_s)
        self.pressure_mmHg = initial.pressure_mmHg.copy()
        self.time_s = 0.0
        self.saturated = saturated
        matrix, self._offset = mean_operator(network, saturated)
        self._offset = self._offset.copy()
        rows, cols, vals = [], [], []
        for flow in controlled:
            for node, sign in ((flow.source, 1.0), (flow.sink, -1.0)):
                if node < 0:
                    continue
                self._offset[node] += sign * flow.constant_ml_s
                if flow.sensed >= 0:
                    rows.append(node)
                    cols.append(flow.sensed)
                    vals.append(sign * flow.gain_ml_s_per_mmHg)
        n = network.node_count
        coupling = sparse.csc_matrix((vals, (rows, cols)), shape=(n, n)) if vals else None
        # splu((diags(C / dt) - matrix - coupling).tocsc()), the same bit for bit, cheaper.
        self._lu = factorize_diagonal_minus(network.node_compliance / self.dt_s, matrix, coupling)

    def step(self, source_ml_s: np.ndarray | None = None) -> MeanState:
        rhs = self.network.node_compliance / self.dt_s * self.pressure_mmHg + self._offset
        if source_ml_s is not None:
            rhs = rhs + source_ml_s
        self.pressure_mmHg = self._lu.solve(rhs)
        self.time_s += self.dt_s
        return _state(self.network, self.pressure_mmHg, self.saturated)

    def state(self) -> MeanState:
        return _state(self.network, self.pressure_mmHg, self.saturated)
