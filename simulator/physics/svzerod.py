"""svZeroDSolver configurations: export our systemic arterial network, import any config.

Export (domain/svzerod-format.md): the inlet is our own aortic-root flow over one beat (FLOW with
``t`` and ``Q``); every systemic bed is an RCR outlet to that bed's mean venous pressure; every
vessel piece carries its atlas id as ``vessel_name``. Units are the core's: mmHg, mL, s.

Import turns a configuration back into a ``Network`` (BloodVessel = R, then C, then L, as
svZeroDSolver places them) so our transient solver can run the very same network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.physics.network import EdgeKind, Network, NodeKind

INLET_VESSEL = "aortic_root_inflow"
_TINY_RESISTANCE = 1.0e-9


@dataclass(frozen=True)
class ExportedNetwork:
    config: dict
    vessel_edges: dict[str, int]  # vessel_name -> our edge index


def export_systemic_arteries(
    network: Network,
    beat_times_s: np.ndarray,
    aortic_inflow_ml_s: np.ndarray,
    bed_venous_pressure_mmHg: dict[str, float],
    cycles: int = 30,
) -> ExportedNetwork:
    """Build the configuration. ``beat_times_s`` runs from 0 to one period inclusive."""
    arterial_edges = [
        edge
        for segment_id, edges in network.segment_edges.items()
        if network.segment_kind[segment_id] == "artery"
        for edge in edges
    ]
    arterial_edges += [
        edge
        for key, edge in network.gap_edges.items()
        if network.segment_kind.get(network.edge_names[edge].split("@")[0]) == "artery"
    ]
    arterial_edges.sort()
    vessels, bcs = [], []
    inlets: dict[int, list[int]] = {}
    outlets: dict[int, list[int]] = {}
    vessel_edges: dict[str, int] = {}

    def add_vessel(name, resistance, compliance, inertance, start, end, bc=None):
        vessel_id = len(vessels)
        entry = {
            "vessel_id": vessel_id,
            "vessel_name": name,
            "vessel_length": 1.0,
            "zero_d_element_type": "BloodVessel",
            "zero_d_element_values": {"R_poiseuille": resistance, "C": compliance, "L": inertance},
        }
        if bc:
            entry["boundary_conditions"] = bc
        vessels.append(entry)
        if start is not None:
            outlets.setdefault(start, []).append(vessel_id)
        if end is not None:
            inlets.setdefault(end, []).append(vessel_id)
        return vessel_id

    root = network.node_index("aortic_root")
    period = float(beat_times_s[-1] - beat_times_s[0])
    bcs.append(
        {
            "bc_name": "INFLOW",
            "bc_type": "FLOW",
            "bc_values": {
                "t": [float(t - beat_times_s[0]) for t in beat_times_s],
                "Q": [float(q) for q in aortic_inflow_ml_s],
            },
        }
    )
    add_vessel(INLET_VESSEL, _TINY_RESISTANCE, 0.0, 0.0, None, root, {"inlet": "INFLOW"})
    resistance = network.effective_resistance()
    for edge in arterial_edges:
        name = network.edge_names[edge]
        vessel_edges[name] = edge
        add_vessel(
            name,
            float(resistance[edge]),
            float(network.edge_compliance[edge]),
            float(network.edge_inertance[edge]),
            int(network.edge_from[edge]),
            int(network.edge_to[edge]),
        )
    arterial_nodes = {int(network.edge_from[e]) for e in arterial_edges} | {
        int(network.edge_to[e]) for e in arterial_edges
    }
    for bed_id, (arterial, _venous, _outlet) in network.bed_nodes.items():
        if arterial not in arterial_nodes:
            continue
        bed_edge = network.bed_edges[bed_id][0]
        bed_resistance = float(resistance[bed_edge])
        bc_name = f"RCR_{bed_id}"
        # Split the bed resistance 1:9 around its small-artery compliance, as an RCR does.
        bcs.append(
            {
                "bc_name": bc_name,
                "bc_type": "RCR",
                "bc_values": {
                    "Rp": 0.1 * bed_resistance,
                    "C": float(network.node_compliance[arterial]),
                    "Rd": 0.9 * bed_resistance,
                    "Pd": float(bed_venous_pressure_mmHg[bed_id]),
                },
            }
        )
        add_vessel(f"bed:{bed_id}", _TINY_RESISTANCE, 0.0, 0.0, arterial, None, {"outlet": bc_name})
    junctions = []
    for node in sorted(set(inlets) | set(outlets)):
        junctions.append(
            {
                "junction_name": f"J_{network.node_names[node]}",
                "junction_type": "NORMAL_JUNCTION",
                "inlet_vessels": inlets.get(node, []),
                "outlet_vessels": outlets.get(node, []),
            }
        )
    config = {
        "simulation_parameters": {
            "number_of_cardiac_cycles": int(cycles),
            "number_of_time_pts_per_cardiac_cycle": len(beat_times_s),
            "output_all_cycles": False,
            "steady_initial": True,
            "cardiac_period": period,
        },
        "boundary_conditions": bcs,
        "vessels": vessels,
        "junctions": junctions,
    }
    return ExportedNetwork(config, vessel_edges)


@dataclass(frozen=True)
class ImportedNetwork:
    network: Network
    fixed_pressure_mmHg: dict[int, float]
    inflow_node: int
    inflow_times_s: np.ndarray
    inflow_ml_s: np.ndarray
    period_s: float
    vessel_inlet_node: dict[str, int]
    vessel_edge: dict[str, int]

    def inflow(self, time_s: float) -> np.ndarray:
        source = np.zeros(self.network.node_count)
        phase = np.mod(time_s, self.period_s)
        source[self.inflow_node] = np.interp(phase, self.inflow_times_s, self.inflow_ml_s)
        return source


def import_config(config: dict) -> ImportedNetwork:
    """An svZeroDSolver configuration (BloodVessel, NORMAL_JUNCTION, FLOW, RCR, RESISTANCE)
    as a Network with fixed-pressure boundary nodes and a prescribed inflow."""
    names, kinds, compliance = [], [], []
    e_from, e_to, e_r, e_l, e_names = [], [], [], [], []

    def node(name, kind=NodeKind.JUNCTION, c=0.0):
        names.append(name)
        kinds.append(int(kind))
        compliance.append(c)
        return len(names) - 1

    def edge(name, a, b, r, inertance=0.0):
        e_names.append(name)
        e_from.append(a)
        e_to.append(b)
        e_r.append(max(r, _TINY_RESISTANCE))
        e_l.append(inertance)
        return len(e_names) - 1

    end_nodes: dict[tuple[int, str], int] = {}
    for junction in config.get("junctions", []):
        j = node(junction["junction_name"])
        for vessel_id in junction["inlet_vessels"]:
            end_nodes[(vessel_id, "outlet")] = j
        for vessel_id in junction["outlet_vessels"]:
            end_nodes[(vessel_id, "inlet")] = j
    bcs = {bc["bc_name"]: bc for bc in config["boundary_conditions"]}
    fixed: dict[int, float] = {}
    inflow_node = -1
    inflow_t = inflow_q = None
    vessel_inlet_node, vessel_edge = {}, {}
    for vessel in config["vessels"]:
        vid = vessel["vessel_id"]
        values = vessel["zero_d_element_values"]
        bc = vessel.get("boundary_conditions", {})
        start = end_nodes.get((vid, "inlet"))
        if start is None:
            start = node(f"{vessel['vessel_name']}:in")
        end = end_nodes.get((vid, "outlet"))
        if end is None:
            end = node(f"{vessel['vessel_name']}:out")
        mid = node(
            f"{vessel['vessel_name']}:c", NodeKind.SEGMENT_INTERIOR, float(values.get("C", 0.0))
        )
        vessel_edge[vessel["vessel_name"]] = edge(
            vessel["vessel_name"], start, mid, float(values["R_poiseuille"])
        )
        edge(f"{vessel['vessel_name']}:L", mid, end, 0.0, float(values.get("L", 0.0)))
        vessel_inlet_node[vessel["vessel_name"]] = start
        for side, terminal in (("inlet", start), ("outlet", end)):
            if side not in bc:
                continue
            spec = bcs[bc[side]]
            v = spec["bc_values"]
            if spec["bc_type"] == "FLOW":
                inflow_node = terminal
                inflow_t = np.asarray(v["t"], dtype=float)
                inflow_q = np.asarray(v["Q"], dtype=float)
            elif spec["bc_type"] == "RCR":
                c_node = node(f"{spec['bc_name']}:c", NodeKind.SEGMENT_INTERIOR, float(v["C"]))
                ground = node(f"{spec['bc_name']}:Pd", NodeKind.BOUNDARY)
                fixed[ground] = float(v["Pd"])
                edge(f"{spec['bc_name']}:Rp", terminal, c_node, float(v["Rp"]))
                edge(f"{spec['bc_name']}:Rd", c_node, ground, float(v["Rd"]))
            elif spec["bc_type"] == "RESISTANCE":
                ground = node(f"{spec['bc_name']}:Pd", NodeKind.BOUNDARY)
                fixed[ground] = float(v["Pd"])
                edge(f"{spec['bc_name']}:R", terminal, ground, float(v["R"]))
            else:
                raise ValueError(f"boundary condition type {spec['bc_type']} is not supported")
    if inflow_node < 0:
        raise ValueError("the configuration has no FLOW inlet")
    m = len(e_names)
    network = Network(
        node_names=tuple(names),
        node_kind=np.array(kinds, dtype=np.int8),
        node_compliance=np.array(compliance),
        node_unstressed_volume=np.zeros(len(names)),
        edge_names=tuple(e_names),
        edge_kind=np.full(m, int(EdgeKind.EXTERNAL), dtype=np.int8),
        edge_from=np.array(e_from, dtype=np.int64),
        edge_to=np.array(e_to, dtype=np.int64),
        edge_resistance=np.array(e_r),
        edge_inertance=np.array(e_l),
        edge_scale=np.ones(m),
        edge_compliance=np.zeros(m),
        edge_volume=np.zeros(m),
        heart_rate_bpm=60.0
        / float(config["simulation_parameters"].get("cardiac_period", inflow_t[-1])),
        fixed_pressure_nodes=fixed,
    )
    return ImportedNetwork(
        network,
        fixed,
        inflow_node,
        inflow_t,
        inflow_q,
        float(inflow_t[-1] - inflow_t[0]),
        vessel_inlet_node,
        vessel_edge,
    )


@dataclass(frozen=True)
class TransientReference:
    """Our transient solver's periodic beat, to export and to compare against."""

    times_s: np.ndarray
    aortic_inflow_ml_s: np.ndarray
    means: object  # MeanState of the beat
    bed_venous_pressure_mmHg: dict[str, float]


def periodic_beat(
    network: Network, initial, dt_s: float = 1e-3, settle_beats: int = 30
) -> TransientReference:
    from simulator.physics.transient import TransientSolver, beat_means

    solver = TransientSolver(network, dt_s=dt_s, initial=initial)
    solver.run_beats(settle_beats)
    aortic = network.edge_index("aortic_valve")
    start_flow = solver.flow_ml_s[aortic]
    times, _pressures, flows = solver.run_beats(1, record=True)
    means = beat_means(solver, beats_to_settle=0)
    beat_times = np.concatenate([[times[0] - dt_s], times]) - (times[0] - dt_s)
    inflow = np.concatenate([[start_flow], flows[:, aortic]])
    venous = {bed: float(means.pressure_mmHg[nodes[1]]) for bed, nodes in network.bed_nodes.items()}
    return TransientReference(beat_times, inflow, means, venous)


def run_svzerod(config: dict):
    """Run svZeroDSolver (PyPI ``svzerod``; ``pysvzerod`` when built from source)."""
    try:
        import svzerod as zd
    except ImportError:  # pragma: no cover - depends on how svZeroDSolver was installed
        import pysvzerod as zd
    return zd.simulate(config)


def svzerod_vessel_means(frame, vessel_names) -> dict[str, tuple[float, float, float]]:
    """Beat means (flow_in, pressure_in, pressure_out) per vessel, dropping the duplicated
    end point of the cycle (svzerod-format.md, pitfalls)."""
    result = {}
    grouped = frame.groupby("name", sort=False)
    for name in vessel_names:
        rows = grouped.get_group(name)
        q = rows["flow_in"].to_numpy()[:-1]
        p_in = rows["pressure_in"].to_numpy()[:-1]
        p_out = rows["pressure_out"].to_numpy()[:-1]
        result[name] = (float(q.mean()), float(p_in.mean()), float(p_out.mean()))
    return result
