"""One module per headless command; see ``simulator.cli``.

The helpers here check command-line values before a command starts its work, so a bad value is
one line and exit 2 within a second, not a traceback after a minute of simulation.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from simulator.scenario.common import MAX_PROCEDURE_S
from simulator.scenario.errors import UserInputError, shorten
from simulator.storage.atomic import atomic_write_text

__all__ = ["UserInputError", "output_file", "output_folder", "seconds_option", "write_output"]

MAX_NAME_BYTES = 255
"""The longest file name (one path part) Linux, macOS and Windows file systems accept."""


def _existing_ancestor(path: Path) -> Path:
    """The nearest folder above ``path`` that exists (atomic_write_text creates the rest)."""
    for ancestor in path.absolute().parents:
        if ancestor.exists():
            return ancestor
    return Path(path.absolute().anchor)


def _check_writable_place(path: Path, option: str, given: str) -> None:
    too_long = [part for part in path.parts if len(os.fsencode(part)) > MAX_NAME_BYTES]
    if too_long:
        raise UserInputError(f"{option} {shorten(given)}: a file or folder name is too long")
    ancestor = _existing_ancestor(path)
    if not ancestor.is_dir():
        raise UserInputError(f"{option} {shorten(given)}: {ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK):
        raise UserInputError(f"{option} {shorten(given)}: cannot write in {ancestor}")


def output_file(given: str, option: str) -> Path:
    """The path of a file the command will write, refused now if it cannot be written."""
    path = Path(given)
    try:
        if path.is_dir():
            raise UserInputError(f"{option} {shorten(given)}: is a folder; give a file name")
        _check_writable_place(path, option, given)
    except (OSError, ValueError) as exc:
        if isinstance(exc, UserInputError):
            raise
        raise UserInputError(f"{option} {shorten(given)}: not a usable file name") from None
    return path


def output_folder(given: str | Path, option: str) -> Path:
    """The path of a folder the command will write into (created if needed)."""
    path = Path(given)
    try:
        if path.exists() and not path.is_dir():
            raise UserInputError(f"{option} {shorten(str(given))}: is a file, not a folder")
        _check_writable_place(path / "x", option, str(given))
    except (OSError, ValueError) as exc:
        if isinstance(exc, UserInputError):
            raise
        raise UserInputError(f"{option} {shorten(str(given))}: not a usable folder name") from None
    return path


def write_output(path: Path, text: str, option: str) -> None:
    """Write atomically; a failure the checks could not foresee (disk full) is still one line."""
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise UserInputError(
            f"{option} {shorten(str(path))}: cannot write ({exc.strerror})"
        ) from None


def seconds_option(value: float, option: str) -> float:
    """A time on the command line: finite, 0 or more, at most a day (as every time in a plan)."""
    if not math.isfinite(value) or not 0.0 <= value <= MAX_PROCEDURE_S:
        raise UserInputError(
            f"{option} {value:g}: give seconds from 0 to {MAX_PROCEDURE_S:g} (a day)"
        )
    return value
