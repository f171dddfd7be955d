"""The built-in atlas: every contracted id, sources for every figure, and clear errors for a
broken atlas file."""

from __future__ import annotations

import copy
import json

import pytest

from simulator.anatomy.atlas import DEFAULT_ATLAS_PATH, load_atlas, parse_atlas
from simulator.scenario.errors import FileFormatError

SIDED = [
    "internal_carotid_artery",
    "external_carotid_artery",
    "common_carotid_artery",
    "lingual_artery",
    "facial_artery",
    "maxillary_artery",
    "superficial_temporal_artery",
    "vertebral_artery",
    "head_neck_tissue",
    "subclavian_artery",
    "axillary_artery",
    "brachial_artery",
    "radial_artery",
    "ulnar_artery",
    "upper_arm",
    "forearm_hand",
    "internal_thoracic_artery",
    "superior_epigastric_artery",
    "internal_jugular_vein",
    "subclavian_vein",
    "axillary_vein",
    "brachial_vein",
    "cephalic_vein",
    "basilic_vein",
    "brachiocephalic_vein",
    "lumbar_arteries",
    "intercostal_lumbar_anastomosis",
    "epigastric_anastomosis",
    "inferior_epigastric_artery",
    "lumbar_veins",
    "ascending_lumbar_vein",
    "renal_artery",
    "kidney",
    "renal_vein",
    "common_iliac_artery",
    "internal_iliac_artery",
    "external_iliac_artery",
    "common_femoral_artery",
    "deep_femoral_artery",
    "superficial_femoral_artery",
    "popliteal_artery",
    "lower_leg_arteries",
    "middle_rectal_artery",
    "gluteal_arteries",
    "gluteal_tissue",
    "cruciate_anastomosis",
    "obturator_artery",
    "thigh",
    "lower_leg_foot",
    "common_iliac_vein",
    "internal_iliac_vein",
    "external_iliac_vein",
    "common_femoral_vein",
    "femoral_vein",
    "deep_femoral_vein",
    "popliteal_vein",
    "great_saphenous_vein",
    "pulmonary_artery",
    "lung",
    "pulmonary_veins",
]
SINGLE = [
    "pulmonary_trunk",
    "coronary_arteries",
    "heart_muscle",
    "coronary_sinus",
    "bronchial_arteries",
    "lung_tissue",
    "ascending_aorta",
    "aortic_arch_1",
    "aortic_arch_2",
    "descending_thoracic_aorta_upper",
    "descending_thoracic_aorta_lower",
    "abdominal_aorta_supraceliac",
    "abdominal_aorta_celiac_sma",
    "abdominal_aorta_suprarenal",
    "abdominal_aorta_infrarenal_upper",
    "abdominal_aorta_infrarenal_lower",
    "brachiocephalic_trunk",
    "brain",
    "chest_wall",
    "superior_vena_cava",
    "intercostal_arteries_upper",
    "intercostal_arteries_lower",
    "inferior_phrenic_arteries",
    "spinal_cord",
    "paraspinal_tissue",
    "azygos_vein",
    "hemiazygos_vein",
    "vertebral_venous_plexus",
    "renal_hemiazygos_vein",
    "celiac_trunk",
    "left_gastric_artery",
    "splenic_artery",
    "common_hepatic_artery",
    "gastroduodenal_artery",
    "superior_pancreaticoduodenal_artery",
    "proper_hepatic_artery",
    "right_gastric_artery",
    "right_hepatic_artery",
    "left_hepatic_artery",
    "cystic_artery",
    "superior_mesenteric_artery",
    "inferior_pancreaticoduodenal_artery",
    "pancreaticoduodenal_arcade",
    "replaced_right_hepatic_artery",
    "inferior_mesenteric_artery",
    "superior_rectal_artery",
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
    "adrenals",
    "diaphragm",
    "splenic_vein",
    "superior_mesenteric_vein",
    "inferior_mesenteric_vein",
    "portal_vein",
    "left_gastric_vein",
    "esophageal_varices",
    "hepatic_veins",
    "accessory_inferior_right_hepatic_vein",
    "inferior_vena_cava_infrarenal",
    "inferior_vena_cava_suprarenal",
    "inferior_vena_cava_retrohepatic",
    "inferior_vena_cava_suprahepatic",
    "pelvic_organs",
    "presacral_venous_plexus",
]
CONTRACT_IDS = SINGLE + [f"{name}_{side}" for name in SIDED for side in ("left", "right")]


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture()
def atlas_data():
    return json.loads(DEFAULT_ATLAS_PATH.read_text())


def test_every_contracted_id_is_a_segment_or_bed(atlas):
    ids = (
        {s.id for s in atlas.segments} | {b.id for b in atlas.beds} | {a.id for a in atlas.aliases}
    )
    missing = [i for i in CONTRACT_IDS if i not in ids]
    assert not missing


def test_chambers_limb_roots_and_access_sites(atlas):
    assert {c.id for c in atlas.heart.chambers} == {
        "left_atrium",
        "left_ventricle",
        "right_atrium",
        "right_ventricle",
    }
    roots = {r.id for r in atlas.limb_roots}
    assert roots == {
        f"{limb}_root_{side}" for limb in ("thigh", "upper_arm") for side in ("left", "right")
    }
    assert "common_femoral_vein_right" in atlas.access_sites


def test_every_figure_has_a_source_and_a_place_on_the_map(atlas):
    for segment in atlas.segments:
        assert len(segment.source) > 10, segment.id
        assert len(segment.schematic) >= 2
    for bed in atlas.beds:
        assert bed.flow_source and bed.volume_source and bed.calibration
        assert len(bed.schematic.polygon) >= 3


def test_collaterals_are_first_class_with_strengths(atlas):
    by_id = {s.id: s for s in atlas.segments}
    for name in (
        "lumbar_arteries_left",
        "epigastric_anastomosis_right",
        "azygos_vein",
        "ascending_lumbar_vein_left",
        "vertebral_venous_plexus",
        "cruciate_anastomosis_left",
    ):
        assert by_id[name].collateral
        assert by_id[name].default_strength == 1.0
    for variant in (
        "replaced_right_hepatic_artery",
        "accessory_inferior_right_hepatic_vein",
        "esophageal_varices",
    ):
        assert by_id[variant].default_strength == 0.0


def _errors(data) -> list[str]:
    with pytest.raises(FileFormatError) as info:
        parse_atlas(data, "broken_atlas.json")
    return [str(p) for p in info.value.problems]


def test_negative_radius_is_named(atlas_data):
    data = copy.deepcopy(atlas_data)
    data["segments"][5]["radius_proximal_mm"] = -2.0
    (message,) = _errors(data)
    assert message.startswith("broken_atlas.json: $.segments[5].radius_proximal_mm:")
    assert "greater than or equal to 0.01" in message


def test_disconnected_vessel_is_named(atlas_data):
    data = copy.deepcopy(atlas_data)
    index = next(i for i, s in enumerate(data["segments"]) if s["id"] == "cystic_artery")
    data["segments"][index]["to_node"] = "nowhere_node"
    messages = _errors(data)
    assert any(
        f"$.segments[{index}]" in m and "disconnected" in m and "nowhere_node" in m
        for m in messages
    )


def test_unknown_field_and_duplicate_id(atlas_data):
    data = copy.deepcopy(atlas_data)
    data["segments"][0]["radius_mm"] = 3.0
    assert any("$.segments[0].radius_mm" in m and "unknown field" in m for m in _errors(data))
    data = copy.deepcopy(atlas_data)
    data["segments"][1]["id"] = data["segments"][0]["id"]
    assert any("$.segments[1].id" in m and "used twice" in m for m in _errors(data))


def test_bed_without_drainage(atlas_data):
    data = copy.deepcopy(atlas_data)
    data["segments"] = [s for s in data["segments"] if s["id"] != "coronary_sinus"]
    assert any("heart_muscle" in m and "no vein draining it" in m for m in _errors(data))


def test_unknown_limb_root_segment(atlas_data):
    data = copy.deepcopy(atlas_data)
    data["limb_roots"][0]["crossing"][0]["segment"] = "femoral_vien_left"
    assert any(
        "$.limb_roots[0].crossing[0].segment" in m and "femoral_vien_left" in m
        for m in _errors(data)
    )
