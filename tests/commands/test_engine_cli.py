"""The engine's commands: ``state --json`` and ``export-svzerod``."""

from __future__ import annotations

import json

from simulator.anatomy.atlas import DEFAULT_ATLAS_PATH
from simulator.cli import main

STATE_KEYS = {
    "cardiac_output_l_min",
    "mean_arterial_pressure_mmHg",
    "central_venous_pressure_mmHg",
    "heart_rate_bpm",
    "segments",
    "beds",
}


def test_state_json_has_the_documented_keys(capsys):
    assert main(["state", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= STATE_KEYS
    assert set(report["segments"]["celiac_trunk"]) == {
        "flow_ml_s",
        "pressure_in_mmHg",
        "pressure_out_mmHg",
    }
    assert set(report["beds"]["brain"]) == {"flow_ml_s", "fraction_of_cardiac_output"}
    assert sum(b["fraction_of_cardiac_output"] for b in report["beds"].values() if b) > 1.0


def test_state_text_is_readable(capsys):
    assert main(["state"]) == 0
    out = capsys.readouterr().out
    assert "cardiac output" in out and "L/min" in out


def test_broken_atlas_is_one_clear_line(tmp_path, capsys):
    data = json.loads(DEFAULT_ATLAS_PATH.read_text())
    data["segments"][3]["radius_distal_mm"] = -1
    broken = tmp_path / "atlas.json"
    broken.write_text(json.dumps(data))
    assert main(["state", "--atlas", str(broken)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(broken) in err[0] and "$.segments[3].radius_distal_mm" in err[0]
    assert "Traceback" not in err[0]


def test_export_svzerod_writes_a_configuration(tmp_path, capsys):
    out = tmp_path / "model.json"
    assert main(["export-svzerod", "-o", str(out), "--cycles", "5"]) == 0
    config = json.loads(out.read_text())
    assert config["simulation_parameters"]["number_of_cardiac_cycles"] == 5
    assert {v["vessel_name"] for v in config["vessels"]} >= {"celiac_trunk", "renal_artery_left"}
    assert "wrote" in capsys.readouterr().out


def test_export_svzerod_refuses_a_silly_time_step(tmp_path, capsys):
    assert main(["export-svzerod", "-o", str(tmp_path / "x.json"), "--dt", "5"]) == 2
    assert "--dt" in capsys.readouterr().err
