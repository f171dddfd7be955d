"""``python -m simulator COMMAND``: the headless commands of DESIGN.md §4.2.

Each command lives in ``simulator/commands/<name>.py`` with ``register(subparsers)`` adding its
parser and setting ``handler``; the handler returns the process exit code.

Exit codes, the same for every command:

- 0: done (``validate``: every file is valid);
- 1: a file is not valid (``validate``'s problems, or a scenario, plan or atlas a command was
  given), one ``error: FILE: $.json.path: reason`` line per problem;
- 2: the command line is wrong (an unknown option, a bad value, a path that is not a readable
  file, an output that cannot be written, an unknown scenario or plan name), one line;
- 3: a bug in PerfusionSim, one line saying so; the traceback only with ``--debug`` or
  ``PERFUSIONSIM_DEBUG=1``.

No input the user can give ends in a traceback or a hang.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from simulator.commands import UserInputError
from simulator.scenario.errors import FileFormatError, UnreadableFileError, shorten

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

EXIT_OK, EXIT_INVALID_FILE, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
DEBUG_VARIABLE = "PERFUSIONSIM_DEBUG"
MAX_MESSAGE_CHARS = 1000
"""One line stays one readable line even when it quotes a 5000-character argument."""


class OneLineParser(argparse.ArgumentParser):
    """argparse's usage errors as one line (and exit 2), pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        print(
            f"error: {shorten(message, MAX_MESSAGE_CHARS)} (see {self.prog} --help)",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="python -m simulator",
        description="PerfusionSim headless commands (see DESIGN.md §4.2).",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"print the traceback of an internal error (or set {DEBUG_VARIABLE}=1)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def _say(message: str) -> None:
    one_line = " ".join(message.split("\n"))
    print(f"error: {shorten(one_line, MAX_MESSAGE_CHARS)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help (0) or a usage error already printed (2)
        return int(done.code or 0)
    try:
        return int(args.handler(args))
    except UnreadableFileError as exc:
        for problem in exc.problems:
            _say(str(problem))
        return EXIT_USAGE
    except FileFormatError as exc:
        for problem in exc.problems:
            _say(str(problem))
        return EXIT_INVALID_FILE
    except UserInputError as exc:
        _say(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_INVALID_FILE
    except OSError as exc:  # the environment (a path, a full disk), not the program's logic
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"{where}{exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:
        if args.debug or os.environ.get(DEBUG_VARIABLE):
            traceback.print_exc()
        _say(
            f"internal error, a bug in PerfusionSim ({type(exc).__name__}: {exc}); please report"
            f" it with the command line (--debug or {DEBUG_VARIABLE}=1 shows the traceback)"
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
