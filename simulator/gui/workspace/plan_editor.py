"""The plan editor: the workspace's one real :class:`ActionSink`, with undo and redo.

Every control proposes an action here. The editor checks it the way the door checks a plan file
(:class:`simulator.session.editing.PlanChecks`); a refused action returns the reason and changes
nothing. An accepted one becomes one ``QUndoCommand`` on the editor's ``QUndoStack`` (a drag is
one proposal, made on release, so one command). Doing, undoing or redoing a command changes the
plan here, on the GUI thread, at once, and hands the new action list to the live driver on the
worker thread (``SessionWorker.submit``), which replays it from the newest checkpoint the
change leaves true: the GUI thread never replays anything.

An attempt is editable when the trainee makes it (a free session, an opened plan file, an
autosave taken back, or a watched plan after Take Over); while a plan is only watched, proposals
are refused with the way to make it one's own.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from simulator.scenario.plan_file import AnyAction, PlanFile
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.editing import (
    EditedPlan,
    PlanChange,
    PlanChecks,
    attempt_end_s,
    grading_end_s,
)
from simulator.session.live import LiveSession
from simulator.session.session import Snapshot

WATCHING_REASON = (
    "this plan is only being watched: Take Over (Ctrl+T) makes it your own attempt to change"
)
NO_ATTEMPT_REASON = "start a scenario first: there is no attempt to add this to"


class PlanCommand(QUndoCommand):
    """One plan change as one undoable step. The change is plain data (the action lists before
    and after); undo applies it the other way round."""

    def __init__(self, editor: PlanEditor, change: PlanChange) -> None:
        super().__init__(change.text)
        self.editor = editor
        self.change = change
        self._done_before = False

    def redo(self) -> None:
        self.editor._apply(self.change, first=not self._done_before)
        self._done_before = True

    def undo(self) -> None:
        self.editor._apply(self.change.inverse(), first=False)


class PlanEditor(QObject):
    plan_changed = Signal()
    """The plan's actions, whether it is editable, or its file changed."""
    refused = Signal(str)
    """A proposal, deletion or new time was refused; carries the reason."""
    report_ready = Signal(dict)
    """The grade report asked for by ``request_report`` (computed on the worker thread)."""

    def __init__(self, workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("plan_undo_stack")
        self.scenario: ScenarioFile | None = None
        self.plan: EditedPlan | None = None
        self.editable = False
        self.file_path: Path | None = None
        self.watched_name = ""
        self._checks: dict[str, PlanChecks] = {}
        self._jobs_in_flight = 0
        self._jobs_lock = threading.Lock()
        self._expected_s: float | None = None
        workspace.started.connect(self._attach)

    # -- the attempt ----------------------------------------------------------------------------
    @property
    def driver(self) -> LiveSession | None:
        return self.workspace.driver

    @property
    def actions(self) -> tuple[AnyAction, ...]:
        return self.plan.actions if self.plan is not None else ()

    def _checks_for(self, scenario: ScenarioFile) -> PlanChecks:
        if scenario.id not in self._checks:
            self._checks[scenario.id] = PlanChecks(scenario)
        return self._checks[scenario.id]

    def _attach(self) -> None:
        """A new driver runs: a free session is the trainee's attempt, a plan is watched."""
        driver = self.driver
        self.undo_stack.clear()
        self._jobs_in_flight, self._expected_s = 0, None
        self.scenario = driver.scenario
        self.plan = EditedPlan(driver.scenario, driver.actions, self._checks_for(driver.scenario))
        self.editable = driver.plan is None
        self.watched_name = "" if self.editable else self.workspace.plan_name
        self.file_path = None
        self.plan_changed.emit()

    def begin_attempt(
        self,
        scenario: ScenarioFile,
        actions: tuple[AnyAction, ...] = (),
        file_path: Path | None = None,
        at_s: float = 0.0,
    ) -> None:
        """Start an attempt on ``scenario`` made of ``actions`` (an opened plan file, an autosave
        taken back), with the session at ``at_s``; undo starts from here."""
        self.workspace.start(scenario)  # a free session: _attach makes it editable
        self.plan = EditedPlan(scenario, actions, self._checks_for(scenario))
        self.file_path = file_path
        if actions:
            end_s = attempt_end_s(scenario, actions)
            self._submit(lambda driver: driver.replace_actions(actions, at_s, end_s), at_s)
        elif at_s > 0.0:
            self.workspace.seek(at_s)
        self.undo_stack.setClean()
        self.plan_changed.emit()

    def take_over(self) -> str | None:
        """Make the watched plan the trainee's own attempt from where it is now: the actions
        already done are kept, the later ones are dropped. None when done, else why not."""
        if self.driver is None:
            return NO_ATTEMPT_REASON
        if self.editable:
            return "this attempt is already yours"
        self.workspace.clock.set_playing(False)  # first, so the clock asks for nothing more
        now_s = self.now_s()
        kept = tuple(a for a in self.actions if a.t_s <= now_s)
        end_s = attempt_end_s(self.scenario, kept)
        self.plan = EditedPlan(self.scenario, kept, self._checks_for(self.scenario))
        self.editable = True
        self._submit(lambda driver: driver.replace_actions(kept, None, end_s), now_s)
        self.undo_stack.clear()
        self.undo_stack.resetClean()  # taken over, not yet saved
        self.plan_changed.emit()
        return None

    def plan_file(self) -> PlanFile | None:
        return self.plan.plan_file() if self.plan is not None else None

    # -- ActionSink -----------------------------------------------------------------------------
    def now_s(self) -> float:
        with self._jobs_lock:
            if self._jobs_in_flight and self._expected_s is not None:
                return self._expected_s  # where the change on its way leaves the session
        driver = self.driver
        return driver.latest[1].t_s if driver is not None else 0.0

    def latest_snapshot(self) -> Snapshot | None:
        driver = self.driver
        return driver.latest[0] if driver is not None else None

    def propose(self, action: AnyAction, text: str) -> str | None:
        reason = self._editing_refused()
        if reason is None:
            change = self.plan.add(action, text)
            if isinstance(change, str):
                reason = change
            else:
                self.undo_stack.push(PlanCommand(self, change))
                return None
        self.refused.emit(reason)
        return reason

    # -- the plan panel's changes ---------------------------------------------------------------
    def delete(self, index: int, text: str) -> str | None:
        return self._push_checked(lambda: self.plan.delete(index, text))

    def retime(self, index: int, t_s: float, text: str) -> str | None:
        return self._push_checked(lambda: self.plan.retime(index, t_s, text))

    def _push_checked(self, make) -> str | None:
        reason = self._editing_refused()
        if reason is None:
            change = make()
            if not isinstance(change, str):
                self.undo_stack.push(PlanCommand(self, change))
                return None
            reason = change
        self.refused.emit(reason)
        return reason

    def _editing_refused(self) -> str | None:
        if self.driver is None or self.plan is None:
            return NO_ATTEMPT_REASON
        if not self.editable:
            return WATCHING_REASON
        return None

    # -- applying a change ----------------------------------------------------------------------
    def _apply(self, change: PlanChange, first: bool) -> None:
        """The plan changes now; the session follows on the worker thread."""
        self.plan.apply(change)
        actions = change.after
        if not (first and change.kind == "add"):
            self.workspace.clock.set_playing(False)  # the session goes back in time

        def replay(driver: LiveSession) -> None:
            driver.replace_actions(actions, change.resume_s(driver.time_s, first))

        self._submit(replay, change.resume_s(self.now_s(), first))
        self.plan_changed.emit()

    def _submit(self, job, expected_s: float) -> None:
        worker = self.workspace.worker
        if worker is None:
            return
        with self._jobs_lock:
            self._jobs_in_flight += 1
            self._expected_s = expected_s

        def run(driver: LiveSession) -> None:
            try:
                job(driver)
            finally:
                self._job_done()

        worker.submit(run)

    def _job_done(self) -> None:
        with self._jobs_lock:  # on the worker thread
            self._jobs_in_flight = max(0, self._jobs_in_flight - 1)

    # -- the grade of the plan --------------------------------------------------------------------
    def request_report(self) -> bool:
        """Ask the worker for the grade report of the plan as ``grade`` computes it (the replay
        to two minutes after the last action); ``report_ready`` carries it. False without an
        attempt."""
        worker = self.workspace.worker
        if worker is None or self.plan is None:
            return False
        end_s = grading_end_s(self.actions)
        ready = self.report_ready

        def report(driver: LiveSession) -> None:
            ready.emit(driver.report_at(end_s))

        worker.submit(report)
        return True
