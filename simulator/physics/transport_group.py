"""Every drug and leak shadow of a session stepped together on the step's flow field.

A session steps several transports on one field each step: each drug given so far and each
cytotoxic drug's leak shadow. Their matrices share the field's whole off-diagonal pattern and
differ on the diagonal only (clearance, decay, uptake, hepatic extraction, the shadow's
absorbing outside). Stepped one by one, each repeats the field's bookkeeping and makes a few
dozen small numpy calls of its own, and at a few hundred cells those calls are most of the
cost. Stepped together, what depends on the field alone is worked out once, the diagonals are
built as the rows of one array, and the triangles are solved as the blocks of one
block-diagonal matrix (:meth:`ordered_solve.Pattern.stacked_system`).

Every number is the one :meth:`Transport.step` gives the same transport alone, bit for bit: each
element sees the same IEEE operations in the same order (an addition of an exact zero where a
drug has no tissue uptake changes nothing), and the sums that are reductions (the tallies) are
still each transport's own. ``tests/physics/test_transport_group.py`` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.physics.network import Network
from simulator.physics.ordered_solve import StackedSystem
from simulator.physics.transport import (
    _PATTERNS,
    Circuit,
    Transport,
    _check_infusion,
    cell_volumes,
)


@dataclass(frozen=True)
class GroupMember:
    """One transport's share of a step: what :meth:`Transport.step` takes besides the field."""

    transport: Transport
    infusion_mg_s: np.ndarray | None = None
    circuits: tuple[Circuit, ...] = ()
    absorbing: np.ndarray | None = None
    local_elimination_per_s: np.ndarray | None = None
    reservoir_infusion_mg_s: dict[str, float] | None = None


def step_together(
    dt_s: float,
    volume_ml: np.ndarray,
    flow_ml_s: np.ndarray,
    members: list[GroupMember],
    flow_key: object = None,
    pressure_mmHg: np.ndarray | None = None,
) -> None:
    """Advance every member by ``dt_s`` to the hemodynamic state (``volume_ml``, ``flow_ml_s``),
    as :meth:`Transport.step` would one by one (``flow_key`` and ``pressure_mmHg`` as there).

    Members with the same circuits (the same extraction: a filter's differs by drug) share one
    solve. Without pressures, or on a network the members do not all hold, or where the flow's
    order does not suit, each member steps alone."""
    for m in members:
        _check_infusion(m.infusion_mg_s)
    batches: dict[tuple[Circuit, ...], list[GroupMember]] = {}
    for m in members:
        batches.setdefault(m.circuits, []).append(m)
    for circuits, batch in batches.items():
        network = batch[0].transport.network
        together = (
            pressure_mmHg is not None
            and len(batch) > 1
            and all(m.transport.network is network for m in batch)
            and _step_batch(dt_s, volume_ml, flow_ml_s, batch, circuits, flow_key, pressure_mmHg)
        )
        if not together:
            for m in batch:
                m.transport.step(
                    dt_s, volume_ml, flow_ml_s, m.infusion_mg_s, m.circuits,
                    m.reservoir_infusion_mg_s, m.absorbing, flow_key,
                    m.local_elimination_per_s, pressure_mmHg,
                )  # fmt: skip


def _step_batch(
    dt_s: float,
    volume_ml: np.ndarray,
    flow_ml_s: np.ndarray,
    batch: list[GroupMember],
    circuits: tuple[Circuit, ...],
    flow_key: object,
    pressure_mmHg: np.ndarray,
) -> bool:
    """Step a batch of one network and one set of circuits together; False (nothing stepped)
    when the flow's order does not suit, so that each member factorizes alone."""
    lead = batch[0].transport
    net = lead.network
    volume_ml = cell_volumes(volume_ml)
    absorb_rates = [m.transport._absorbing_rate(m.absorbing) for m in batch]
    key = None
    if flow_key is not None:
        key = (
            flow_key,
            dt_s,
            circuits,
            tuple(m.transport for m in batch),
            tuple(m.absorbing is not None for m in batch),
        )
    rhs = np.stack(
        [
            m.transport._rhs(dt_s, m.infusion_mg_s, circuits, m.reservoir_infusion_mg_s)
            for m in batch
        ]
    )
    held = lead._group_factor
    if key is not None and held is not None and held[0] == key:
        solver = held[1]  # same field, same matrices: only the right-hand sides are new
        solution = None if solver is None else solver.solve(rhs)
    else:
        built = _BatchSolver.build(
            dt_s, volume_ml, flow_ml_s, pressure_mmHg, net, batch, circuits, absorb_rates, rhs
        )
        solver, solution = (None, None) if built is None else built
        lead._group_factor = (key, solver)
    if solver is None:
        return False
    flows = _FIELDS.flows(net, flow_ml_s)
    for row, m, absorb_rate in zip(solution, batch, absorb_rates, strict=True):
        m.transport._finish(
            dt_s, volume_ml, row, flows, m.infusion_mg_s, circuits, m.reservoir_infusion_mg_s,
            absorb_rate, m.local_elimination_per_s,
        )  # fmt: skip
    return True


class _FieldCache:
    """Per flow field (recognised by identity, held by reference): each edge's upstream cell
    and its flow's magnitude. One entry, replaced in one assignment."""

    def __init__(self) -> None:
        self._held: tuple | None = None

    def flows(self, network: Network, flow_ml_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        held = self._held
        if held is not None and held[0] is network and held[1] is flow_ml_s:
            return held[2]
        upstream = np.where(flow_ml_s >= 0.0, network.edge_from, network.edge_to)
        result = (upstream, np.abs(flow_ml_s))
        self._held = (network, flow_ml_s, result)
        return result


_FIELDS = _FieldCache()


@dataclass(frozen=True)
class _Tissues:
    """How the batch's tissues are eliminated onto their capillary cells (each tissue row
    ``d_t x_t - exchange x_c = r_t`` gives ``x_t = (r_t + exchange x_c) / d_t``), and brought back
    from the cells' solution; rows without uptake have no coupling (an exact zero)."""

    n: int
    b: int
    bed_node: np.ndarray
    back: np.ndarray
    uptake_rows: list[int]
    tissue_inverse: np.ndarray
    exchange_scaled: np.ndarray

    def reduce(self, rhs: np.ndarray) -> np.ndarray:
        """The right-hand sides with the tissues eliminated onto their capillary cells."""
        n, b = self.n, self.b
        reduced = np.concatenate([rhs[:, :n], rhs[:, n + b :]], axis=1)
        rows = self.uptake_rows
        if rows:
            tissue_rhs = rhs[rows, n : n + b]
            _add_at_cells(
                reduced,
                rows,
                self.bed_node,
                self.back[rows] * tissue_rhs * self.tissue_inverse[rows],
            )
        return reduced

    def expand(self, rhs: np.ndarray, solution: np.ndarray) -> np.ndarray:
        """The tissues back from their capillary cells' solution."""
        n, b = self.n, self.b
        # Without uptake the capillary's share is an exact zero, as the drug's own step has it.
        tissue = rhs[:, n : n + b] * self.tissue_inverse + self.exchange_scaled * np.take(
            solution, self.bed_node, axis=1
        )
        return np.concatenate([solution[:, :n], tissue, solution[:, n:]], axis=1)


def _add_at_cells(rows: np.ndarray, which: list[int], bed_node: np.ndarray, values) -> None:
    """np.add.at of ``values`` (one row per entry of ``which``) onto each bed's capillary cell
    in those ``rows`` (a bed's cell may hold several beds: add.at sums them all)."""
    for row, value in zip(which, values, strict=True):
        np.add.at(rows[row], bed_node, value)


def _subtract_at_cells(rows: np.ndarray, which: list[int], bed_node: np.ndarray, values) -> None:
    for row, value in zip(which, values, strict=True):
        np.subtract.at(rows[row], bed_node, value)


@dataclass(frozen=True)
class _BatchSolver:
    """The batch's systems solved along the flow, as :class:`transport._AlongTheFlow` solves
    one: tissues eliminated onto their capillary cells, the rest ordered by pressure."""

    tissues: _Tissues
    system: StackedSystem

    @classmethod
    def build(
        cls,
        dt_s: float,
        volume_ml: np.ndarray,
        flow_ml_s: np.ndarray,
        pressure_mmHg: np.ndarray,
        net: Network,
        batch: list[GroupMember],
        circuits: tuple[Circuit, ...],
        absorb_rates: list[np.ndarray | None],
        rhs: np.ndarray,
    ) -> tuple[_BatchSolver, np.ndarray] | None:
        """The batch's solver and the solutions of ``rhs`` (one row per member), found in the
        same pass; None when the members' matrices do not suit."""
        lead = batch[0].transport
        bed_node = lead._bed_node
        if not _same_tissues(batch):
            return None
        pattern = _PATTERNS.pattern(net, flow_ml_s, pressure_mmHg, circuits)
        if not pattern.suitable:
            return None
        count = len(batch)
        n, b, r = net.node_count, len(lead.bed_ids), len(circuits)
        inv_dt = 1.0 / dt_s
        kinetics = [m.transport.kinetics for m in batch]
        decay = np.array([k.decay_per_s for k in kinetics])
        uptake = np.array([k.uptake_per_s for k in kinetics])
        uptake_rows = [row for row, k in enumerate(kinetics) if k.uptake_per_s > 0.0]
        # The diagonal, row by row in Transport._parts's order of additions.
        diagonal = np.empty((count, n + b + r))
        coefficient = np.array([inv_dt + k.elimination_per_s + k.decay_per_s for k in kinetics])
        blood = diagonal[:, :n]
        np.multiply(volume_ml, coefficient[:, None], out=blood)
        upstream, magnitude = _FIELDS.flows(net, flow_ml_s)
        exchange = uptake[:, None] * volume_ml[bed_node]
        back = np.zeros((count, b))
        for row, m, absorb_rate in zip(blood, batch, absorb_rates, strict=True):
            if m.local_elimination_per_s is not None:
                row += volume_ml * m.local_elimination_per_s
            if absorb_rate is not None:
                row += volume_ml * absorb_rate
        for row in blood:
            np.add.at(row, upstream, magnitude)
        if uptake_rows:
            partition = np.array([kinetics[row].partition for row in uptake_rows])
            back[uptake_rows] = exchange[uptake_rows] / (partition[:, None] * lead._tissue_ml)
            _add_at_cells(blood, uptake_rows, bed_node, exchange[uptake_rows])
        # Without uptake, back is zero: the same tissue diagonal as the drug's own step.
        diagonal[:, n : n + b] = (inv_dt + decay)[:, None] + back
        for j, circuit in enumerate(circuits):
            diagonal[:, n + b + j] = circuit.reservoir_ml * (inv_dt + decay) + circuit.returned_ml_s
            diagonal[:, circuit.draw_node] += circuit.flow_ml_s
        tissue_diagonal = diagonal[:, n : n + b]
        reduced = np.concatenate([blood, diagonal[:, n + b :]], axis=1)
        if uptake_rows:
            _subtract_at_cells(
                reduced,
                uptake_rows,
                bed_node,
                back[uptake_rows] * exchange[uptake_rows] / tissue_diagonal[uptake_rows],
            )
        tissue_inverse = 1.0 / tissue_diagonal
        tissues = _Tissues(
            n, b, bed_node, back, uptake_rows, tissue_inverse, exchange * tissue_inverse
        )
        system = pattern.stacked_system(reduced, tissues.reduce(rhs))
        if system is None:
            return None
        return cls(tissues, system), tissues.expand(rhs, system.first_solution)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """Each row of ``rhs`` solved with its own member's matrix."""
        return self.tissues.expand(rhs, self.system.solve(self.tissues.reduce(rhs)))


def _same_tissues(batch: list[GroupMember]) -> bool:
    """Whether the members share their beds and tissue masses (fixed when a transport is made:
    the answer is held on the lead for the batch's transports)."""
    lead = batch[0].transport
    transports = tuple(m.transport for m in batch)
    held = lead._group_tissues
    if held is not None and held[0] == transports:
        return held[1]
    same = all(
        t.bed_ids == lead.bed_ids and np.array_equal(t._tissue_ml, lead._tissue_ml)
        for t in transports
    )
    lead._group_tissues = (transports, same)
    return same
