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
    held = lead._group_factor
    if key is not None and held is not None and held[0] == key:
        solver = held[1]  # same field, same matrices: only the right-hand sides are new
    else:
        solver = _BatchSolver.build(
            dt_s, volume_ml, flow_ml_s, pressure_mmHg, net, batch, circuits, absorb_rates
        )
        lead._group_factor = (key, solver)
    if solver is None:
        return False
    rhs = np.stack(
        [
            m.transport._rhs(dt_s, m.infusion_mg_s, circuits, m.reservoir_infusion_mg_s)
            for m in batch
        ]
    )
    solution = solver.solve(rhs)
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


class _BatchSolver:
    """The batch's systems solved along the flow, as :class:`transport._AlongTheFlow` solves
    one: tissues eliminated onto their capillary cells, the rest ordered by pressure."""

    def __init__(
        self,
        n: int,
        b: int,
        bed_node: np.ndarray,
        exchange: np.ndarray,
        back: np.ndarray,
        uptake_rows: list[int],
        tissue_inverse: np.ndarray,
        system: StackedSystem,
    ):
        self._n, self._b = n, b
        self._bed_node = bed_node
        self._back = back
        self._uptake_rows = uptake_rows
        self._tissue_inverse = tissue_inverse
        self._exchange_scaled = exchange * tissue_inverse
        self._system = system

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
    ) -> _BatchSolver | None:
        lead = batch[0].transport
        bed_node = lead._bed_node
        if any(
            m.transport.bed_ids != lead.bed_ids
            or not np.array_equal(m.transport._tissue_ml, lead._tissue_ml)
            for m in batch
        ):
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
        np.multiply(volume_ml, coefficient[:, None], out=diagonal[:, :n])
        upstream, magnitude = _FIELDS.flows(net, flow_ml_s)
        exchange = uptake[:, None] * volume_ml[bed_node]
        back = np.zeros((count, b))
        for row, m, absorb_rate in zip(diagonal, batch, absorb_rates, strict=True):
            if m.local_elimination_per_s is not None:
                row[:n] += volume_ml * m.local_elimination_per_s
            if absorb_rate is not None:
                row[:n] += volume_ml * absorb_rate
            np.add.at(row, upstream, magnitude)
        for row in uptake_rows:
            back[row] = exchange[row] / (kinetics[row].partition * lead._tissue_ml)
            np.add.at(diagonal[row], bed_node, exchange[row])
        # Without uptake, back is zero: the same tissue diagonal as the drug's own step.
        diagonal[:, n : n + b] = (inv_dt + decay)[:, None] + back
        for j, circuit in enumerate(circuits):
            diagonal[:, n + b + j] = circuit.reservoir_ml * (inv_dt + decay) + circuit.returned_ml_s
            diagonal[:, circuit.draw_node] += circuit.flow_ml_s
        tissue_diagonal = diagonal[:, n : n + b]
        reduced = np.concatenate([diagonal[:, :n], diagonal[:, n + b :]], axis=1)
        for row in uptake_rows:
            np.subtract.at(reduced[row], bed_node, back[row] * exchange[row] / tissue_diagonal[row])
        system = pattern.stacked_system(reduced)
        if system is None:
            return None
        tissue_inverse = 1.0 / tissue_diagonal
        return cls(n, b, bed_node, exchange, back, uptake_rows, tissue_inverse, system)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """Each row of ``rhs`` solved with its own member's matrix."""
        n, b = self._n, self._b
        tissue_rhs = rhs[:, n : n + b]
        reduced = np.concatenate([rhs[:, :n], rhs[:, n + b :]], axis=1)
        for row in self._uptake_rows:
            np.add.at(
                reduced[row],
                self._bed_node,
                self._back[row] * tissue_rhs[row] * self._tissue_inverse[row],
            )
        solution = self._system.solve(reduced)
        # Without uptake the capillary's share is an exact zero, as the drug's own step has it.
        tissue = tissue_rhs * self._tissue_inverse + self._exchange_scaled * np.take(
            solution, self._bed_node, axis=1
        )
        return np.concatenate([solution[:, :n], tissue, solution[:, n:]], axis=1)
