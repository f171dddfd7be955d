"""``python -m simulator export-svzerod -o FILE``: the systemic arterial network as an
svZeroDSolver configuration, driven by the model's own aortic-root flow."""

from __future__ import annotations

import argparse
import json

from simulator.anatomy.atlas import load_atlas
from simulator.commands import UserInputError, output_file, write_output
from simulator.physics.circulation import Circulation
from simulator.physics.svzerod import export_systemic_arteries, periodic_beat

MAX_CYCLES = 10_000
"""[E] svZeroDSolver converges in tens of cycles; ten thousand is far beyond any use."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export-svzerod", help="write the systemic arterial network as an svZeroDSolver config"
    )
    parser.add_argument("-o", "--output", required=True, help="configuration file to write")
    parser.add_argument("--atlas", help="atlas file (default: the built-in adult)")
    parser.add_argument("--dt", type=float, default=1e-3, help="time step in s (default 0.001)")
    parser.add_argument(
        "--cycles", type=int, default=30, help="cycles svZeroDSolver runs (default 30)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not 1e-5 <= args.dt <= 0.01:
        raise UserInputError(f"--dt {args.dt} s is outside 1e-5 to 0.01 s")
    if not 1 <= args.cycles <= MAX_CYCLES:
        raise UserInputError(f"--cycles must be from 1 to {MAX_CYCLES}")
    path = output_file(args.output, "-o")
    circulation = Circulation.build(load_atlas(args.atlas))
    reference = periodic_beat(circulation.network, circulation.resting_state(), dt_s=args.dt)
    exported = export_systemic_arteries(
        circulation.network,
        reference.times_s,
        reference.aortic_inflow_ml_s,
        reference.bed_venous_pressure_mmHg,
        cycles=args.cycles,
    )
    write_output(path, json.dumps(exported.config, indent=1) + "\n", "-o")
    print(
        f"wrote {path}: {len(exported.vessel_edges)} arterial vessels, "
        f"{len(exported.config['boundary_conditions']) - 1} bed outlets"
    )
    return 0
