"""``python -m simulator plan SCENARIO expert|mistake:ID -o FILE``: a carried plan as a file."""

from __future__ import annotations

import argparse

from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.storage.atomic import atomic_write_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("plan", help="write a plan a scenario carries as a plan file")
    parser.add_argument("scenario", help="scenario id or path")
    parser.add_argument("name", help="'expert' or 'mistake:ID'")
    parser.add_argument("-o", "--output", required=True, help="plan file to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    scenario, _ = resolve_scenario(args.scenario)
    plan = resolve_plan(scenario, args.name)
    atomic_write_text(args.output, plan.model_dump_json(indent=1) + "\n")
    print(f"wrote {args.output}: {len(plan.actions)} actions")
    return 0
