"""The reference figures file and the colour rule of the validation table."""

from __future__ import annotations

import json

import pytest

from benchmarks.validation_conditions import (
    CONDITIONS,
    NoValue,
    leak_ratio,
    settling_time_s,
    time_to_peak_s,
)
from benchmarks.validation_references import (
    AMBER_PERCENT,
    GREEN_PERCENT,
    PublishedFigure,
    ReferencesError,
    load_references,
    mark,
    percent_difference,
)


def figure(**overrides) -> PublishedFigure:
    fields = {
        "id": "example",
        "section": "resting",
        "quantity": "Cardiac output at rest",
        "unit": "L/min",
        "measure": "rest.cardiac_output_l_min",
        "value": 100.0,
        "spread": "single value",
        "conditions": "healthy adults at rest",
        "source": {
            "short": "Example 2000",
            "citation": "Example A. A title. J Example 2000;1:1-2",
            "locator": "Table 1",
            "read": "abstract",
            "url": "https://example.org/paper",
        },
    }
    return PublishedFigure.model_validate(fields | overrides)


def test_the_reference_file_validates_and_names_only_known_conditions():
    references = load_references()
    assert len(references.figures) >= 30
    sections = {f.section for f in references.figures}
    assert sections == {
        "resting",
        "baroreflex",
        "haemorrhage",
        "aortic_clamp",
        "tourniquets",
        "aortic_caval",
        "ilp_leak",
    }
    for f in references.figures:
        assert f.measure.split(".")[0] in CONDITIONS, f.id


def test_every_figure_has_a_value_or_says_what_is_missing():
    for f in load_references().figures:
        assert (f.value is None) == (f.missing is not None), f.id
        if f.low is not None:
            assert f.low <= f.high


def test_a_bad_references_file_names_the_file_and_the_field(tmp_path):
    data = json.loads(load_references().model_dump_json())
    data["figures"][0]["value"] = "many"
    path = tmp_path / "references.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReferencesError) as raised:
        load_references(path)
    assert str(path) in str(raised.value)
    assert "figures.0.value" in str(raised.value)


def test_a_missing_or_broken_references_file_is_a_clear_error(tmp_path):
    with pytest.raises(ReferencesError, match="file not found"):
        load_references(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ReferencesError, match="not JSON"):
        load_references(broken)


def test_a_figure_without_value_must_say_what_is_missing():
    with pytest.raises(ValueError, match="must say what is missing"):
        figure(value=None)
    with pytest.raises(ValueError, match="both ends"):
        figure(low=1.0)
    with pytest.raises(ValueError, match="needs a range"):
        figure(spread="mean ± SD")


def test_marks_follow_the_stated_thresholds():
    single = figure(value=100.0)
    assert mark(single, 100.0 + GREEN_PERCENT) == "green"
    assert mark(single, 100.0 - GREEN_PERCENT - 0.1) == "amber"
    assert mark(single, 100.0 + AMBER_PERCENT) == "amber"
    assert mark(single, 100.0 + AMBER_PERCENT + 0.1) == "red"
    assert mark(single, -100.0) == "red"


def test_inside_the_published_range_is_green_however_far_from_the_centre():
    ranged = figure(value=4.0, low=-7.0, high=15.0, spread="mean ± SD")
    assert mark(ranged, 14.9) == "green"
    assert mark(ranged, -7.0) == "green"
    assert mark(ranged, 15.5) == "red"  # outside the range and 288 % from the centre


def test_no_colour_without_a_published_figure_or_a_model_value():
    assert mark(figure(value=None, missing="not found"), 5.0) is None
    assert mark(figure(), None) is None
    assert mark(figure(), float("nan")) is None


def test_percent_difference_is_relative_to_the_published_magnitude():
    assert percent_difference(90.0, 100.0) == pytest.approx(-10.0)
    assert percent_difference(-12.0, -10.0) == pytest.approx(-20.0)
    assert percent_difference(1.0, 0.0) is None


def test_settling_time_is_when_the_heart_rate_stays_near_its_final_value():
    course = [{"t_s": float(t), "heart_rate_bpm": 70.0 + min(t, 20) * 0.5} for t in range(40)]
    # 70 -> 80 bpm, linear until 20 s: within 1 bpm of 80 from 18 s on.
    assert settling_time_s(course, 80.0) == pytest.approx(18.0)


def test_a_bound_is_met_by_any_value_on_its_side():
    at_most = figure(value=100.0, spread="at most")
    assert mark(at_most, 62.0) == "green"
    assert mark(at_most, 125.0) == "amber"
    at_least = figure(value=100.0, spread="at least")
    assert mark(at_least, 250.0) == "green"
    assert mark(at_least, 50.0) == "red"


def test_time_to_peak_is_the_largest_heart_rate_change():
    course = [
        {"t_s": 10.0 + t, "heart_rate_bpm": 70.0 + (t if t < 5 else 10 - t)} for t in range(9)
    ]
    assert time_to_peak_s(course) == pytest.approx(5.0)


def test_a_leak_ratio_against_no_leak_is_a_failure_not_a_crash():
    assert leak_ratio(0.02, 0.01) == pytest.approx(2.0)
    assert isinstance(leak_ratio(0.02, 0.0), NoValue)
    assert leak_ratio(0.02, 0.0).failure
