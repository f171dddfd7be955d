"""``python -m simulator plan SCENARIO expert|mistake:ID -o FILE``: a carried plan as a file."""

from __future__ import annotations

import argparse

from simulator.commands import output_file, write_output
from simulator.scenario.library import resolve_plan, resolve_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("plan", help="write a plan a scenario carries as a plan file")
    parser.add_argument("scenario", help="scenario id or path")
    parser.add_argument("name", help="'expert' or 'mistake:ID'")
    parser.add_argument("-o", "--output", required=True, help="plan file to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    output = output_file(args.output, "-o")
    scenario, _ = resolve_scenario(args.scenario)
    plan = resolve_plan(scenario, args.name)
    write_output(output, plan.model_dump_json(indent=1) + "\n", "-o")
    print(f"wrote {output}: {len(plan.actions)} actions")
    return 0
