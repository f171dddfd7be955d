"""Speed of the circulation engine: prints the figures recorded in docs/performance.md.

    python benchmarks/engine.py            # all three, about a minute

(a) re-solving the beat-averaged state of the full atlas after one segment's resistance changes
    (new network, new factorization, solve), median of 50;
(b) transient speed at the default step (1 ms): simulated seconds per wall second;
(c) the network ``export-svzerod`` writes, run by our transient solver and by svZeroDSolver for
    the same simulated time and step: wall time per step of each, and the ratio.
Timings are wall-clock medians on whatever machine runs this; run it on an idle machine.
"""

from __future__ import annotations

import platform
import statistics
import time

import numpy as np

from simulator.anatomy.atlas import load_atlas
from simulator.physics.circulation import Circulation
from simulator.physics.mean import solve_steady
from simulator.physics.svzerod import (
    export_systemic_arteries,
    import_config,
    periodic_beat,
)
from simulator.physics.transient import TransientSolver

DEFAULT_DT_S = 1e-3


def resolve_after_one_change(circulation: Circulation, repeats: int = 50) -> float:
    network = circulation.network
    volume = circulation.atlas.blood.total_volume_ml
    edge = network.segment_edges["abdominal_aorta_supraceliac"][0]
    times = []
    for i in range(repeats):
        changed = network.scaled_edges({edge: 0.2 + 0.01 * i})
        start = time.perf_counter()
        solve_steady(changed, volume)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def transient_speed(circulation: Circulation, seconds: float = 8.0) -> float:
    solver = TransientSolver(
        circulation.network, dt_s=DEFAULT_DT_S, initial=circulation.resting_state()
    )
    solver.run_beats(1)
    steps = round(seconds / DEFAULT_DT_S)
    start = time.perf_counter()
    for _ in range(steps):
        solver.step()
    return seconds / (time.perf_counter() - start)


def exported_network_per_step(
    circulation: Circulation, cycles: int = 10
) -> tuple[float, float, int]:
    import svzerod

    reference = periodic_beat(circulation.network, circulation.resting_state(), DEFAULT_DT_S, 20)
    export = export_systemic_arteries(
        circulation.network,
        reference.times_s,
        reference.aortic_inflow_ml_s,
        reference.bed_venous_pressure_mmHg,
        cycles=cycles,
    )
    config = export.config
    steps = cycles * (len(reference.times_s) - 1)

    theirs = []
    for _ in range(3):
        solver = svzerod.Solver(config)
        start = time.perf_counter()
        solver.run()
        theirs.append((time.perf_counter() - start) / steps)

    imported = import_config(config)
    ours = []
    for _ in range(3):
        solver = TransientSolver(imported.network, dt_s=DEFAULT_DT_S, source=imported.inflow)
        start = time.perf_counter()
        for _ in range(steps):
            solver.step()
        ours.append((time.perf_counter() - start) / steps)
    return statistics.median(ours), statistics.median(theirs), imported.network.node_count


def main() -> int:
    circulation = Circulation.build(load_atlas())
    net = circulation.network
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"machine: {platform.machine()}, {python}, numpy {np.__version__}")
    print(f"full atlas network: {net.node_count} nodes, {net.edge_count} edges")
    a = resolve_after_one_change(circulation)
    print(f"(a) beat-averaged re-solve after one resistance change: {a * 1e3:.2f} ms (aim <= 5 ms)")
    b = transient_speed(circulation)
    print(f"(b) transient at dt = 1 ms: {b:.1f} x real time (aim >= 20)")
    ours, theirs, nodes = exported_network_per_step(circulation)
    print(
        f"(c) exported network ({nodes} nodes in our form), dt = 1 ms: "
        f"ours {ours * 1e6:.1f} us/step, svZeroDSolver {theirs * 1e6:.1f} us/step, "
        f"ratio ours/theirs {ours / theirs:.2f} (aim <= 1)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
