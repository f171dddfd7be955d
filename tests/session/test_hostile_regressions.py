"""Each physics observation of issue 10, replayed as the careless or hostile user made it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.devices.line_limits import INFUSION_LINE_LIMIT_MMHG, PERFUSION_LINE_LIMIT_MMHG
from simulator.physics.mean import MAX_CARDIAC_OUTPUT_ML_S
from simulator.physics.transport import balance_residual
from simulator.scenario.common import MAX_CONCENTRATION_MG_ML, MAX_FLOW_ML_MIN
from simulator.scoring.report import grade_session
from tests.session.hostile import (
    alarm_kinds,
    assert_line_alarms,
    assert_physical,
    atlas,
    expert_actions,
    run,
)


def _with(actions: list[dict], action: str, **changes) -> list[dict]:
    for entry in actions:
        if entry["action"] == action:
            entry.update(changes)
    return actions


def test_ilp_circuit_at_5000_ml_min_is_limited_by_its_lines_and_conserves_drug():
    """Was: exit 0 with a residual of 394, systemic melphalan -1,238 mg/L, CO 33.5 L/min, MAP
    521 mmHg."""
    actions = _with(expert_actions("ilp-sarcoma-leg"), "start_circuit", flow_ml_min=5000)
    session, report = run("ilp-sarcoma-leg", actions)
    assert_physical(session, report)
    assert_line_alarms(session, report)
    assert "line_overpressure" in alarm_kinds(report) or "venous_line_collapse" in alarm_kinds(
        report
    )
    rows = session.timeseries
    assert max(r["mean_arterial_pressure_mmHg"] for r in rows) < 140.0
    assert max(r["cardiac_output_l_min"] for r in rows) < 9.0
    assert min(r["melphalan_systemic_mg_l"] for r in rows if "melphalan_systemic_mg_l" in r) >= 0


def test_the_fastest_legal_bolus_through_a_microcatheter_is_held_at_the_line_limit():
    """Was: 10,000 mL/min drove the MAP to 3,307 mmHg (12,937 in the TACE plan) and no alarm. The
    format now refuses more than a cardiac output; the engine gets the fastest legal bolus."""
    actions = expert_actions("tace-hcc")
    for entry in actions:
        if entry["action"] == "bolus" and entry["catheter_id"] == "micro":
            entry["volume_ml"] = min(MAX_FLOW_ML_MIN * entry["duration_s"] / 60.0, 5000.0)
    session, report = run("tace-hcc", actions, until_s=400.0)
    assert_physical(session, report)
    assert "line_overpressure" in alarm_kinds(report)
    line = next(line for line in session.lines if line.key == "infusion:micro")
    delivered_ml_min = 60.0 * session.line_flows_ml_s[line.key]
    tip = session.state.pressure_mmHg[line.source_node]
    assert tip <= INFUSION_LINE_LIMIT_MMHG + 1e-6
    # The pump is held at the line's pressure limit: what the lumen passes from 300 mmHg to the
    # tip, about the catalog's 76 mL/min for the 2.4 F Progreat at an arterial tip pressure.
    held_ml_min = 60.0 * line.return_gain * (line.pressure_limit_mmHg - tip)
    assert delivered_ml_min == pytest.approx(held_ml_min, rel=1e-3)
    assert delivered_ml_min < 100.0
    assert max(r["mean_arterial_pressure_mmHg"] for r in session.timeseries) < 140.0


def test_coiling_every_vessel_is_a_cardiac_arrest_and_scores_zero():
    """Was: the heart's output stopped and the plan still scored 100."""
    coils = [
        {
            "t_s": 10.0,
            "action": "embolize",
            "vessel": segment.id,
            "position": 0.5,
            "agent": "coil",
            "amount": 1.0,
        }
        for segment in atlas().segments
    ]
    actions = sorted(coils + expert_actions("hai-pump-colorectal-liver"), key=lambda a: a["t_s"])
    session, report = run("hai-pump-colorectal-liver", actions, until_s=120.0)
    assert_physical(session, report)
    assert report["metrics"]["cardiac_arrest"] is True
    assert "cardiac_arrest" in alarm_kinds(report)
    assert {"brain_ischaemia", "heart_ischaemia"} <= alarm_kinds(report)
    survives = next(o for o in report["objectives"] if o["id"] == "patient-survives")
    assert not survives["passed"] and survives["teaching_point"]
    assert report["score"] == 0.0 and not report["passed"]


def test_the_largest_legal_concentration_keeps_the_balance_and_a_non_finite_one_fails_it():
    """Was: 1e308 mg/mL graded 100 with an infinite dose and a residual of 5e-14. The format now
    refuses that; the engine gets the largest concentration the format allows."""
    actions = _with(
        expert_actions("hai-pump-colorectal-liver"),
        "start_infusion",
        concentration_mg_ml=MAX_CONCENTRATION_MG_ML,
    )
    session, report = run("hai-pump-colorectal-liver", actions, until_s=600.0)
    assert_physical(session, report)
    assert math.isfinite(report["metrics"]["delivered_mg"])
    assert balance_residual(math.inf, [1.0]) == math.inf
    assert balance_residual(1.0, [math.nan]) == math.inf
    assert balance_residual(10.0, [9.0]) > 1e-9  # a lost milligram shows
    transport = next(iter(session.transports.values()))
    transport.state.tallies.infused_mg = math.inf
    assert not transport.mass_balance_residual() < 1e-9
    session.metrics.mass_balance_residual = transport.mass_balance_residual()
    regraded = grade_session(session)
    balance = next(o for o in regraded["objectives"] if o["id"] == "drug-mass-balance")
    assert not balance["passed"] and balance["value"] is None
    assert regraded["metrics"]["mass_balance_residual"] is None
    assert regraded["score"] == 0.0 and not regraded["passed"]


def test_hap_circuit_at_5000_ml_min_runs_with_its_lines_limited():
    """Was: ValueError: venous pressure must be below systolic pressure."""
    actions = _with(expert_actions("hap-pancreas"), "start_circuit", flow_ml_min=5000)
    session, report = run("hap-pancreas", actions)
    assert_physical(session, report)
    assert_line_alarms(session, report)
    assert "line_overpressure" in alarm_kinds(report) or "venous_line_collapse" in alarm_kinds(
        report
    )
    for line in session.lines:
        assert session.state.pressure_mmHg[line.source_node] <= PERFUSION_LINE_LIMIT_MMHG + 1e-6
    assert np.all(np.isfinite(session.state.pressure_mmHg))


def test_a_day_of_venous_infusion_overfills_the_circulation_with_an_alarm_and_a_ceiling():
    """Found by the hostile-plan hunt: 84 mL/min through a jugular sheath for 11 hours is 55 L.
    The linear pump law then pumped hundreds of L/min at thousands of mmHg; the heart now stops
    at its maximal output and the monitor calls the overload."""
    actions = [
        {
            "t_s": 0.0,
            "action": "insert_catheter",
            "catheter_id": "return",
            "model": "jugular_return_sheath_10f",
            "access": "internal_jugular_vein_right",
            "tip": {"vessel": "brachiocephalic_vein_right", "position": 0.5},
        },
        {
            "t_s": 47_970.0,
            "action": "start_infusion",
            "catheter_id": "return",
            "drug": "melphalan",
            "rate_ml_min": 84.0,
            "concentration_mg_ml": 0.0,
        },
        {"t_s": 86_400.0, "action": "mark_phase", "phase": "end"},
    ]
    session, report = run("php-uveal-liver", actions, dt_s=60.0)
    assert_physical(session, report)
    rows = session.timeseries
    assert max(r["cardiac_output_l_min"] for r in rows) <= 60.0 * MAX_CARDIAC_OUTPUT_ML_S / 1000.0
    assert {"circulatory_overload", "hypertensive_crisis", "line_overpressure"} <= alarm_kinds(
        report
    )
