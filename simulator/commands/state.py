"""``python -m simulator state --json``: the beat-averaged state of the resting adult."""

from __future__ import annotations

import argparse
import json

from simulator.anatomy.atlas import load_atlas
from simulator.physics.circulation import Circulation


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("state", help="beat-averaged circulation state")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--atlas", help="atlas file (default: the built-in adult)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    circulation = Circulation.build(load_atlas(args.atlas))
    report = circulation.report(circulation.resting_state())
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
