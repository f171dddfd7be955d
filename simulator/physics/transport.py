"""Drug transport on the network: implicit upwind finite volumes with exact mass bookkeeping.

Each network node is a well-mixed blood cell of the volume the hemodynamics gives it; each edge
carries its flow's mass from its upstream cell (upwind, either direction). Per step, with the
new volumes V' and flows Q from the hemodynamic step,

  V'_i c'_i - V_i c_i = dt [ sum_in |Q| c'_up - sum_out |Q| c'_i - k_el V'_i c'_i
                            - uptake + circuit return - circuit draw + infusion ]

plus one row per tissue compartment (exchange with its bed's capillary cell) and one per
extracorporeal reservoir (draw -> reservoir -> filter -> return). Implicit Euler is stable at any
step. Every flux leaves exactly one compartment and enters another or a tally (cleared,
filtered, decayed), so infused = blood + reservoirs + tissue + cleared + filtered + decayed holds
to solver round-off; ``mass_balance_residual`` reports it.

Positivity by construction: every outflow term sits on its own cell's diagonal and every inflow
is a non-positive off-diagonal, so each column sums to V'/dt plus its losses (> 0). The matrix
is a column diagonally dominant Z-matrix, an M-matrix, whose inverse has no negative entry; with
a non-negative right-hand side (old masses, infusions) no concentration can come out negative,
whatever the flows. That needs every cell volume positive, so the transport never uses one below
``MIN_CELL_VOLUME_ML`` (the circulation's linear volumes can reach zero in a vein a pump empties);
its bookkeeping refers to the volumes it used, so the balance stays exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from simulator.physics import ordered_solve
from simulator.physics.network import Network, carry_over
from simulator.physics.triplet_lu import factorize_triplets

ABSORBING_RATE_PER_S = 1.0e9
MIN_CELL_VOLUME_ML = 0.01
"""Smallest volume the transport gives a blood cell (mL): keeps the M-matrix diagonal positive."""


def cell_volumes(volume_ml: np.ndarray) -> np.ndarray:
    """The volumes the transport works with: the circulation's, never below the floor (a NaN
    volume becomes the floor too, so one bad cell cannot poison the solve)."""
    volume = np.asarray(volume_ml, dtype=float)
    return np.where(volume > MIN_CELL_VOLUME_ML, volume, MIN_CELL_VOLUME_ML)


@dataclass(frozen=True)
class DrugKinetics:
    """Rates in core units (per second). ``elimination_per_s`` is plasma clearance spread over
    the blood volume; ``decay_per_s`` is physical decay (tracers), applied everywhere."""

    elimination_per_s: float
    decay_per_s: float = 0.0
    uptake_per_s: float = 0.0
    partition: float = 1.0


@dataclass(frozen=True)
class Circuit:
    """Extracorporeal loop: draws ``flow_ml_s`` from ``draw_node`` into a reservoir holding
    ``reservoir_ml`` at the end of the step, filters it with ``extraction`` in [0, 1] and returns
    ``return_flow_ml_s`` to ``return_node``.

    A pumped loop returns what it draws (``return_flow_ml_s`` None). A venous line that drains
    by gravity into the reservoir draws what the limb's pressure pushes down it while the pump
    returns its set flow: the two differ by what the reservoir level takes, and the reservoir's
    mass is its concentration times ``reservoir_ml``, so the drug stays conserved whatever the
    level does."""

    key: str
    draw_node: int
    return_node: int
    flow_ml_s: float
    extraction: float
    reservoir_ml: float
    return_flow_ml_s: float | None = None

    @property
    def returned_ml_s(self) -> float:
        return self.flow_ml_s if self.return_flow_ml_s is None else self.return_flow_ml_s


@dataclass
class TransportTallies:
    infused_mg: float = 0.0
    cleared_mg: float = 0.0
    filtered_mg: float = 0.0
    decayed_mg: float = 0.0
    absorbed_mg: float = 0.0  # taken out by an absorbing boundary (first-passage leak)


@dataclass
class TransportState:
    concentration_mg_ml: np.ndarray  # per node
    volume_ml: np.ndarray  # per node, the volumes the concentrations refer to
    tissue_mg: np.ndarray  # per bed
    reservoir_mg_ml: dict[str, float] = field(default_factory=dict)
    tallies: TransportTallies = field(default_factory=TransportTallies)

    def blood_mg(self) -> float:
        return float(np.dot(self.concentration_mg_ml, self.volume_ml))


class Transport:
    """One drug on one network. ``beds`` gives, per bed id, its capillary (venous) node and
    tissue volume in mL."""

    def __init__(
        self,
        network: Network,
        kinetics: DrugKinetics,
        bed_capillary_node: dict[str, int],
        bed_tissue_ml: dict[str, float],
        initial_volume_ml: np.ndarray,
    ):
        self.network = network
        self.kinetics = kinetics
        self.bed_ids = tuple(bed_capillary_node)
        self._bed_node = np.array([bed_capillary_node[b] for b in self.bed_ids], dtype=np.int64)
        self._tissue_ml = np.array([bed_tissue_ml[b] for b in self.bed_ids], dtype=float)
        self.state = TransportState(
            concentration_mg_ml=np.zeros(network.node_count),
            volume_ml=np.asarray(initial_volume_ml, dtype=float).copy(),
            tissue_mg=np.zeros(len(self.bed_ids)),
        )
        self._reservoir_volume: dict[str, float] = {}
        self._factor = None
        self._factor_key: object = None
        self._absorb_rate: tuple = (None, None)
        self._absorb_source: np.ndarray | None = None  # the array the held mask was read from
        self._group_factor: tuple | None = None  # held by transport_group for its batch
        self._group_tissues: tuple | None = None  # transport_group: whether a batch shares beds

    def rebind(self, network: Network, node_map: np.ndarray, volume_ml: np.ndarray) -> None:
        """Move the drug onto a rebuilt network: ``node_map[new] = old`` (or -1 for a new node,
        which takes its neighbours' mean concentration). Mass is redistributed so the total in
        blood is unchanged."""
        old = self.state
        volume_ml = cell_volumes(volume_ml)
        before = old.blood_mg()
        concentration = carry_over(network, node_map, old.concentration_mg_ml)
        after = float(np.dot(concentration, volume_ml))
        if after > 0.0:
            concentration *= before / after
        self.network = network
        self.state = TransportState(
            concentration, volume_ml.copy(), old.tissue_mg, old.reservoir_mg_ml, old.tallies
        )

    def step(
        self,
        dt_s: float,
        volume_ml: np.ndarray,
        flow_ml_s: np.ndarray,
        infusion_mg_s: np.ndarray | None = None,
        circuits: tuple[Circuit, ...] = (),
        reservoir_infusion_mg_s: dict[str, float] | None = None,
        absorbing: np.ndarray | None = None,
        flow_key: object = None,
        local_elimination_per_s: np.ndarray | None = None,
        pressure_mmHg: np.ndarray | None = None,
    ) -> TransportState:
        """Advance by ``dt_s`` to the hemodynamic state (``volume_ml``, ``flow_ml_s``).

        ``absorbing`` marks nodes that take drug out of the blood as fast as it arrives (their
        concentration stays at about 1e-9 of what flows in); the mass is tallied as absorbed.
        A shadow copy of a drug with the region's outside absorbing measures first-passage
        leak exactly.

        ``flow_key`` names the hemodynamic state: while the caller passes the same key (the very
        same volumes and flows, the circulation having settled), the factorized matrix of the
        previous step is reused and only the right-hand side is rebuilt. Whatever else depends
        on the flows (``local_elimination_per_s``) must then be the same too.

        ``local_elimination_per_s`` adds per-node elimination (hepatic first-pass extraction in
        the liver's sinusoids), tallied as cleared.

        ``pressure_mmHg``, the pressures of the field the flows come from, lets the transport
        solve along the flow (:mod:`ordered_solve`) instead of factorizing its matrix: the same
        system, solved to round-off by other operations, several times faster."""
        net = self.network
        volume_ml = cell_volumes(volume_ml)
        _check_infusion(infusion_mg_s)
        n, b = net.node_count, len(self.bed_ids)
        size = n + b + len(circuits)
        upstream = np.where(flow_ml_s >= 0.0, net.edge_from, net.edge_to)
        magnitude = np.abs(flow_ml_s)
        absorb_rate = self._absorbing_rate(absorbing)
        rhs = self._rhs(dt_s, infusion_mg_s, circuits, reservoir_infusion_mg_s)

        key = None
        if flow_key is not None:
            circuit_signature = tuple(
                (
                    c.key,
                    c.draw_node,
                    c.return_node,
                    c.flow_ml_s,
                    c.extraction,
                    c.reservoir_ml,
                    c.returned_ml_s,
                )
                for c in circuits
            )
            key = (flow_key, dt_s, circuit_signature, absorbing is not None)
        if key is not None and self._factor_key == key:
            lu = self._factor  # same field, same matrix: only the right-hand side is new
        else:
            parts = self._parts(
                dt_s, volume_ml, flow_ml_s, upstream, magnitude, circuits, absorb_rate,
                local_elimination_per_s,
            )  # fmt: skip
            lu = None
            if pressure_mmHg is not None:
                pattern = _PATTERNS.pattern(net, flow_ml_s, pressure_mmHg, circuits)
                lu = _AlongTheFlow.build(parts, pattern)
            if lu is None:
                lu = factorize_triplets(size, *parts.triplets())
            self._factor, self._factor_key = lu, key
        return self._finish(
            dt_s, volume_ml, lu.solve(rhs), (upstream, magnitude), infusion_mg_s, circuits,
            reservoir_infusion_mg_s, absorb_rate, local_elimination_per_s,
        )  # fmt: skip

    def _absorbing_rate(self, absorbing: np.ndarray | None) -> np.ndarray | None:
        """Per node, the rate at which an absorbing cell takes drug out (0 elsewhere)."""
        if absorbing is None:
            return None
        # Fast enough that an absorbing cell passes on a negligible share of what it gets.
        held, source = self._absorb_rate[0], self._absorb_source
        # The same until a rebuild: most steps pass the very array of the last one.
        if held is None or (absorbing is not source and not np.array_equal(held, absorbing)):
            mask = np.array(absorbing, dtype=bool)
            self._absorb_rate = (mask, np.where(mask, ABSORBING_RATE_PER_S, 0.0))
        self._absorb_source = absorbing
        return self._absorb_rate[1]

    def _rhs(
        self,
        dt_s: float,
        infusion_mg_s: np.ndarray | None,
        circuits: tuple[Circuit, ...],
        reservoir_infusion_mg_s: dict[str, float] | None,
    ) -> np.ndarray:
        """The step's right-hand side: the masses held before it and what is infused."""
        state = self.state
        n, b = self.network.node_count, len(self.bed_ids)
        inv_dt = 1.0 / dt_s
        rhs = np.zeros(n + b + len(circuits))
        rhs[:n] = state.volume_ml * state.concentration_mg_ml * inv_dt
        rhs[n : n + b] = state.tissue_mg * inv_dt
        if infusion_mg_s is not None:
            rhs[:n] += infusion_mg_s
        reservoir_infusion = reservoir_infusion_mg_s or {}
        for j, circuit in enumerate(circuits):
            volume = circuit.reservoir_ml
            old_c = state.reservoir_mg_ml.get(circuit.key, 0.0)
            old_volume = self._reservoir_volume.get(circuit.key, volume)
            rhs[n + b + j] = old_volume * old_c * inv_dt + reservoir_infusion.get(circuit.key, 0.0)
        return rhs

    def _finish(
        self,
        dt_s: float,
        volume_ml: np.ndarray,
        solution: np.ndarray,
        flows: tuple[np.ndarray, np.ndarray],
        infusion_mg_s: np.ndarray | None,
        circuits: tuple[Circuit, ...],
        reservoir_infusion_mg_s: dict[str, float] | None,
        absorb_rate: np.ndarray | None,
        local_elimination_per_s: np.ndarray | None,
    ) -> TransportState:
        """Take the step's solution as the new state and tally what left the blood."""
        k = self.kinetics
        state = self.state
        n, b = self.network.node_count, len(self.bed_ids)
        # The exact solution is non-negative (M-matrix); the LU's round-off can still leave
        # -1e-20 where there is no drug. Those crumbs are dropped: a concentration is never
        # negative, and the mass they carry is below any residual worth reporting.
        solution = np.maximum(solution, 0.0)
        concentration = solution[:n]
        tissue = solution[n : n + b]
        reservoirs = solution[n + b :]

        tallies = state.tallies
        reservoir_infusion = reservoir_infusion_mg_s or {}
        infused = 0.0 if infusion_mg_s is None else float(np.add.reduce(infusion_mg_s))
        infused += sum(reservoir_infusion.values())
        blood_mass = float(np.dot(volume_ml, concentration))
        reservoir_mass = sum(c.reservoir_ml * reservoirs[j] for j, c in enumerate(circuits))
        tallies.infused_mg += dt_s * infused
        tallies.cleared_mg += dt_s * k.elimination_per_s * blood_mass
        if local_elimination_per_s is not None:
            tallies.cleared_mg += dt_s * float(
                np.dot(local_elimination_per_s * volume_ml, concentration)
            )
        if absorb_rate is not None:
            tallies.absorbed_mg += dt_s * float(np.dot(absorb_rate * volume_ml, concentration))
        tallies.decayed_mg += (
            dt_s * k.decay_per_s * (blood_mass + float(tissue.sum()) + reservoir_mass)
        )
        tallies.filtered_mg += dt_s * sum(
            c.extraction * c.returned_ml_s * reservoirs[j] for j, c in enumerate(circuits)
        )
        reservoir_state = dict(state.reservoir_mg_ml)
        for j, circuit in enumerate(circuits):
            reservoir_state[circuit.key] = float(reservoirs[j])
            self._reservoir_volume[circuit.key] = circuit.reservoir_ml
        # A circuit that stopped keeps its reservoir contents (drained later by the user).
        self.state = TransportState(
            concentration, volume_ml.copy(), tissue, reservoir_state, tallies
        )
        self._flows = flows
        return self.state

    def _parts(
        self,
        dt_s: float,
        volume_ml: np.ndarray,
        flow_ml_s: np.ndarray,
        upstream: np.ndarray,
        magnitude: np.ndarray,
        circuits: tuple[Circuit, ...],
        absorb_rate: np.ndarray | None,
        local_elimination_per_s: np.ndarray | None,
    ) -> _MatrixParts:
        """The step's matrix: its diagonal, the flows' entries, the tissue exchange and the
        circuits' entries."""
        net = self.network
        k = self.kinetics
        n, b = net.node_count, len(self.bed_ids)
        size = n + b + len(circuits)
        inv_dt = 1.0 / dt_s
        downstream = np.where(flow_ml_s >= 0.0, net.edge_to, net.edge_from)
        diagonal = np.zeros(size)
        diagonal[:n] = volume_ml * (inv_dt + k.elimination_per_s + k.decay_per_s)
        if local_elimination_per_s is not None:
            diagonal[:n] += volume_ml * local_elimination_per_s
        if absorb_rate is not None:
            diagonal[:n] += volume_ml * absorb_rate
        np.add.at(diagonal, upstream, magnitude)

        # Tissue exchange between each bed's capillary cell and its tissue.
        capillary_volume = volume_ml[self._bed_node]
        exchange = k.uptake_per_s * capillary_volume
        tissue_rows = n + np.arange(b)
        back = None
        if k.uptake_per_s > 0.0:
            back = exchange / (k.partition * self._tissue_ml)
            np.add.at(diagonal, self._bed_node, exchange)
            diagonal[tissue_rows] = inv_dt + k.decay_per_s + back
        else:
            diagonal[tissue_rows] = inv_dt + k.decay_per_s

        circuit_rows, circuit_cols, circuit_values = [], [], []
        for j, circuit in enumerate(circuits):
            row = n + b + j
            volume = circuit.reservoir_ml
            returned = circuit.returned_ml_s
            diagonal[row] = volume * (inv_dt + k.decay_per_s) + returned
            diagonal[circuit.draw_node] += circuit.flow_ml_s
            circuit_rows += [row, circuit.return_node]
            circuit_cols += [circuit.draw_node, row]
            circuit_values += [-circuit.flow_ml_s, -returned * (1.0 - circuit.extraction)]
        return _MatrixParts(
            n,
            b,
            self._bed_node,
            diagonal,
            downstream,
            upstream,
            -magnitude,
            exchange if back is not None else None,
            back,
            np.array(circuit_rows, dtype=np.int64),
            np.array(circuit_cols, dtype=np.int64),
            np.array(circuit_values, dtype=float),
        )

    def reservoir_mg(self) -> float:
        return sum(
            self._reservoir_volume.get(key, 0.0) * c
            for key, c in self.state.reservoir_mg_ml.items()
        )

    def mass_balance_residual(self) -> float:
        """|infused - (blood + reservoirs + tissue + cleared + filtered + decayed + absorbed)|
        over the sum of the absolute values of all those terms.

        The scale is the mass that ever entered or was accounted for, so a lost or an invented
        dose shows however small it is next to an infusion; any non-finite term (an infinite
        dose, a NaN concentration) makes the residual non-finite, which every caller reads as a
        failed balance."""
        s = self.state
        t = s.tallies
        terms = [
            s.blood_mg(),
            self.reservoir_mg(),
            float(np.add.reduce(s.tissue_mg)),
            t.cleared_mg,
            t.filtered_mg,
            t.decayed_mg,
            t.absorbed_mg,
        ]
        return balance_residual(t.infused_mg, terms)

    def edge_mass_flux_mg_s(self) -> np.ndarray:
        """Mass flux along each edge in its from->to direction at the last step."""
        upstream, magnitude = self._flows
        sign = np.where(upstream == self.network.edge_from, 1.0, -1.0)
        return sign * magnitude * self.state.concentration_mg_ml[upstream]


@dataclass(frozen=True)
class _MatrixParts:
    """One step's matrix, blood cells first (``n``), then tissues (``b``), then reservoirs."""

    n: int
    b: int
    bed_node: np.ndarray  # per bed, its capillary cell
    diagonal: np.ndarray
    flow_rows: np.ndarray  # each edge's downstream cell
    flow_cols: np.ndarray  # its upstream cell
    flow_values: np.ndarray  # minus its flow
    exchange: np.ndarray | None  # per bed, capillary -> tissue (None without uptake)
    back: np.ndarray | None  # per bed, tissue -> capillary
    circuit_rows: np.ndarray
    circuit_cols: np.ndarray
    circuit_values: np.ndarray

    def triplets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The whole matrix as (rows, cols, values), the diagonal first."""
        size = len(self.diagonal)
        rows = [np.arange(size), self.flow_rows]
        cols = [np.arange(size), self.flow_cols]
        vals = [self.diagonal, self.flow_values]
        if self.exchange is not None:
            bed_node = self.bed_node
            tissue_rows = self.n + np.arange(self.b)
            rows += [bed_node, tissue_rows]
            cols += [tissue_rows, bed_node]
            vals += [-self.back, -self.exchange]
        rows.append(self.circuit_rows)
        cols.append(self.circuit_cols)
        vals.append(self.circuit_values)
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


@dataclass(frozen=True)
class _HeldPattern:
    network: Network
    flow_ml_s: np.ndarray
    pressure_mmHg: np.ndarray
    circuits: tuple[Circuit, ...]
    pattern: ordered_solve.Pattern


class _PatternCache:
    """The off-diagonal pattern of the last flow field, shared by every drug and shadow stepped
    on it (the session passes the same arrays to each): recognised by identity, held by
    reference so an identity cannot be reused. One entry, replaced in one assignment."""

    def __init__(self) -> None:
        self._held: _HeldPattern | None = None

    def pattern(
        self,
        network: Network,
        flow_ml_s: np.ndarray,
        pressure_mmHg: np.ndarray,
        circuits: tuple[Circuit, ...],
    ) -> ordered_solve.Pattern:
        held = self._held
        if (
            held is not None
            and held.network is network
            and held.flow_ml_s is flow_ml_s
            and held.pressure_mmHg is pressure_mmHg
            and held.circuits == circuits
        ):
            return held.pattern
        pattern = _flow_pattern(network, flow_ml_s, pressure_mmHg, circuits)
        self._held = _HeldPattern(network, flow_ml_s, pressure_mmHg, circuits, pattern)
        return pattern


def _flow_pattern(
    network: Network,
    flow_ml_s: np.ndarray,
    pressure_mmHg: np.ndarray,
    circuits: tuple[Circuit, ...],
) -> ordered_solve.Pattern:
    """The blood cells' and reservoirs' off-diagonal entries (inflow from upstream, the
    circuits' draw and return), the cells ordered by pressure, highest first, the reservoirs
    after them."""
    n = network.node_count
    size = n + len(circuits)
    forward = flow_ml_s >= 0.0
    rows = [np.where(forward, network.edge_to, network.edge_from)]
    cols = [np.where(forward, network.edge_from, network.edge_to)]
    values = [-np.abs(flow_ml_s)]
    for j, circuit in enumerate(circuits):
        rows.append(np.array([n + j, circuit.return_node]))
        cols.append(np.array([circuit.draw_node, n + j]))
        values.append(
            np.array([-circuit.flow_ml_s, -circuit.returned_ml_s * (1.0 - circuit.extraction)])
        )
    position = np.empty(size, dtype=np.int64)
    position[np.argsort(-np.asarray(pressure_mmHg, dtype=float), kind="stable")] = np.arange(n)
    position[n:] = np.arange(n, size)
    return ordered_solve.Pattern(
        size, np.concatenate(rows), np.concatenate(cols), np.concatenate(values), position
    )


_PATTERNS = _PatternCache()


class _AlongTheFlow:
    """The step's system solved along the flow (:mod:`ordered_solve`), with ``solve`` as a
    factorization's.

    Each tissue couples to its capillary cell both ways, which no order of the two makes
    triangular, so the tissues are eliminated first: tissue row
    ``d_t x_t - exchange x_c = r_t`` gives ``x_t = (r_t + exchange x_c) / d_t``, and the capillary
    row keeps ``(D_c - back exchange / d_t) x_c`` on its diagonal and ``r_c + back r_t / d_t``
    on its right. What is left is the blood cells, ordered by pressure (highest first), and the
    reservoirs after them."""

    def __init__(self, parts: _MatrixParts, system: ordered_solve.OrderedSystem):
        self._parts = parts
        self._system = system
        self._tissue_inverse = 1.0 / parts.diagonal[parts.n : parts.n + parts.b]

    @classmethod
    def build(cls, parts: _MatrixParts, pattern: ordered_solve.Pattern) -> _AlongTheFlow | None:
        n, b = parts.n, parts.b
        diagonal = np.concatenate([parts.diagonal[:n], parts.diagonal[n + b :]])
        if parts.exchange is not None:
            tissue_diagonal = parts.diagonal[n : n + b]
            np.subtract.at(diagonal, parts.bed_node, parts.back * parts.exchange / tissue_diagonal)
        system = pattern.system(diagonal)
        return None if system is None else cls(parts, system)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        parts = self._parts
        n, b = parts.n, parts.b
        tissue_rhs = rhs[n : n + b]
        reduced = np.concatenate([rhs[:n], rhs[n + b :]])
        if parts.exchange is not None:
            np.add.at(reduced, parts.bed_node, parts.back * tissue_rhs * self._tissue_inverse)
        solution = self._system.solve(reduced)
        tissue = tissue_rhs * self._tissue_inverse
        if parts.exchange is not None:
            tissue = tissue + parts.exchange * self._tissue_inverse * solution[parts.bed_node]
        return np.concatenate([solution[:n], tissue, solution[n:]])


def _check_infusion(infusion_mg_s: np.ndarray | None) -> None:
    if infusion_mg_s is not None and (np.asarray(infusion_mg_s) < 0.0).any():
        raise ValueError("an infusion cannot take drug out of the blood")


NEGLIGIBLE_MASS_MG = 1.0e-12
"""Below a picogram in all, the balance is judged in absolute terms: relative round-off of
subnormal masses means nothing."""


def balance_residual(infused_mg: float, accounted_mg: list[float]) -> float:
    """|infused - sum(accounted)| / (|infused| + sum |accounted|): 0 for nothing infused and
    nothing held, ``inf`` when any term is not finite."""
    terms = np.array([infused_mg, *accounted_mg], dtype=float)
    # np.add.reduce is np.sum's own reduction (the same pairwise sums), without its wrapper:
    # the residual is taken for every transport on every step.
    if not np.isfinite(terms).all():
        return math.inf
    scale = max(float(np.add.reduce(np.abs(terms))), NEGLIGIBLE_MASS_MG)
    return abs(infused_mg - float(np.add.reduce(terms[1:]))) / scale
