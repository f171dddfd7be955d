"""``python -m simulator catalog``: the JSON keys scripts rely on, the text tables, and file
errors as one line per problem."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import COMMAND_MODULES
from simulator.commands import catalog as catalog_command
from simulator.devices.catalog import DEFAULT_CATALOG_PATH, load_catalog, load_drugs
from simulator.scenario.errors import FileFormatError

REPO = Path(__file__).resolve().parents[2]


def _run(argv: list[str]) -> int:
    """Run the command through its own parser, as simulator.cli does, without the other
    commands (so this test does not depend on modules still being written)."""
    parser = argparse.ArgumentParser()
    catalog_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["catalog", *argv])
    return int(args.handler(args))


def test_command_is_registered_in_the_cli() -> None:
    assert "simulator.commands.catalog" in COMMAND_MODULES


def test_json_has_devices_and_drugs_with_their_key_properties(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run(["--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"schema_version", "devices", "drugs"}

    devices = {device["id"]: device for device in document["devices"]}
    assert set(devices) == load_catalog().ids
    for device in devices.values():
        assert {"id", "type", "name", "manufacturer_model_reference"} <= set(device)
        assert "sources" not in device and "description" not in device

    stop_flow = devices["aigner_stopflow_arterial_12f"]
    assert stop_flow["type"] == "balloon_catheter"
    assert stop_flow["shaft_french"] == 12
    balloon = stop_flow["balloons"][0]
    assert {"nominal_diameter_min_mm", "nominal_diameter_max_mm", "burst_volume_ml"} <= set(balloon)
    assert "volume_diameter_curve" not in balloon
    assert devices["php_double_balloon_isolation_aspiration_16f"]["aspiration_between_balloons"]
    assert devices["microcatheter_2_4f"]["french"] == 2.4
    assert devices["tourniquet_cuff_thigh"]["max_pressure_mmHg"] == 400
    php_filter = devices["php_carbon_filter_pair_gen2"]
    assert php_filter["extraction_fraction_by_drug"]["melphalan"] == 0.86

    drugs = {drug["id"]: drug for drug in document["drugs"]}
    assert set(drugs) == load_drugs().ids
    for drug in drugs.values():
        assert {
            "name",
            "kind",
            "plasma_half_life_min",
            "systemic_clearance_ml_min",
            "tissue_uptake_rate_per_min",
            "tissue_partition",
            "toxicity_threshold",
        } <= set(drug)
    assert drugs["tracer_tc99m_rbc"]["toxicity_threshold"] is None
    assert drugs["melphalan"]["toxicity_threshold"]["systemic_auc_mg_min_per_l"] > 0


def test_text_output_lists_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Devices (")
    for device_id in load_catalog().ids | load_drugs().ids:
        assert device_id in out
    assert "AUC 66 mg·min/L" in out


def test_a_misspelt_catalog_is_a_file_format_error(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    data["devices"][5]["shaft_frnech"] = data["devices"][5].pop("shaft_french")
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileFormatError) as error:
        _run(["--catalog", str(path)])
    assert any(p.json_path == "$.devices[5].shaft_frnech" for p in error.value.problems)


def test_module_entry_point_prints_one_json_object() -> None:
    """The real command line, when the CLI's other commands import (they are written by other
    modules); otherwise this test would only re-test the parser above."""
    probe = subprocess.run(
        [sys.executable, "-c", "import simulator.cli as c; c.build_parser()"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip("another command module of the CLI does not import yet")
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "catalog", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == {"schema_version", "devices", "drugs"}
