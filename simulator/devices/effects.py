"""How the devices in the patient change the network.

A device never edits the network directly: this module turns a ``DeviceSet`` into a
``NetworkEffects`` (split points, conductance scales for device gaps, bed resistance factors,
volume sources) that the session builds the network from. Balloons, cuffs and coils sit on
*gaps* (two nodes joined by a short device edge), infusion tips and circuit ends on plain
split nodes, so a branch just above a balloon stays above it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from simulator.devices.balloon_geometry import (
    balloon_diameter_mm,
    is_burst,
    occluded_conductance_factor,
    overdistension_ratio,
)
from simulator.devices.cuff_rules import cuff_effect
from simulator.devices.navigation import VesselPoint
from simulator.devices.state import CatheterState, DeviceSet
from simulator.physics.assembly import ARTERIAL_KINDS, GAP_RESISTANCE_FRACTION, SplitPoint
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.catalog_file import BalloonCatheter, CatalogFile

CUFF_WIDTH_MM = {"thigh": 120.0, "arm": 90.0}
"""[E] compressed length under a limb tourniquet (thigh cuffs 10-15 cm wide, arm cuffs 7-10 cm)."""
COIL_PACK_MM = 15.0
"""[E] length of vessel a packed coil occludes."""
PARTICLE_MAX_RESISTANCE_FACTOR = 1.0e4
"""Particles to stasis raise a bed's resistance this much at most: some flow always finds its
way through a packed bed."""


def point_key(point: VesselPoint) -> str:
    """One key per place, so devices at the same place share a split."""
    return f"{point.segment}:{point.position:.6f}"


@dataclass(frozen=True)
class BalloonReading:
    catheter_id: str
    balloon: int
    point: VesselPoint
    volume_ml: float
    diameter_mm: float
    vessel_diameter_mm: float
    seal_conductance_factor: float
    overdistension_ratio: float
    burst: bool


@dataclass
class NetworkEffects:
    splits: dict[str, SplitPoint] = field(default_factory=dict)
    gap_scale: dict[str, float] = field(default_factory=dict)
    bed_resistance_factors: dict[str, float] = field(default_factory=dict)
    volume_sources_ml_s: dict[str, float] = field(default_factory=dict)  # split key -> mL/s
    balloons: list[BalloonReading] = field(default_factory=list)
    cuff_states: dict[str, str] = field(default_factory=dict)

    def add_point(self, point: VesselPoint, gap: bool = False) -> str:
        key = ("gap:" if gap else "node:") + point_key(point)
        if key not in self.splits:
            self.splits[key] = SplitPoint(key, point.segment, point.position, gap=gap)
        return key

    def close_gap(
        self, point: VesselPoint, conductance_factor: float, covered_mm: float, segment_mm: float
    ) -> str:
        """Close the device gap at ``point``: the vessel under the device (``covered_mm`` of a
        ``segment_mm`` segment) keeps ``conductance_factor`` of its open conductance.

        The gap edge is a sliver of the segment (GAP_RESISTANCE_FRACTION of its resistance), so
        its scale must also carry the ratio of that sliver to the length the device covers;
        otherwise a closed cuff over a nearly resistance-free gap would still leak freely.
        Several devices at one place multiply their closures."""
        key = self.add_point(point, gap=True)
        if conductance_factor < 1.0:
            share = max(covered_mm / segment_mm, GAP_RESISTANCE_FRACTION)
            scale = min(1.0, GAP_RESISTANCE_FRACTION / share * conductance_factor)
            self.gap_scale[key] = self.gap_scale.get(key, 1.0) * scale
        return key


def vessel_diameter_mm(atlas: AtlasFile, point: VesselPoint, strengths: dict[str, float]) -> float:
    segment = next(s for s in atlas.segments if s.id == point.segment)
    radius = (
        segment.radius_proximal_mm
        + (segment.radius_distal_mm - segment.radius_proximal_mm) * point.position
    )
    return 2.0 * radius * strengths.get(segment.id, segment.default_strength)


def balloon_points(catheter: CatheterState, device: BalloonCatheter) -> list[VesselPoint]:
    """Where each balloon's centre sits, measured back from the tip along the route."""
    return [
        catheter.route.point_back_from_tip(
            balloon.distance_from_tip_mm + 0.5 * balloon.working_length_mm
        )
        for balloon in device.balloons
    ]


def port_point(catheter: CatheterState, device, function: str, index: int = 0) -> VesselPoint:
    """Opening number ``index`` (0 nearest the tip) of that function, or the tip for a catheter
    whose only opening is its end hole."""
    distances = sorted(
        p.distance_from_tip_mm for p in getattr(device, "ports", []) if p.function == function
    )
    if not distances:
        if index > 0:
            raise IndexError(f"{catheter.catheter_id} has only its end hole for {function}")
        return catheter.route.tip
    if index >= len(distances):
        raise IndexError(
            f"{catheter.catheter_id} has {len(distances)} {function} openings, not {index + 1}"
        )
    return catheter.route.point_back_from_tip(distances[index])


def _downstream_beds(atlas: AtlasFile, segment_id: str) -> list[str]:
    """Beds an artery feeds: follow arteries from its end until they reach beds."""
    bed_ids = {b.id for b in atlas.beds}
    starting = defaultdict(list)
    for s in atlas.segments:
        if s.kind in ARTERIAL_KINDS:
            starting[s.from_node].append(s)
    first = next(s for s in atlas.segments if s.id == segment_id)
    frontier, seen, beds = [first.to_node], set(), []
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in bed_ids:
            beds.append(node)
            continue
        frontier += [s.to_node for s in starting[node]]
    return sorted(beds)


def compute_effects(
    devices: DeviceSet,
    atlas: AtlasFile,
    catalog: CatalogFile,
    strengths: dict[str, float],
    systolic_mmHg: float,
    venous_mmHg: float,
    time_s: float,
) -> NetworkEffects:
    effects = NetworkEffects()
    segments = {s.id: s for s in atlas.segments}
    for catheter in devices.catheters.values():
        device = catalog.device(catheter.model)
        effects.add_point(catheter.route.tip)
        if isinstance(device, BalloonCatheter):
            for index, (spec, point) in enumerate(
                zip(device.balloons, balloon_points(catheter, device), strict=True)
            ):
                effects.add_point(point, gap=True)
                volume = catheter.balloon_volume_ml.get(index, 0.0)
                if volume <= 0.0:
                    continue
                diameter = float(balloon_diameter_mm(spec.volume_diameter_curve, volume))
                vessel = vessel_diameter_mm(atlas, point, strengths)
                burst = is_burst(volume, spec.burst_volume_ml)
                local = 1.0 if burst else float(occluded_conductance_factor(diameter, vessel))
                effects.close_gap(
                    point, local, spec.working_length_mm, segments[point.segment].length_mm
                )
                effects.balloons.append(
                    BalloonReading(
                        catheter.catheter_id,
                        index,
                        point,
                        volume,
                        diameter,
                        vessel,
                        local,
                        float(overdistension_ratio(diameter, vessel)),
                        burst,
                    )
                )
            for port in getattr(device, "ports", []):
                if port.function in ("infusion", "aspiration"):
                    effects.add_point(catheter.route.point_back_from_tip(port.distance_from_tip_mm))
        infusion = catheter.infusion
        if infusion is not None and (infusion.until_s is None or time_s < infusion.until_s):
            key = effects.add_point(port_point(catheter, device, "infusion", infusion.port))
            effects.volume_sources_ml_s[key] = (
                effects.volume_sources_ml_s.get(key, 0.0) + infusion.rate_ml_s
            )
    for root in atlas.limb_roots:
        pressure = devices.cuffs_mmHg.get(root.id, 0.0)
        effect = cuff_effect(pressure, systolic_mmHg, venous_mmHg)
        effects.cuff_states[root.id] = effect.state
        for crossing in root.crossing:
            point = VesselPoint(crossing.segment, crossing.position)
            if pressure <= 0.0:
                continue
            arterial = segments[crossing.segment].kind in ARTERIAL_KINDS
            factor = (
                effect.arterial_conductance_factor if arterial else effect.venous_conductance_factor
            )
            factor = max(factor, crossing.residual_conductance)
            width = CUFF_WIDTH_MM["thigh" if root.id.startswith("thigh") else "arm"]
            effects.close_gap(point, factor, width, segments[crossing.segment].length_mm)
    for emb in devices.embolizations:
        point = VesselPoint(emb.vessel, emb.position)
        if emb.agent == "coil":
            effects.close_gap(
                point, max(1.0 - emb.amount, 0.0), COIL_PACK_MM, segments[emb.vessel].length_mm
            )
        else:
            factor = min(
                1.0 / max(1.0 - emb.amount, 1.0 / PARTICLE_MAX_RESISTANCE_FACTOR),
                PARTICLE_MAX_RESISTANCE_FACTOR,
            )
            for bed in _downstream_beds(atlas, emb.vessel):
                effects.bed_resistance_factors[bed] = (
                    effects.bed_resistance_factors.get(bed, 1.0) * factor
                )
    for circuit in devices.circuits.values():
        draw = effects.add_point(circuit.draw)
        ret = effects.add_point(circuit.return_point)
        effects.volume_sources_ml_s[draw] = (
            effects.volume_sources_ml_s.get(draw, 0.0) - circuit.flow_ml_s
        )
        effects.volume_sources_ml_s[ret] = (
            effects.volume_sources_ml_s.get(ret, 0.0) + circuit.flow_ml_s
        )
    return effects
