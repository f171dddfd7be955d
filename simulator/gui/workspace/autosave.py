"""Autosave of the attempt in progress every three seconds, and the offer to take back an
attempt a crashed window left (docs/editing.md).

While the trainee's own attempt runs (not while a plan is only watched), the window writes
``attempt-<pid>.json`` in the autosave folder whenever the plan or the session's time changed
since the last write; the write is atomic. Going back to the library or closing the window ends
the attempt normally and deletes the file; if the attempt had changes not saved to a plan file,
they are kept in a file of their own first, so nothing is lost without a word. On the next start,
a file whose process is gone is offered back: the scenario, the plan and the session's time as
they were at the last write.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from simulator.gui.workspace.plan_editor import PlanEditor
from simulator.scenario.autosave_file import AutosaveFile
from simulator.scenario.door import open_scenario
from simulator.scenario.errors import FileFormatError, UserInputError
from simulator.scenario.library import LIBRARY_PATH, resolve_scenario
from simulator.storage.autosave import (
    LeftAttempt,
    autosave_path,
    kept_path,
    left_attempts,
    remove_autosave,
    write_autosave,
)

AUTOSAVE_INTERVAL_MS = 3000


def clock_text(t_s: float) -> str:
    minutes, seconds = divmod(int(t_s), 60)
    return f"{minutes:d}:{seconds:02d}"


class Autosaver(QObject):
    saved = Signal(str)
    """The autosave was written (its path)."""

    def __init__(self, window, editor: PlanEditor) -> None:
        super().__init__(window)
        self.window = window
        self.editor = editor
        self.path = autosave_path()
        self._written: tuple | None = None
        self._time_s = 0.0
        self._kept_plan = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        window.stack.currentChanged.connect(self._page_changed)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.end()  # a normal end: nothing to offer back
        return False

    def _page_changed(self, _index: int) -> None:
        if self.window.on_library:
            self.end()

    def end(self) -> None:
        """The attempt ends normally: its autosave goes, unless it holds unsaved changes."""
        editor = self.editor
        unsaved = (
            editor.plan is not None
            and editor.editable
            and bool(editor.actions)
            and not editor.undo_stack.isClean()
            and editor.plan is not self._kept_plan
        )
        if unsaved:
            kept = self.autosave(ended=True)
            try:
                path = write_autosave(kept, kept_path(kept))
            except OSError as error:
                self.window.statusBar().showMessage(f"Could not keep the attempt: {error}")
            else:
                self._kept_plan = editor.plan
                self.window.statusBar().showMessage(
                    f"Your attempt had unsaved changes: kept in {path.name}, offered back at the "
                    "next start"
                )
        remove_autosave(self.path)
        self._written = None

    def autosave(self, ended: bool = False) -> AutosaveFile | None:
        """What would be written now; None when no attempt of the trainee's is in progress.
        ``ended``: the session has stopped; its time is the one last written."""
        editor = self.editor
        if editor.plan is None or not editor.editable or (editor.driver is None and not ended):
            return None
        window = self.window
        path = window.scenario_path
        library = path is None or _in_library(path)
        return AutosaveFile(
            scenario_id=editor.scenario.id,
            scenario_title=editor.scenario.title[:200],
            scenario_path=None if library else str(path),
            plan_path=str(editor.file_path) if editor.file_path is not None else None,
            process_id=os.getpid(),
            saved_at=datetime.now(UTC),
            session_time_s=self._time_s if editor.driver is None else editor.now_s(),
            unsaved_changes=not editor.undo_stack.isClean(),
            ended_normally=ended,
            plan=editor.plan_file(),
        )

    def save_now(self) -> Path | None:
        editor = self.editor
        if editor.plan is None or not editor.editable or editor.driver is None:
            if self._written is not None:
                self.end()
            return None
        self._time_s = editor.now_s()
        state = (editor.actions, self._time_s, editor.undo_stack.isClean(), editor.file_path)
        if state == self._written:
            return None
        try:
            write_autosave(self.autosave())
        except OSError as error:
            self.window.statusBar().showMessage(
                f"Autosave failed: cannot write {self.path} ({error.strerror or error})"
            )
            return None
        self._written = state
        self.saved.emit(str(self.path))
        return self.path


def _in_library(path: Path) -> bool:
    """A scenario of the built-in library is found again by its id alone."""
    try:
        return Path(path).resolve().parent == LIBRARY_PATH.resolve()
    except OSError:
        return False


def offer_left_attempt(window) -> QMessageBox | None:
    """Offer back the newest attempt a crashed window left (a non-blocking box, so the window
    stays usable); None when there is none."""
    found, problems = left_attempts()
    if problems:
        window.statusBar().showMessage("An autosave could not be read: " + problems[0])
    if not found:
        return None
    left = found[0]
    saved = left.autosave
    count = len(saved.plan.actions)
    box = QMessageBox(window)
    box.setObjectName("recovery_box")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Take back an attempt?")
    how = "was left with changes not saved" if saved.ended_normally else "was not closed normally"
    box.setText(
        f"An attempt on <b>{saved.scenario_title}</b> {how}: {count} "
        f"action{'s' if count != 1 else ''}, at {clock_text(saved.session_time_s)} "
        f"of the session, saved {saved.saved_at.astimezone():%Y-%m-%d %H:%M}."
    )
    box.setInformativeText("Take it back to go on where it stopped, or discard it.")
    take = box.addButton("&Take It Back", QMessageBox.ButtonRole.AcceptRole)
    take.setObjectName("recovery_take_back")
    take.setToolTip("Open the scenario with this plan, at the time it had reached")
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("recovery_discard")
    discard.setToolTip("Delete the autosave; the attempt is lost")
    later = box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
    later.setToolTip("Keep the autosave and offer it again at the next start")
    box.setDefaultButton(take)

    def answered() -> None:
        clicked = box.clickedButton()
        if clicked is take:
            take_back(window, left)
        elif clicked is discard:
            remove_autosave(left.path)
            window.statusBar().showMessage("The autosaved attempt was discarded")

    box.finished.connect(lambda _result: answered())
    window.recovery_box = box
    box.open()
    return box


def take_back(window, left: LeftAttempt) -> bool:
    saved = left.autosave
    try:
        if saved.scenario_path is not None:
            path = Path(saved.scenario_path)
            scenario = open_scenario(path)
        else:
            scenario, path = resolve_scenario(saved.scenario_id)
    except (UserInputError, FileFormatError) as error:
        lines = [str(p) for p in error.problems] if isinstance(error, FileFormatError) else []
        window.statusBar().showMessage(
            f"The autosaved attempt cannot be taken back: {lines[0] if lines else error}"
        )
        return False
    window._open_workspace(scenario, path)
    editor = window.plan_editor
    plan_path = Path(saved.plan_path) if saved.plan_path is not None else None
    editor.begin_attempt(scenario, tuple(saved.plan.actions), plan_path, saved.session_time_s)
    if saved.unsaved_changes:
        editor.undo_stack.resetClean()
    remove_autosave(left.path)  # this window's own autosave takes over
    window.statusBar().showMessage(
        f"Taken back: {len(saved.plan.actions)} actions, at {clock_text(saved.session_time_s)}"
    )
    return True


def install_autosave(window, editor: PlanEditor) -> Autosaver | None:
    """Autosave and the offer at start, for a window that keeps the user's state (not one made
    for a screenshot or a test that asks it to remember nothing)."""
    if not window.remember_settings:
        return None
    saver = Autosaver(window, editor)
    window.autosaver = saver
    QTimer.singleShot(0, lambda: offer_left_attempt(window))
    return saver
