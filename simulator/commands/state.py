"""``python -m simulator state [SCENARIO] [--plan PLAN] [--at SECONDS] --json``: the
beat-averaged circulation, at rest or during a plan replayed to a time."""

from __future__ import annotations

import argparse
import json

from simulator.commands import UserInputError, seconds_option
from simulator.physics.circulation import Circulation
from simulator.scenario.door import References
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.session.replay import replay


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("state", help="beat-averaged circulation state")
    parser.add_argument("scenario", nargs="?", help="scenario id or path (default: resting adult)")
    parser.add_argument("--plan", help="plan file, 'expert' or 'mistake:ID' (needs a scenario)")
    parser.add_argument("--at", type=float, default=None, help="seconds into the plan")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--atlas", help="atlas file (default: the built-in adult)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.scenario is None and (args.plan or args.at is not None):
        raise UserInputError("--plan and --at need a scenario")
    if args.at is not None:
        seconds_option(args.at, "--at")
    refs = References.load(args.atlas)
    atlas = refs.atlas
    if args.scenario is None:
        circulation = Circulation.build(atlas)
        report = circulation.report(circulation.resting_state())
    else:
        scenario, _ = resolve_scenario(args.scenario, refs)
        actions = resolve_plan(scenario, args.plan, refs).actions if args.plan else []
        session = replay(scenario, actions, atlas, until_s=args.at if args.at is not None else 0.0)
        circulation = Circulation(atlas, session.network)
        report = circulation.report(session.state)
        report["t_s"] = session.time_s
        report["phase"] = session.phase
        report["concentration_mg_l"] = {
            drug: {
                bed: 1000.0 * float(t.state.concentration_mg_ml[session.network.bed_nodes[bed][1]])
                for bed in session.network.bed_nodes
            }
            for drug, t in session.transports.items()
        }
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"cardiac output        {report['cardiac_output_l_min']:6.2f} L/min")
    print(f"mean arterial         {report['mean_arterial_pressure_mmHg']:6.1f} mmHg")
    print(f"central venous        {report['central_venous_pressure_mmHg']:6.1f} mmHg")
    print(f"mean pulmonary artery {report['mean_pulmonary_artery_pressure_mmHg']:6.1f} mmHg")
    print(f"heart rate            {report['heart_rate_bpm']:6.0f} bpm")
    print(f"blood volume          {report['blood_volume_ml']:6.0f} mL")
    print("beds (share of cardiac output):")
    for bed_id, bed in sorted(report["beds"].items(), key=lambda kv: -kv[1]["flow_ml_s"]):
        share = bed["fraction_of_cardiac_output"] * 100
        print(f"  {bed_id:28s} {bed['flow_ml_s'] * 60:7.0f} mL/min  {share:5.1f} %")
    return 0
