"""The shipped device catalog and drug table validate, carry their sources, agree with each other,
and a mistake in either file is reported with the file, the JSON path and the reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from simulator.devices.balloon_geometry import balloon_diameter_mm
from simulator.devices.catalog import (
    DEFAULT_CATALOG_PATH,
    DEFAULT_DRUGS_PATH,
    access_kind_for_site,
    access_problem,
    check_drug_references,
    drug_reference_problems,
    load_catalog,
    load_drugs,
)
from simulator.scenario.catalog_file import (
    SOURCE_TAG,
    BalloonCatheter,
    FilterDevice,
    InfusionCatheter,
)
from simulator.scenario.drug_file import FIGURE_FIELDS, REQUIRED_DRUG_IDS
from simulator.scenario.errors import FileFormatError

TYPES = {
    "balloon_catheter",
    "infusion_catheter",
    "pneumatic_cuff",
    "implantable_pump",
    "embolic",
    "filter",
    "perfusion_circuit",
}


def _copy_with(tmp_path: Path, source: Path, edit) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    edit(data)
    target = tmp_path / source.name
    target.write_text(json.dumps(data), encoding="utf-8")
    return target


def test_default_paths_are_inside_the_repository() -> None:
    root = Path(__file__).resolve().parents[2]
    assert root / "resources" / "devices" / "catalog.json" == DEFAULT_CATALOG_PATH
    assert root / "resources" / "drugs" / "drugs.json" == DEFAULT_DRUGS_PATH


def test_shipped_catalog_validates_and_covers_every_device_type() -> None:
    catalog = load_catalog()
    assert {device.type for device in catalog.devices} == TYPES
    assert len(catalog.ids) == len(catalog.devices)


def test_shipped_catalog_has_the_devices_the_procedures_need() -> None:
    catalog = load_catalog()
    stop_flow = catalog.device("aigner_stopflow_arterial_12f")
    assert isinstance(stop_flow, BalloonCatheter)
    assert stop_flow.shaft_french == 12
    assert 25 <= stop_flow.balloons[0].nominal_diameter_max_mm <= 30
    caval = catalog.device("aigner_stopflow_venous_14f")
    assert isinstance(caval, BalloonCatheter)
    assert 30 <= caval.balloons[0].nominal_diameter_max_mm <= 35

    php = catalog.device("php_double_balloon_isolation_aspiration_16f")
    assert isinstance(php, BalloonCatheter)
    assert php.sheath_french == 18
    assert [b.label for b in php.balloons] == ["cephalad", "caudal"]
    assert php.aspiration_between_balloons and not php.infusion_between_balloons

    double = catalog.device("stopflow_double_balloon_arterial_12f")
    assert isinstance(double, BalloonCatheter)
    assert double.infusion_between_balloons

    occlusion_sizes = sorted(
        device.balloons[0].nominal_diameter_max_mm
        for device in catalog.devices
        if isinstance(device, BalloonCatheter) and len(device.balloons) == 1
    )
    for wanted in (8.5, 11.5, 20, 32, 40, 46):
        assert wanted in occlusion_sizes

    micro = [
        d for d in catalog.devices if isinstance(d, InfusionCatheter) and d.role == "microcatheter"
    ]
    assert {d.french for d in micro} == {2.0, 2.4, 2.8}


def test_shipped_drug_table_validates_with_the_required_drugs() -> None:
    drugs = load_drugs()
    assert drugs.ids >= REQUIRED_DRUG_IDS
    assert drugs.drug("mitomycin_c").plasma_half_life_min == pytest.approx(50, rel=0.3)
    assert drugs.drug("tracer_tc99m_rbc").toxicity_threshold is None
    assert drugs.drug("contrast").toxicity_threshold is None
    assert not drugs.drug("tracer_tc99m_rbc").exchanges_with_tissue
    for drug in drugs.drugs:
        if drug.kind == "cytotoxic":
            assert drug.toxicity_threshold is not None


def test_every_device_has_tagged_sources() -> None:
    for device in load_catalog().devices:
        assert device.sources, device.id
        assert all(SOURCE_TAG.match(text) for text in device.sources), device.id


def test_every_drug_figure_has_a_tagged_source() -> None:
    for drug in load_drugs().drugs:
        for figure in FIGURE_FIELDS:
            if getattr(drug, figure) is not None:
                assert SOURCE_TAG.match(drug.sources[figure]), (drug.id, figure)
        assert all(SOURCE_TAG.match(text) for text in drug.typical_regional_doses), drug.id


def test_catalog_names_only_drugs_of_the_drug_table() -> None:
    check_drug_references(load_catalog(), load_drugs())


def test_balloon_curves_reach_nominal_diameter_at_rated_volume() -> None:
    for device in load_catalog().devices:
        if not isinstance(device, BalloonCatheter):
            continue
        for balloon in device.balloons:
            at_rated = balloon_diameter_mm(balloon.volume_diameter_curve, balloon.rated_volume_ml)
            assert at_rated == pytest.approx(balloon.nominal_diameter_max_mm, rel=0.05)
            assert balloon_diameter_mm(balloon.volume_diameter_curve, 0.0) == 0.0


def test_php_filter_extraction_falls_over_time() -> None:
    php = load_catalog().device("php_carbon_filter_pair_gen2")
    assert isinstance(php, FilterDevice)
    assert php.extraction_fraction("melphalan") == pytest.approx(0.86)
    assert php.extraction_fraction("melphalan", 0.0) == pytest.approx(0.954)
    assert php.extraction_fraction("melphalan", 10.0) == pytest.approx(0.954)
    assert php.extraction_fraction("melphalan", 35.0) == pytest.approx((0.954 + 0.775) / 2)
    assert php.extraction_fraction("melphalan", 90.0) == pytest.approx(0.775)
    assert php.extraction_fraction("tracer_tc99m_rbc", 20.0) == 0.0


def test_misspelt_device_field_names_file_and_json_path(tmp_path: Path) -> None:
    def misspell(data: dict) -> None:
        balloon = data["devices"][0]["balloons"][0]
        balloon["burst_volum_ml"] = balloon.pop("burst_volume_ml")

    path = _copy_with(tmp_path, DEFAULT_CATALOG_PATH, misspell)
    with pytest.raises(FileFormatError) as error:
        load_catalog(path)
    paths = {problem.json_path for problem in error.value.problems}
    assert all(problem.file == str(path.resolve()) for problem in error.value.problems)
    assert "$.devices[0].balloons[0].burst_volum_ml" in paths
    assert "$.devices[0].balloons[0].burst_volume_ml" in paths
    reasons = {problem.reason for problem in error.value.problems}
    assert "unknown field (misspelt, or not part of this format)" in reasons


def test_misspelt_drug_field_names_file_and_json_path(tmp_path: Path) -> None:
    def misspell(data: dict) -> None:
        data["drugs"][2]["plasma_halflife_min"] = data["drugs"][2].pop("plasma_half_life_min")

    path = _copy_with(tmp_path, DEFAULT_DRUGS_PATH, misspell)
    with pytest.raises(FileFormatError) as error:
        load_drugs(path)
    text = str(error.value)
    assert str(path.resolve()) in text
    assert "$.drugs[2].plasma_halflife_min" in text
    assert "$.drugs[2].plasma_half_life_min: required field is missing" in text


def test_untagged_source_is_rejected(tmp_path: Path) -> None:
    def untag(data: dict) -> None:
        data["devices"][3]["sources"][0] = "a figure someone remembered"

    with pytest.raises(FileFormatError) as error:
        load_catalog(_copy_with(tmp_path, DEFAULT_CATALOG_PATH, untag))
    assert any(
        problem.json_path.endswith("sources[0]") and "[E]" in problem.reason
        for problem in error.value.problems
    )


def test_drug_figure_without_source_is_rejected(tmp_path: Path) -> None:
    def drop(data: dict) -> None:
        del data["drugs"][0]["sources"]["systemic_clearance_ml_min"]

    with pytest.raises(FileFormatError, match="systemic_clearance_ml_min"):
        load_drugs(_copy_with(tmp_path, DEFAULT_DRUGS_PATH, drop))


def test_non_monotone_balloon_curve_is_rejected(tmp_path: Path) -> None:
    def bend(data: dict) -> None:
        curve = data["devices"][0]["balloons"][0]["volume_diameter_curve"]
        curve[2][1] = curve[1][1] - 1.0

    with pytest.raises(FileFormatError, match="strictly increasing"):
        load_catalog(_copy_with(tmp_path, DEFAULT_CATALOG_PATH, bend))


def test_duplicate_device_id_is_rejected(tmp_path: Path) -> None:
    def duplicate(data: dict) -> None:
        data["devices"][1]["id"] = data["devices"][0]["id"]

    with pytest.raises(FileFormatError, match="appears twice"):
        load_catalog(_copy_with(tmp_path, DEFAULT_CATALOG_PATH, duplicate))


def test_unknown_drug_in_a_filter_is_reported(tmp_path: Path) -> None:
    def add(data: dict) -> None:
        for device in data["devices"]:
            if device["id"] == "haemofilter_chemofiltration":
                device["extraction_fraction_by_drug"]["melphalam"] = 0.1

    path = _copy_with(tmp_path, DEFAULT_CATALOG_PATH, add)
    problems = drug_reference_problems(load_catalog(path), load_drugs(), path)
    assert len(problems) == 1
    assert problems[0].json_path.endswith(".extraction_fraction_by_drug.melphalam")
    with pytest.raises(FileFormatError):
        check_drug_references(load_catalog(path), load_drugs(), path)


def test_missing_and_broken_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="file not found"):
        load_catalog(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        load_drugs(broken)


def test_loading_is_cached_until_the_file_changes(tmp_path: Path) -> None:
    assert load_catalog() is load_catalog()
    path = _copy_with(tmp_path, DEFAULT_DRUGS_PATH, lambda data: None)
    first = load_drugs(path)
    assert load_drugs(path) is first
    data = json.loads(path.read_text(encoding="utf-8"))
    data["description"] = "A changed drug table for the cache test."
    path.write_text(json.dumps(data), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_drugs(path).description == "A changed drug table for the cache test."


@pytest.mark.parametrize(
    ("site", "kind"),
    [
        ("common_femoral_artery_left", "femoral_artery"),
        ("common_femoral_vein_right", "femoral_vein"),
        ("internal_jugular_vein_right", "internal_jugular_vein"),
        ("brachial_artery_left", "brachial_artery"),
        ("gastroduodenal_artery", "surgical"),
    ],
)
def test_access_kind_for_site(site: str, kind: str) -> None:
    assert access_kind_for_site(site) == kind


def test_access_problem_explains_a_wrong_access_site() -> None:
    catalog = load_catalog()
    php = catalog.device("php_double_balloon_isolation_aspiration_16f")
    assert access_problem(php, "common_femoral_vein_right") is None
    reason = access_problem(php, "common_femoral_artery_right")
    assert reason is not None and "femoral_vein" in reason
    assert access_problem(catalog.device("tourniquet_cuff_thigh"), "thigh_root_left") is not None
