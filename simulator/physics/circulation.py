"""The whole circulation as the commands and the GUI see it: build, solve, report."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.physics.assembly import ARTERIAL_KINDS, PatientVariant, SplitPoint, build_network
from simulator.physics.mean import MeanState, solve_steady
from simulator.physics.network import Network, NodeKind
from simulator.scenario.atlas_file import AtlasFile

SYSTEMIC_VEIN_KINDS = frozenset({"vein", "portal"})
VENULAR_SHARE_OF_BED_VENOUS_VOLUME = 41.5 / (41.5 + 5.0)
"""A bed's venous node holds capillary and small-vein blood; ICRP 89 puts 41.5 % of all blood in
small veins and 5 % in capillaries, so this share of it counts as systemic veins."""


@dataclass(frozen=True)
class Circulation:
    atlas: AtlasFile
    network: Network

    @classmethod
    def build(
        cls,
        atlas: AtlasFile,
        variant: PatientVariant | None = None,
        splits: tuple[SplitPoint, ...] = (),
    ) -> Circulation:
        return cls(atlas, build_network(atlas, variant, splits))

    def resting_state(self) -> MeanState:
        return solve_steady(self.network, self.atlas.blood.total_volume_ml)

    def segment_flow(self, state: MeanState, segment_id: str) -> float:
        return float(state.flow_ml_s[self.network.segment_edges[segment_id][0]])

    def node_pressure(self, state: MeanState, node: str) -> float:
        return float(state.pressure_mmHg[self.network.node_index(node)])

    def cardiac_output_ml_s(self, state: MeanState) -> float:
        return float(state.flow_ml_s[self.network.edge_index("aortic_valve")])

    def volumes_by_compartment(self, state: MeanState) -> dict[str, float]:
        """Blood volume (mL) in heart, pulmonary circulation, systemic arteries and veins."""
        net = self.network
        volume = state.volume_ml
        result = {
            "heart": 0.0,
            "pulmonary": 0.0,
            "systemic_arteries": 0.0,
            "systemic_veins": 0.0,
            "systemic_capillaries": 0.0,
        }
        bed_kind = {bed.id: bed.kind for bed in self.atlas.beds}
        node_class: dict[int, str] = {}
        for segment_id, edges in net.segment_edges.items():
            kind = net.segment_kind[segment_id]
            if kind.startswith("pulmonary"):
                label = "pulmonary"
            elif kind in ARTERIAL_KINDS:
                label = "systemic_arteries"
            else:
                label = "systemic_veins"
            for edge in edges:
                for node in (net.edge_from[edge], net.edge_to[edge]):
                    node_class.setdefault(int(node), label)
        for bed_id, (arterial, venous, outlet) in net.bed_nodes.items():
            pulmonary = bed_kind[bed_id] == "pulmonary"
            node_class[arterial] = "pulmonary" if pulmonary else "systemic_arteries"
            node_class[outlet] = "pulmonary" if pulmonary else "systemic_veins"
            if pulmonary:
                node_class[venous] = "pulmonary"
            else:
                node_class[venous] = "bed_venous"
        for i, kind in enumerate(net.node_kind):
            if kind == NodeKind.CHAMBER:
                node_class[i] = "heart"
        for node, label in node_class.items():
            if label == "bed_venous":
                result["systemic_veins"] += VENULAR_SHARE_OF_BED_VENOUS_VOLUME * volume[node]
                result["systemic_capillaries"] += (1 - VENULAR_SHARE_OF_BED_VENOUS_VOLUME) * volume[
                    node
                ]
            else:
                result[label] += volume[node]
        return result

    def report(self, state: MeanState) -> dict:
        """The keys of DESIGN.md §4.2 ``state --json``, plus a few a clinician looks for."""
        net = self.network
        co = self.cardiac_output_ml_s(state)
        segments = {}
        for segment_id, edges in net.segment_edges.items():
            first, last = edges[0], edges[-1]
            segments[segment_id] = {
                "flow_ml_s": float(state.flow_ml_s[first]),
                "pressure_in_mmHg": float(state.pressure_mmHg[net.edge_from[first]]),
                "pressure_out_mmHg": float(state.pressure_mmHg[net.edge_to[last]]),
            }
        beds = {}
        for bed in self.atlas.beds:
            flow = float(state.flow_ml_s[net.bed_edges[bed.id][0]])
            beds[bed.id] = {
                "flow_ml_s": flow,
                "fraction_of_cardiac_output": flow / co if co else 0.0,
            }
        volumes = self.volumes_by_compartment(state)
        return {
            "cardiac_output_l_min": co * 60.0 / 1000.0,
            "mean_arterial_pressure_mmHg": self.node_pressure(state, "aortic_root"),
            "central_venous_pressure_mmHg": self.node_pressure(state, "right_atrium"),
            "heart_rate_bpm": net.heart_rate_bpm,
            "mean_pulmonary_artery_pressure_mmHg": self.node_pressure(state, "pulmonary_root"),
            "left_atrial_pressure_mmHg": self.node_pressure(state, "left_atrium"),
            "portal_vein_pressure_mmHg": float(
                state.pressure_mmHg[net.edge_from[net.segment_edges["portal_vein"][0]]]
            ),
            "blood_volume_ml": float(np.sum(state.volume_ml)),
            "blood_volume_by_compartment_ml": volumes,
            "segments": segments,
            "beds": beds,
        }
