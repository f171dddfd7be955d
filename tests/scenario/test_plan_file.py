"""Plan files: every §4.1 action, the checks a plan needs on its own, and exact JSON paths."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator.scenario.errors import FileFormatError
from simulator.scenario.loading import load_scenario, parse_plan
from simulator.scenario.plan_file import (
    Bolus,
    DeflateBalloon,
    Embolize,
    InflateBalloon,
    InsertCatheter,
    MarkPhase,
    MoveCatheter,
    PlanFile,
    RemoveCatheter,
    SetCuff,
    StartCircuit,
    StartInfusion,
    StopCircuit,
    StopInfusion,
    TipPosition,
)

FIXTURES = Path(__file__).parent / "fixtures"
INSERT = {
    "t_s": 0,
    "action": "insert_catheter",
    "catheter_id": "c1",
    "model": "stopflow_3b",
    "access": "common_femoral_artery_left",
    "tip": {"vessel": "abdominal_aorta_supraceliac", "position": 0.5},
}


def plan_data(*actions: dict) -> dict:
    return {"schema_version": 1, "scenario_id": "hap_demo", "actions": list(actions)}


def problems_of(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(FileFormatError) as caught:
        parse_plan(data, "plan.json")
    assert all(p.file == "plan.json" for p in caught.value.problems)
    return [(p.json_path, p.reason) for p in caught.value.problems]


def paths_of(data: dict) -> list[str]:
    return [path for path, _ in problems_of(data)]


def test_expert_plan_of_fixture_round_trips_through_a_plan_file() -> None:
    plan = load_scenario(FIXTURES / "ilp_leg_melanoma.json").carried_plan("expert")
    text = plan.model_dump_json(indent=2)
    again = parse_plan(json.loads(text), "again.json")
    assert again == plan
    assert [a.action for a in again.actions][:4] == [
        "insert_catheter",
        "insert_catheter",
        "set_cuff",
        "start_circuit",
    ]


def test_return_is_written_under_its_json_name_and_absent_notes_are_left_out() -> None:
    circuit = StartCircuit(
        t_s=5,
        circuit_id="php",
        draw=TipPosition(vessel="inferior_vena_cava_retrohepatic", position=0.5),
        return_="sheath",
        flow_ml_min=500,
        filter_extraction=0.95,
    )
    plan = PlanFile(
        scenario_id="php_demo",
        actions=[InsertCatheter.model_validate({**INSERT, "catheter_id": "sheath"}), circuit],
    )
    written = json.loads(plan.model_dump_json())
    assert written["actions"][1]["return"] == "sheath"
    assert "return_" not in written["actions"][1]
    assert "note" not in written["actions"][0]
    with_note = MarkPhase(t_s=1, phase="perfusion", note="start the clock")
    assert json.loads(with_note.model_dump_json())["note"] == "start the clock"


def test_misspelt_field_is_reported_at_its_path_inside_the_action() -> None:
    cuff = {"t_s": 1, "action": "set_cuff", "site": "thigh_root_left", "presure_mmHg": 300}
    problems = problems_of(plan_data(INSERT, cuff))
    assert (
        "$.actions[1].presure_mmHg",
        "unknown field (misspelt, or not part of this format)",
    ) in (problems)
    assert ("$.actions[1].pressure_mmHg", "required field is missing") in problems


def test_bad_values_name_the_action_field_not_the_union_tag() -> None:
    infusion = {
        "t_s": 10,
        "action": "start_infusion",
        "catheter_id": "c1",
        "drug": "melphalan",
        "rate_ml_min": 0,
        "concentration_mg_ml": 1.0,
    }
    cuff = {"t_s": 20, "action": "set_cuff", "site": "thigh_root_left", "pressure_mmHg": 450}
    phase = {"t_s": 30, "action": "mark_phase", "phase": "perfuse"}
    assert paths_of(plan_data(INSERT, infusion, cuff, phase)) == [
        "$.actions[1].rate_ml_min",
        "$.actions[2].pressure_mmHg",
        "$.actions[3].phase",
    ]


def test_unknown_and_missing_action_kind_point_at_the_action_field() -> None:
    problems = problems_of(plan_data({"t_s": 0, "action": "inflate"}, {"t_s": 0}))
    assert problems[0][0] == "$.actions[0].action"
    assert problems[0][1].startswith("unknown action 'inflate'; expected one of")
    assert "'inflate_balloon'" in problems[0][1]
    assert problems[1] == ("$.actions[1].action", "required field is missing")


def test_unsorted_actions_report_the_index_that_breaks_the_order() -> None:
    late = {"t_s": 90, "action": "mark_phase", "phase": "isolation_check"}
    early = {"t_s": 30, "action": "mark_phase", "phase": "perfusion"}
    [(path, reason)] = problems_of(plan_data(INSERT, late, early))
    assert path == "$.actions[2].t_s"
    assert "action 2 (t_s = 30.0) comes before action 1 (t_s = 90.0)" in reason


@pytest.mark.parametrize("t_s", [-1.0, math.inf, math.nan])
def test_time_must_be_finite_and_not_negative(t_s: float) -> None:
    assert paths_of(plan_data({**INSERT, "t_s": t_s})) == ["$.actions[0].t_s"]


def test_catheter_must_be_inserted_before_it_is_used() -> None:
    inflate = {"t_s": 5, "action": "inflate_balloon", "catheter_id": "c2", "volume_ml": 20}
    [(path, reason)] = problems_of(plan_data(INSERT, inflate))
    assert path == "$.actions[1].catheter_id"
    assert "catheter 'c2' is not inserted" in reason


def test_removed_catheter_cannot_be_used_but_its_id_can_be_reused() -> None:
    remove = {"t_s": 5, "action": "remove_catheter", "catheter_id": "c1"}
    move = {"t_s": 6, "action": "move_catheter", "catheter_id": "c1", "tip": INSERT["tip"]}
    assert paths_of(plan_data(INSERT, remove, move)) == ["$.actions[2].catheter_id"]
    parse_plan(plan_data(INSERT, remove, {**INSERT, "t_s": 7}), "plan.json")
    assert paths_of(plan_data(INSERT, {**INSERT, "t_s": 1})) == ["$.actions[1].catheter_id"]


def test_circuit_endpoints_and_stop_are_checked() -> None:
    circuit = {
        "t_s": 5,
        "action": "start_circuit",
        "circuit_id": "ilp",
        "draw": "venous",
        "return": "c1",
        "flow_ml_min": 400,
    }
    assert paths_of(plan_data(INSERT, circuit)) == ["$.actions[1].draw"]
    stop = {"t_s": 6, "action": "stop_circuit", "circuit_id": "other"}
    assert paths_of(plan_data(INSERT, {**circuit, "draw": INSERT["tip"]}, stop)) == [
        "$.actions[2].circuit_id"
    ]
    [(path, reason)] = problems_of(plan_data(INSERT, {**circuit, "draw": 5}))
    assert path == "$.actions[1].draw"
    assert "catheter id or" in reason
    same = {**circuit, "draw": "c1"}
    [(path, reason)] = problems_of(plan_data(INSERT, same))
    assert path == "$.actions[1]"
    assert "draw and return are the same place" in reason


def test_bad_tip_position_inside_an_endpoint_has_the_real_path() -> None:
    circuit = {
        "t_s": 5,
        "action": "start_circuit",
        "circuit_id": "ilp",
        "draw": {"vessel": "femoral_vein_left", "position": 1.5},
        "return": "c1",
        "flow_ml_min": 400,
    }
    assert paths_of(plan_data(INSERT, circuit)) == ["$.actions[1].draw.position"]


def test_models_are_frozen_so_a_recorded_plan_cannot_change_under_the_replay() -> None:
    cuff = SetCuff(t_s=1, site="thigh_root_left", pressure_mmHg=300)
    with pytest.raises(ValidationError):
        cuff.pressure_mmHg = 10  # type: ignore[misc]


# --- property: any valid plan survives JSON unchanged -------------------------------------------

CATHETERS = ("art", "ven")
# Each amount is drawn within its field's own bounds (plan_file.py).
flows = st.floats(min_value=1e-3, max_value=5000.0)
balloon_volumes = st.floats(min_value=1e-3, max_value=200.0)
fraction = st.floats(min_value=0.0, max_value=1.0)
vessels = st.sampled_from(["superficial_femoral_artery_left", "femoral_vein_left", "celiac_trunk"])
tips = st.builds(TipPosition, vessel=vessels, position=fraction)
notes = st.none() | st.text(max_size=30)
catheter = st.sampled_from(CATHETERS)
endpoint = catheter | tips


@st.composite
def circuits(draw: st.DrawFn, t_s: float) -> StartCircuit:
    draw_end = draw(endpoint)
    return_end = draw(endpoint.filter(lambda end: end != draw_end))
    return StartCircuit(
        t_s=t_s,
        note=draw(notes),
        circuit_id="ilp",
        draw=draw_end,
        return_=return_end,
        flow_ml_min=draw(flows),
        filter_extraction=draw(fraction),
        oxygenated=draw(st.booleans()),
    )


def _middle_action(t_s: float) -> st.SearchStrategy:
    common = {"t_s": st.just(t_s), "note": notes}
    return st.one_of(
        st.builds(MoveCatheter, catheter_id=catheter, tip=tips, **common),
        st.builds(
            InflateBalloon,
            catheter_id=catheter,
            balloon=st.integers(0, 3),
            volume_ml=balloon_volumes,
            **common,
        ),
        st.builds(DeflateBalloon, catheter_id=catheter, balloon=st.integers(0, 3), **common),
        st.builds(
            SetCuff,
            site=st.just("thigh_root_left"),
            pressure_mmHg=st.floats(0, 400),
            **common,
        ),
        st.builds(
            StartInfusion,
            catheter_id=catheter,
            drug=st.sampled_from(["melphalan", "cisplatin"]),
            rate_ml_min=flows,
            concentration_mg_ml=st.floats(0, 50),
            **common,
        ),
        st.builds(
            Bolus,
            catheter_id=catheter,
            drug=st.just("melphalan"),
            # volume 1 to 5000 mL over at least 60 s keeps the rate under 5 L/min, and a dose
            # under 400 mg keeps the concentration under 400 mg/mL.
            dose_mg=st.floats(1e-3, 400.0),
            volume_ml=st.floats(1.0, 5000.0),
            duration_s=st.floats(60.0, 86_400.0),
            **common,
        ),
        st.builds(StopInfusion, catheter_id=catheter, **common),
        st.builds(
            Embolize,
            vessel=vessels,
            position=fraction,
            agent=st.sampled_from(["coil", "particles"]),
            amount=st.floats(0.01, 1.0),
            **common,
        ),
        circuits(t_s),
        st.builds(
            MarkPhase,
            phase=st.sampled_from(["isolation_check", "perfusion", "washout", "filtration", "end"]),
            **common,
        ),
    )


@st.composite
def plans(draw: st.DrawFn) -> PlanFile:
    times = sorted(draw(st.lists(st.floats(0.0, 86_400.0), min_size=0, max_size=12)))
    access = "common_femoral_artery_left"
    actions: list = [
        InsertCatheter(t_s=0.0, catheter_id=c, model="cath_5f", access=access, tip=draw(tips))
        for c in CATHETERS
    ]
    actions += [draw(_middle_action(t)) for t in times]
    end = times[-1] if times else 0.0
    if any(isinstance(a, StartCircuit) for a in actions):
        actions.append(StopCircuit(t_s=end, circuit_id="ilp"))
    actions += [RemoveCatheter(t_s=end, catheter_id=c) for c in CATHETERS]
    return PlanFile(scenario_id=draw(st.sampled_from(["ilp_leg", "hap-1"])), actions=actions)


@settings(max_examples=150, deadline=None)
@given(plans())
def test_any_plan_round_trips_through_json_unchanged(plan: PlanFile) -> None:
    text = json.dumps(json.loads(plan.model_dump_json()), indent=2)
    again = parse_plan(json.loads(text), "roundtrip.json")
    assert again == plan
    assert again.model_dump_json() == plan.model_dump_json()
