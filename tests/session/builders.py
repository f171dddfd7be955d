"""Small scenarios built in code, for physics checks that do not depend on the library."""

from __future__ import annotations

import copy

from simulator.scenario.loading import parse_scenario

LOWER_BODY_BEDS = [
    "stomach",
    "duodenum",
    "pancreas_head",
    "pancreas_body_tail",
    "spleen",
    "small_intestine",
    "colon_right",
    "colon_left",
    "rectum",
    "liver_right",
    "liver_left",
    "gallbladder",
    "kidney_left",
    "kidney_right",
    "adrenals",
    "paraspinal_tissue",
    "pelvic_organs",
    "gluteal_tissue_left",
    "gluteal_tissue_right",
    "abdominal_wall_left",
    "abdominal_wall_right",
    "thigh_left",
    "thigh_right",
    "lower_leg_foot_left",
    "lower_leg_foot_right",
]

LOWER_BODY_VESSELS = [
    "abdominal_aorta_celiac_sma",
    "abdominal_aorta_suprarenal",
    "abdominal_aorta_infrarenal_upper",
    "abdominal_aorta_infrarenal_lower",
    "celiac_trunk",
    "superior_mesenteric_artery",
    "inferior_mesenteric_artery",
    "renal_artery_left",
    "renal_artery_right",
    "common_iliac_artery_left",
    "common_iliac_artery_right",
    "inferior_vena_cava_infrarenal",
    "inferior_vena_cava_suprarenal",
    "inferior_vena_cava_retrohepatic",
    "hepatic_veins",
    "portal_vein",
    "renal_vein_left",
    "renal_vein_right",
    "common_iliac_vein_left",
    "common_iliac_vein_right",
]

_BASE = {
    "schema_version": 1,
    "id": "synthetic",
    "title": "Synthetic scenario for tests",
    "procedure": "HAP",
    "version": 1,
    "summary": "Built in code by the tests.",
    "briefing": {
        "indication": "test",
        "anatomy_notes": "test",
        "devices_notes": "test",
        "drug_and_dose": "test",
        "time_limits": "test",
        "steps": ["test"],
    },
    "patient": {"sex": "male", "age_years": 60, "weight_kg": 73, "height_cm": 176},
    "drug_protocol": [
        {"drug": "cisplatin", "dose_mg": 100, "dose_calculation": "test", "source": "[E] test"}
    ],
    "device_shelf": [
        "aigner_stopflow_arterial_12f",
        "aigner_stopflow_venous_14f",
        "tourniquet_cuff_thigh",
        "haemofilter_chemofiltration",
        "ilp_arterial_cannula_14f",
        "ilp_venous_cannula_18f",
        "coda_type_occlusion_32mm",
        "selective_catheter_5f",
        "coil_pushable_0035",
    ],
    "surgical_access": ["common_femoral_artery_left", "common_femoral_vein_left"],
    "region": {"beds": LOWER_BODY_BEDS, "segments": LOWER_BODY_VESSELS},
    "targets": ["pancreas_head"],
    "critical_beds": ["spinal_cord"],
    "objectives": [
        {
            "id": "leak",
            "title": "Leak",
            "metric": "leak_fraction",
            "comparison": "le",
            "threshold": 0.5,
            "weight": 1,
            "explanation": "test",
            "teaching_point": "test",
        }
    ],
    "expert_plan": {"actions": []},
}


def scenario(**changes):
    data = copy.deepcopy(_BASE)
    data.update(changes)
    return parse_scenario(data, "synthetic.json")


def stop_flow_actions(aortic_volume_ml: float = 5.6, infusion_ml_min: float = 20.0):
    """Aortic balloon above the celiac, caval balloon above the hepatic veins, cisplatin below."""
    return [
        {
            "t_s": 0,
            "action": "insert_catheter",
            "catheter_id": "aorta",
            "model": "aigner_stopflow_arterial_12f",
            "access": "common_femoral_artery_left",
            "tip": {"vessel": "descending_thoracic_aorta_lower", "position": 0.5},
        },
        {
            "t_s": 0,
            "action": "insert_catheter",
            "catheter_id": "cava",
            "model": "aigner_stopflow_venous_14f",
            "access": "common_femoral_vein_right",
            "tip": {"vessel": "superior_vena_cava", "position": 0.4},
        },
        {
            "t_s": 60,
            "action": "inflate_balloon",
            "catheter_id": "aorta",
            "volume_ml": aortic_volume_ml,
        },
        {"t_s": 90, "action": "inflate_balloon", "catheter_id": "cava", "volume_ml": 9.0},
        {"t_s": 120, "action": "mark_phase", "phase": "isolation_check"},
        {"t_s": 180, "action": "mark_phase", "phase": "perfusion"},
        {
            "t_s": 180,
            "action": "start_infusion",
            "catheter_id": "aorta",
            "drug": "cisplatin",
            "rate_ml_min": infusion_ml_min,
            "concentration_mg_ml": 0.5,
            "port": 1,
        },
        {"t_s": 780, "action": "stop_infusion", "catheter_id": "aorta"},
    ]


def plan_actions(raw):
    from simulator.scenario.plan_file import PlanFile

    return PlanFile(scenario_id="synthetic", actions=raw).actions
