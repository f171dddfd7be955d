"""Our export, run by svZeroDSolver, reproduces our beat means (issue: engine, item 4), and our
transient solver reproduces svZeroDSolver's waveforms on the exported network."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.physics.svzerod import (
    INLET_VESSEL,
    export_systemic_arteries,
    import_config,
    periodic_beat,
    run_svzerod,
    svzerod_vessel_means,
)
from simulator.physics.transient import TransientSolver

FLOW_FLOOR_ML_S = 1e-6  # a vessel closed by its variant (strength 0) carries ~1e-12 mL/s


@pytest.fixture(scope="module")
def exported(circulation, resting):
    reference = periodic_beat(circulation.network, resting, dt_s=1e-3, settle_beats=30)
    export = export_systemic_arteries(
        circulation.network,
        reference.times_s,
        reference.aortic_inflow_ml_s,
        reference.bed_venous_pressure_mmHg,
        cycles=30,
    )
    return reference, export


def test_export_names_every_systemic_artery_and_bed(circulation, exported):
    _, export = exported
    names = {v["vessel_name"] for v in export.config["vessels"]}
    arteries = {s for s, k in circulation.network.segment_kind.items() if k == "artery"}
    assert arteries <= names
    rcr = [bc for bc in export.config["boundary_conditions"] if bc["bc_type"] == "RCR"]
    systemic_beds = [b for b in circulation.atlas.beds if b.kind == "systemic"]
    assert len(rcr) == len(systemic_beds)
    inflow = export.config["boundary_conditions"][0]
    assert inflow["bc_type"] == "FLOW" and len(inflow["bc_values"]["t"]) == len(
        inflow["bc_values"]["Q"]
    )


def test_svzerod_reproduces_our_beat_means_within_half_a_percent(circulation, exported):
    reference, export = exported
    frame = run_svzerod(export.config)
    means = svzerod_vessel_means(frame, list(export.vessel_edges))
    net = circulation.network
    for name, edge in export.vessel_edges.items():
        ours_q = reference.means.flow_ml_s[edge]
        ours_p = reference.means.pressure_mmHg[net.edge_from[edge]]
        theirs_q, theirs_p, _ = means[name]
        assert abs(theirs_q - ours_q) <= 0.005 * max(abs(ours_q), FLOW_FLOOR_ML_S), name
        assert theirs_p == pytest.approx(ours_p, rel=0.005), name


def test_our_solver_runs_the_exported_network_like_svzerod(exported):
    """Same configuration, same step: waveforms of the inlet pressure agree within 2 %."""
    _, export = exported
    config = dict(export.config)
    config["simulation_parameters"] = dict(
        config["simulation_parameters"], number_of_cardiac_cycles=12
    )
    frame = run_svzerod(config)
    inlet = frame[frame["name"] == INLET_VESSEL]["pressure_out"].to_numpy()[:-1]
    imported = import_config(config)
    dt = imported.period_s / (len(imported.inflow_times_s) - 1)
    solver = TransientSolver(imported.network, dt_s=dt, source=imported.inflow)
    steps = len(imported.inflow_times_s) - 1
    for _ in range(11 * steps):
        solver.step()
    ours = []
    root = imported.vessel_inlet_node["ascending_aorta"]
    for _ in range(steps):
        solver.step()
        ours.append(solver.pressure_mmHg[root])
    ours = np.roll(np.array(ours), 1)  # our samples are at the end of each step
    assert np.mean(ours) == pytest.approx(np.mean(inlet), rel=0.005)
    assert np.max(np.abs(ours - inlet)) / np.mean(inlet) < 0.02
