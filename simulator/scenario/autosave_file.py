"""The autosave file: the trainee's attempt in progress, written every few seconds so that a
crash loses at most those seconds, and offered back on the next start (docs/editing.md).

One file per running window (named with its process id), so two windows never write the same
file, and a file whose process is gone is one that crashed or was killed. An attempt left with
unsaved changes is kept under a name of its own (``attempt-<pid>-<time>.json``) and offered too.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from simulator.scenario.common import MAX_PROCEDURE_S, limits
from simulator.scenario.plan_file import FileModel, PlanFile, Slug

AUTOSAVE_SCHEMA_VERSION = 1

FilePath = Annotated[str, Field(min_length=1, max_length=4096)]
"""[E] A path as the operating system gave it (4096 is Linux's PATH_MAX)."""


class AutosaveFile(FileModel):
    schema_version: Literal[1] = AUTOSAVE_SCHEMA_VERSION
    scenario_id: Slug
    scenario_title: str = Field(max_length=200)
    """Shown when the attempt is offered back."""
    scenario_path: FilePath | None = None
    """The scenario file the attempt was started from; None for the built-in library."""
    plan_path: FilePath | None = None
    """The plan file the attempt was last opened from or saved to, if any."""
    process_id: int = Field(ge=1, le=2**31 - 1)
    """The process that writes the file: while it runs, the file is not a crashed attempt."""
    saved_at: AwareDatetime
    session_time_s: Annotated[
        float,
        limits(
            "a day of plan (MAX_PROCEDURE_S) and the two minutes watched after its last action",
            ge=0.0,
            le=2 * MAX_PROCEDURE_S,
        ),
    ]
    """Where the session was: the attempt is taken back at that time."""
    unsaved_changes: bool
    """The plan differs from its file (or has none)."""
    ended_normally: bool = False
    """The window left the attempt (back to the library, or closed) with changes not saved: the
    file was kept so that nothing is lost, and is offered back at the next start."""
    plan: PlanFile
