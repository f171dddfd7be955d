"""``python -m simulator COMMAND``: the headless commands of DESIGN.md §4.2.

Each command lives in ``simulator/commands/<name>.py`` with ``register(subparsers)`` adding its
parser and setting ``handler``; the handler returns the process exit code. Known problems with
the user's input are raised as ``UserInputError`` or ``FileFormatError`` and printed as one line
per problem, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from simulator.commands import UserInputError
from simulator.scenario.errors import FileFormatError

COMMAND_MODULES: tuple[str, ...] = (
    "simulator.commands.state",
    "simulator.commands.scenarios",
    "simulator.commands.plan",
    "simulator.commands.grade",
    "simulator.commands.catalog",
    "simulator.commands.validate",
    "simulator.commands.schema",
    "simulator.commands.export_svzerod",
    "simulator.commands.layout",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="PerfusionSim headless commands (see DESIGN.md §4.2).",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except FileFormatError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except UserInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
