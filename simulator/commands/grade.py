"""``python -m simulator grade SCENARIO PLAN [--json] [--timeseries FILE.csv]``."""

from __future__ import annotations

import argparse
import json

from simulator.commands import output_file, write_output
from simulator.scenario.door import References
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scoring.report import grade_session, timeseries_csv
from simulator.session.replay import replay


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("grade", help="replay a plan and score it")
    parser.add_argument("scenario", help="scenario id or path")
    parser.add_argument("plan", help="plan file, 'expert' or 'mistake:ID'")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--timeseries", metavar="FILE.csv", help="write the curves over time as CSV"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    timeseries = output_file(args.timeseries, "--timeseries") if args.timeseries else None
    refs = References.load()
    scenario, _ = resolve_scenario(args.scenario, refs)
    plan = resolve_plan(scenario, args.plan, refs)
    session = replay(scenario, plan.actions, refs.atlas)
    report = grade_session(session)
    if timeseries is not None:
        write_output(timeseries, timeseries_csv(session), "--timeseries")
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(
        f"{scenario.title}: score {report['score']:.1f} / 100, "
        f"{'passed' if report['passed'] else 'not passed'}"
    )
    for objective in report["objectives"]:
        mark = "PASS" if objective["passed"] else "FAIL"
        print(f"  [{mark}] {objective['explanation']}")
    alarms = [e for e in report["events"] if e["severity"] == "alarm"]
    for event in alarms:
        print(f"  alarm at {event['t_s'] / 60:5.1f} min: {event['message']}")
    return 0
