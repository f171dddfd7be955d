"""``python -m simulator scenarios [--json]``: the built-in library, one line per scenario
(id, procedure, difficulty, title)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.scenario.errors import UserInputError
from simulator.scenario.library import LIBRARY_PATH, library_files
from simulator.scenario.loading import load_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("scenarios", help="list the scenario library")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--library",
        type=Path,
        default=LIBRARY_PATH,
        help="folder of scenario files (default: built-in)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    entries = []
    if not args.library.is_dir():
        raise UserInputError(f"{args.library}: not a folder")
    for path in library_files(args.library):
        scenario = load_scenario(path)
        entries.append(
            {
                "id": scenario.id,
                "title": scenario.title,
                "procedure": scenario.procedure,
                "difficulty": scenario.difficulty,
                "path": str(path),
                "expert": "expert",
                "mistakes": [f"mistake:{m.id}" for m in scenario.mistake_plans],
            }
        )
    if args.json:
        print(json.dumps({"scenarios": entries}, indent=1))
        return 0
    for entry in entries:
        print(
            f"{entry['id']:40s} {entry['procedure']:13s} {entry['difficulty']:13s} {entry['title']}"
        )
    return 0
