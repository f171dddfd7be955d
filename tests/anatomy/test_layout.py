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
