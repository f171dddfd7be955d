"""Implicit transient solver of the RLC network with the elastance heart.

Backward Euler on node volumes and edge flows. Eliminating the flows leaves, every step,
    (C(t) + dt B G B^T) P = (V - V0) + dt B G (L/dt) Q + dt S,     G = 1 / (R/scale + L/dt)
Only the heart changes within a beat: chamber compliances 1/E(t) and valve states, all on a
handful of "dynamic" nodes (the chambers and the nodes their valves open into). The rest of the
matrix is factorized once (sparse LU) and reused for as long as no device changes it; each step
is one sparse solve plus a dense solve of the small Schur complement on the dynamic nodes.
Volumes are updated from the solved pressures, so blood volume is conserved to round-off.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import splu

from simulator.physics.mean import MeanState
from simulator.physics.network import EdgeKind, Network

VALVE_CLOSED_CONDUCTANCE = 1.0e-6  # mL/s per mmHg: a competent valve, not a wall of infinity
MAX_VALVE_ITERATIONS = 6

SourceFunction = Callable[[float], np.ndarray]


class TransientSolver:
    def __init__(
        self,
        network: Network,
        dt_s: float = 1.0e-3,
        initial: MeanState | None = None,
        fixed_pressure_mmHg: dict[int, float] | None = None,
        source: SourceFunction | None = None,
    ):
        self.network = network
        self.dt_s = float(dt_s)
        self.time_s = 0.0
        self.source = source
        n, m = network.node_count, network.edge_count
        self.fixed = dict(fixed_pressure_mmHg or network.fixed_pressure_nodes)
        self.pressure_mmHg = np.zeros(n)
        self.flow_ml_s = np.zeros(m)
        if initial is not None:
            self.pressure_mmHg = initial.pressure_mmHg.copy()
            self.flow_ml_s = initial.flow_ml_s.copy()
        for node, value in self.fixed.items():
            self.pressure_mmHg[node] = value

        # The beat phase is kept as phase_at_reference + (t - reference) / period, so that a
        # heart-rate change (the baroreflex) continues the beat where it is instead of jumping.
        self._phase_reference_s = 0.0
        self._phase_at_reference = 0.0
        self._read_heart(network)
        self._valves = np.array(network.valve_edges, dtype=np.int64)
        self.valve_open = np.zeros(len(self._valves), dtype=bool)
        compliance = network.node_compliance.copy()
        if len(self._chamber_nodes):
            compliance[self._chamber_nodes] = 1.0 / self._elastances(0.0)
        if initial is not None:
            # Start from the cycle-mean volumes so both solvers hold the same blood; the chambers
            # take the pressure their volume gives at this point of the beat.
            self.volume_ml = initial.volume_ml.copy()
            chambers = self._chamber_nodes
            self.pressure_mmHg[chambers] = (
                self.volume_ml[chambers] - self._chamber_v0
            ) / compliance[chambers]
        else:
            self.volume_ml = self._unstressed + compliance * self.pressure_mmHg
        if len(self._valves):
            self.valve_open = self.flow_ml_s[self._valves] > 0.0
        self._factorize()

    # -- set-up -------------------------------------------------------------------------------
    def _read_heart(self, network: Network) -> None:
        """Chamber figures, heart period and unstressed volumes from ``network``."""
        self._chamber_nodes = np.array([c.node for c in network.chambers], dtype=np.int64)
        self._chamber_e_min = np.array([c.elastance_min_mmHg_per_ml for c in network.chambers])
        self._chamber_e_max = np.array([c.elastance_max_mmHg_per_ml for c in network.chambers])
        self._chamber_v0 = np.array([c.unstressed_volume_ml for c in network.chambers])
        self._chamber_timing = [
            (c.activation_onset, c.contraction_fraction, c.relaxation_fraction)
            for c in network.chambers
        ]
        self._e_min_list = self._chamber_e_min.tolist()
        self._e_max_list = self._chamber_e_max.tolist()
        self._period_s = network.beat_period_s
        self._unstressed = network.node_unstressed_volume.copy()
        self._unstressed[self._chamber_nodes] = self._chamber_v0

    def beat_phase(self, time_s: float) -> float:
        """Beats since the start, as a real number (its fraction is the point in the beat)."""
        return self._phase_at_reference + (time_s - self._phase_reference_s) / self._period_s

    def _elastances(self, time_s: float) -> np.ndarray:
        # Four scalars per step: plain floats are several times faster than numpy here, and
        # this runs a thousand times per simulated second.
        beat = self.beat_phase(time_s)
        values = []
        for (onset, rise, fall), e_min, e_max in zip(
            self._chamber_timing, self._e_min_list, self._e_max_list, strict=True
        ):
            tau = (beat - onset) % 1.0
            if tau < rise:
                a = 0.5 * (1.0 - math.cos(math.pi * tau / rise))
            elif tau < rise + fall:
                a = 0.5 * (1.0 + math.cos(math.pi * (tau - rise) / fall))
            else:
                a = 0.0
            values.append(e_min + (e_max - e_min) * a)
        return np.array(values)

    def _factorize(self) -> None:
        net = self.network
        n = net.node_count
        dt = self.dt_s
        self._conductance = 1.0 / (net.effective_resistance() + net.edge_inertance / dt)
        self._inertial = net.edge_inertance / dt
        self._inertial_without_valves = self._inertial.copy()
        self._inertial_without_valves[self._valves] = 0.0
        is_valve = np.zeros(net.edge_count, dtype=bool)
        is_valve[self._valves] = True
        self._is_valve = is_valve
        self._valve_open_conductance = 1.0 / (
            net.edge_resistance[self._valves] + net.edge_inertance[self._valves] / dt
        )

        dynamic = set(self._chamber_nodes.tolist())
        for e in self._valves:
            dynamic.add(int(net.edge_from[e]))
            dynamic.add(int(net.edge_to[e]))
        dynamic -= set(self.fixed)
        self._dynamic = np.array(sorted(dynamic), dtype=np.int64)
        free = np.ones(n, dtype=bool)
        free[list(self.fixed)] = False
        free[self._dynamic] = False
        self._static = np.flatnonzero(free)
        self._fixed_nodes = np.array(sorted(self.fixed), dtype=np.int64)
        self._fixed_values = np.array([self.fixed[i] for i in self._fixed_nodes])

        g = np.where(is_valve, 0.0, self._conductance) * dt
        f, t = net.edge_from, net.edge_to
        rows = np.concatenate([f, t, f, t])
        cols = np.concatenate([f, t, t, f])
        data = np.concatenate([g, g, -g, -g])
        laplacian = sparse.csr_matrix((data, (rows, cols)), shape=(n, n))
        static_compliance = net.node_compliance.copy()
        static_compliance[self._chamber_nodes] = 0.0
        full = (laplacian + sparse.diags(static_compliance)).tocsr()
        s, d, x = self._static, self._dynamic, self._fixed_nodes
        self._a_ss = full[s][:, s].tocsc()
        self._a_sd = full[s][:, d].toarray()
        self._a_ds = full[d][:, s].tocsr()
        self._a_dd_static = full[d][:, d].toarray()
        self._a_sx = full[s][:, x].toarray() if len(x) else None
        self._a_dx = full[d][:, x].toarray() if len(x) else None
        if len(x):
            # Boundary pressures are constant: their pull on the other nodes is too.
            self._fixed_into_static = self._a_sx @ self._fixed_values
            self._fixed_into_dynamic = self._a_dx @ self._fixed_values
        self._lu = splu(self._a_ss)
        self._x = self._lu.solve(self._a_sd) if len(d) else np.zeros((len(s), 0))
        self._schur_static = self._a_dd_static - self._a_ds @ self._x
        self._schur_cache: dict[bytes, np.ndarray] = {}
        self._dynamic_position = {int(node): i for i, node in enumerate(d)}
        self._chamber_position = np.array(
            [self._dynamic_position[int(c)] for c in self._chamber_nodes], dtype=np.int64
        )
        self._valve_from_pos = np.array(
            [self._dynamic_position[int(net.edge_from[e])] for e in self._valves], dtype=np.int64
        )
        self._valve_to_pos = np.array(
            [self._dynamic_position[int(net.edge_to[e])] for e in self._valves], dtype=np.int64
        )
        # Incidence to accumulate net inflow from flows.
        self._incidence = net.incidence()

    def _schur_for(self, open_state: np.ndarray) -> np.ndarray:
        """The Schur complement on the dynamic nodes for one combination of valve states,
        without the chambers' time-varying compliance; cached, there are at most 16."""
        key = open_state.tobytes()
        base = self._schur_cache.get(key)
        if base is None:
            base = self._schur_static.copy()
            g = (
                np.where(open_state, self._valve_open_conductance, VALVE_CLOSED_CONDUCTANCE)
                * self.dt_s
            )
            np.add.at(base, (self._valve_from_pos, self._valve_from_pos), g)
            np.add.at(base, (self._valve_to_pos, self._valve_to_pos), g)
            np.add.at(base, (self._valve_from_pos, self._valve_to_pos), -g)
            np.add.at(base, (self._valve_to_pos, self._valve_from_pos), -g)
            self._schur_cache[key] = base
        return base.copy()

    def update_network(self, network: Network) -> None:
        """Devices or vascular tone changed: keep the blood in every node (its pressure follows
        from the new unstressed volumes), continue the beat at the new rate, refactorize."""
        if (
            network.node_count != self.network.node_count
            or network.edge_count != self.network.edge_count
        ):
            raise ValueError("update_network needs the same topology; rebuild the solver instead")
        if network.beat_period_s != self._period_s:
            self._phase_at_reference = self.beat_phase(self.time_s)
            self._phase_reference_s = self.time_s
        self.network = network
        self._read_heart(network)
        self._factorize()

    # -- stepping -----------------------------------------------------------------------------
    def step(self) -> None:
        dt = self.dt_s
        t_next = self.time_s + dt
        elastance = self._elastances(t_next)
        inertial_flow = self._conductance * self._inertial * self.flow_ml_s
        inertial_flow[self._is_valve] = 0.0
        rhs = self.volume_ml - self._unstressed + dt * (self._incidence @ inertial_flow)
        if self.source is not None:
            rhs = rhs + dt * self.source(t_next)
        rhs_s = rhs[self._static]
        rhs_d = rhs[self._dynamic]
        if self._a_sx is not None:
            rhs_s = rhs_s - self._fixed_into_static
            rhs_d = rhs_d - self._fixed_into_dynamic
        y = self._lu.solve(rhs_s)
        if not len(self._dynamic):
            self._finish_step(y, np.zeros(0), self.valve_open, None)
            return
        reduced_rhs = rhs_d - self._a_ds @ y
        open_state = self.valve_open.copy()
        inverse_elastance = 1.0 / elastance
        for _ in range(MAX_VALVE_ITERATIONS):
            schur = self._schur_for(open_state)
            schur[self._chamber_position, self._chamber_position] += inverse_elastance
            p_d = np.linalg.solve(schur, reduced_rhs)
            new_state = p_d[self._valve_from_pos] > p_d[self._valve_to_pos]
            if np.array_equal(new_state, open_state):
                break
            open_state = new_state
        self._finish_step(y, p_d, open_state, elastance)

    def _finish_step(self, y, p_d, open_state, elastance) -> None:
        net = self.network
        dt = self.dt_s
        p_s = y - self._x @ p_d if len(p_d) else y
        pressure = self.pressure_mmHg
        pressure[self._static] = p_s
        pressure[self._dynamic] = p_d
        if len(self._fixed_nodes):
            pressure[self._fixed_nodes] = self._fixed_values
        conductance = self._conductance.copy()
        conductance[self._valves] = np.where(
            open_state, self._valve_open_conductance, VALVE_CLOSED_CONDUCTANCE
        )
        drop = pressure[net.edge_from] - pressure[net.edge_to]
        self.flow_ml_s = conductance * (drop + self._inertial_without_valves * self.flow_ml_s)
        self.valve_open = open_state
        compliance = net.node_compliance.copy()
        if elastance is not None:
            compliance[self._chamber_nodes] = 1.0 / elastance
        volume = self._unstressed + compliance * pressure
        if len(self._fixed_nodes):
            # Boundary nodes are reservoirs: their volume is whatever the network exchanged.
            exchange = self._incidence @ self.flow_ml_s
            volume[self._fixed_nodes] = (
                self.volume_ml[self._fixed_nodes] + dt * exchange[self._fixed_nodes]
            )
        self.volume_ml = volume
        self.time_s += dt

    def run_beats(self, beats: int, record: bool = False):
        """Advance whole beats; with ``record`` return (times, pressures, flows) of the last."""
        steps_per_beat = round(self._period_s / self.dt_s)
        times, pressures, flows = [], [], []
        for beat in range(beats):
            keep = record and beat == beats - 1
            for _ in range(steps_per_beat):
                self.step()
                if keep:
                    times.append(self.time_s)
                    pressures.append(self.pressure_mmHg.copy())
                    flows.append(self.flow_ml_s.copy())
        if record:
            return np.array(times), np.array(pressures), np.array(flows)
        return None


def beat_means(solver: TransientSolver, beats_to_settle: int = 20) -> MeanState:
    """Run to a periodic state and return the beat-mean pressures, flows and volumes."""
    solver.run_beats(beats_to_settle)
    steps = round(solver.network.beat_period_s / solver.dt_s)
    p_sum = np.zeros(solver.network.node_count)
    q_sum = np.zeros(solver.network.edge_count)
    v_sum = np.zeros(solver.network.node_count)
    for _ in range(steps):
        solver.step()
        p_sum += solver.pressure_mmHg
        q_sum += solver.flow_ml_s
        v_sum += solver.volume_ml
    return MeanState(p_sum / steps, q_sum / steps, v_sum / steps)


__all__ = ["EdgeKind", "TransientSolver", "beat_means"]
