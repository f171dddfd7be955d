"""The trainee's plan while it is being made: actions added, deleted and retimed, each change
checked the way the door checks a plan file (DESIGN.md §2, §5.1).

A :class:`PlanChange` is plain data: the plan's actions before and after one step, with the words
that name it. Undo applies the change the other way round (:meth:`PlanChange.inverse`); nothing
else is needed, because the actions are frozen values shared by both tuples. The GUI wraps each
change in one ``QUndoCommand``; headless tests and the benchmark apply the same changes to an
:class:`EditedPlan` and hand its actions to the live driver (``LiveSession.replace_actions``),
which replays from the newest checkpoint the change leaves true.

Where the session goes after a change (:meth:`PlanChange.resume_s`): an action added at the
session's time is applied there and the session stays; a deletion or a new time takes the
session back to the moment of the earliest action it touched (when that is before the session's
time), so the trainee sees the state just then with the changed plan. Undo and redo go to the
moment of the change, so pressing them again and again walks the session back and forth through
the plan's history.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from simulator.scenario.door import References, file_problems
from simulator.scenario.errors import FileFormatError, Problem, problems_from_validation
from simulator.scenario.loading import parse_plan
from simulator.scenario.plan_file import MAX_ACTIONS, PLAN_SCHEMA_VERSION, AnyAction, PlanFile
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.live import FREE_SESSION_S
from simulator.session.replay import OBSERVATION_AFTER_LAST_ACTION_S

Actions = tuple[AnyAction, ...]
ChangeKind = Literal["add", "delete", "retime", "replace"]
EDITED_PLAN_LABEL = "the plan"
"""What the door's checks call the file when the file is the plan being edited."""


@dataclass(frozen=True)
class PlanChange:
    """One undoable step: the whole action list before and after it."""

    kind: ChangeKind
    text: str
    before: Actions
    after: Actions

    def inverse(self) -> PlanChange:
        return PlanChange(self.kind, self.text, self.after, self.before)

    @property
    def first_index(self) -> int:
        """The first position at which the two action lists differ."""
        for index, (old, new) in enumerate(zip(self.before, self.after, strict=False)):
            if old != new:
                return index
        return min(len(self.before), len(self.after))

    @property
    def changed_from_s(self) -> float:
        """The earliest time the change touches."""
        index = self.first_index
        touched = self.before[index : index + 1] + self.after[index : index + 1]
        return min((a.t_s for a in touched), default=float("inf"))

    def resume_s(self, session_s: float, first: bool = True) -> float:
        """Where the session goes once the plan has changed: ``first`` when the change is made,
        not on undo or redo (see the module docstring)."""
        if not first:
            return self.changed_from_s
        if self.kind == "add":
            return session_s  # made now (or a moment ago, while the session ran on)
        return min(session_s, self.changed_from_s)


def insertion_index(actions: Sequence[AnyAction], t_s: float) -> int:
    """Where an action at ``t_s`` goes: after every action at or before that time (a plan is in
    time order; among actions at one time, in the order they were made)."""
    return bisect.bisect_right([a.t_s for a in actions], t_s)


def add_action(actions: Actions, action: AnyAction, text: str) -> PlanChange:
    index = insertion_index(actions, action.t_s)
    return PlanChange("add", text, actions, (*actions[:index], action, *actions[index:]))


def delete_action(actions: Actions, index: int, text: str) -> PlanChange:
    return PlanChange("delete", text, actions, actions[:index] + actions[index + 1 :])


def with_time(action: AnyAction, t_s: float) -> AnyAction:
    """The same action at another time, checked as a plan file's would be (a time out of range
    raises the ValidationError the door reports)."""
    data = action.model_dump(by_alias=True, exclude_none=True)
    data["t_s"] = t_s
    return type(action).model_validate(data)


def retime_action(actions: Actions, index: int, t_s: float, text: str) -> PlanChange:
    rest = actions[:index] + actions[index + 1 :]
    moved = with_time(actions[index], t_s)
    at = insertion_index(rest, t_s)
    return PlanChange("retime", text, actions, (*rest[:at], moved, *rest[at:]))


_ACTION_PATH = re.compile(r"^\$\.actions\[(\d+)\]\.?(.*)$")


def _in_words(problem: Problem, actions: Sequence[AnyAction], focus: int | None) -> str:
    """A door problem said to the trainee: the field and the reason, and which other action it
    is about when it is not the one being changed."""
    match = _ACTION_PATH.match(problem.json_path)
    if match is None:
        return problem.reason
    index, field = int(match.group(1)), match.group(2)
    where = f"{field}: " if field else ""
    if focus is not None and index == focus:
        return f"{where}{problem.reason}"
    action = actions[index] if index < len(actions) else None
    what = f"{action.action} at {action.t_s:g} s" if action is not None else f"action {index + 1}"
    return f"{what}: {where}{problem.reason}"


class PlanChecks:
    """The door's checks (format, references, catalog and drug-table limits, the anaesthetist's
    limits, access sites) applied to a plan being edited."""

    def __init__(self, scenario: ScenarioFile, refs: References | None = None) -> None:
        self.scenario = scenario
        self.refs = refs or References.load()

    def problem(self, actions: Actions, focus: int | None = None) -> str | None:
        """None when ``actions`` make a plan the door accepts; else the first reason, in words.
        ``focus`` is the position of the action being added or changed."""
        if len(actions) > MAX_ACTIONS:
            return f"a plan holds at most {MAX_ACTIONS} actions"
        # The plan as its file would hold it, through the door a plan file comes in by.
        data = {
            "schema_version": PLAN_SCHEMA_VERSION,
            "scenario_id": self.scenario.id,
            "actions": [a.model_dump(mode="json", by_alias=True) for a in actions],
        }
        try:
            plan = parse_plan(data, EDITED_PLAN_LABEL)
        except FileFormatError as error:
            problems = error.problems
        else:
            problems = file_problems(plan, EDITED_PLAN_LABEL, self.refs, self.scenario)
        if not problems:
            return None
        return _in_words(problems[0], actions, focus)


class EditedPlan:
    """The trainee's plan: its actions, and the checked changes that make it."""

    def __init__(
        self,
        scenario: ScenarioFile,
        actions: Sequence[AnyAction] = (),
        checks: PlanChecks | None = None,
    ) -> None:
        self.scenario = scenario
        self.checks = checks or PlanChecks(scenario)
        self.actions: Actions = tuple(actions)

    def _checked(self, change: PlanChange, focus: int | None) -> PlanChange | str:
        reason = self.checks.problem(change.after, focus)
        return change if reason is None else reason

    def add(self, action: AnyAction, text: str) -> PlanChange | str:
        """The change that adds ``action`` at its time, or the reason it cannot be added."""
        change = add_action(self.actions, action, text)
        return self._checked(change, insertion_index(self.actions, action.t_s))

    def delete(self, index: int, text: str) -> PlanChange | str:
        if not 0 <= index < len(self.actions):
            return f"there is no action {index + 1} in the plan"
        reason = self.checks.problem(delete_action(self.actions, index, text).after)
        if reason is not None:
            return f"deleting it would leave the plan wrong: {reason}"
        return delete_action(self.actions, index, text)

    def retime(self, index: int, t_s: float, text: str) -> PlanChange | str:
        if not 0 <= index < len(self.actions):
            return f"there is no action {index + 1} in the plan"
        try:
            change = retime_action(self.actions, index, t_s, text)
        except ValidationError as error:
            return problems_from_validation(EDITED_PLAN_LABEL, error)[0].reason
        rest = self.actions[:index] + self.actions[index + 1 :]
        return self._checked(change, insertion_index(rest, t_s))

    def apply(self, change: PlanChange) -> None:
        """Make the plan what ``change`` leaves (it must start from the plan as it is)."""
        if change.before != self.actions:
            raise ValueError("the change was made for another version of the plan")
        self.actions = change.after

    def plan_file(self) -> PlanFile:
        return PlanFile(scenario_id=self.scenario.id, actions=list(self.actions))


def attempt_end_s(scenario: ScenarioFile, actions: Sequence[AnyAction] = ()) -> float:
    """Where a trainee's attempt ends: the scenario's time limit (four hours without one), and
    never before the grader has watched the plan's last action for its two minutes."""
    limit_s = (
        60.0 * scenario.time_limits.procedure_max_min
        if scenario.time_limits.procedure_max_min
        else FREE_SESSION_S
    )
    last_s = max((a.t_s for a in actions), default=0.0)
    return max(limit_s, last_s + OBSERVATION_AFTER_LAST_ACTION_S)


def grading_end_s(actions: Sequence[AnyAction]) -> float:
    """Where ``grade`` stops replaying a plan: two minutes after its last action."""
    return max((a.t_s for a in actions), default=0.0) + OBSERVATION_AFTER_LAST_ACTION_S
