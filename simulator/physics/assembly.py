"""Build the lumped network from the atlas, a patient variant and the points where devices sit.

A split at a fraction of a segment adds a node there, so that branches above and below a device
see the right pressures; a *gap* split adds two nodes joined by a short device edge whose
conductance a balloon, cuff or coil scales.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from simulator.physics.elements import (
    blood_inertance,
    lumen_volume,
    poiseuille_resistance,
    wall_compliance,
)
from simulator.physics.heart import ChamberParameters
from simulator.physics.network import CONDUCTANCE_FLOOR, EdgeKind, MeanPump, Network, NodeKind
from simulator.scenario.atlas_file import AtlasFile, SegmentEntry

ARTERIAL_KINDS = frozenset({"artery", "pulmonary_artery"})
MIN_GEOMETRIC_STRENGTH = 0.05
GAP_RESISTANCE_FRACTION = 1.0e-3
"""A device gap is as transparent as a millimetre of its vessel when nothing closes it."""


@dataclass(frozen=True)
class SplitPoint:
    key: str
    segment: str
    position: float
    gap: bool = False


@dataclass(frozen=True)
class PatientVariant:
    """Per-patient changes: collateral strengths (radius multipliers) and bed resistances."""

    collateral_strengths: dict[str, float] = field(default_factory=dict)
    bed_resistance_factors: dict[str, float] = field(default_factory=dict)
    bed_venous_resistance_factors: dict[str, float] = field(default_factory=dict)


def _segment_parameters(atlas: AtlasFile, segment: SegmentEntry, strength: float):
    geometric = max(strength, MIN_GEOMETRIC_STRENGTH)
    rp = segment.radius_proximal_mm * geometric
    rd = segment.radius_distal_mm * geometric
    h = segment.wall_thickness_mm * geometric
    count = segment.count
    resistance = (
        poiseuille_resistance(atlas.blood.viscosity_mPa_s, segment.length_mm, rp, rd) / count
    )
    compliance = wall_compliance(segment.length_mm, rp, rd, segment.youngs_modulus_kPa, h) * count
    inertance = blood_inertance(atlas.blood.density_g_per_ml, segment.length_mm, rp, rd) / count
    volume = lumen_volume(segment.length_mm, rp, rd) * count
    closing_scale = (
        1.0
        if strength >= MIN_GEOMETRIC_STRENGTH
        else max((strength / MIN_GEOMETRIC_STRENGTH) ** 4, CONDUCTANCE_FLOOR)
    )
    return resistance, compliance, inertance, volume, closing_scale


class _Builder:
    def __init__(self) -> None:
        self.node_names: list[str] = []
        self.node_kind: list[int] = []
        self.compliance: list[float] = []
        self.unstressed: list[float] = []
        self.lookup: dict[str, int] = {}
        self.edge_names: list[str] = []
        self.edge_kind: list[int] = []
        self.edge_from: list[int] = []
        self.edge_to: list[int] = []
        self.resistance: list[float] = []
        self.inertance: list[float] = []
        self.scale: list[float] = []
        self.edge_compliance: list[float] = []
        self.edge_volume: list[float] = []
        self.edge_length: list[float] = []

    def node(self, name: str, kind: NodeKind, compliance: float = 0.0, volume: float = 0.0) -> int:
        index = self.lookup.get(name)
        if index is None:
            index = len(self.node_names)
            self.lookup[name] = index
            self.node_names.append(name)
            self.node_kind.append(int(kind))
            self.compliance.append(0.0)
            self.unstressed.append(0.0)
        self.compliance[index] += compliance
        self.unstressed[index] += volume
        return index

    def edge(
        self,
        name,
        kind,
        start,
        end,
        resistance,
        inertance=0.0,
        scale=1.0,
        compliance=0.0,
        volume=0.0,
        length=0.0,
    ) -> int:
        self.edge_compliance.append(compliance)
        self.edge_volume.append(volume)
        self.edge_length.append(length)
        self.edge_names.append(name)
        self.edge_kind.append(int(kind))
        self.edge_from.append(start)
        self.edge_to.append(end)
        self.resistance.append(resistance)
        self.inertance.append(inertance)
        self.scale.append(scale)
        return len(self.edge_names) - 1


def _bed_node_name(bed: str, part: str) -> str:
    return f"{bed}.{part}"


def build_network(
    atlas: AtlasFile,
    variant: PatientVariant | None = None,
    splits: tuple[SplitPoint, ...] = (),
) -> Network:
    variant = variant or PatientVariant()
    builder = _Builder()
    bed_ids = {bed.id for bed in atlas.beds}
    chamber_ids = {chamber.id for chamber in atlas.heart.chambers}

    # Heart chambers first: their indices are stable and the transient solver treats them apart.
    chamber_params = []
    for chamber in atlas.heart.chambers:
        is_ventricle = chamber.id.endswith("ventricle")
        pump = atlas.heart.left_pump if chamber.id == "left_ventricle" else atlas.heart.right_pump
        mean_compliance = (
            pump.mean_chamber_compliance_ml_per_mmHg
            if is_ventricle
            else atlas.heart.atrium_mean_compliance_ml_per_mmHg
        )
        mean_volume = (
            pump.mean_chamber_unstressed_volume_ml
            if is_ventricle
            else atlas.heart.atrium_mean_unstressed_volume_ml
        )
        index = builder.node(chamber.id, NodeKind.CHAMBER, mean_compliance, mean_volume)
        chamber_params.append(
            ChamberParameters(
                node=index,
                elastance_max_mmHg_per_ml=chamber.elastance_max_mmHg_per_ml,
                elastance_min_mmHg_per_ml=chamber.elastance_min_mmHg_per_ml,
                unstressed_volume_ml=chamber.unstressed_volume_ml,
                activation_onset=chamber.activation_onset,
                contraction_fraction=chamber.contraction_fraction,
                relaxation_fraction=chamber.relaxation_fraction,
            )
        )

    bed_nodes: dict[str, tuple[int, int, int]] = {}
    bed_edges: dict[str, tuple[int, int]] = {}
    for bed in atlas.beds:
        arterial = builder.node(
            _bed_node_name(bed.id, "arterial"),
            NodeKind.BED_ARTERIAL,
            bed.arterial_compliance_ml_per_mmHg,
            bed.arterial_unstressed_volume_ml,
        )
        venous = builder.node(
            _bed_node_name(bed.id, "venous"),
            NodeKind.BED_VENOUS,
            bed.venous_compliance_ml_per_mmHg,
            bed.venous_unstressed_volume_ml,
        )
        outlet = builder.node(_bed_node_name(bed.id, "outlet"), NodeKind.BED_OUTLET, 1e-3, 0.0)
        resistance = bed.resistance_mmHg_s_per_ml * variant.bed_resistance_factors.get(bed.id, 1.0)
        venous_resistance = bed.venous_resistance_mmHg_s_per_ml * (
            variant.bed_venous_resistance_factors.get(bed.id, 1.0)
        )
        e_bed = builder.edge(f"{bed.id}.bed", EdgeKind.BED, arterial, venous, resistance)
        e_ven = builder.edge(
            f"{bed.id}.venous", EdgeKind.BED_VENOUS, venous, outlet, venous_resistance
        )
        bed_nodes[bed.id] = (arterial, venous, outlet)
        bed_edges[bed.id] = (e_bed, e_ven)

    def endpoint(node: str, kind: str, is_start: bool) -> int:
        if node in bed_ids:
            # Arteries meet a bed at its arterial node; veins leave from its outlet, and portal
            # veins arrive at its venous node (the hepatic sinusoids).
            if kind in ARTERIAL_KINDS:
                part = "arterial"
            elif is_start:
                part = "outlet"
            else:
                part = "venous"
            return builder.lookup[_bed_node_name(node, part)]
        if node in chamber_ids:
            return builder.lookup[node]
        return builder.node(node, NodeKind.JUNCTION)

    splits_by_segment: dict[str, list[SplitPoint]] = defaultdict(list)
    for split in splits:
        splits_by_segment[split.segment].append(split)

    segment_edges: dict[str, tuple[int, ...]] = {}
    segment_kind: dict[str, str] = {}
    split_nodes: dict[str, int] = {}
    gap_edges: dict[str, int] = {}
    for segment in atlas.segments:
        strength = variant.collateral_strengths.get(segment.id, segment.default_strength)
        resistance, compliance, inertance, volume, closing = _segment_parameters(
            atlas, segment, strength
        )
        start = endpoint(segment.from_node, segment.kind, True)
        end = endpoint(segment.to_node, segment.kind, False)
        points = sorted(splits_by_segment.get(segment.id, []), key=lambda s: (s.position, s.key))
        cuts = [0.0] + [min(max(p.position, 0.0), 1.0) for p in points] + [1.0]
        previous = start
        edges = []
        for i in range(len(cuts) - 1):
            fraction = cuts[i + 1] - cuts[i]
            if i < len(points):
                split = points[i]
                near = builder.node(f"{segment.id}@{split.key}", NodeKind.SEGMENT_INTERIOR)
                split_nodes[split.key] = near
            else:
                near = end
            builder.compliance[previous] += 0.5 * fraction * compliance
            builder.compliance[near] += 0.5 * fraction * compliance
            builder.unstressed[previous] += 0.5 * fraction * volume
            builder.unstressed[near] += 0.5 * fraction * volume
            # A zero-length piece still needs a finite resistance: keep it a tiny share.
            piece = max(fraction, GAP_RESISTANCE_FRACTION)
            edges.append(
                builder.edge(
                    segment.id if len(cuts) == 2 else f"{segment.id}#{i}",
                    EdgeKind.VESSEL,
                    previous,
                    near,
                    resistance * piece,
                    inertance * piece,
                    closing,
                    compliance * fraction,
                    volume * fraction,
                    segment.length_mm * fraction,
                )
            )
            previous = near
            if i < len(points) and points[i].gap:
                after = builder.node(f"{segment.id}@{points[i].key}+", NodeKind.SEGMENT_INTERIOR)
                gap_edges[points[i].key] = builder.edge(
                    f"{segment.id}@{points[i].key}.gap",
                    EdgeKind.DEVICE_GAP,
                    near,
                    after,
                    resistance * GAP_RESISTANCE_FRACTION,
                    inertance * GAP_RESISTANCE_FRACTION,
                    closing,
                )
                previous = after
        segment_edges[segment.id] = tuple(edges)
        segment_kind[segment.id] = segment.kind

    valve_index = {}
    for valve in atlas.heart.valves:
        start = endpoint(valve.from_node, "artery", True)
        end = endpoint(valve.to_node, "artery", False)
        valve_index[valve.id] = builder.edge(
            valve.id,
            EdgeKind.VALVE,
            start,
            end,
            valve.open_resistance_mmHg_s_per_ml,
            valve.inertance_mmHg_s2_per_ml,
        )

    def mean_pump(ventricle: str, entry) -> MeanPump:
        inlet_valve = next(v for v in atlas.heart.valves if v.to_node == ventricle)
        outlet_valve = next(v for v in atlas.heart.valves if v.from_node == ventricle)
        return MeanPump(
            inlet=builder.lookup[ventricle],
            outlet=builder.edge_to[valve_index[outlet_valve.id]],
            valve_edges=(valve_index[inlet_valve.id], valve_index[outlet_valve.id]),
            preload_gain_ml_per_mmHg=entry.preload_gain_ml_per_mmHg,
            afterload_gain_ml_per_mmHg=entry.afterload_gain_ml_per_mmHg,
            offset_ml=entry.offset_ml,
        )

    pumps = (
        mean_pump("left_ventricle", atlas.heart.left_pump),
        mean_pump("right_ventricle", atlas.heart.right_pump),
    )
    return Network(
        node_names=tuple(builder.node_names),
        node_kind=np.array(builder.node_kind, dtype=np.int8),
        node_compliance=np.array(builder.compliance),
        node_unstressed_volume=np.array(builder.unstressed),
        edge_names=tuple(builder.edge_names),
        edge_kind=np.array(builder.edge_kind, dtype=np.int8),
        edge_from=np.array(builder.edge_from, dtype=np.int64),
        edge_to=np.array(builder.edge_to, dtype=np.int64),
        edge_resistance=np.array(builder.resistance),
        edge_inertance=np.array(builder.inertance),
        edge_scale=np.array(builder.scale),
        edge_compliance=np.array(builder.edge_compliance),
        edge_volume=np.array(builder.edge_volume),
        edge_length_mm=np.array(builder.edge_length),
        chambers=tuple(chamber_params),
        valve_edges=tuple(valve_index.values()),
        pumps=pumps,
        heart_rate_bpm=atlas.heart.heart_rate_bpm,
        segment_edges=segment_edges,
        segment_kind=segment_kind,
        bed_nodes=bed_nodes,
        bed_edges=bed_edges,
        split_nodes=split_nodes,
        gap_edges=gap_edges,
    )
