"""What a map shows of one snapshot, reduced to the atlas' own units: values per vessel segment
and per tissue bed, and the devices as points on vessels.

The network a session solves splits every segment into transport pieces and device gaps; a map
draws segments. This module folds the one onto the other (plain numpy, no Qt), so the drawing
code only looks values up and a test can check them headless. Averaging matrices are built once
per network shape (the session rebuilds its network only when a device changes it) and reused
for every snapshot, which keeps the reduction cheap at display rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

from simulator.devices.balloon_geometry import balloon_diameter_mm
from simulator.devices.cuff_rules import CuffState, cuff_effect
from simulator.devices.effects import port_point, vessel_diameter_mm
from simulator.devices.navigation import VesselPoint
from simulator.devices.state import DeviceSet
from simulator.physics.network import EdgeKind, Network
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.catalog_file import BalloonCatheter, CatalogFile
from simulator.session.limits import SYSTOLIC_OVER_MEAN

VENOUS_PRESSURE_UNDER_CUFF_MARGIN_MMHG = 5.0
"""The session judges a cuff against central venous pressure plus this (``Session.rebuild``);
the picture uses the same rule so the map says what the physics does."""


@dataclass(frozen=True)
class BalloonPicture:
    index: int
    centre: VesselPoint
    volume_ml: float
    diameter_mm: float
    """Free diameter at this filling (``balloon_geometry.balloon_diameter_mm``)."""
    vessel_diameter_mm: float
    working_length_mm: float


@dataclass(frozen=True)
class PortPicture:
    function: str
    index: int
    point: VesselPoint
    infusing: bool


@dataclass(frozen=True)
class CatheterPicture:
    catheter_id: str
    model: str
    access: VesselPoint
    tip: VesselPoint
    legs: tuple[tuple[str, float, float], ...]
    """(segment, start, end) from the access site to the tip, positions 0..1 along the segment."""
    balloons: tuple[BalloonPicture, ...]
    ports: tuple[PortPicture, ...]
    infusing_drug: str | None


@dataclass(frozen=True)
class CuffPicture:
    limb_root: str
    pressure_mmHg: float
    state: CuffState
    """"full": arteries and veins closed; "venous_only": only the veins; "none": open."""


@dataclass(frozen=True)
class CircuitPicture:
    circuit_id: str
    draw: VesselPoint
    return_point: VesselPoint
    flow_ml_min: float
    extraction: float
    oxygenated: bool


@dataclass(frozen=True)
class EmbolizationPicture:
    key: str
    point: VesselPoint
    agent: Literal["coil", "particles"]


@dataclass(frozen=True)
class DevicePicture:
    catheters: tuple[CatheterPicture, ...] = ()
    cuffs: tuple[CuffPicture, ...] = ()
    circuits: tuple[CircuitPicture, ...] = ()
    embolizations: tuple[EmbolizationPicture, ...] = ()


@dataclass(frozen=True)
class Picture:
    """Per-segment arrays follow ``segment_ids``; per-bed arrays follow ``bed_ids``."""

    t_s: float
    segment_ids: tuple[str, ...]
    segment_flow_ml_s: np.ndarray
    """Signed, beat mean, averaged over the segment's pieces (+ = from_node → to_node)."""
    segment_pressure_in_mmHg: np.ndarray
    segment_pressure_out_mmHg: np.ndarray
    segment_concentration_mg_ml: dict[str, np.ndarray]
    """Per drug: mean over the nodes along the segment."""
    segment_leak_mg_min: dict[str, np.ndarray]
    """Per drug: drug mass flux on the leak path, NaN on vessels off it (inside the region, or
    outside and carrying none). Where a segment crosses the region border it is the flux
    leaving; outside it is the flux the vessel carries."""
    segment_inside: np.ndarray
    piece_offsets: np.ndarray
    """Pieces of segment i are ``piece_offsets[i]:piece_offsets[i + 1]`` of the piece arrays."""
    piece_start: np.ndarray
    piece_end: np.ndarray
    """Where each transport piece starts and ends along its segment, 0..1 from its from_node."""
    piece_concentration_mg_ml: dict[str, np.ndarray]
    """Per drug: mean of each piece's two end nodes, so a map can show a drug front advancing
    along a long vessel."""
    bed_ids: tuple[str, ...]
    bed_flow_ml_s: np.ndarray
    bed_fraction_of_cardiac_output: np.ndarray
    bed_concentration_mg_ml: dict[str, np.ndarray]
    bed_leak_mg_min: dict[str, np.ndarray]
    bed_inside: np.ndarray
    leak_out_mg_min: dict[str, float]
    """Per drug: total flux leaving the region across its border right now."""
    mean_arterial_pressure_mmHg: float
    central_venous_pressure_mmHg: float
    devices: DevicePicture

    def segment_state(self, segment_id: str) -> dict[str, float]:
        """The segment's entry in the shape ``describe.segment_lines`` reads."""
        i = self.segment_ids.index(segment_id)
        return {
            "flow_ml_s": float(self.segment_flow_ml_s[i]),
            "pressure_in_mmHg": float(self.segment_pressure_in_mmHg[i]),
            "pressure_out_mmHg": float(self.segment_pressure_out_mmHg[i]),
        }

    def bed_state(self, bed_id: str) -> dict[str, float]:
        i = self.bed_ids.index(bed_id)
        return {
            "flow_ml_s": float(self.bed_flow_ml_s[i]),
            "fraction_of_cardiac_output": float(self.bed_fraction_of_cardiac_output[i]),
        }


@dataclass(frozen=True)
class _Folding:
    """How one network shape folds onto segments and beds: sparse averaging matrices."""

    segment_edge_mean: sparse.csr_matrix
    segment_node_mean: sparse.csr_matrix
    segment_first_node: np.ndarray
    segment_last_node: np.ndarray
    piece_offsets: np.ndarray
    piece_start: np.ndarray
    piece_end: np.ndarray
    piece_from_node: np.ndarray
    piece_to_node: np.ndarray
    segment_edge_member: sparse.csr_matrix
    """1 where an edge (vessel piece or device gap) belongs to the segment."""
    bed_arterial_node: np.ndarray
    bed_edge: np.ndarray
    bed_node_mean: sparse.csr_matrix
    aortic_root: int
    right_atrium: int
    aortic_valve: int


def _gap_segment(edge_name: str) -> str:
    return edge_name.split("@", 1)[0]


def _fold(network: Network, segment_ids: tuple[str, ...], bed_ids: tuple[str, ...]) -> _Folding:
    edge_rows, edge_cols, node_rows, node_cols, member_rows, member_cols = [], [], [], [], [], []
    first, last = [], []
    offsets, starts, ends, piece_from, piece_to = [0], [], [], [], []
    segment_row = {segment_id: row for row, segment_id in enumerate(segment_ids)}
    for row, segment_id in enumerate(segment_ids):
        edges = network.segment_edges.get(segment_id, ())
        edge_rows += [row] * len(edges)
        edge_cols += list(edges)
        member_rows += [row] * len(edges)
        member_cols += list(edges)
        nodes = [int(network.edge_from[e]) for e in edges] + [int(network.edge_to[edges[-1]])]
        node_rows += [row] * len(nodes)
        node_cols += nodes
        first.append(nodes[0])
        last.append(nodes[-1])
        lengths = network.edge_length_mm[list(edges)]
        total = float(lengths.sum())
        along = np.cumsum(lengths) / total if total > 0 else np.linspace(0, 1, len(edges) + 1)[1:]
        starts += [0.0, *along[:-1].tolist()]
        ends += along.tolist()
        ends[-1] = 1.0
        piece_from += [int(network.edge_from[e]) for e in edges]
        piece_to += [int(network.edge_to[e]) for e in edges]
        offsets.append(offsets[-1] + len(edges))
    gaps = np.flatnonzero(network.edge_kind == EdgeKind.DEVICE_GAP)
    for edge in gaps:
        row = segment_row.get(_gap_segment(network.edge_names[edge]))
        if row is not None:
            member_rows.append(row)
            member_cols.append(int(edge))
    shape_edges = (len(segment_ids), network.edge_count)
    shape_nodes = (len(segment_ids), network.node_count)
    bed_rows, bed_cols = [], []
    for row, bed_id in enumerate(bed_ids):
        arterial, venous, _outlet = network.bed_nodes[bed_id]
        bed_rows += [row, row]
        bed_cols += [arterial, venous]
    return _Folding(
        segment_edge_mean=_mean_matrix(edge_rows, edge_cols, shape_edges),
        segment_node_mean=_mean_matrix(node_rows, node_cols, shape_nodes),
        segment_first_node=np.array(first, dtype=np.int64),
        segment_last_node=np.array(last, dtype=np.int64),
        piece_offsets=np.array(offsets, dtype=np.int64),
        piece_start=np.array(starts),
        piece_end=np.array(ends),
        piece_from_node=np.array(piece_from, dtype=np.int64),
        piece_to_node=np.array(piece_to, dtype=np.int64),
        segment_edge_member=sparse.csr_matrix(
            (np.ones(len(member_rows)), (member_rows, member_cols)), shape=shape_edges
        ),
        bed_arterial_node=np.array([network.bed_nodes[b][0] for b in bed_ids], dtype=np.int64),
        bed_edge=np.array([network.bed_edges[b][0] for b in bed_ids], dtype=np.int64),
        bed_node_mean=_mean_matrix(bed_rows, bed_cols, (len(bed_ids), network.node_count)),
        aortic_root=network.node_index("aortic_root"),
        right_atrium=network.node_index("right_atrium"),
        aortic_valve=network.edge_index("aortic_valve"),
    )


def _mean_matrix(rows: list[int], cols: list[int], shape: tuple[int, int]) -> sparse.csr_matrix:
    counts = np.bincount(np.asarray(rows, dtype=np.int64), minlength=shape[0]).astype(float)
    weights = 1.0 / np.maximum(counts, 1.0)
    rows_array = np.asarray(rows, dtype=np.int64)
    return sparse.csr_matrix((weights[rows_array], (rows_array, cols)), shape=shape)


_SHAPE_FIELDS = (
    "edge_from",
    "edge_to",
    "edge_length_mm",
    "edge_kind",
    "edge_names",
    "segment_edges",
    "bed_nodes",
    "bed_edges",
    "node_names",
)
"""What a folding reads of a network. A retone (the reflex, a drug's tone) makes a new network
that shares these objects with the old one; a rebuild (a device change) makes new ones."""


def _same_shape(old: Network, new: Network) -> bool:
    """Whether ``new`` folds as ``old`` does: the very same topology objects (the old network
    is held, so their identities cannot be reused)."""
    return new is old or all(getattr(new, f) is getattr(old, f) for f in _SHAPE_FIELDS)


class PictureMaker:
    """Turns snapshots into pictures for one atlas and catalog; remembers the last network's
    folding so that consecutive snapshots of the same network shape cost a few sparse products.
    """

    def __init__(self, atlas: AtlasFile, catalog: CatalogFile) -> None:
        self.atlas = atlas
        self.catalog = catalog
        self.segment_ids = tuple(segment.id for segment in atlas.segments)
        self.bed_ids = tuple(bed.id for bed in atlas.beds)
        self._strengths = {s.id: s.default_strength for s in atlas.segments}
        self._folding_network: Network | None = None
        self._folding: _Folding | None = None

    def folding(self, network: Network) -> _Folding:
        held = self._folding_network
        if held is None or not _same_shape(held, network):
            self._folding = _fold(network, self.segment_ids, self.bed_ids)
        self._folding_network = network
        assert self._folding is not None
        return self._folding

    def picture(self, snapshot) -> Picture:
        """``snapshot`` is a ``session.Snapshot`` (not imported: the session imports heavy
        modules this one does not need)."""
        network: Network = snapshot.network
        fold = self.folding(network)
        pressure = np.asarray(snapshot.state.pressure_mmHg, dtype=float)
        flow = np.asarray(snapshot.state.flow_ml_s, dtype=float)
        inside = np.asarray(snapshot.inside, dtype=bool)
        segment_concentration, segment_leak, bed_concentration, bed_leak, leak_out = (
            {},
            {},
            {},
            {},
            {},
        )
        piece_concentration = {}
        upstream = np.where(flow >= 0.0, network.edge_from, network.edge_to)
        downstream = np.where(flow >= 0.0, network.edge_to, network.edge_from)
        leaving = inside[upstream] & ~inside[downstream]
        outside_edge = ~inside[upstream] & ~inside[downstream]
        for drug, concentration in snapshot.concentration_mg_ml.items():
            c = np.asarray(concentration, dtype=float)
            flux_mg_min = np.abs(flow) * c[upstream] * 60.0
            segment_concentration[drug] = fold.segment_node_mean @ c
            piece_concentration[drug] = 0.5 * (c[fold.piece_from_node] + c[fold.piece_to_node])
            on_path = np.where(leaving | (outside_edge & (flux_mg_min > 0.0)), flux_mg_min, 0.0)
            path_edges = (leaving | (outside_edge & (flux_mg_min > 0.0))).astype(float)
            touched = fold.segment_edge_member @ path_edges
            largest = _row_max(fold.segment_edge_member, on_path)
            segment_leak[drug] = np.where(touched > 0.0, largest, np.nan)
            bed_concentration[drug] = fold.bed_node_mean @ c
            bed_flux = flux_mg_min[fold.bed_edge]
            bed_outside = ~inside[fold.bed_arterial_node]
            bed_leak[drug] = np.where(bed_outside & (bed_flux > 0.0), bed_flux, np.nan)
            leak_out[drug] = float(flux_mg_min[leaving].sum())
        bed_flow = flow[fold.bed_edge]
        cardiac_output = float(flow[fold.aortic_valve])  # as Circulation.report
        return Picture(
            t_s=float(snapshot.t_s),
            segment_ids=self.segment_ids,
            segment_flow_ml_s=fold.segment_edge_mean @ flow,
            segment_pressure_in_mmHg=pressure[fold.segment_first_node],
            segment_pressure_out_mmHg=pressure[fold.segment_last_node],
            segment_concentration_mg_ml=segment_concentration,
            segment_leak_mg_min=segment_leak,
            segment_inside=(fold.segment_node_mean @ inside.astype(float)) > 0.5,
            piece_offsets=fold.piece_offsets,
            piece_start=fold.piece_start,
            piece_end=fold.piece_end,
            piece_concentration_mg_ml=piece_concentration,
            bed_ids=self.bed_ids,
            bed_flow_ml_s=bed_flow,
            bed_fraction_of_cardiac_output=bed_flow / cardiac_output
            if cardiac_output > 0.0
            else np.zeros_like(bed_flow),
            bed_concentration_mg_ml=bed_concentration,
            bed_leak_mg_min=bed_leak,
            bed_inside=inside[fold.bed_arterial_node],
            leak_out_mg_min=leak_out,
            mean_arterial_pressure_mmHg=float(pressure[fold.aortic_root]),
            central_venous_pressure_mmHg=float(pressure[fold.right_atrium]),
            devices=self.devices(
                snapshot.devices,
                float(pressure[fold.aortic_root]),
                float(pressure[fold.right_atrium]),
            ),
        )

    def devices(
        self, devices: DeviceSet, mean_arterial_mmHg: float, central_venous_mmHg: float
    ) -> DevicePicture:
        catheters = tuple(self._catheter(c) for c in devices.catheters.values())
        systolic = SYSTOLIC_OVER_MEAN * mean_arterial_mmHg
        venous = min(
            central_venous_mmHg + VENOUS_PRESSURE_UNDER_CUFF_MARGIN_MMHG, 0.5 * systolic
        )  # a collapsed circulation must not make the cuff rule refuse to answer
        cuffs = tuple(
            CuffPicture(root, pressure, cuff_effect(pressure, systolic, venous).state)
            for root, pressure in sorted(devices.cuffs_mmHg.items())
            if pressure > 0.0
        )
        circuits = tuple(
            CircuitPicture(
                c.circuit_id,
                c.draw,
                c.return_point,
                c.flow_ml_s * 60.0,
                c.extraction,
                c.oxygenated,
            )
            for c in devices.circuits.values()
        )
        embolizations = tuple(
            EmbolizationPicture(
                f"{e.agent}:{e.vessel}:{e.position:.6f}:{i}",
                VesselPoint(e.vessel, e.position),
                e.agent,  # type: ignore[arg-type]
            )
            for i, e in enumerate(devices.embolizations)
        )
        return DevicePicture(catheters, cuffs, circuits, embolizations)

    def _catheter(self, catheter) -> CatheterPicture:
        device = self.catalog.device(catheter.model)
        balloons = []
        if isinstance(device, BalloonCatheter):
            for index, spec in enumerate(device.balloons):
                centre = catheter.route.point_back_from_tip(
                    spec.distance_from_tip_mm + 0.5 * spec.working_length_mm
                )
                volume = float(catheter.balloon_volume_ml.get(index, 0.0))
                curve = [tuple(point) for point in spec.volume_diameter_curve]
                balloons.append(
                    BalloonPicture(
                        index,
                        centre,
                        volume,
                        float(balloon_diameter_mm(curve, volume)),
                        vessel_diameter_mm(self.atlas, centre, self._strengths),
                        spec.working_length_mm,
                    )
                )
        infusion = catheter.infusion
        ports = []
        for function in ("infusion", "aspiration"):
            openings = [p for p in getattr(device, "ports", []) if p.function == function]
            for index in range(len(openings)):
                ports.append(
                    PortPicture(
                        function,
                        index,
                        port_point(catheter, device, function, index),
                        infusing=function == "infusion"
                        and infusion is not None
                        and infusion.port == index,
                    )
                )
        if infusion is not None and not any(p.function == "infusion" for p in ports):
            ports.append(PortPicture("infusion", 0, catheter.route.tip, infusing=True))
        route = catheter.route
        return CatheterPicture(
            catheter.catheter_id,
            catheter.model,
            route.access,
            route.tip,
            tuple((leg.segment, leg.start, leg.end) for leg in route.legs),
            tuple(balloons),
            tuple(ports),
            infusion.drug if infusion is not None else None,
        )


def _row_max(member: sparse.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Per row of a 0/1 membership matrix, the largest value among its member columns (0 for
    an empty row); values are non-negative."""
    # Row by row over the stored entries (what member.multiply(values).max(axis=1) does,
    # without building a sparse matrix per drug and frame).
    largest = np.zeros(member.shape[0])
    picked = values[member.indices] * member.data
    filled = np.diff(member.indptr) > 0
    if picked.size:
        largest[filled] = np.maximum(np.maximum.reduceat(picked, member.indptr[:-1][filled]), 0.0)
    return largest
