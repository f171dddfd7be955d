"""Shared helpers for the hostile-plan tests: library plans as editable dicts, replays, and the
checks every hostile outcome must pass."""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.library import LIBRARY_PATH
from simulator.scenario.loading import load_scenario
from simulator.scenario.plan_file import PlanFile
from simulator.scoring.report import grade_session
from simulator.session.alarms import (
    ARREST_CARDIAC_OUTPUT_L_MIN,
    ARREST_HOLD_S,
    ARREST_MAP_MMHG,
    HYPERTENSION_HOLD_S,
    HYPERTENSIVE_CRISIS_MAP_MMHG,
)
from simulator.session.replay import replay

RESIDUAL_LIMIT = 1e-9
PRESSURE_SANITY_MMHG = 1000.0
"""No plan may drive any pressure past this: line limits hold tips at 300 mmHg, and a closed
circulation cannot build more than the heart and those lines give it."""


@cache
def atlas():
    return load_atlas()


@cache
def library_scenario(scenario_id: str):
    return load_scenario(LIBRARY_PATH / f"{scenario_id}.json")


def expert_actions(scenario_id: str) -> list[dict]:
    plan = library_scenario(scenario_id).expert_plan
    return [a.model_dump(by_alias=True, exclude_none=True) for a in plan.actions]


def run(scenario_id: str, actions: list[dict], until_s: float | None = None, dt_s: float = 1.0):
    scenario = library_scenario(scenario_id)
    parsed = PlanFile(scenario_id=scenario.id, actions=actions).actions
    session = replay(scenario, parsed, atlas(), until_s=until_s, dt_s=dt_s)
    return session, grade_session(session)


def alarm_kinds(report: dict) -> set[str]:
    return {e["kind"] for e in report["events"] if e["severity"] == "alarm"}


def assert_physical(session, report: dict) -> None:
    """Finite, non-negative, conserved: what every plan the formats accept must give."""
    state = session.state
    assert np.all(np.isfinite(state.pressure_mmHg))
    assert np.all(np.isfinite(state.flow_ml_s))
    assert np.all(np.isfinite(state.volume_ml))
    assert np.max(np.abs(state.pressure_mmHg)) < PRESSURE_SANITY_MMHG
    for transport in [*session.transports.values(), *session.leak_shadows.values()]:
        c = transport.state.concentration_mg_ml
        assert np.all(np.isfinite(c))
        assert np.all(c >= 0.0)
        assert np.all(transport.state.tissue_mg >= 0.0)
        assert all(v >= 0.0 for v in transport.state.reservoir_mg_ml.values())
        assert transport.mass_balance_residual() < RESIDUAL_LIMIT
    for row in session.timeseries:
        for key, value in row.items():
            if key.endswith("_mg_l"):
                assert value >= 0.0, (key, row["t_s"])
        assert abs(row["mean_arterial_pressure_mmHg"]) < PRESSURE_SANITY_MMHG
    assert report["metrics"]["mass_balance_residual"] < RESIDUAL_LIMIT
    for value in report["metrics"].values():
        assert value is None or isinstance(value, bool) or math.isfinite(value)
    assert 0.0 <= report["score"] <= 100.0
    by_id = {o["id"]: o for o in report["objectives"]}
    assert by_id["drug-mass-balance"]["passed"]
    if report["metrics"]["cardiac_arrest"]:
        assert "cardiac_arrest" in alarm_kinds(report)
        assert not by_id["patient-survives"]["passed"]
        assert report["score"] == 0.0 and not report["passed"]


def _longest_run_s(rows: list[dict], condition) -> float:
    """Longest stretch (s) of consecutive timeseries steps for which ``condition(row)`` holds."""
    longest = current = 0.0
    previous_t = 0.0
    for row in rows:
        dt = row["t_s"] - previous_t
        previous_t = row["t_s"]
        current = current + dt if condition(row) else 0.0
        longest = max(longest, current)
    return longest


def assert_patient_alarms(session, report: dict) -> None:
    """The monitor sounded for what the patient went through, and only then."""
    rows, kinds = session.timeseries, alarm_kinds(report)
    crisis = _longest_run_s(
        rows, lambda r: r["mean_arterial_pressure_mmHg"] > HYPERTENSIVE_CRISIS_MAP_MMHG
    )
    assert (crisis >= HYPERTENSION_HOLD_S) == ("hypertensive_crisis" in kinds)
    arrest = _longest_run_s(
        rows,
        lambda r: (
            r["cardiac_output_l_min"] < ARREST_CARDIAC_OUTPUT_L_MIN
            or r["mean_arterial_pressure_mmHg"] < ARREST_MAP_MMHG
        ),
    )
    assert (arrest >= ARREST_HOLD_S) == ("cardiac_arrest" in kinds)
    assert (arrest >= ARREST_HOLD_S) == report["metrics"]["cardiac_arrest"]


def assert_line_alarms(session, report: dict) -> None:
    """A line that ends limited has said so."""
    kinds = alarm_kinds(report)
    for line, mode in zip(session.lines, session.line_modes, strict=True):
        if mode.startswith("overpressure"):
            assert "line_overpressure" in kinds, line.key
        elif mode.startswith("collapse"):
            assert "venous_line_collapse" in kinds, line.key
