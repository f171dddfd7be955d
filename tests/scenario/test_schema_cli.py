"""``python -m simulator schema``: JSON Schemas written from the models, loadable by editors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator import cli
from simulator.scenario.plan_file import AnyAction
from simulator.scenario.schemas import FORMATS, write_schemas

NAMES = [
    "scenario",
    "plan",
    "attempt",
    "autosave",
    "atlas",
    "catalog",
    "drugs",
    "layout",
    "baroreflex",
    "anaesthetist",
    "metabolic",
]
REGISTERED = cli.COMMAND_MODULES


@pytest.fixture(autouse=True)
def _only_this_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other commands belong to other modules (and pull in the physics); test this one alone."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("simulator.commands.schema",))


def test_schema_command_is_registered() -> None:
    assert "simulator.commands.schema" in REGISTERED


def test_command_writes_every_schema_as_loadable_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nested" / "schemas"
    assert cli.main(["schema", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [str(out / f"{name}.schema.json") for name in NAMES]
    for name in NAMES:
        document = json.loads((out / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        version = FORMATS[name][1]
        assert document["$id"] == f"urn:perfusionsim:schema:{name}:{version}"
        assert "PerfusionSim" in document["title"]
        assert document["type"] == "object"
        assert document["additionalProperties"] is False
        assert "schema_version" in document["properties"]


def test_json_flag_prints_the_written_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["schema", "-o", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result == {"written": [str(tmp_path / f"{name}.schema.json") for name in NAMES]}


def test_plan_schema_knows_every_action_and_the_return_alias(tmp_path: Path) -> None:
    plan_path = next(p for p in write_schemas(tmp_path) if p.name == "plan.schema.json")
    schema = json.loads(plan_path.read_text(encoding="utf-8"))
    items = schema["properties"]["actions"]["items"]
    mapping = items["discriminator"]["mapping"]
    expected = {member.model_fields["action"].default for member in AnyAction.__args__}
    assert set(mapping) == expected
    assert len(expected) == 16  # the vasodilator action added to plan version 2
    start_circuit = schema["$defs"]["StartCircuit"]
    assert "return" in start_circuit["properties"]
    assert "return_" not in start_circuit["properties"]
    assert set(start_circuit["required"]) >= {"t_s", "circuit_id", "draw", "return"}
    t_s = schema["$defs"]["SetCuff"]["properties"]["t_s"]
    assert t_s["minimum"] == 0 and "Seconds" in t_s["description"]


def test_scenario_schema_lists_the_metrics(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    schema = json.loads((tmp_path / "scenario.schema.json").read_text(encoding="utf-8"))
    metric = schema["$defs"]["Objective"]["properties"]["metric"]
    assert "leak_fraction" in metric["enum"]
    assert len(metric["enum"]) == 15


def test_unwritable_target_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert cli.main(["schema", "-o", str(blocker)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: -o {blocker}: is a file, not a folder"]
