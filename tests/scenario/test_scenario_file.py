"""Scenario files: the fixture loads, round-trips, and every in-file inconsistency an instructor
can make is reported at its JSON path."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest

from simulator.scenario.errors import FileFormatError
from simulator.scenario.loading import check_references, load_scenario, parse_scenario
from simulator.scenario.scenario_file import ScenarioFile

FIXTURES = Path(__file__).parent / "fixtures"
ILP = FIXTURES / "ilp_leg_melanoma.json"


@pytest.fixture
def ilp_data() -> dict:
    return json.loads(ILP.read_text(encoding="utf-8"))


def problems_of(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(FileFormatError) as caught:
        parse_scenario(data, "scenario.json")
    return [(p.json_path, p.reason) for p in caught.value.problems]


def only_problem(data: dict) -> tuple[str, str]:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


def test_fixture_loads_with_its_plans_and_patient() -> None:
    scenario = load_scenario(ILP)
    assert scenario.procedure == "ILP"
    assert scenario.systemic_sampling_site == "radial_artery_left"
    assert len(scenario.expert_plan.actions) == 15
    assert scenario.tumors[0].arterial_fraction_of_supply == 0.9
    assert scenario.anatomy_variant.collateral_strengths == {"cruciate_anastomosis_left": 1.3}
    # Mosteller: sqrt(178 cm * 82 kg / 3600) = 2.0136 m²
    assert scenario.patient.body_surface_area_m2 == pytest.approx(2.0136, abs=1e-4)
    assert "body_surface_area_m2" not in scenario.patient.model_dump()


def test_scenario_round_trips_through_json() -> None:
    scenario = load_scenario(ILP)
    again = parse_scenario(json.loads(scenario.model_dump_json()), "again.json")
    assert again == scenario


def test_carried_plans_are_plan_files_of_this_scenario() -> None:
    scenario = load_scenario(ILP)
    expert = scenario.carried_plan("expert")
    assert expert.scenario_id == scenario.id
    assert expert.actions == scenario.expert_plan.actions
    mistake = scenario.carried_plan("mistake:no_tourniquet")
    assert not any(a.action == "set_cuff" for a in mistake.actions)
    with pytest.raises(LookupError, match="has: expert, mistake:no_tourniquet"):
        scenario.carried_plan("mistake:too_fast")


def test_invalid_fixture_reports_each_mistake_at_its_path() -> None:
    with pytest.raises(FileFormatError) as caught:
        load_scenario(FIXTURES / "invalid_scenario.json")
    problems = {p.json_path: p.reason for p in caught.value.problems}
    assert all(str(p.file).endswith("invalid_scenario.json") for p in caught.value.problems)
    assert set(problems) == {
        "$.procedure",
        "$.critcal_beds",
        "$.expert_plan.actions[2].rate_ml_min",
        "$.mistake_plans[0].fails_objective",
    }
    assert "'HAI'" in problems["$.procedure"]
    assert problems["$.critcal_beds"].startswith("unknown field")
    assert "greater than or equal to 0.0001" in problems["$.expert_plan.actions[2].rate_ml_min"]
    assert (
        "'spare_the_stomach' is not the id of an objective"
        in (problems["$.mistake_plans[0].fails_objective"])
    )


def test_objective_ids_must_be_unique(ilp_data: dict) -> None:
    ilp_data["objectives"][2]["id"] = "leak_below_10_percent"
    assert only_problem(ilp_data) == (
        "$.objectives[2].id",
        "objective id 'leak_below_10_percent' is used twice",
    )


def test_mistake_ids_are_unique_slugs(ilp_data: dict) -> None:
    twin = copy.deepcopy(ilp_data["mistake_plans"][0])
    ilp_data["mistake_plans"].append(twin)
    assert only_problem(ilp_data)[0] == "$.mistake_plans[1].id"
    ilp_data["mistake_plans"] = [{**twin, "id": "No Tourniquet"}]
    path, reason = only_problem(ilp_data)
    assert path == "$.mistake_plans[0].id"
    assert "pattern" in reason


def test_a_bed_cannot_be_both_target_and_critical(ilp_data: dict) -> None:
    ilp_data["critical_beds"] = ["spinal_cord", "lower_leg_foot_left"]
    path, reason = only_problem(ilp_data)
    assert path == "$.critical_beds[1]"
    assert "both a target and a critical bed" in reason


def test_targets_lie_in_the_region_and_cover_the_tumors(ilp_data: dict) -> None:
    outside = copy.deepcopy(ilp_data)
    outside["targets"] = ["lower_leg_foot_left", "liver_right"]
    assert only_problem(outside)[0] == "$.targets[1]"
    untargeted = copy.deepcopy(ilp_data)
    untargeted["tumors"][0]["bed"] = "thigh_left"
    path, reason = only_problem(untargeted)
    assert path == "$.targets"
    assert "tumor 'in_transit_lower_leg' (tumors[0]) lies in bed 'thigh_left'" in reason


def test_carried_plans_use_only_devices_on_the_shelf(ilp_data: dict) -> None:
    ilp_data["device_shelf"].remove("ilp_venous_cannula_18f")
    problems = problems_of(ilp_data)
    assert [path for path, _ in problems] == [
        "$.expert_plan.actions[1].model",
        "$.mistake_plans[0].actions[1].model",
    ]


def test_a_procedure_needs_devices_and_objectives(ilp_data: dict) -> None:
    ilp_data["device_shelf"] = []
    ilp_data["objectives"] = []
    ilp_data["mistake_plans"] = []
    paths = [path for path, _ in problems_of(ilp_data)]
    assert "$.device_shelf" in paths
    assert "$.objectives" in paths
    ilp_data.update(procedure="baseline", targets=[], tumors=[], region={})
    ilp_data["expert_plan"]["actions"] = []
    parse_scenario(ilp_data, "baseline.json")


@pytest.mark.parametrize(
    ("metric", "threshold", "message"),
    [
        ("leak_fraction", 10, "write 0.1 for 10 %"),
        ("isolation_checked_before_infusion", 0.5, "must be 1 (true) or 0"),
    ],
)
def test_thresholds_in_the_wrong_unit_are_caught(
    ilp_data: dict, metric: str, threshold: float, message: str
) -> None:
    ilp_data["objectives"][0].update(metric=metric, threshold=threshold)
    path, reason = only_problem(ilp_data)
    assert path == "$.objectives[0].threshold"
    assert message in reason


def test_bad_enum_and_patient_range(ilp_data: dict) -> None:
    ilp_data["objectives"][0]["metric"] = "leak_percent"
    ilp_data["patient"]["sex"] = "m"
    ilp_data["patient"]["weight_kg"] = -3
    assert [path for path, _ in problems_of(ilp_data)] == [
        "$.patient.sex",
        "$.patient.weight_kg",
        "$.objectives[0].metric",
    ]


def test_collateral_strength_override_cannot_be_negative(ilp_data: dict) -> None:
    ilp_data["anatomy_variant"]["collateral_strengths"]["obturator_artery_left"] = -0.5
    path, _ = only_problem(ilp_data)
    assert path == "$.anatomy_variant.collateral_strengths.obturator_artery_left"


def test_check_references_reports_unknown_ids_with_paths() -> None:
    scenario = load_scenario(ILP)
    segments = {
        "superficial_femoral_artery_left",
        "popliteal_artery_left",
        "lower_leg_arteries_left",
        "femoral_vein_left",
        "popliteal_vein_left",
        "great_saphenous_vein_left",
        "common_femoral_artery_left",
        "common_femoral_vein_left",
        "radial_artery_left",
        "cruciate_anastomosis_left",
    }
    beds = {"thigh_left", "lower_leg_foot_left"}
    devices = set(scenario.device_shelf)
    drugs = {"melphalan", "contrast"}
    assert check_references(scenario, segments, beds, devices, drugs) == []

    problems = check_references(
        scenario,
        segments - {"femoral_vein_left"},
        beds,
        devices - {"ilp_oxygenated_circuit"},
        None,
        known_limb_roots={"thigh_root_right"},
        file_label="ilp.json",
    )
    found = {(p.json_path, p.reason) for p in problems}
    assert all(p.file == "ilp.json" for p in problems)
    assert ("$.device_shelf[3]", "'ilp_oxygenated_circuit' is not a device of the catalog") in found
    assert ("$.region.segments[3]", "'femoral_vein_left' is not a vessel segment of the atlas") in (
        found
    )
    assert {
        "$.expert_plan.actions[1].tip.vessel",
        "$.expert_plan.actions[2].site",
        "$.expert_plan.actions[11].site",
        "$.mistake_plans[0].actions[1].tip.vessel",
    } <= {path for path, _ in found}
    assert len(problems) == 6


def test_scenario_model_accepts_python_construction() -> None:
    data = json.loads(ILP.read_text(encoding="utf-8"))
    scenario = ScenarioFile(**data)
    assert math.isclose(scenario.drug_protocol[0].dose_mg, 117.0)
