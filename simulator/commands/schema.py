"""``python -m simulator schema -o DIR``: write the JSON Schemas of every file format."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.commands import UserInputError, output_folder
from simulator.scenario.errors import shorten
from simulator.scenario.schemas import write_schemas


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write the JSON Schemas of the scenario, plan, attempt and atlas files",
        description="Write <format>.schema.json for every file format into a folder, for editors"
        " that check JSON files as they are typed.",
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="folder to write into"
    )
    parser.add_argument("--json", action="store_true", help='print {"written": [paths]}')
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    folder = output_folder(args.output, "-o")
    try:
        written = write_schemas(folder)
    except OSError as exc:
        raise UserInputError(
            f"cannot write the schemas to {shorten(str(folder))}: {exc.strerror}"
        ) from None
    if args.json:
        print(json.dumps({"written": [str(path) for path in written]}))
    else:
        for path in written:
            print(path)
    return 0
