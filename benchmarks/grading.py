"""Grading speed: replaying and scoring a 60-minute plan on the full atlas.

    python benchmarks/grading.py

The plan is an isolated limb perfusion with the oxygenated circuit, a tracer in the perfusate for
leak monitoring, melphalan, 60 minutes of perfusion and a washout through a filter: four devices,
three drugs (melphalan, tracer, contrast) and a leak shadow, at the session's 1 s step. Prints the
median wall time of 3 runs, excluding the one-off atlas load, and the median CPU time (process
time), which is the steadier figure on a machine that other jobs share.
"""

from __future__ import annotations

import statistics
import time

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.loading import parse_scenario
from simulator.scoring.report import grade_session
from simulator.session.replay import replay

PERFUSION_MIN = 60

SCENARIO = {
    "schema_version": 1,
    "id": "benchmark-ilp",
    "title": "Benchmark: isolated limb perfusion, 60 minutes",
    "procedure": "ILP",
    "version": 1,
    "summary": "A long plan for timing the grader.",
    "briefing": {
        "indication": "benchmark",
        "anatomy_notes": "benchmark",
        "devices_notes": "benchmark",
        "drug_and_dose": "melphalan 13 mg/L x 8.6 L = 112 mg",
        "time_limits": "60 min perfusion",
        "steps": ["cannulate", "tourniquet", "circuit", "check", "perfuse", "wash out"],
    },
    "patient": {
        "sex": "male",
        "age_years": 60,
        "weight_kg": 73,
        "height_cm": 176,
        "limb_volume_l": 8.6,
    },
    "drug_protocol": [
        {
            "drug": "melphalan",
            "dose_mg": 112,
            "dose_calculation": "13 mg/L x 8.6 L",
            "source": "[V-2nd: Oncolex]",
        }
    ],
    "device_shelf": [
        "ilp_arterial_cannula_14f",
        "ilp_venous_cannula_18f",
        "tourniquet_cuff_thigh",
        "ilp_oxygenated_circuit",
    ],
    "surgical_access": ["common_femoral_artery_left", "common_femoral_vein_left"],
    "region": {
        "beds": ["thigh_left", "lower_leg_foot_left"],
        "segments": [
            "popliteal_artery_left",
            "lower_leg_arteries_left",
            "popliteal_vein_left",
            "lower_leg_veins_left",
            "superficial_femoral_muscular_branches_left",
            "femoral_muscular_tributaries_left",
        ],
    },
    "targets": ["lower_leg_foot_left"],
    "objectives": [
        {
            "id": "leak",
            "title": "Leak under 10 %",
            "metric": "leak_fraction",
            "comparison": "le",
            "threshold": 0.1,
            "weight": 1,
            "explanation": "benchmark",
            "teaching_point": "benchmark",
        }
    ],
    "expert_plan": {"actions": []},
}

PERFUSION_END_S = 300 + 60 * PERFUSION_MIN
ACTIONS = [
    {
        "t_s": 0,
        "action": "insert_catheter",
        "catheter_id": "art",
        "model": "ilp_arterial_cannula_14f",
        "access": "common_femoral_artery_left",
        "tip": {"vessel": "superficial_femoral_artery_left", "position": 0.2},
    },
    {
        "t_s": 0,
        "action": "insert_catheter",
        "catheter_id": "ven",
        "model": "ilp_venous_cannula_18f",
        "access": "common_femoral_vein_left",
        "tip": {"vessel": "femoral_vein_left", "position": 0.8},
    },
    {"t_s": 60, "action": "set_cuff", "site": "thigh_root_left", "pressure_mmHg": 300},
    {
        "t_s": 120,
        "action": "start_circuit",
        "circuit_id": "ilp",
        "draw": "ven",
        "return": "art",
        "flow_ml_min": 300,
        "oxygenated": True,
        "model": "ilp_oxygenated_circuit",
    },
    {
        "t_s": 150,
        "action": "bolus",
        "catheter_id": "art",
        "drug": "tracer_tc99m_rbc",
        "dose_mg": 15,
        "volume_ml": 5,
        "duration_s": 10,
    },
    {
        "t_s": 180,
        "action": "bolus",
        "catheter_id": "art",
        "drug": "contrast",
        "dose_mg": 3000,
        "volume_ml": 10,
        "duration_s": 10,
    },
    {"t_s": 240, "action": "mark_phase", "phase": "isolation_check"},
    {"t_s": 300, "action": "mark_phase", "phase": "perfusion"},
    {
        "t_s": 300,
        "action": "bolus",
        "catheter_id": "art",
        "drug": "melphalan",
        "dose_mg": 112,
        "volume_ml": 112,
        "duration_s": 600,
    },
    {"t_s": PERFUSION_END_S, "action": "mark_phase", "phase": "washout"},
    {
        "t_s": PERFUSION_END_S,
        "action": "start_circuit",
        "circuit_id": "ilp",
        "draw": "ven",
        "return": "art",
        "flow_ml_min": 300,
        "filter_extraction": 0.9,
        "oxygenated": True,
        "model": "ilp_oxygenated_circuit",
    },
    {"t_s": PERFUSION_END_S + 600, "action": "stop_circuit", "circuit_id": "ilp"},
    {
        "t_s": PERFUSION_END_S + 660,
        "action": "set_cuff",
        "site": "thigh_root_left",
        "pressure_mmHg": 0,
    },
    {"t_s": PERFUSION_END_S + 720, "action": "mark_phase", "phase": "end"},
]


def time_library_plan(atlas, scenario_id: str = "ilp-sarcoma-leg") -> tuple[float, float, float]:
    """The library's own 60-minute limb perfusion expert plan: (median wall s, median CPU s,
    simulated min)."""
    from simulator.scenario.library import resolve_scenario

    scenario, _ = resolve_scenario(scenario_id)
    times, cpu = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        session = replay(scenario, scenario.expert_plan.actions, atlas)
        grade_session(session)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(times), statistics.median(cpu), session.time_s / 60.0


def main() -> int:
    atlas = load_atlas()
    scenario = parse_scenario({**SCENARIO, "expert_plan": {"actions": ACTIONS}}, "benchmark")
    actions = scenario.expert_plan.actions
    times, cpu = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        session = replay(scenario, actions, atlas)
        report = grade_session(session)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    simulated_min = session.time_s / 60.0
    print(
        f"plan: {len(actions)} actions, {simulated_min:.0f} simulated minutes "
        f"({PERFUSION_MIN} min perfusion), {len(session.transports)} drugs, step {session.dt_s:g} s"
    )
    print(
        f"grading wall time: {statistics.median(times):.2f} s median of 3 (aim <= 5 s), "
        f"CPU {statistics.median(cpu):.2f} s; "
        f"score {report['score']:.1f}, leak {report['metrics']['leak_fraction'] * 100:.1f} %"
    )
    library_s, library_cpu, library_min = time_library_plan(atlas)
    print(
        f"library plan ilp-sarcoma-leg expert ({library_min:.0f} simulated minutes): "
        f"{library_s:.2f} s median of 3 (aim <= 5 s), CPU {library_cpu:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
