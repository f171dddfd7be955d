"""The lumped network: nodes with compliance, edges with resistance and inertance.

Node state is a volume V = V0 + C P. An edge carries flow Q from ``edge_from`` to
``edge_to`` with  L dQ/dt = P_from - P_to - R Q.  Devices act only through
``Network.with_conductance_scale``: a scale in [0, 1] that never reaches zero, because a
sealed compartment with an infusion is a real situation and must stay finite.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum

import numpy as np

from simulator.physics.heart import ChamberParameters

CONDUCTANCE_FLOOR = 1.0e-7
"""Smallest conductance scale: a fully closed vessel still passes 1e-7 of its open flow for the
same pressure difference, so every matrix stays non-singular and every value finite."""

ABSOLUTE_CONDUCTANCE_FLOOR_ML_S_PER_MMHG = 1.0e-7
"""A closed element also passes no more than this (0.04 mL/h at 100 mmHg): a nearly
resistance-free element, such as a device gap, would otherwise still leak through its relative
floor."""


class EdgeKind(IntEnum):
    VESSEL = 0
    BED = 1
    BED_VENOUS = 2
    VALVE = 3
    DEVICE_GAP = 4
    EXTERNAL = 5


class NodeKind(IntEnum):
    JUNCTION = 0
    SEGMENT_INTERIOR = 1
    BED_ARTERIAL = 2
    BED_VENOUS = 3
    BED_OUTLET = 4
    CHAMBER = 5
    BOUNDARY = 6


@dataclass(frozen=True)
class MeanPump:
    """A beat-averaged ventricle between ``inlet`` (its own node) and ``outlet``:
    Q = rate_hz * (preload_gain P_inlet - afterload_gain P_outlet - offset)."""

    inlet: int
    outlet: int
    valve_edges: tuple[int, int]
    preload_gain_ml_per_mmHg: float
    afterload_gain_ml_per_mmHg: float
    offset_ml: float


@dataclass(frozen=True)
class Network:
    node_names: tuple[str, ...]
    node_kind: np.ndarray
    node_compliance: np.ndarray  # mL/mmHg; for chambers the diastolic 1/E_min
    node_unstressed_volume: np.ndarray  # mL
    edge_names: tuple[str, ...]
    edge_kind: np.ndarray
    edge_from: np.ndarray
    edge_to: np.ndarray
    edge_resistance: np.ndarray  # open resistance, mmHg s/mL
    edge_inertance: np.ndarray  # mmHg s^2/mL
    edge_scale: np.ndarray  # conductance scale, 1 = open; the floor is applied when used
    edge_compliance: np.ndarray  # mL/mmHg of the vessel piece (already shared onto its nodes)
    edge_volume: np.ndarray  # unstressed lumen volume of the vessel piece, mL
    edge_length_mm: np.ndarray = field(default_factory=lambda: np.zeros(0))  # 0 off vessels
    chambers: tuple[ChamberParameters, ...] = ()
    valve_edges: tuple[int, ...] = ()
    pumps: tuple[MeanPump, ...] = ()
    heart_rate_bpm: float = 75.0
    fixed_pressure_nodes: dict[int, float] = field(default_factory=dict)
    segment_edges: dict[str, tuple[int, ...]] = field(default_factory=dict)
    segment_kind: dict[str, str] = field(default_factory=dict)
    bed_nodes: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    bed_edges: dict[str, tuple[int, int]] = field(default_factory=dict)
    split_nodes: dict[str, int] = field(default_factory=dict)
    gap_edges: dict[str, int] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return len(self.node_names)

    @property
    def edge_count(self) -> int:
        return len(self.edge_names)

    @property
    def beat_period_s(self) -> float:
        return 60.0 / self.heart_rate_bpm

    def node_index(self, name: str) -> int:
        return self._node_lookup[name]

    def edge_index(self, name: str) -> int:
        return self._edge_lookup[name]

    @property
    def _node_lookup(self) -> dict[str, int]:
        lookup = self.__dict__.get("_node_lookup_cache")
        if lookup is None:
            lookup = {name: i for i, name in enumerate(self.node_names)}
            object.__setattr__(self, "_node_lookup_cache", lookup)
        return lookup

    @property
    def _edge_lookup(self) -> dict[str, int]:
        lookup = self.__dict__.get("_edge_lookup_cache")
        if lookup is None:
            lookup = {name: i for i, name in enumerate(self.edge_names)}
            object.__setattr__(self, "_edge_lookup_cache", lookup)
        return lookup

    def share_lookups(self, other: Network) -> None:
        """Give ``other``, a copy with the same names (a retone), this network's name lookups
        instead of building its own: a retone every few seconds would rebuild them each time."""
        if other.node_names is self.node_names and other.edge_names is self.edge_names:
            for cache in ("_node_lookup_cache", "_edge_lookup_cache"):
                lookup = self.__dict__.get(cache)
                if lookup is not None:
                    object.__setattr__(other, cache, lookup)

    def floor_scale(self) -> np.ndarray:
        """Per edge, the scale a fully closed element keeps: the relative floor, or less where
        that would still pass more than the absolute floor."""
        return np.minimum(
            CONDUCTANCE_FLOOR, ABSOLUTE_CONDUCTANCE_FLOOR_ML_S_PER_MMHG * self.edge_resistance
        )

    def effective_resistance(self) -> np.ndarray:
        """Open resistance divided by the device scale, never above the closed limit."""
        return self.edge_resistance / np.maximum(self.edge_scale, self.floor_scale())

    def effective_conductance(self) -> np.ndarray:
        """Open conductance times the device scale, never below the floor."""
        return 1.0 / self.effective_resistance()

    def with_conductance_scale(self, scale: np.ndarray) -> Network:
        """A copy with new per-edge conductance scales (clipped into [floor, large])."""
        clipped = np.clip(np.asarray(scale, dtype=float), 0.0, 1.0e6)
        if clipped.shape != self.edge_scale.shape:
            raise ValueError("conductance scale must have one entry per edge")
        return replace(self, edge_scale=clipped)

    def scaled_edges(self, scale_by_edge: dict[int, float]) -> Network:
        scale = self.edge_scale.copy()
        for edge, factor in scale_by_edge.items():
            scale[edge] *= factor
        return self.with_conductance_scale(scale)

    def incidence(self):
        """Sparse node-by-edge incidence: +1 where an edge enters a node, -1 where it leaves."""
        from scipy import sparse

        n, m = self.node_count, self.edge_count
        rows = np.concatenate([self.edge_to, self.edge_from])
        cols = np.concatenate([np.arange(m), np.arange(m)])
        data = np.concatenate([np.ones(m), -np.ones(m)])
        return sparse.csr_matrix((data, (rows, cols)), shape=(n, m))


def node_map(old: Network, new: Network) -> np.ndarray:
    """For each node of ``new``, its index in ``old`` by name, or -1 for a node ``old`` lacks."""
    lookup = {name: i for i, name in enumerate(old.node_names)}
    return np.array([lookup.get(name, -1) for name in new.node_names], dtype=np.int64)


def carry_over(
    new: Network, mapping: np.ndarray, values: np.ndarray, default: float = 0.0
) -> np.ndarray:
    """Per-node ``values`` of an old network onto a rebuilt one: known nodes keep theirs, a new
    node (a fresh split) takes the mean of its known neighbours."""
    result = np.full(new.node_count, default, dtype=float)
    known = mapping >= 0
    result[known] = values[mapping[known]]
    for node in np.flatnonzero(~known):
        neighbours = np.concatenate(
            [new.edge_to[new.edge_from == node], new.edge_from[new.edge_to == node]]
        )
        neighbours = neighbours[known[neighbours]]
        if len(neighbours):
            result[node] = result[neighbours].mean()
    return result
