"""What-if feedback while a balloon's volume is being set (issue 8 item 3).

While the trainee turns the balloon's spin box, slider or wheel, the inspector shows the pressure
on both sides of the balloon and the flow still passing it, for the volume under the control,
before anything becomes a plan action. A full session rebuild per wheel step would take far
longer than a frame, so this module answers the question on the cycle-mean solver directly:

    where does the circulation settle, holding today's blood volume, with the circuits at their
    set flows, when only this balloon's filling changes?

That is the steady state of ``physics.mean`` (the closed loop's conservation equations with one
replaced by the volume constraint, as ``solve_steady`` does) plus each circuit as a set flow from
its draw to its return. Infusions are left out: a volume source has no steady state, and the
few mL/min of a drug line do not move the pressures a balloon makes. The reflexes are held as
they are (the network carries today's tone): the preview is the answer before the baroreflex
responds.

Only the conductance of the balloon's own gap edge depends on the volume, so the system matrix
changes by a rank-one term, ``A(V) = A₀ - Δg(V) u uᵀ`` with ``u = e_from - e_to``. The matrix is
factorized once when the balloon is chosen; each volume then costs one Sherman-Morrison update,
O(nodes), well under a millisecond (``benchmarks/gui.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import splu

from simulator.devices.balloon_geometry import (
    OVERDISTENSION_LIMIT,
    balloon_diameter_mm,
    is_burst,
    occluded_conductance_factor,
    overdistension_ratio,
)
from simulator.devices.effects import (
    NetworkEffects,
    balloon_points,
    point_key,
    vessel_diameter_mm,
)
from simulator.devices.navigation import VesselPoint
from simulator.devices.state import DeviceSet
from simulator.physics.mean import mean_operator
from simulator.physics.network import Network
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.catalog_file import BalloonCatheter, CatalogFile
from simulator.scenario.scenario_file import ScenarioFile


def segment_strengths(scenario: ScenarioFile, atlas: AtlasFile) -> dict[str, float]:
    """Each segment's strength for this patient (the atlas default, or the variant's), as the
    session computes it: a collateral's diameter scales with it."""
    strengths = {s.id: s.default_strength for s in atlas.segments}
    strengths.update(scenario.anatomy_variant.collateral_strengths)
    return strengths


def steady_system(
    network: Network, total_volume_ml: float, circuits: DeviceSet | None = None
) -> tuple[sparse.csc_matrix, np.ndarray, int]:
    """The cycle-mean steady system ``A P = b`` holding ``total_volume_ml`` of blood, with every
    circuit of ``circuits`` moving its set flow from its draw to its return node.

    Returns A, b and the anchor node whose conservation row holds the volume constraint."""
    matrix, offset = mean_operator(network)
    rhs = -offset
    if circuits is not None:
        for circuit in circuits.circuits.values():
            draw = network.split_nodes["node:" + point_key(circuit.draw)]
            back = network.split_nodes["node:" + point_key(circuit.return_point)]
            rhs[draw] += circuit.flow_ml_s  # net inflow J P + j0 - Q = 0 at the draw
            rhs[back] -= circuit.flow_ml_s
    anchor = int(np.argmax(network.node_compliance))
    system = matrix.tolil()
    system[anchor, :] = network.node_compliance
    rhs[anchor] = total_volume_ml - network.node_unstressed_volume.sum()
    return system.tocsc(), rhs, anchor


def solve_steady_with_circuits(
    network: Network, total_volume_ml: float, devices: DeviceSet | None = None
) -> np.ndarray:
    """Node pressures of that steady state by a full sparse solve (the reference the preview is
    tested against)."""
    system, rhs, _ = steady_system(network, total_volume_ml, devices)
    pressure = splu(system).solve(rhs)
    if not np.all(np.isfinite(pressure)):
        raise FloatingPointError("cycle-mean solve produced a non-finite pressure")
    return pressure


@dataclass(frozen=True)
class BalloonPreview:
    """What a balloon filled with ``volume_ml`` would do, in display-ready figures."""

    volume_ml: float
    diameter_mm: float
    """Free diameter from the catalog's volume-diameter curve."""
    vessel_diameter_mm: float
    overdistension_ratio: float
    """Free balloon diameter over vessel diameter (above 1.2 the wall is at risk)."""
    burst: bool
    """Above the catalog's burst volume: the balloon ruptures and seals nothing."""
    pressure_upstream_mmHg: float
    """On the segment's "from" side of the balloon (the aortic balloon's: towards the heart)."""
    pressure_downstream_mmHg: float
    flow_past_ml_min: float
    """Beat-mean flow still passing the balloon (signed along the segment)."""
    open_flow_ml_min: float
    """The same with the balloon empty."""

    @property
    def passing_share(self) -> float:
        """The share of the open flow that still passes (1 = open, 0 = sealed)."""
        if abs(self.open_flow_ml_min) < 1e-12:
            return 0.0 if abs(self.flow_past_ml_min) < 1e-12 else 1.0
        return min(max(abs(self.flow_past_ml_min) / abs(self.open_flow_ml_min), 0.0), 1.0)

    @property
    def overdistended(self) -> bool:
        return self.overdistension_ratio > OVERDISTENSION_LIMIT


class BalloonPreviewer:
    """The what-if for one balloon of one catheter in the network of one snapshot.

    Built once when a balloon is chosen (one sparse factorization); ``preview(volume)`` is then
    O(nodes). The network, state and devices are only read."""

    def __init__(
        self,
        network: Network,
        total_volume_ml: float,
        devices: DeviceSet,
        catheter_id: str,
        balloon: int,
        atlas: AtlasFile,
        catalog: CatalogFile,
        strengths: dict[str, float],
    ) -> None:
        catheter = devices.catheters.get(catheter_id)
        if catheter is None:
            raise KeyError(f"no catheter {catheter_id!r} in the patient")
        device = catalog.device(catheter.model)
        if not isinstance(device, BalloonCatheter) or not 0 <= balloon < len(device.balloons):
            raise KeyError(f"catheter {catheter_id!r} has no balloon {balloon}")
        self.catheter_id = catheter_id
        self.balloon = balloon
        self.spec = device.balloons[balloon]
        self.point: VesselPoint = balloon_points(catheter, device)[balloon]
        segment = next(s for s in atlas.segments if s.id == self.point.segment)
        self._segment_length_mm = segment.length_mm
        self.vessel_diameter_mm = vessel_diameter_mm(atlas, self.point, strengths)
        self.burst_volume_ml = self.spec.burst_volume_ml
        self.current_volume_ml = catheter.balloon_volume_ml.get(balloon, 0.0)

        edge = network.gap_edges["gap:" + point_key(self.point)]
        self._edge = edge
        self._from = int(network.edge_from[edge])
        self._to = int(network.edge_to[edge])
        self._open_resistance = float(network.edge_resistance[edge])
        self._floor_scale = float(network.floor_scale()[edge])
        # The edge's scale without this balloon (other devices at the same place keep theirs).
        self._others_scale = float(network.edge_scale[edge]) / self._gap_scale(
            self.current_volume_ml
        )
        self._conductance_now = float(network.effective_conductance()[edge])

        system, rhs, anchor = steady_system(network, total_volume_ml, devices)
        lu = splu(system)
        self._pressure_now = lu.solve(rhs)
        # u = e_from - e_to; the anchor row is the volume constraint, which no conductance enters.
        u_rows = np.zeros(network.node_count)
        u_rows[self._from] += 1.0
        u_rows[self._to] -= 1.0
        u_rows[anchor] = 0.0
        self._w = lu.solve(u_rows)
        self._u_w = float(self._w[self._from] - self._w[self._to])
        self._u_p = float(self._pressure_now[self._from] - self._pressure_now[self._to])
        if not (np.all(np.isfinite(self._pressure_now)) and np.all(np.isfinite(self._w))):
            raise FloatingPointError("cycle-mean solve produced a non-finite pressure")
        self._open = self._solve(self._conductance(0.0))

    def _gap_scale(self, volume_ml: float) -> float:
        """This balloon's factor on its gap edge's conductance, exactly as the device effects
        compute it for a session (``effects.compute_effects``)."""
        if volume_ml <= 0.0 or is_burst(volume_ml, self.spec.burst_volume_ml):
            return 1.0
        diameter = float(balloon_diameter_mm(self.spec.volume_diameter_curve, volume_ml))
        local = float(occluded_conductance_factor(diameter, self.vessel_diameter_mm))
        effects = NetworkEffects()
        key = effects.close_gap(
            self.point, local, self.spec.working_length_mm, self._segment_length_mm
        )
        return effects.gap_scale.get(key, 1.0)

    def _conductance(self, volume_ml: float) -> float:
        scale = self._others_scale * self._gap_scale(volume_ml)
        return 1.0 / (self._open_resistance / max(scale, self._floor_scale))

    def _solve(self, conductance: float) -> tuple[float, float, float]:
        """Pressures on both sides and the flow past, for this gap conductance (Sherman-Morrison
        on the factorized system: A' = A - Δg u uᵀ)."""
        delta = conductance - self._conductance_now
        factor = delta * self._u_p / (1.0 - delta * self._u_w)
        upstream = self._pressure_now[self._from] + factor * self._w[self._from]
        downstream = self._pressure_now[self._to] + factor * self._w[self._to]
        return float(upstream), float(downstream), conductance * float(upstream - downstream)

    def pressures(self, volume_ml: float) -> np.ndarray:
        """Every node's steady pressure with the balloon at ``volume_ml`` (O(nodes))."""
        delta = self._conductance(volume_ml) - self._conductance_now
        factor = delta * self._u_p / (1.0 - delta * self._u_w)
        return self._pressure_now + factor * self._w

    def preview(self, volume_ml: float) -> BalloonPreview:
        volume = max(float(volume_ml), 0.0)
        upstream, downstream, flow = self._solve(self._conductance(volume))
        diameter = (
            float(balloon_diameter_mm(self.spec.volume_diameter_curve, volume))
            if volume > 0.0
            else 0.0
        )
        return BalloonPreview(
            volume_ml=volume,
            diameter_mm=diameter,
            vessel_diameter_mm=self.vessel_diameter_mm,
            overdistension_ratio=float(overdistension_ratio(diameter, self.vessel_diameter_mm)),
            burst=is_burst(volume, self.spec.burst_volume_ml),
            pressure_upstream_mmHg=upstream,
            pressure_downstream_mmHg=downstream,
            flow_past_ml_min=60.0 * flow,
            open_flow_ml_min=60.0 * self._open[2],
        )


def balloon_previewer(
    snapshot,
    scenario: ScenarioFile,
    atlas: AtlasFile,
    catalog: CatalogFile,
    catheter_id: str,
    balloon: int,
) -> BalloonPreviewer:
    """The previewer of a balloon in a published session snapshot."""
    return BalloonPreviewer(
        snapshot.network,
        snapshot.state.total_volume_ml,
        snapshot.devices,
        catheter_id,
        balloon,
        atlas,
        catalog,
        segment_strengths(scenario, atlas),
    )
