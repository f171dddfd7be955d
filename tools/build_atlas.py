"""Write ``resources/anatomy/atlas.json`` from the tables in ``atlas_tables.py`` and
``atlas_topology.py``, calibrating the beds and the beat-averaged heart on the way.

    python tools/build_atlas.py            # rebuild and calibrate (about a minute)

Calibration, in the order it runs:
1. Bed resistances: the cycle-mean network is solved and each bed's resistance rescaled until
   its flow is its target share of the target cardiac output (fixed-point, to 1e-6).
2. Unstressed volumes: the total is 5.3 L (ICRP 89); the venous unstressed volume of the beds is
   scaled so the stressed volume gives the target cardiac output.
3. Beat-averaged pumps: the transient solver (elastance heart) is run to a periodic state in three
   conditions (rest, more volume, higher resistance) and the pump law of each ventricle and the
   mean chamber volumes are fitted to those beat means. Steps 1-3 repeat until they agree.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import atlas_tables as tables  # noqa: E402
import atlas_topology as topo  # noqa: E402

from simulator.physics.assembly import build_network  # noqa: E402
from simulator.physics.elements import avolio_wall_thickness_mm  # noqa: E402
from simulator.physics.mean import solve_steady  # noqa: E402
from simulator.physics.transient import TransientSolver, beat_means  # noqa: E402
from simulator.scenario.atlas_file import AtlasFile  # noqa: E402

OUTPUT = ROOT / "resources" / "anatomy" / "atlas.json"
CARDIAC_OUTPUT_TARGET_ML_S = 6.3 * 1000 / 60  # ICRP 89 6.5 L/min; aim inside 5.5-7
MEAN_ARTERIAL_TARGET_MMHG = 93.0
MEAN_PULMONARY_TARGET_MMHG = 14.0  # clinical-reference B3: 14 +- 3
BLOOD_VOLUME_ML = 5300.0  # ICRP 89 adult male
VENULAR_DROP_MMHG = 6.0  # [E] venule-to-vein pressure drop in a systemic bed at rest
PORTAL_BED_VENULAR_DROP_MMHG = 4.0  # [E] gut capillaries to portal vein
HEPATIC_VENOUS_DROP_MMHG = 3.5  # HVPG normal 1-5 mmHg (clinical-reference B3)
PULMONARY_VENULAR_DROP_MMHG = 1.0
SYSTEMIC_SMALL_ARTERY_COMPLIANCE = 0.5  # [E] mL/mmHg, shared by flow
SYSTEMIC_VENULAR_COMPLIANCE = 85.0  # [E] mL/mmHg; total systemic venous compliance ~ 100-150
PULMONARY_ARTERIAL_COMPLIANCE = 2.0  # [E] mL/mmHg
PULMONARY_VENOUS_COMPLIANCE = 8.0  # [E] mL/mmHg
PORTAL_DRAINED = {
    "stomach",
    "duodenum",
    "small_intestine",
    "colon_right",
    "colon_left",
    "rectum",
    "pancreas_head",
    "pancreas_body_tail",
    "spleen",
    "gallbladder",
}
LIVER = {"liver_right", "liver_left"}
HEART_SOURCE = (
    "[E] time-varying elastance (Suga & Sagawa); LV E_max 2.0-3.0 mmHg/mL, RV 0.5-0.6; "
    "atria 0.15-0.3; heart rate 75 bpm (clinical-reference B3: 60-100, PWDB 72.9)"
)


def _point(position, offset=(0.0, 0.0)):
    return [round(position[0] + offset[0], 1), round(position[1] + offset[1], 1)]


def node_positions() -> dict[str, tuple[float, float]]:
    positions = dict(topo.NODE_POSITIONS_MIDLINE)
    for name, (x, y) in topo.NODE_POSITIONS_SIDED_RIGHT.items():
        positions[name.replace("{s}", "right")] = (x, y)
        positions[name.replace("{s}", "left")] = (-x, y)
    for name, (x, y, _, _) in topo.BED_BOXES_MIDLINE.items():
        positions[name] = (x, y)
    for name, (x, y, _, _) in topo.BED_BOXES_SIDED_RIGHT.items():
        positions[name.replace("{s}", "right")] = (x, y)
        positions[name.replace("{s}", "left")] = (-x, y)
    return positions


def bed_boxes() -> dict[str, tuple[float, float, float, float]]:
    boxes = dict(topo.BED_BOXES_MIDLINE)
    for name, (x, y, w, h) in topo.BED_BOXES_SIDED_RIGHT.items():
        boxes[name.replace("{s}", "right")] = (x, y, w, h)
        boxes[name.replace("{s}", "left")] = (-x, y, w, h)
    return boxes


def topology() -> dict[str, tuple[str, str]]:
    result = dict(topo.SEGMENT_TOPOLOGY_MIDLINE)
    for name, (a, b) in topo.SEGMENT_TOPOLOGY_SIDED.items():
        for side in topo.SIDES:
            result[name.replace("{s}", side)] = (a.replace("{s}", side), b.replace("{s}", side))
    result.update(topo.SIDED_ASCENDING_LUMBAR)
    return result


def _polyline(start, end, offset, rank: int) -> list[list[float]]:
    """Straight from node to node; vessels that share both ends bow apart (rank 1, 2, ... to
    alternate sides) so each stays visible and hoverable on the map."""
    a, b = _point(start, offset), _point(end, offset)
    if rank == 0:
        return [a, b]
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    side = 1 if rank % 2 else -1
    bow = 6.0 * ((rank + 1) // 2) * side
    mid = [
        round((a[0] + b[0]) / 2 - dy / length * bow, 1),
        round((a[1] + b[1]) / 2 + dx / length * bow, 1),
    ]
    return [a, mid, b]


def parallel_ranks() -> dict[str, int]:
    seen: dict[tuple[str, str], int] = {}
    ranks = {}
    for segment_id, (start, end) in topology().items():
        key = tuple(sorted((start, end)))
        ranks[segment_id] = seen.get(key, 0)
        seen[key] = ranks[segment_id] + 1
    return ranks


def parallel_rank(segment_id: str) -> int:
    return _PARALLEL_RANKS.setdefault("_", parallel_ranks()).get(segment_id, 0)


_PARALLEL_RANKS: dict[str, dict[str, int]] = {}


def segment_entries() -> list[dict]:
    positions = node_positions()
    entries = []
    for segment_id, (start, end) in topology().items():
        count = tables.COUNTS.get(segment_id, 1)
        if segment_id in tables.DATASET_ARTERIES:
            length, rp, rd, modulus, h, source = tables.DATASET_ARTERIES[segment_id]
            kind = "artery"
            if h is None:
                h = round(avolio_wall_thickness_mm(0.5 * (rp + rd)), 4)
                source += "; wall thickness from the Avolio fit"
        elif segment_id in tables.ESTIMATED_ARTERIES:
            length, radius, source = tables.ESTIMATED_ARTERIES[segment_id]
            rp = rd = radius
            kind, modulus = "artery", 400.0
            h = round(avolio_wall_thickness_mm(radius), 4)
            source += "; E 400 kPa and Avolio wall thickness [E]"
        elif segment_id in tables.VEINS or segment_id in tables.PORTAL:
            length, radius, count, source = (tables.VEINS | tables.PORTAL)[segment_id]
            rp = rd = radius
            kind = "portal" if segment_id in tables.PORTAL else "vein"
            if segment_id == "esophageal_varices":
                kind = "vein"
            modulus, h = 100.0, round(0.05 * radius, 4)
            source += "; vein wall E 100 kPa, h = 0.05 r (clinical-reference B5) [E]"
        elif segment_id in tables.PULMONARY:
            kind, length, radius, count, modulus, source = tables.PULMONARY[segment_id]
            rp = rd = radius
            h = round(0.08 * radius, 4)
            source += f"; E {modulus:.0f} kPa, h = 0.08 r [E]"
        else:
            raise KeyError(f"no figures for segment {segment_id}")
        is_vein = kind in ("vein", "portal", "pulmonary_vein")
        offset = topo.VEIN_OFFSET if is_vein else (0.0, 0.0)
        entries.append(
            {
                "id": segment_id,
                "kind": kind,
                "from_node": start,
                "to_node": end,
                "length_mm": length,
                "radius_proximal_mm": rp,
                "radius_distal_mm": rd,
                "youngs_modulus_kPa": modulus,
                "wall_thickness_mm": h,
                "count": count,
                "collateral": segment_id in tables.COLLATERALS,
                "default_strength": 0.0 if segment_id in tables.ABSENT_BY_DEFAULT else 1.0,
                "source": source,
                "schematic": _polyline(
                    positions[start], positions[end], offset, parallel_rank(segment_id)
                ),
                "label": segment_id.replace("_", " "),
            }
        )
    return entries


def _box_polygon(x, y, w, h):
    # An octagon reads as an organ on the map and keeps its label inside.
    k = 0.35
    return [
        [x - w * (1 - k), y - h],
        [x + w * (1 - k), y - h],
        [x + w, y - h * (1 - k)],
        [x + w, y + h * (1 - k)],
        [x + w * (1 - k), y + h],
        [x - w * (1 - k), y + h],
        [x - w, y + h * (1 - k)],
        [x - w, y - h * (1 - k)],
    ]


def bed_entries() -> list[dict]:
    boxes = bed_boxes()
    systemic = {k: v for k, v in tables.BEDS.items() if k not in tables.PULMONARY_BEDS}
    systemic_total = sum(v[0] for v in systemic.values())
    volume_total = sum(v[2] for v in tables.BEDS.values())
    entries = []
    for bed_id, (fraction, flow_source, volume_pct, mass, volume_source) in tables.BEDS.items():
        pulmonary = bed_id in tables.PULMONARY_BEDS
        if not pulmonary:
            fraction = fraction / systemic_total
        flow = fraction * CARDIAC_OUTPUT_TARGET_ML_S
        if pulmonary:
            drop = PULMONARY_VENULAR_DROP_MMHG
            arterial_c = PULMONARY_ARTERIAL_COMPLIANCE * fraction
            venous_c = PULMONARY_VENOUS_COMPLIANCE * fraction
            resistance = 5.0 / flow
        else:
            if bed_id in LIVER:
                drop = HEPATIC_VENOUS_DROP_MMHG
                flow = flow * (25.5 / 6.5)  # the sinusoids also carry the portal flow
            elif bed_id in PORTAL_DRAINED:
                drop = PORTAL_BED_VENULAR_DROP_MMHG
            else:
                drop = VENULAR_DROP_MMHG
            arterial_c = SYSTEMIC_SMALL_ARTERY_COMPLIANCE * fraction
            venous_c = SYSTEMIC_VENULAR_COMPLIANCE * volume_pct / (volume_total - 10.5)
            resistance = (MEAN_ARTERIAL_TARGET_MMHG - 15.0) / (
                fraction * CARDIAC_OUTPUT_TARGET_ML_S
            )
        x, y, w, h = boxes[bed_id]
        entries.append(
            {
                "id": bed_id,
                "kind": "pulmonary" if pulmonary else "systemic",
                "resting_flow_fraction": round(fraction, 6),
                "flow_source": flow_source
                + ("" if pulmonary else " (normalized over the modelled beds)"),
                "resistance_mmHg_s_per_ml": resistance,
                "venous_resistance_mmHg_s_per_ml": drop / flow,
                "arterial_compliance_ml_per_mmHg": arterial_c,
                "venous_compliance_ml_per_mmHg": venous_c,
                "arterial_unstressed_volume_ml": 0.0,
                "venous_unstressed_volume_ml": volume_pct,  # a share; scaled in calibration
                "tissue_mass_g": mass,
                "volume_source": volume_source,
                "calibration": "resistance calibrated by tools/build_atlas.py to the flow fraction",
                "schematic": {"polygon": _box_polygon(x, y, w, h), "label_at": [x, y]},
                "label": bed_id.replace("_", " "),
            }
        )
    return entries


def heart_entry() -> dict:
    positions = node_positions()

    def shape(name, w=14.0, h=12.0):
        x, y = positions[name]
        return {"polygon": _box_polygon(x, y, w, h), "label_at": [x, y]}

    chambers = [
        ("left_ventricle", 2.6, 0.07, 12.0, 0.0, 0.32, 0.16),
        ("right_ventricle", 0.55, 0.045, 15.0, 0.0, 0.32, 0.16),
        ("left_atrium", 0.30, 0.16, 8.0, 0.84, 0.10, 0.10),
        ("right_atrium", 0.25, 0.12, 8.0, 0.84, 0.10, 0.10),
    ]
    return {
        "heart_rate_bpm": 75.0,
        "source": HEART_SOURCE,
        "chambers": [
            {
                "id": cid,
                "elastance_max_mmHg_per_ml": emax,
                "elastance_min_mmHg_per_ml": emin,
                "unstressed_volume_ml": v0,
                "activation_onset": onset,
                "contraction_fraction": rise,
                "relaxation_fraction": fall,
                "source": HEART_SOURCE,
                "schematic": shape(cid),
            }
            for cid, emax, emin, v0, onset, rise, fall in chambers
        ],
        "valves": [
            {
                "id": "mitral_valve",
                "from_node": "left_atrium",
                "to_node": "left_ventricle",
                "open_resistance_mmHg_s_per_ml": 0.005,
                "inertance_mmHg_s2_per_ml": 0.0,
                "source": "[E] open mitral valve, 1-2 mmHg at peak filling",
            },
            {
                "id": "aortic_valve",
                "from_node": "left_ventricle",
                "to_node": "aortic_root",
                "open_resistance_mmHg_s_per_ml": 0.006,
                "inertance_mmHg_s2_per_ml": 0.0,
                "source": "[E] open aortic valve, 2-4 mmHg at peak ejection",
            },
            {
                "id": "tricuspid_valve",
                "from_node": "right_atrium",
                "to_node": "right_ventricle",
                "open_resistance_mmHg_s_per_ml": 0.004,
                "inertance_mmHg_s2_per_ml": 0.0,
                "source": "[E] open tricuspid valve",
            },
            {
                "id": "pulmonary_valve",
                "from_node": "right_ventricle",
                "to_node": "pulmonary_root",
                "open_resistance_mmHg_s_per_ml": 0.004,
                "inertance_mmHg_s2_per_ml": 0.0,
                "source": "[E] open pulmonary valve",
            },
        ],
        "left_pump": {
            "preload_gain_ml_per_mmHg": 9.0,
            "afterload_gain_ml_per_mmHg": 0.3,
            "offset_ml": 0.0,
            "mean_chamber_compliance_ml_per_mmHg": 6.0,
            "mean_chamber_unstressed_volume_ml": 60.0,
        },
        "right_pump": {
            "preload_gain_ml_per_mmHg": 14.0,
            "afterload_gain_ml_per_mmHg": 1.0,
            "offset_ml": 0.0,
            "mean_chamber_compliance_ml_per_mmHg": 8.0,
            "mean_chamber_unstressed_volume_ml": 60.0,
        },
        "atrium_mean_compliance_ml_per_mmHg": 5.0,
        "atrium_mean_unstressed_volume_ml": 20.0,
    }


def limb_roots(segments: list[dict]) -> list[dict]:
    """Cuff levels, drawn through the points where their vessels pass under the cuff."""
    by_id = {segment["id"]: segment for segment in segments}
    roots = []
    for name, crossings in topo.LIMB_ROOTS.items():
        for side in topo.SIDES:
            crossing = [{"segment": s.replace("{s}", side), "position": p} for s, p in crossings]
            for entry, (template, _) in zip(crossing, crossings, strict=True):
                if template in topo.MAIN_CROSSING_RESIDUALS:
                    residual, source = topo.MAIN_CROSSING_RESIDUALS[template]
                    entry["residual_conductance"] = residual
                    entry["source"] = source
            points = []
            for entry in crossing:
                (x0, y0), (x1, y1) = (
                    by_id[entry["segment"]]["schematic"][0],
                    by_id[entry["segment"]]["schematic"][-1],
                )
                t = entry["position"]
                points.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
            xs = [x for x, _ in points]
            y = sum(y for _, y in points) / len(points)
            deep = topo.DEEP_LIMB_CROSSINGS.get(name, [])
            crossing += [
                {
                    "segment": s.replace("{s}", side),
                    "position": p,
                    "residual_conductance": topo.DEEP_CROSSING_RESIDUAL,
                    "source": topo.DEEP_CROSSING_SOURCE,
                }
                for s, p in deep
            ]
            roots.append(
                {
                    "id": name.replace("{s}", side),
                    "crossing": crossing,
                    "schematic": [
                        [round(min(xs) - 12, 1), round(y, 1)],
                        [round(max(xs) + 12, 1), round(y, 1)],
                    ],
                }
            )
    return roots


def initial_atlas() -> dict:
    segments = segment_entries()
    return {
        "schema_version": 1,
        "name": "Adult male reference (PerfusionSim atlas)",
        "description": (
            "Closed-loop lumped model of an adult male: arteries from ADAN56 and the Charlton 2019 "
            "116-artery model, veins mirrored from the arteries (clinical-reference C7), beds "
            "calibrated to ICRP 89 resting flows, time-varying elastance heart."
        ),
        "blood": {
            "viscosity_mPa_s": 3.5,
            "density_g_per_ml": 1.06,
            "total_volume_ml": BLOOD_VOLUME_ML,
            "source": "viscosity: DESIGN.md 3.1 (3.5-4 mPa s); density 1060 kg/m3 (openBF ADAN56 "
            "config); volume 5.3 L (ICRP 89 adult male)",
        },
        "heart": heart_entry(),
        "segments": segments,
        "beds": bed_entries(),
        "limb_roots": limb_roots(segments),
        "aliases": [],
        "access_sites": topo.ACCESS_SITES,
    }


# --- calibration ------------------------------------------------------------------------------
def _bed_flows(network, state):
    return {bed: state.flow_ml_s[edges[0]] for bed, edges in network.bed_edges.items()}


def calibrate_beds(data: dict, iterations: int = 60) -> None:
    beds = {b["id"]: b for b in data["beds"]}
    for _ in range(iterations):
        atlas = AtlasFile.model_validate(data)
        network = build_network(atlas)
        state = solve_steady(network, atlas.blood.total_volume_ml)
        flows = _bed_flows(network, state)
        co = state.flow_ml_s[network.edge_index("aortic_valve")]
        worst = 0.0
        for bed_id, bed in beds.items():
            target = bed["resting_flow_fraction"] * co
            ratio = flows[bed_id] / target
            worst = max(worst, abs(ratio - 1.0))
            bed["resistance_mmHg_s_per_ml"] *= ratio
        # Hold the total systemic resistance so MAP stays near target at the target output.
        root = network.node_index("aortic_root")
        map_now = state.pressure_mmHg[root]
        cvp = state.pressure_mmHg[network.node_index("right_atrium")]
        svr_scale = ((MEAN_ARTERIAL_TARGET_MMHG - cvp) / CARDIAC_OUTPUT_TARGET_ML_S) / (
            (map_now - cvp) / co
        )
        for bed in beds.values():
            if bed["kind"] == "systemic":
                bed["resistance_mmHg_s_per_ml"] *= svr_scale**0.5
        # Pulmonary vascular resistance: mean PA pressure 14 mmHg (clinical-reference B3).
        p_la = state.pressure_mmHg[network.node_index("left_atrium")]
        p_pa = state.pressure_mmHg[network.node_index("pulmonary_root")]
        pvr_scale = (MEAN_PULMONARY_TARGET_MMHG - p_la) / max(p_pa - p_la, 0.1)
        for bed in beds.values():
            if bed["kind"] == "pulmonary":
                bed["resistance_mmHg_s_per_ml"] *= pvr_scale**0.7
        worst = max(worst, abs(pvr_scale - 1.0))
        # Stressed volume: scale the venous unstressed volumes to hit the target output.
        venous_total = sum(b["venous_unstressed_volume_ml"] for b in beds.values())
        delta = (CARDIAC_OUTPUT_TARGET_ML_S - co) * 2.0  # mL of stressed volume per mL/s, damped
        factor = max(0.5, (venous_total - delta) / venous_total)
        for bed in beds.values():
            bed["venous_unstressed_volume_ml"] *= factor
        if (
            worst < 1e-5
            and abs(co / CARDIAC_OUTPUT_TARGET_ML_S - 1) < 1e-4
            and abs(svr_scale - 1) < 1e-4
        ):
            break


def normalise_unstressed(data: dict) -> None:
    """Scale bed venous unstressed volumes so that total blood volume is BLOOD_VOLUME_ML when
    the venous share is first set from ICRP regional content."""
    atlas = AtlasFile.model_validate(data)
    network = build_network(atlas)
    other = network.node_unstressed_volume.sum() - sum(
        b["venous_unstressed_volume_ml"] for b in data["beds"]
    )
    share = sum(b["venous_unstressed_volume_ml"] for b in data["beds"])
    # About 1.1 L is stressed volume at rest in humans [E]; the rest is unstressed.
    target = BLOOD_VOLUME_ML - 1100.0 - other
    for bed in data["beds"]:
        bed["venous_unstressed_volume_ml"] *= target / share
    # Small arteries hold about 10 % of the blood (ICRP 89 Table 2.13): shared by flow.
    for bed in data["beds"]:
        if bed["kind"] == "systemic":
            bed["arterial_unstressed_volume_ml"] = 0.0


def fit_pumps(data: dict) -> float:
    """Fit the beat-averaged pumps to the transient heart; return the largest relative change."""
    heart = data["heart"]
    samples = []
    base_beds = [dict(b) for b in data["beds"]]
    for volume_scale, resistance_scale in ((1.0, 1.0), (0.93, 1.0), (1.0, 1.35), (1.06, 0.85)):
        for bed, base in zip(data["beds"], base_beds, strict=True):
            bed["venous_unstressed_volume_ml"] = base["venous_unstressed_volume_ml"] * volume_scale
            if bed["kind"] == "systemic":
                bed["resistance_mmHg_s_per_ml"] = (
                    base["resistance_mmHg_s_per_ml"] * resistance_scale
                )
        atlas = AtlasFile.model_validate(data)
        network = build_network(atlas)
        start = solve_steady(network, atlas.blood.total_volume_ml)
        solver = TransientSolver(network, dt_s=1e-3, initial=start)
        means = beat_means(solver, beats_to_settle=25)
        samples.append((network, means))
    for bed, base in zip(data["beds"], base_beds, strict=True):
        bed.update(base)
    change = 0.0
    rate_hz = heart["heart_rate_bpm"] / 60.0
    for side, ventricle, atrium, outlet_valve in (
        ("left_pump", "left_ventricle", "left_atrium", "aortic_valve"),
        ("right_pump", "right_ventricle", "right_atrium", "pulmonary_valve"),
    ):
        rows, rhs, vol_rows, vol_rhs = [], [], [], []
        for network, means in samples:
            outlet = int(network.edge_to[network.edge_index(outlet_valve)])
            p_out = means.pressure_mmHg[outlet]
            q = means.flow_ml_s[network.edge_index(outlet_valve)]
            # The cycle-mean pump sees its own ventricle node, which sits one open inlet valve
            # below the atrium: fit against that pressure, not the atrium's.
            inlet_valve = network.edge_index(
                "mitral_valve" if side == "left_pump" else "tricuspid_valve"
            )
            p_atrium = (
                means.pressure_mmHg[network.node_index(atrium)]
                - q * network.edge_resistance[inlet_valve]
            )
            # The resting point counts most: both solvers must agree at rest.
            weight = 10.0 if not rows else 1.0
            rows.append([weight * p_atrium, -weight * p_out, -weight])
            rhs.append(weight * q / rate_hz)
            vol_rows.append([weight * p_atrium, weight])
            vol_rhs.append(weight * means.volume_ml[network.node_index(ventricle)])
        (a, b, c), *_ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
        (cv, v0), *_ = np.linalg.lstsq(np.array(vol_rows), np.array(vol_rhs), rcond=None)
        old = heart[side]["preload_gain_ml_per_mmHg"]
        change = max(change, abs(a / old - 1.0))
        heart[side] = {
            "preload_gain_ml_per_mmHg": float(a),
            "afterload_gain_ml_per_mmHg": float(max(b, 0.0)),
            "offset_ml": float(c),
            "mean_chamber_compliance_ml_per_mmHg": float(max(cv, 0.5)),
            "mean_chamber_unstressed_volume_ml": float(max(v0, 0.0)),
        }
    # Atria: mean volume against mean pressure, both atria pooled.
    rows, rhs = [], []
    for network, means in samples:
        for atrium in ("left_atrium", "right_atrium"):
            node = network.node_index(atrium)
            weight = 10.0 if len(rows) < 2 else 1.0
            rows.append([weight * means.pressure_mmHg[node], weight])
            rhs.append(weight * means.volume_ml[node])
    (ca, va), *_ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
    heart["atrium_mean_compliance_ml_per_mmHg"] = float(max(ca, 0.5))
    heart["atrium_mean_unstressed_volume_ml"] = float(max(va, 0.0))
    return change


def _round_floats(value):
    if isinstance(value, float):
        return float(f"{value:.6g}") if math.isfinite(value) else value
    if isinstance(value, list):
        return [_round_floats(v) for v in value]
    if isinstance(value, dict):
        return {k: _round_floats(v) for k, v in value.items()}
    return value


def main() -> int:
    data = initial_atlas()
    AtlasFile.model_validate(data)
    normalise_unstressed(data)
    for outer in range(8):
        calibrate_beds(data)
        change = fit_pumps(data)
        print(f"calibration pass {outer + 1}: pump gain change {change:.2e}", flush=True)
        if change < 2e-3:
            break
    calibrate_beds(data)
    for bed in data["beds"]:
        bed["calibration"] = (
            "resistance calibrated by tools/build_atlas.py so that the resting cycle-mean flow is "
            f"{bed['resting_flow_fraction'] * 100:.2f} % of cardiac output"
        )
    data = _round_floats(data)
    AtlasFile.model_validate(data)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    counts = f"{len(data['segments'])} segments, {len(data['beds'])} beds"
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
