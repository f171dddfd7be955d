"""The map layout: a valid file covering every atlas id, clear errors for a broken one, the
``layout`` command and the build tool's ``--check``."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator import cli
from simulator.anatomy import layout_checks as checks
from simulator.anatomy.atlas import load_atlas
from simulator.anatomy.layout import DEFAULT_LAYOUT_PATH, load_layout, parse_layout
from simulator.anatomy.layout_checks import coverage
from simulator.scenario.errors import FileFormatError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(DEFAULT_LAYOUT_PATH.read_text(encoding="utf-8"))


def problems_of(data: object) -> list[tuple[str, str]]:
    with pytest.raises(FileFormatError) as caught:
        parse_layout(data, "broken.json")
    assert all(problem.file == "broken.json" for problem in caught.value.problems)
    return [(problem.json_path, problem.reason) for problem in caught.value.problems]


def test_built_in_layout_covers_every_atlas_id() -> None:
    layout = load_layout()
    for section, (missing, unknown) in coverage(layout, load_atlas()).items():
        assert missing == [], section
        assert unknown == [], section


def test_missing_vessel_is_named(document: dict) -> None:
    data = copy.deepcopy(document)
    del data["vessels"]["celiac_trunk"]
    assert problems_of(data) == [("$.vessels", "no entry for 'celiac_trunk' of the atlas")]


def test_unknown_bed_is_named(document: dict) -> None:
    data = copy.deepcopy(document)
    data["beds"]["appendix"] = copy.deepcopy(data["beds"]["stomach"])
    assert problems_of(data) == [("$.beds.appendix", "'appendix' is not in the atlas")]


def test_non_finite_coordinate_is_reported_at_its_path(document: dict) -> None:
    data = copy.deepcopy(document)
    data["vessels"]["celiac_trunk"]["polyline"][0][1] = float("nan")
    [(path, reason)] = problems_of(data)
    assert path == "$.vessels.celiac_trunk.polyline[0][1]"
    assert "finite" in reason


def test_one_point_polyline_and_misspelt_field(document: dict) -> None:
    data = copy.deepcopy(document)
    data["vessels"]["celiac_trunk"]["polyline"] = [[0.0, 0.0]]
    data["vessels"]["splenic_artery"]["colour"] = "red"
    found = dict(problems_of(data))
    assert "at least 2" in found["$.vessels.celiac_trunk.polyline"]
    assert found["$.vessels.splenic_artery.colour"].startswith("unknown field")


def test_kind_must_match_the_atlas(document: dict) -> None:
    data = copy.deepcopy(document)
    data["vessels"]["splenic_vein"]["kind"] = "vein"
    assert problems_of(data) == [
        ("$.vessels.splenic_vein.kind", "'vein' but the atlas says 'portal'")
    ]


def test_bed_must_name_an_organ_of_the_file(document: dict) -> None:
    data = copy.deepcopy(document)
    data["beds"]["stomach"]["organ"] = "gizzard"
    assert ("$.beds.stomach.organ", "'gizzard' is not an organ of the file") in problems_of(data)


def test_missing_view_and_newer_version(document: dict) -> None:
    data = copy.deepcopy(document)
    del data["views"]["pelvis"]
    assert problems_of(data) == [("$.views.pelvis", "required field is missing")]
    data = {**copy.deepcopy(document), "schema_version": 2}
    [(path, reason)] = problems_of(data)
    assert path == "$.schema_version"
    assert "newer than this program reads" in reason


def test_command_prints_the_layout_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["layout", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed["vessels"]) == {segment.id for segment in load_atlas().segments}
    aorta = printed["vessels"]["ascending_aorta"]
    assert aorta["kind"] == "artery"
    assert len(aorta["polyline"]) >= 2
    assert all(len(point) == 2 for point in aorta["polyline"])
    assert set(printed["beds"]["stomach"]) >= {"polygon", "organ", "label", "label_anchor"}
    assert "whole_body" in printed["views"]


def test_command_summary_and_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["layout"]) == 0
    summary = capsys.readouterr().out
    assert "220 vessels" in summary
    assert "crossings:" in summary
    broken = tmp_path / "layout.json"
    broken.write_text("{", encoding="utf-8")
    assert cli.main(["layout", "--layout", str(broken)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {broken}: $: not valid JSON")
    assert "Traceback" not in error


def test_build_tool_check_passes_on_the_committed_file() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_layout.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- readability of the built-in layout ------------------------------------------------------

MAX_CROSSINGS = 40


@pytest.fixture(scope="module")
def layout():
    return load_layout()


def test_every_crossing_is_listed_as_anatomical(layout) -> None:
    assert checks.unlisted_crossings(layout) == []


def test_every_listed_crossing_happens_and_draws_the_front_vessel_on_top(layout) -> None:
    found = {frozenset((c.first, c.second)) for c in checks.crossings(layout)}
    for crossing in layout.anatomical_crossings:
        assert frozenset((crossing.front, crossing.behind)) in found, crossing
        front, behind = layout.vessels[crossing.front], layout.vessels[crossing.behind]
        assert front.layer > behind.layer, crossing


def test_crossings_within_budget(layout) -> None:
    assert len(checks.crossings(layout)) <= MAX_CROSSINGS


def test_branches_leave_the_aorta_in_anatomical_order(layout) -> None:
    assert checks.branch_order_problems(layout) == []


def test_left_and_right_mirror_except_named_asymmetries(layout) -> None:
    allowed = tuple(checks.ANATOMICAL_ASYMMETRIES)
    assert checks.asymmetric_pairs(layout, allowed) == {}
    # the named list stays honest: each entry really is asymmetric
    assert set(checks.asymmetric_pairs(layout)) == set(allowed)


def test_vessels_meet_where_the_atlas_joins_them(layout) -> None:
    assert checks.junction_problems(layout, load_atlas()) == []


def test_access_sites_sit_on_their_vessel_and_cuffs_cross_their_vessels(layout) -> None:
    assert checks.site_problems(layout, load_atlas()) == []


def test_runs_are_on_the_grid_and_parallels_keep_apart(layout) -> None:
    shares = checks.orientation_shares(layout)
    assert shares["off_grid"] <= 0.05
    assert checks.narrow_gaps(layout) == []


# --- the checks find what they are meant to find ---------------------------------------------


def _modified(document: dict, change) -> object:
    data = copy.deepcopy(document)
    change(data)
    data["anatomical_crossings"] = []
    return parse_layout(data, "modified.json")


def test_crossing_check_counts_a_line_across_the_body_not_a_shared_junction(document) -> None:
    def add_diagonal(data: dict) -> None:
        data["vessels"]["celiac_trunk"]["polyline"] = [[-150.0, 520.0], [150.0, 820.0]]

    base = _modified(document, lambda data: None)
    changed = _modified(document, add_diagonal)
    assert len(checks.crossings(changed)) > len(checks.crossings(base)) + 5
    # the aorta's own segments meet end to end at every branch level and are never counted
    aorta = set(checks.AORTA_CHAIN)
    assert not [c for c in checks.crossings(base) if {c.first, c.second} <= aorta]


def test_crossing_check_counts_a_vessel_ending_on_another_s_run(document) -> None:
    """A false junction: the end lies on the descending aorta, which does not end there."""

    def end_on_the_aorta(data: dict) -> None:
        data["vessels"]["short_gastric_arteries"]["polyline"] = [[116.0, 540.0], [54.0, 400.0]]

    found = checks.crossings(_modified(document, end_on_the_aorta))
    assert any(
        {c.first, c.second} == {"short_gastric_arteries", "descending_thoracic_aorta_lower"}
        and c.at == pytest.approx((54.0, 400.0))
        for c in found
    )


def test_branch_order_check_notices_a_swapped_origin(document) -> None:
    def swap(data: dict) -> None:
        vessels = data["vessels"]
        sma_start = vessels["superior_mesenteric_artery"]["polyline"][0]
        renal_start = vessels["renal_artery_right"]["polyline"][0]
        vessels["superior_mesenteric_artery"]["polyline"][0] = renal_start
        vessels["renal_artery_right"]["polyline"][0] = sma_start

    problems = checks.branch_order_problems(_modified(document, swap))
    assert any("renal_artery_right" in p or "superior_mesenteric" in p for p in problems)


def test_mirror_check_notices_a_shifted_limb(document) -> None:
    def shift(data: dict) -> None:
        line = data["vessels"]["popliteal_artery_left"]["polyline"]
        data["vessels"]["popliteal_artery_left"]["polyline"] = [[x + 10, y] for x, y in line]

    deviations = checks.asymmetric_pairs(_modified(document, shift))
    assert deviations["popliteal_artery_right"] == pytest.approx(10.0)


def test_gap_check_notices_two_vessels_drawn_on_top_of_each_other(document) -> None:
    def overlay(data: dict) -> None:
        data["vessels"]["femoral_vein_right"]["polyline"] = copy.deepcopy(
            data["vessels"]["superficial_femoral_artery_right"]["polyline"]
        )

    gaps = checks.narrow_gaps(_modified(document, overlay))
    assert any(
        {g.first, g.second} == {"femoral_vein_right", "superficial_femoral_artery_right"}
        for g in gaps
    )


def _layout_docs():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import layout_docs
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return layout_docs


def test_generated_crossing_list_names_every_crossing_the_test_counts(layout, document) -> None:
    docs = _layout_docs()
    table = docs.crossings_table(layout)
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) - 1 == len(checks.crossings(layout))  # less the header row
    assert "NOT LISTED" not in table
    # the list in docs/map.md is this table (the build tool's --check keeps it so)
    assert table in (ROOT / "docs" / "map.md").read_text(encoding="utf-8")
    # a crossing the file does not explain is shown as such, not hidden
    unexplained = docs.crossings_table(_modified(document, lambda data: None))
    assert unexplained.count("NOT LISTED") == len(checks.crossings(layout))
