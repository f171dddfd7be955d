"""Hand-built networks with known answers."""

from __future__ import annotations

import numpy as np

from simulator.physics.network import EdgeKind, Network, NodeKind


def chain_network(resistances, compliances, inertances=None, fixed=None) -> Network:
    """Nodes 0..n in a chain, edge i from node i to node i+1."""
    n_edges = len(resistances)
    inertances = inertances or [0.0] * n_edges
    return Network(
        node_names=tuple(f"n{i}" for i in range(n_edges + 1)),
        node_kind=np.full(n_edges + 1, int(NodeKind.JUNCTION), dtype=np.int8),
        node_compliance=np.array(compliances, dtype=float),
        node_unstressed_volume=np.zeros(n_edges + 1),
        edge_names=tuple(f"e{i}" for i in range(n_edges)),
        edge_kind=np.full(n_edges, int(EdgeKind.EXTERNAL), dtype=np.int8),
        edge_from=np.arange(n_edges),
        edge_to=np.arange(1, n_edges + 1),
        edge_resistance=np.array(resistances, dtype=float),
        edge_inertance=np.array(inertances, dtype=float),
        edge_scale=np.ones(n_edges),
        edge_compliance=np.zeros(n_edges),
        edge_volume=np.zeros(n_edges),
        fixed_pressure_nodes=dict(fixed or {}),
    )
