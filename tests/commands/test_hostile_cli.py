"""Every command-line observation of issue 10, as a regression: a bad value, path, id or output is
one line on stderr and exit 2, a bad file one line per problem and exit 1, a bug one line and
exit 3; never a traceback, never a hang, and nothing simulated before the refusal."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator import cli
from simulator.scenario.library import LIBRARY_PATH

REPO = Path(__file__).resolve().parents[2]
ILP = json.loads((LIBRARY_PATH / "ilp-sarcoma-leg.json").read_text(encoding="utf-8"))
HAP = json.loads((LIBRARY_PATH / "hap-pancreas.json").read_text(encoding="utf-8"))
TACE = json.loads((LIBRARY_PATH / "tace-hcc.json").read_text(encoding="utf-8"))
LONG = "a" * 5000


@pytest.fixture(autouse=True)
def _nothing_is_simulated(monkeypatch: pytest.MonkeyPatch):
    """A refused input must be refused before the replay starts: replaying fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the command simulated an input it should have refused first")

    for module in ("simulator.commands.grade", "simulator.commands.state"):
        monkeypatch.setattr(f"{module}.replay", refuse)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err.strip().splitlines()


def one_line(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> str:
    got, lines = run(capsys, *argv)
    assert got == code, lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and len(lines[0]) < 1100
    return lines[0]


def write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def edited(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(document)
    document.update(changes)
    return document


def with_action(document: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(document)
    document["expert_plan"]["actions"][index].update(changes)
    return document


def problems(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code, lines = run(capsys, *argv)
    assert code == 1, lines
    assert lines and all(line.startswith("error: ") for line in lines)
    return lines


# --- values the formats or the catalogs refuse -------------------------------------------------


def test_ilp_circuit_at_5000_ml_min_is_refused_by_the_catalog(tmp_path, capsys):
    scenario = with_action(ILP, 3, flow_ml_min=5000)
    lines = problems(capsys, "grade", write(tmp_path, "s.json", scenario), "expert", "--json")
    assert any("$.expert_plan.actions[3].flow_ml_min: 5000 mL/min is more" in x for x in lines)


def test_hap_circuit_at_5000_ml_min_is_refused_not_a_value_error(tmp_path, capsys):
    circuit = next(
        i for i, a in enumerate(HAP["expert_plan"]["actions"]) if a["action"] == "start_circuit"
    )
    scenario = with_action(HAP, circuit, flow_ml_min=5000)
    lines = problems(capsys, "grade", write(tmp_path, "s.json", scenario), "expert")
    assert any("at most 600 mL/min" in line for line in lines)


def test_10000_ml_min_through_a_microcatheter_is_refused(tmp_path, capsys):
    scenario = copy.deepcopy(TACE)
    scenario["expert_plan"]["actions"].insert(
        5,
        {
            "t_s": 300,
            "action": "start_infusion",
            "catheter_id": "micro",
            "drug": "doxorubicin",
            "rate_ml_min": 10_000,
            "concentration_mg_ml": 0.1,
        },
    )
    path = write(tmp_path, "s.json", scenario)
    lines = problems(capsys, "grade", path, "expert")
    assert any(
        "actions[5].rate_ml_min: Input should be less than or equal to 5000" in x for x in lines
    )
    scenario["expert_plan"]["actions"][5]["rate_ml_min"] = 100  # possible, but not in 2.4 F
    lines = problems(capsys, "grade", write(tmp_path, "s.json", scenario), "expert")
    assert any("(microcatheter_2_4f)" in x and "at most 76 mL/min" in x for x in lines)


def test_an_infusion_of_1e308_mg_ml_is_refused(tmp_path, capsys):
    scenario = copy.deepcopy(TACE)
    scenario["expert_plan"]["actions"].insert(
        5,
        {
            "t_s": 300,
            "action": "start_infusion",
            "catheter_id": "micro",
            "drug": "doxorubicin",
            "rate_ml_min": 1,
            "concentration_mg_ml": 1e308,
        },
    )
    lines = problems(capsys, "grade", write(tmp_path, "s.json", scenario), "expert")
    assert any("actions[5].concentration_mg_ml" in line for line in lines)


def test_a_last_action_at_1e308_s_is_refused_instead_of_never_returning(tmp_path, capsys):
    last = len(ILP["expert_plan"]["actions"]) - 1
    scenario = with_action(ILP, last, t_s=1e308)
    lines = problems(capsys, "grade", write(tmp_path, "s.json", scenario), "expert")
    assert any(
        f"actions[{last}].t_s: Input should be less than or equal to 86400" in x for x in lines
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"critical_beds": ["no_such_bed"]}, "$.critical_beds[0]"),
        ({"systemic_sampling_site": "no_such_artery"}, "$.systemic_sampling_site"),
        (
            {"region": {"beds": ["thigh_left", "lower_leg_foot_left"], "segments": ["nope"]}},
            "$.region.segments[0]",
        ),
        ({"device_shelf": [*ILP["device_shelf"], "no_such_device"]}, "$.device_shelf[4]"),
        (
            {"anatomy_variant": {"collateral_strengths": {"nope": 1}}},
            "$.anatomy_variant.collateral_strengths.nope",
        ),
    ],
)
def test_unknown_ids_in_a_scenario_are_refused_by_grade_and_state(tmp_path, capsys, change, path):
    scenario = write(tmp_path, "s.json", edited(ILP, **change))
    for argv in (("grade", scenario, "expert"), ("state", scenario, "--plan", "expert")):
        lines = problems(capsys, *argv)
        assert [line for line in lines if f": {path}: " in line], lines


def test_an_unknown_circuit_model_is_refused_not_a_key_error(tmp_path, capsys):
    scenario = with_action(ILP, 3, model="no_such_circuit")
    lines = problems(capsys, "grade", write(tmp_path, "s.json", scenario), "expert")
    assert any("actions[3].model: 'no_such_circuit' is not a device" in x for x in lines)


@pytest.mark.parametrize(
    ("index", "change", "field"),
    [
        (0, {"model": "no_such_catheter"}, "model"),
        (0, {"access": "no_such_vessel"}, "access"),
        (0, {"access": "celiac_trunk"}, "access"),  # a vessel, but no access site
        (0, {"tip": {"vessel": "no_such_vessel", "position": 0.5}}, "tip.vessel"),
        (2, {"site": "no_such_limb_root"}, "site"),
        (5, {"drug": "no_such_drug"}, "drug"),
    ],
)
def test_unknown_ids_in_a_plan_file_are_refused(tmp_path, capsys, index, change, field):
    actions = copy.deepcopy(ILP["expert_plan"]["actions"])
    actions[index].update(change)
    plan = {"schema_version": 1, "scenario_id": ILP["id"], "actions": actions}
    lines = problems(capsys, "grade", "ilp-sarcoma-leg", write(tmp_path, "p.json", plan))
    assert any(f"$.actions[{index}].{field}: " in line for line in lines), lines


def test_json_nested_ten_thousand_deep_is_one_line_in_every_command(tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text('{"actions": ' + "[" * 10_000 + "]" * 10_000 + "}", encoding="utf-8")
    for argv in (
        ("grade", str(deep), "expert"),
        ("state", str(deep)),
        ("plan", str(deep), "expert", "-o", str(tmp_path / "out.json")),
        ("grade", "ilp-sarcoma-leg", str(deep)),
        ("state", "--atlas", str(deep)),
        ("export-svzerod", "--atlas", str(deep), "-o", str(tmp_path / "x.json")),
    ):
        assert "nested deeper than 64 levels" in one_line(capsys, *argv, code=1)
    code, _ = run(capsys, "validate", str(deep))
    assert code == 1


def test_duplicate_keys_are_refused(tmp_path, capsys):
    text = json.dumps(ILP).replace('"version": 1,', '"version": 1, "version": 1,', 1)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    assert one_line(capsys, "grade", str(path), "expert", code=1).endswith(
        "$.version: key appears twice in the same object"
    )


# --- bad command-line values: exit 2, one line -------------------------------------------------


@pytest.mark.parametrize("at", ["-1", "nan", "inf", "-inf", "86401", "1e308"])
def test_state_at_must_be_a_time_within_a_day(capsys, at):
    assert "--at" in one_line(capsys, "state", "ilp-sarcoma-leg", "--plan", "expert", "--at", at)


@pytest.mark.parametrize(
    "argv",
    [
        ("state", "--at", "abc"),
        ("grade", "ilp-sarcoma-leg"),
        ("no-such-command",),
        ("export-svzerod", "-o", "x.json", "--cycles", "many"),
    ],
)
def test_argparse_mistakes_are_one_line_and_exit_2(capsys, argv):
    assert "--help" in one_line(capsys, *argv)


@pytest.mark.parametrize("command", ["grade", "state", "plan"])
def test_a_scenario_path_that_is_absent_or_a_folder_is_exit_2(tmp_path, capsys, command):
    extra = {"grade": ["expert"], "state": [], "plan": ["expert", "-o", str(tmp_path / "p.json")]}
    for given, reason in ((tmp_path / "absent.json", "file not found"), (tmp_path, "folder")):
        assert reason in one_line(capsys, command, str(given), *extra[command])


def test_a_plan_path_that_is_absent_is_exit_2(tmp_path, capsys):
    assert "file not found" in one_line(
        capsys, "grade", "ilp-sarcoma-leg", str(tmp_path / "absent.json")
    )


def test_unknown_scenario_and_plan_names_are_exit_2(capsys):
    assert "no scenario 'nope'" in one_line(capsys, "grade", "nope", "expert")
    assert "carries no plan 'mistake:nope'" in one_line(
        capsys, "grade", "ilp-sarcoma-leg", "mistake:nope"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("grade", LONG, "expert"),
        ("grade", "ilp-sarcoma-leg", LONG),
        ("state", LONG),
        ("state", "--atlas", LONG),
        ("plan", "ilp-sarcoma-leg", "expert", "-o", LONG),
        ("validate", LONG),
        ("schema", "-o", LONG),
        ("scenarios", "--library", LONG),
        ("export-svzerod", "-o", LONG),
    ],
)
def test_a_5000_character_argument_is_one_short_line(capsys, argv):
    one_line(capsys, *argv)


def _blocked(tmp_path: Path) -> Path:
    """A path whose parent is a file, so nothing can be written there."""
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker / "out"


def test_an_unwritable_timeseries_is_refused_before_grading(tmp_path, capsys):
    target = _blocked(tmp_path)
    line = one_line(capsys, "grade", "ilp-sarcoma-leg", "expert", "--timeseries", str(target))
    assert line.startswith("error: --timeseries ") and "is a file, not a folder" in line


@pytest.mark.parametrize(
    "argv",
    [
        ("plan", "ilp-sarcoma-leg", "expert", "-o"),
        ("export-svzerod", "-o"),
        ("schema", "-o"),
    ],
)
def test_unwritable_outputs_are_one_line(tmp_path, capsys, argv):
    assert "is a file, not a folder" in one_line(capsys, *argv, str(_blocked(tmp_path)))


def test_an_output_that_is_a_folder_is_refused(tmp_path, capsys):
    assert "is a folder" in one_line(
        capsys, "plan", "ilp-sarcoma-leg", "expert", "-o", str(tmp_path)
    )


# --- bugs: exit 3, one line, traceback only on request ------------------------------------------


def _broken_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``catalog`` fail as a bug would, deep inside a command."""

    def explode(*_args: object) -> None:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr("simulator.commands.catalog.load_catalog", explode)


def test_an_internal_error_is_one_line_saying_it_is_a_bug(monkeypatch, capsys):
    _broken_handler(monkeypatch)
    monkeypatch.delenv(cli.DEBUG_VARIABLE, raising=False)
    line = one_line(capsys, "catalog", code=3)
    assert "internal error, a bug in PerfusionSim (ZeroDivisionError" in line


def test_debug_shows_the_traceback_of_an_internal_error(monkeypatch, capsys):
    _broken_handler(monkeypatch)
    assert cli.main(["--debug", "catalog"]) == 3
    assert "Traceback" in capsys.readouterr().err


# --- as a user runs it: a real process, with a timeout -----------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("state", "ilp-sarcoma-leg", "--plan", "expert", "--at", "inf"),
        ("grade", "ilp-sarcoma-leg", "expert", "--timeseries", "/dev/null/x.csv"),
    ],
)
def test_in_a_real_process_refusals_are_quick_and_clean(argv):
    result = subprocess.run(
        [sys.executable, "-m", "simulator", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_validate_checks_the_atlas_and_catalogs_too(tmp_path, capsys):
    shipped = ("anatomy/atlas.json", "devices/catalog.json", "drugs/drugs.json")
    code, _ = run(capsys, "validate", *(str(REPO / "resources" / name) for name in shipped))
    assert code == 0
    drugs = json.loads((REPO / "resources" / "drugs" / "drugs.json").read_text(encoding="utf-8"))
    drugs["drugs"][0]["max_regional_dose"] = 1e308
    code = cli.main(["validate", write(tmp_path, "drugs.json", drugs)])
    out = capsys.readouterr().out
    assert code == 1 and "$.drugs[0].max_regional_dose: Input should be less than" in out


def test_a_plan_and_a_scenario_given_the_wrong_way_round_are_named(tmp_path, capsys):
    plan = write(
        tmp_path, "plan.json", {"schema_version": 1, "scenario_id": ILP["id"], "actions": []}
    )
    scenario = str(LIBRARY_PATH / "ilp-sarcoma-leg.json")
    assert "is a plan file, not a scenario" in one_line(capsys, "grade", plan, "expert")
    assert "is a scenario file, not a plan" in one_line(capsys, "grade", scenario, scenario)
