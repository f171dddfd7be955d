"""Which network nodes lie inside the scenario's isolated region.

Every node belongs to the region of the nearest bed it can reach without passing a device (a
balloon, cuff or coil, inflated or not): the devices are where the region's borders are meant
to be. The heart chambers are nodes like any other: in isolated thoracic perfusion the heart
pumps the drug around the region and belongs to it. Vessels the scenario lists as inside count
as inside wherever no device sits on them. Drug that crosses from an inside node to an outside
one has leaked.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import dijkstra

from simulator.physics.network import EdgeKind, Network

_EPSILON_MM = 1e-6
ABSENT_SCALE = 1e-6  # zero-length edges (beds, valves) still connect in the graph


def inside_nodes(network: Network, region_beds: set[str], region_segments: set[str]) -> np.ndarray:
    n = network.node_count
    # Device gaps are borders; vessels a patient does not have (strength 0) connect nothing.
    keep = (network.edge_kind != EdgeKind.DEVICE_GAP) & (network.edge_scale > ABSENT_SCALE)
    weight = np.maximum(network.edge_length_mm, _EPSILON_MM)[keep]
    f, t = network.edge_from[keep], network.edge_to[keep]
    graph = sparse.csr_matrix(
        (np.concatenate([weight, weight]), (np.concatenate([f, t]), np.concatenate([t, f]))),
        shape=(n, n),
    )
    inside_sources, outside_sources = set(), set()
    for bed, nodes in network.bed_nodes.items():
        (inside_sources if bed in region_beds else outside_sources).update(nodes)
    gaps = network.edge_kind == EdgeKind.DEVICE_GAP
    gap_nodes = set(network.edge_from[gaps].tolist()) | set(network.edge_to[gaps].tolist())
    for segment in region_segments:
        edges = network.segment_edges.get(segment, ())
        nodes = {int(network.edge_from[e]) for e in edges} | {
            int(network.edge_to[e]) for e in edges
        }
        if not nodes & gap_nodes and not _touches_gap_segment(network, segment):
            inside_sources.update(nodes)
    outside_sources -= inside_sources
    d_in = _nearest(graph, inside_sources, n)
    d_out = _nearest(graph, outside_sources, n)
    # A node no bed reaches (inside an absent vessel) belongs to no region.
    return (d_in <= d_out) & np.isfinite(d_in)


def _touches_gap_segment(network: Network, segment: str) -> bool:
    return any(key.split(":")[1] == segment for key in network.gap_edges if key.count(":") >= 2)


def _nearest(graph, sources: set[int], n: int) -> np.ndarray:
    if not sources:
        return np.full(n, np.inf)
    return dijkstra(graph, directed=False, indices=sorted(sources), min_only=True)
