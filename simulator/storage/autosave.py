"""Autosave files of attempts in progress, in the user data folder (docs/editing.md).

The folder is ``$PERFUSIONSIM_DATA_DIR/autosave`` when that variable is set (tests, a portable
install), else ``autosave`` in the platform's user data folder (platformdirs:
``~/.local/share/PerfusionSim`` on Linux). Each running window writes its own file,
``attempt-<process id>.json``, atomically (a temporary file in the same folder, then
``os.replace``), so a crash mid-write leaves the previous version whole. A window that ends
normally deletes its file; one that crashed leaves it, and the next start offers it back.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from pydantic import ValidationError

from simulator.scenario.autosave_file import AutosaveFile
from simulator.scenario.errors import FileFormatError, problems_from_validation, read_json
from simulator.storage.atomic import atomic_write_text

DATA_DIR_VARIABLE = "PERFUSIONSIM_DATA_DIR"
APP_NAME = "PerfusionSim"
AUTOSAVE_GLOB = "attempt-*.json"


def data_dir() -> Path:
    given = os.environ.get(DATA_DIR_VARIABLE)
    if given:
        return Path(given)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))


def autosave_dir() -> Path:
    return data_dir() / "autosave"


def autosave_path(process_id: int | None = None) -> Path:
    return autosave_dir() / f"attempt-{process_id or os.getpid()}.json"


def kept_path(autosave: AutosaveFile) -> Path:
    """Where an attempt left unsaved is kept: a name of its own, so that the window's next
    attempt does not overwrite it."""
    stamp = autosave.saved_at.strftime("%Y%m%dT%H%M%S%f")
    return autosave_dir() / f"attempt-{autosave.process_id}-{stamp}.json"


def write_autosave(autosave: AutosaveFile, path: Path | None = None) -> Path:
    path = path or autosave_path(autosave.process_id)
    atomic_write_text(path, autosave.model_dump_json(indent=1, by_alias=True) + "\n")
    return path


def remove_autosave(path: Path | None = None) -> None:
    with contextlib.suppress(OSError):
        (path or autosave_path()).unlink(missing_ok=True)


def process_running(process_id: int) -> bool:
    """Whether the process that wrote a file still runs (then its file is not a crash)."""
    if process_id == os.getpid():
        return True
    if sys.platform == "win32":
        return False  # os.kill would end the process there; an old file is offered instead
    try:
        os.kill(process_id, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process with that id
    return True


@dataclass(frozen=True)
class LeftAttempt:
    """An autosave left by a window that did not end normally."""

    path: Path
    autosave: AutosaveFile


def read_autosave(path: Path) -> AutosaveFile:
    """The autosave in ``path``; a FileFormatError naming the file, field and reason otherwise."""
    data = read_json(path)
    try:
        return AutosaveFile.model_validate(data)
    except ValidationError as error:
        raise FileFormatError(problems_from_validation(path, error)) from None


def left_attempts() -> tuple[list[LeftAttempt], list[str]]:
    """Autosaves of windows that are gone, newest first, and one line per file that could not
    be read (kept on disk, so nothing is lost silently)."""
    found: list[LeftAttempt] = []
    problems: list[str] = []
    folder = autosave_dir()
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob(AUTOSAVE_GLOB)):
        try:
            autosave = read_autosave(path)
        except FileFormatError as error:
            problems += [str(p) for p in error.problems]
            continue
        if not process_running(autosave.process_id):
            found.append(LeftAttempt(path, autosave))
    found.sort(key=lambda left: left.autosave.saved_at, reverse=True)
    return found, problems
