"""The live-session driver: played in any chunks, it takes the grader's steps and ends with the
grader's metrics and score; its readout shows the session's own values."""

from __future__ import annotations

import itertools
import json
import math
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scoring.report import grade_session, judge_metrics
from simulator.session.live import LiveSession
from simulator.session.replay import OBSERVATION_AFTER_LAST_ACTION_S, replay


@cache
def scenario(scenario_id: str):
    return resolve_scenario(scenario_id)[0]


@cache
def graded(scenario_id: str, plan: str, until_s: float | None = None) -> str:
    sc = scenario(scenario_id)
    session = replay(sc, resolve_plan(sc, plan).actions, load_atlas(), until_s=until_s)
    return canonical(grade_session(session))


def canonical(report: dict) -> str:
    return json.dumps(report, sort_keys=True)


def live(scenario_id: str, plan: str | None) -> LiveSession:
    sc = scenario(scenario_id)
    return LiveSession(sc, load_atlas(), resolve_plan(sc, plan) if plan else None)


@pytest.mark.parametrize(
    ("scenario_id", "plan"),
    [
        ("hap-pancreas", "expert"),
        ("ilp-sarcoma-leg", "expert"),
        ("hap-pancreas", "mistake:deflation-without-filtration"),
    ],
)
def test_the_end_of_a_plan_is_what_grade_reports(scenario_id: str, plan: str) -> None:
    driver = live(scenario_id, plan)
    # Uneven chunks, single steps and jumps, as a trainee's clicks would mix them.
    chunks = [37.5, 1.0, 250.0, 0.25, 90.0]
    turn = 0
    while not driver.finished:
        if turn % 7 == 3:
            driver.jump_to_next_action()
        elif turn % 7 == 5:
            driver.step()
        else:
            driver.advance_to(driver.time_s + chunks[turn % len(chunks)])
        turn += 1
    snapshot, readout = driver.latest
    report = driver.report()
    assert canonical(report) == graded(scenario_id, plan)
    assert readout.score == report["score"]
    assert readout.passed == report["passed"]
    assert [r.as_dict() for r in readout.objectives] == report["objectives"]
    assert readout.finished
    assert snapshot.t_s == readout.t_s == report["duration_s"]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(min_value=0.1, max_value=120.0), min_size=1, max_size=12))
def test_any_chunks_reach_the_same_state_as_the_grader(chunks: list[float]) -> None:
    until_s = 420.0
    driver = live("hap-pancreas", "expert")
    for chunk in chunks:
        driver.advance_to(min(driver.time_s + chunk, until_s))
    driver.advance_to(until_s)
    assert canonical(driver.report()) == graded("hap-pancreas", "expert", until_s)


def test_actions_apply_when_their_time_comes() -> None:
    driver = live("hap-pancreas", "expert")
    actions = driver.actions
    times = sorted({a.t_s for a in actions})
    assert driver.time_s == 0.0 == times[0]
    # Every action at 0 s (the nitroglycerin and the aortic catheter) is applied on the first
    # call, before any step.
    driver.advance_to(0.0)
    assert driver.next_action_time() == times[1]
    at_zero = [a for a in actions if a.t_s == 0.0 and a.action == "insert_catheter"]
    assert at_zero and all(a.catheter_id in driver.session.devices.catheters for a in at_zero)
    driver.jump_to_next_action()
    assert driver.time_s == times[1]
    then = [a for a in actions if a.t_s == times[1] and a.action == "insert_catheter"]
    assert then and all(a.catheter_id in driver.session.devices.catheters for a in then)
    assert driver.next_action_time() == times[2]
    before = driver.time_s
    driver.step()
    assert driver.time_s == before + driver.dt_s


def test_running_objectives_are_the_grader_judging_the_metrics_so_far() -> None:
    driver = live("hap-pancreas", "expert")
    _, readout = driver.advance_to(600.0)
    sc = scenario("hap-pancreas")
    metrics = driver.session.metrics.summary(driver.session.cytotoxic)
    score, passed, results = judge_metrics(sc.objectives, metrics)
    assert readout.passed == passed
    assert readout.score == score
    assert readout.objectives == tuple(results)
    assert canonical(driver.report()) == graded("hap-pancreas", "expert", 600.0)


def test_gauges_show_the_session_values() -> None:
    driver = live("hap-pancreas", "expert")
    # Mid-bolus: at 900 s the mitomycin bolus ends and its line leaves the network after the
    # step's row was written, so the gauges (the circulation now) and the row would differ.
    _, readout = driver.advance_to(850.0)
    session = driver.session
    row = session.timeseries[-1]
    readings = readout.readings
    assert readings["map"].value == session.mean_arterial_pressure()
    assert readings["cvp"].value == session.central_venous_pressure()
    assert readings["heart_rate"].value == session.network.heart_rate_bpm
    assert readings["cardiac_output"].value == pytest.approx(row["cardiac_output_l_min"])
    assert readings["region_pressure"].value == row["max_region_pressure_mmHg"]
    metrics = session.metrics.summary(session.cytotoxic)
    assert readings["leak"].value == pytest.approx(100.0 * metrics["leak_fraction"])
    assert readings["exposure_ratio"].value == metrics["exposure_ratio_auc"]
    assert set(readings) == {
        "map",
        "heart_rate",
        "cardiac_output",
        "cvp",
        "region_pressure",
        "leak",
        "leak_rate",
        "exposure_ratio",
        "reservoir",
    }
    # The HAP circuit's pump draws what it returns: no reservoir level to show.
    assert math.isnan(readings["reservoir"].value)
    # Isolated by then (balloons and cuffs at 180-240 s): the region gauge judges the pressure.
    assert readings["region_pressure"].reason != "no isolation in place"
    assert all(r.state in ("normal", "warning", "alarm") for r in readings.values())


def test_leak_rate_gauge_measures_the_graders_quantity() -> None:
    """Its largest value over the plan is the grader's peak leak rate."""
    driver = live("ilp-sarcoma-leg", "mistake:tourniquet-below-systolic")
    peak = 0.0
    while not driver.finished:
        _, readout = driver.step()
        peak = max(peak, readout.readings["leak_rate"].value)
    assert peak == pytest.approx(100.0 * driver.report()["metrics"]["peak_leak_rate_per_min"])
    assert peak > 0.0


def test_an_overpressure_or_a_leak_beyond_its_objective_is_an_alarm() -> None:
    driver = live("ilp-sarcoma-leg", "mistake:tourniquet-below-systolic")
    _, readout = driver.run_to_end()
    leak = readout.readings["leak"]
    objectives = scenario("ilp-sarcoma-leg").objectives
    objective = next(o for o in objectives if o.metric == "leak_fraction")
    assert leak.value / 100.0 > objective.threshold
    assert leak.state == "alarm"
    assert objective.title in leak.reason


def test_trends_follow_the_timeseries() -> None:
    driver = live("hap-pancreas", "expert")
    _, readout = driver.advance_to(400.0)
    rows = driver.session.timeseries
    trends = readout.trends
    np.testing.assert_array_equal(trends["t_s"], [row["t_s"] for row in rows])
    np.testing.assert_array_equal(
        trends["map_mmHg"], [row["mean_arterial_pressure_mmHg"] for row in rows]
    )
    for drug in readout.drugs:
        assert len(trends[f"{drug}_systemic_mg_l"]) == len(rows)
        assert trends[f"{drug}_systemic_mg_l"][-1] == rows[-1][f"{drug}_systemic_mg_l"]
    assert "cisplatin" in readout.drugs
    assert trends["cisplatin_target_mg_l"].max() > trends["cisplatin_systemic_mg_l"].max()


def test_events_and_phases_so_far() -> None:
    driver = live("hap-pancreas", "expert")
    _, early = driver.advance_to(100.0)
    _, late = driver.advance_to(1500.0)
    assert len(late.events) > len(early.events)
    assert late.events[: len(early.events)] == early.events
    planned = late.planned_phases
    assert [phase for _, phase in planned] == [
        a.phase for a in driver.actions if a.action == "mark_phase"
    ]
    entered = [phase for t_s, phase in planned if t_s <= 1500.0]
    assert len(entered) >= 2
    assert [phase for _, phase in late.phases] == ["preparation", *entered]
    assert late.phase == entered[-1]


def test_rewind_replays_to_the_same_state() -> None:
    driver = live("hap-pancreas", "expert")
    driver.advance_to(500.0)
    at_500 = canonical(driver.report())
    driver.advance_to(800.0)
    driver.rewind_to(500.0)
    assert driver.time_s == 500.0
    assert canonical(driver.report()) == at_500


def test_a_free_session_has_no_actions_and_plays_on() -> None:
    driver = live("hap-pancreas", None)
    assert driver.next_action_time() is None
    _, readout = driver.advance_to(60.0)
    assert readout.t_s == 60.0
    assert not readout.finished
    assert readout.next_action_s is None
    assert math.isnan(readout.readings["exposure_ratio"].value)
    assert readout.readings["exposure_ratio"].text == "–"
    assert readout.readings["map"].state == "normal"


def test_the_end_is_the_graders_observation_window() -> None:
    driver = live("hap-pancreas", "expert")
    assert driver.end_s == max(a.t_s for a in driver.actions) + OBSERVATION_AFTER_LAST_ACTION_S
    driver.advance_to(driver.end_s + 1000.0)
    assert driver.time_s == driver.end_s
    assert driver.finished


def test_a_scenario_without_a_region_has_no_isolated_segment_pressure() -> None:
    driver = live("baseline-adult", None)
    _, readout = driver.advance_to(5.0)
    region = readout.readings["region_pressure"]
    assert math.isnan(region.value)
    assert region.text == "–"
    assert region.state == "normal"


def test_the_region_gauge_judges_the_scenarios_pressure_limit_too() -> None:
    """ILP sets a limb perfusion pressure limit; above it the gauge alarms whatever the MAP."""
    driver = live("ilp-sarcoma-leg", "expert")
    objective = next(
        o for o in scenario("ilp-sarcoma-leg").objectives if o.metric == "max_region_pressure_mmHg"
    )
    _, readout = driver.advance_to(900.0)
    region = readout.readings["region_pressure"]
    assert region.value <= objective.threshold
    assert region.state != "alarm"
    # The same pressure judged against a lower limit is an alarm naming the objective.
    from simulator.session.live import _objective_state

    state, reason = _objective_state(
        region.value, objective.model_copy(update={"threshold": 0.9 * region.value}), None, ""
    )
    assert state == "alarm"
    assert objective.title in reason


def test_the_arterial_line_pulses_around_the_mean_and_follows_device_changes() -> None:
    from simulator.session.arterial_line import ArterialLine

    driver = live("hap-pancreas", "expert")
    line = ArterialLine()
    for _ in range(4):
        start = driver.time_s
        snapshot, readout = driver.advance_to(start + 1.0)
        line.follow(snapshot, readout.sampling_node, readout.t_s - start)
    systolic, diastolic = line.systolic_diastolic()
    mean = readout.trends["sampling_pressure_mmHg"][-1]
    assert systolic - diastolic > 25.0  # a pulse, not a flat mean
    assert diastolic < mean < systolic
    times, _ = line.trace()
    assert times[-1] == pytest.approx(readout.t_s)
    # A catheter and balloons reshape the network: the trace carries on, finite.
    snapshot, readout = driver.advance_to(215.0)
    line.follow(snapshot, readout.sampling_node, 2.0)
    _, pressure = line.trace()
    assert np.all(np.isfinite(pressure))
    assert line.systolic_diastolic()[0] > line.systolic_diastolic()[1]


def test_checkpoints_after_actions_and_every_five_minutes_rewind_exactly() -> None:
    from simulator.session.live import CHECKPOINT_EVERY_S

    driver = live("hap-pancreas", "expert")
    driver.advance_to(2000.0)
    times = [t for t, _ in driver.checkpoints]
    action_times = sorted({a.t_s for a in driver.actions if a.t_s <= 2000.0})
    assert set(action_times) <= set(times)
    assert all(b - a <= CHECKPOINT_EVERY_S + driver.dt_s for a, b in itertools.pairwise(times))
    # Back between two checkpoints, then on to the end: the grader's numbers throughout.
    driver.rewind_to(1000.0)
    assert driver.time_s == 1000.0
    assert canonical(driver.report()) == graded("hap-pancreas", "expert", 1000.0)
    driver.rewind_to(0.0)
    assert driver.time_s == 0.0
    driver.run_to_end()
    assert canonical(driver.report()) == graded("hap-pancreas", "expert")


def test_readout_trends_grow_from_the_last_ones_and_survive_a_rewind() -> None:
    """Each readout's trend columns are the timeseries' (read-only arrays, the earlier part
    shared with the readout before), also after a rewind makes the columns anew."""
    driver = live("hap-pancreas", "expert")
    _, first = driver.advance_to(200.0)
    _, second = driver.advance_to(260.0)
    assert len(second.trends["t_s"]) > len(first.trends["t_s"])
    for key, column in first.trends.items():
        assert not column.flags.writeable
        np.testing.assert_array_equal(second.trends[key][: len(column)], column)
    driver.rewind_to(230.0)
    _, again = driver.advance_to(260.0)
    for key, column in second.trends.items():
        np.testing.assert_array_equal(again.trends[key], column)
    rows = driver.session.timeseries
    np.testing.assert_array_equal(again.trends["t_s"], [row["t_s"] for row in rows])
