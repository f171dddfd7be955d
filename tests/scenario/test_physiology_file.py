"""The physiology files: the shipped ones validate; a bad figure is named by file, path, reason."""

from __future__ import annotations

import json

import pytest

from simulator.scenario.errors import FileFormatError
from simulator.scenario.physiology_file import (
    DEFAULT_BAROREFLEX_PATH,
    EFFECTOR_IDS,
    load_anaesthetist,
    load_baroreflex,
)


def test_the_shipped_files_validate_and_cite_every_figure():
    reflex = load_baroreflex()
    assert sorted(e.id for e in reflex.effectors) == sorted(EFFECTOR_IDS)
    assert all(e.source for e in reflex.effectors)
    assert 0.0 < reflex.anaesthesia.general_gain_factor < 1.0
    anaesthetist = load_anaesthetist()
    assert {f.id for f in anaesthetist.fluids} == {"crystalloid", "colloid"}
    assert {v.id for v in anaesthetist.vasopressors} == {"phenylephrine", "noradrenaline"}


@pytest.mark.parametrize(
    ("edit", "path", "reason"),
    [
        (lambda d: d["afferent"].update(slope_mmHg=-1), "$.afferent.slope_mmHg", "greater than 0"),
        (lambda d: d["effectors"].pop(), "$", "exactly once"),
        (lambda d: d["sites"][0].update(weight=0.9), "$", "add up to 1"),
        (lambda d: d.update(colour="red"), "$.colour", "unknown field"),
    ],
)
def test_a_bad_baroreflex_file_is_reported_with_file_path_and_reason(tmp_path, edit, path, reason):
    data = json.loads(DEFAULT_BAROREFLEX_PATH.read_text(encoding="utf-8"))
    edit(data)
    bad = tmp_path / "baroreflex.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileFormatError) as error:
        load_baroreflex(bad)
    message = str(error.value)
    assert str(bad) in message and path in message and reason in message
