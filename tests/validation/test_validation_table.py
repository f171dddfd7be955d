"""The validation table generator on a fast subset of the figures (the ILP leak condition, four
full replays, is left to the script itself)."""

from __future__ import annotations

import json
import math

import pytest

from benchmarks.validation import build_rows, count_colours, main, render
from benchmarks.validation_conditions import Harness
from benchmarks.validation_references import load_references, mark

FAST_CONDITIONS = {
    "rest",
    "baroreflex",
    "neck_suction",
    "haemorrhage_375ml",
    "clamp_infrarenal",
    "tourniquet_single",
    "aortic_caval",
}


@pytest.fixture(scope="module")
def subset():
    figures = [f for f in load_references().figures if f.measure.split(".")[0] in FAST_CONDITIONS]
    rows, outcomes = build_rows(figures, Harness())
    return figures, rows, outcomes


def test_every_row_has_a_finite_model_value_or_a_reason(subset):
    figures, rows, _ = subset
    assert len(rows) == len(figures) >= 15
    for row in rows:
        if row.model is None:
            assert row.reason
        else:
            assert math.isfinite(row.model), row.figure.id


def test_each_row_carries_the_mark_of_its_values(subset):
    _, rows, _ = subset
    for row in rows:
        if row.model is not None:
            assert row.colour == mark(row.figure, row.model), row.figure.id
        elif row.figure.value is None:
            assert row.colour is None


def test_rows_without_a_published_figure_claim_no_colour(subset):
    _, rows, _ = subset
    missing = [r for r in rows if r.figure.value is None]
    assert missing
    assert all(r.colour is None for r in missing)


def test_the_resting_model_is_measured_from_the_session(subset):
    _, _, outcomes = subset
    rest = outcomes["rest"].values
    assert rest["blood_volume_ml"] == pytest.approx(5300.0, rel=1e-6)
    shares = [v for k, v in rest.items() if k.endswith("_percent")]
    assert sum(shares) == pytest.approx(100.0, abs=0.5)
    assert rest["stroke_volume_ml"] == pytest.approx(
        1000.0 * rest["cardiac_output_l_min"] / rest["heart_rate_bpm"]
    )


def test_the_rendered_table_states_thresholds_and_counts(subset):
    _, rows, _ = subset
    counts = count_colours(rows)
    text = render(rows, None)
    assert "within 10 %" in text and "within 30 %" in text
    assert f"green {counts['green']}, amber {counts['amber']}, red {counts['red']}" in text
    assert sum(counts.values()) == len(rows)
    assert text.count("\n| ") >= len(rows)
    calibration_rows = [r for r in rows if r.figure.calibrates]
    assert calibration_rows
    assert text.count("(calibration)") == sum(1 for r in calibration_rows if r.colour)


def test_the_script_writes_the_table_and_prints_the_counts(tmp_path, capsys):
    output = tmp_path / "validation.md"
    code = main(
        ["--only", "rest-co-icrp", "tq-single-map", "--no-observations", "--output", str(output)]
    )
    assert code == 0
    assert "Cardiac output at rest" in output.read_text(encoding="utf-8")
    assert "2 rows: green" in capsys.readouterr().out


def test_the_script_refuses_an_unknown_figure_id(tmp_path, capsys):
    assert main(["--only", "no-such-figure", "--output", str(tmp_path / "v.md")]) == 2
    assert "no-such-figure" in capsys.readouterr().err


def test_the_script_writes_the_references_schema(tmp_path):
    path = tmp_path / "references.schema.json"
    assert main(["--schema", str(path)]) == 0
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert "figures" in schema["properties"]
    assert "PublishedFigure" in schema["$defs"]
