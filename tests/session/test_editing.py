"""Editing a plan while it runs: every change (add, undo, redo, delete, retime) leaves the plan
what was asked and the session exactly where a replay of that plan from the start would be."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import Bolus, InflateBalloon, MarkPhase, PlanFile, SetCuff
from simulator.scoring.report import grade_session
from simulator.session.editing import EditedPlan, PlanChange
from simulator.session.live import LiveSession
from simulator.session.replay import OBSERVATION_AFTER_LAST_ACTION_S, replay

UNTIL_S = 420.0
"""Far enough for both balloons, the circuit, the isolation check and the first drug."""


@cache
def hap():
    return resolve_scenario("hap-pancreas")[0]


@cache
def atlas():
    return load_atlas()


def expert_actions(until_s: float = UNTIL_S):
    return [a for a in resolve_plan(hap(), "expert").actions if a.t_s <= until_s]


def fingerprint(session) -> tuple:
    """What must be equal, bit for bit: the grade report so far, the pressures and flows, every
    drug's concentrations and the devices."""
    report = json.dumps(grade_session(session), sort_keys=True)
    concentrations = {
        drug: t.state.concentration_mg_ml.tobytes() for drug, t in session.transports.items()
    }
    return (
        session.time_s,
        report,
        session.state.pressure_mmHg.tobytes(),
        session.state.flow_ml_s.tobytes(),
        concentrations,
        sorted(session.devices.catheters),
    )


def replayed(actions, until_s: float) -> tuple:
    return fingerprint(replay(hap(), list(actions), atlas(), until_s=until_s))


def attempt() -> tuple[EditedPlan, LiveSession]:
    scenario = hap()
    driver = LiveSession(scenario, atlas(), None, end_s=3600.0)
    return EditedPlan(scenario), driver


def make(
    plan: EditedPlan, driver: LiveSession, change: PlanChange | str, first: bool = True
) -> PlanChange:
    """Apply a change made now (``first``), or undone or redone."""
    assert isinstance(change, PlanChange), change
    plan.apply(change)
    driver.replace_actions(plan.actions, change.resume_s(driver.time_s, first))
    return change


def build(plan: EditedPlan, driver: LiveSession, actions) -> list[PlanChange]:
    """As a trainee does it: run to each action's time, then add it there."""
    changes = []
    for action in actions:
        driver.advance_to(action.t_s)
        changes.append(make(plan, driver, plan.add(action, action.action)))
    return changes


def test_a_plan_made_action_by_action_runs_and_grades_as_its_replay() -> None:
    plan, driver = attempt()
    actions = expert_actions()
    build(plan, driver, actions)
    assert plan.actions == tuple(actions)
    driver.advance_to(UNTIL_S)
    assert fingerprint(driver.session) == replayed(actions, UNTIL_S)
    # The Finish report: the grader's, at the plan's end, without moving the session.
    end_s = actions[-1].t_s + OBSERVATION_AFTER_LAST_ACTION_S
    before = fingerprint(driver.session)
    report = driver.report_at(end_s)
    graded = grade_session(replay(hap(), actions, atlas()))
    assert json.dumps(report, sort_keys=True) == json.dumps(graded, sort_keys=True)
    assert fingerprint(driver.session) == before
    assert driver.latest[1].t_s == UNTIL_S


def test_undo_and_redo_restore_plan_and_session_in_order() -> None:
    plan, driver = attempt()
    actions = expert_actions(300.0)
    changes = build(plan, driver, actions)
    driver.advance_to(330.0)
    # Undo every step, newest first: each takes the session back to the moment of the action
    # undone, with the plan as it was before it.
    for count in range(len(actions), 0, -1):
        make(plan, driver, changes[count - 1].inverse(), first=False)
        assert plan.actions == tuple(actions[: count - 1])
        moment = actions[count - 1].t_s
        assert driver.time_s == moment
        assert fingerprint(driver.session) == replayed(actions[: count - 1], moment)
    assert plan.actions == ()
    # Redo them all, oldest first: each action is back, applied at its time.
    for count in range(1, len(actions) + 1):
        make(plan, driver, changes[count - 1], first=False)
        assert plan.actions == tuple(actions[:count])
        moment = actions[count - 1].t_s
        assert driver.time_s == moment
        assert fingerprint(driver.session) == replayed(actions[:count], moment)
    driver.advance_to(330.0)
    assert fingerprint(driver.session) == replayed(actions, 330.0)


def test_delete_and_retime_in_the_middle_replay_the_changed_plan() -> None:
    plan, driver = attempt()
    actions = expert_actions()
    build(plan, driver, actions)
    driver.advance_to(UNTIL_S)
    # The nitroglycerin step-down at 300 s is deleted: the session goes back there.
    index = next(i for i, a in enumerate(plan.actions) if a.t_s == 300.0)
    make(plan, driver, plan.delete(index, "Delete vasodilator"))
    assert driver.time_s == 300.0
    without = [a for a in actions if a.t_s != 300.0]
    assert plan.actions == tuple(without)
    assert fingerprint(driver.session) == replayed(without, 300.0)
    # The caval balloon inflated 20 s later: the session goes back to the earlier time.
    index = next(i for i, a in enumerate(plan.actions) if isinstance(a, InflateBalloon))
    index += 1
    assert plan.actions[index].t_s == 210.0
    change = make(plan, driver, plan.retime(index, 230.0, "Retime inflate"))
    assert driver.time_s == 210.0
    assert plan.actions[index].t_s == 230.0
    assert change.inverse().after[index].t_s == 210.0
    driver.advance_to(UNTIL_S)
    assert fingerprint(driver.session) == replayed(plan.actions, UNTIL_S)
    # Undo the retime: the caval balloon is back at 210 s.
    make(plan, driver, change.inverse(), first=False)
    assert plan.actions == tuple(without)
    driver.advance_to(UNTIL_S)
    assert fingerprint(driver.session) == replayed(without, UNTIL_S)


def test_an_action_added_in_the_past_replays_from_before_it_and_comes_back() -> None:
    plan, driver = attempt()
    build(plan, driver, expert_actions(0.0))
    driver.advance_to(700.0)  # periodic checkpoints at 300 s and 600 s, not true after the change
    phase = MarkPhase(t_s=100.0, phase="isolation_check")
    make(plan, driver, plan.add(phase, "Mark isolation check"))
    assert driver.time_s == 700.0
    assert fingerprint(driver.session) == replayed(plan.actions, 700.0)
    assert [t for t, _ in driver.checkpoints if t >= 100.0] == [100.0, 100.0, 400.0, 700.0]


@pytest.mark.parametrize(
    ("make_action", "reason"),
    [
        (lambda: InflateBalloon(t_s=0.0, catheter_id="nowhere", volume_ml=5.0), "not inserted"),
        (lambda: SetCuff(t_s=0.0, site="aortic_arch", pressure_mmHg=300.0), "not a limb root"),
        (
            lambda: Bolus(
                t_s=0.0,
                catheter_id="aortic",
                drug="cisplatin",
                dose_mg=5000.0,
                volume_ml=100.0,
                duration_s=60.0,
            ),
            "dose_mg: the plan gives 5000 mg of cisplatin",
        ),
    ],
)
def test_a_refused_action_says_why_and_changes_nothing(make_action, reason: str) -> None:
    plan, driver = attempt()
    build(plan, driver, expert_actions(0.0))
    before_actions, before_state = plan.actions, fingerprint(driver.session)
    refused = plan.add(make_action(), "Inflate")
    assert isinstance(refused, str)
    assert reason in refused
    assert plan.actions == before_actions
    assert fingerprint(driver.session) == before_state


def test_deleting_a_catheter_that_later_actions_use_is_refused() -> None:
    plan, driver = attempt()
    build(plan, driver, expert_actions(200.0))
    refused = plan.delete(0, "Delete insert")
    assert isinstance(refused, str)
    assert "not inserted" in refused and "inflate_balloon" in refused
    assert len(plan.actions) == len(expert_actions(200.0))


def test_a_time_outside_the_day_is_refused() -> None:
    plan, driver = attempt()
    build(plan, driver, expert_actions(0.0))
    refused = plan.retime(0, -5.0, "Retime")
    assert isinstance(refused, str) and "greater than or equal to 0" in refused


def test_the_plan_file_of_an_edited_plan_validates() -> None:
    plan, driver = attempt()
    build(plan, driver, expert_actions(200.0))
    again = PlanFile.model_validate_json(plan.plan_file().model_dump_json(by_alias=True))
    assert tuple(again.actions) == plan.actions


def test_session_state_arrays_are_finite_after_edits() -> None:
    plan, driver = attempt()
    changes = build(plan, driver, expert_actions(250.0))
    make(plan, driver, changes[-1].inverse(), first=False)
    assert np.all(np.isfinite(driver.session.state.pressure_mmHg))


def test_the_whole_expert_plan_made_by_hand_grades_as_the_expert() -> None:
    """Every action of the HAP expert plan added at its time, as the workspace's controls would:
    the report at the end is the grader's for the expert plan, bit for bit."""
    plan, driver = attempt()
    expert = resolve_plan(hap(), "expert")
    build(plan, driver, expert.actions)
    end_s = expert.actions[-1].t_s + OBSERVATION_AFTER_LAST_ACTION_S
    report = driver.report_at(end_s)
    graded = grade_session(replay(hap(), expert.actions, atlas()))
    assert json.dumps(report, sort_keys=True) == json.dumps(graded, sort_keys=True)
