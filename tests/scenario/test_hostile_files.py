"""Hostile files (issue 10): real scenario, plan, atlas, catalog and drug files, mutated as a
careless editor or a hostile sender would, go through the same reading and checks as every
command (strict JSON, the format, the one door). Each mutant ends in a clean FileFormatError
naming file, JSON path and reason, or in a valid model: never another exception.

``pytest -s tests/scenario/test_hostile_files.py`` prints how many mutants were tried and what
each ended in.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.anatomy.atlas import DEFAULT_ATLAS_PATH, parse_atlas
from simulator.devices.catalog import (
    DEFAULT_CATALOG_PATH,
    DEFAULT_DRUGS_PATH,
    check_drug_references,
    load_catalog,
    load_drugs,
)
from simulator.scenario.door import References, checked
from simulator.scenario.errors import FileFormatError, parse_json_text
from simulator.scenario.loading import parse_plan, parse_scenario
from simulator.scenario.physiology_file import (
    DEFAULT_ANAESTHETIST_PATH,
    DEFAULT_BAROREFLEX_PATH,
    load_anaesthetist,
    load_baroreflex,
)

REPO = Path(__file__).resolve().parents[2]
SCENARIO_PATHS = [
    REPO / "scenarios" / "ilp-sarcoma-leg.json",
    REPO / "scenarios" / "hap-pancreas.json",
]
LABEL = "mutant.json"
REFS = References.load()

OUTCOMES: Counter[tuple[str, str, str]] = Counter()
"""(file kind, mutation, outcome) → how many mutants ended so."""


@pytest.fixture(scope="module", autouse=True)
def _print_outcomes() -> Iterator[None]:
    yield
    shutil.rmtree(WORK, ignore_errors=True)
    total = sum(OUTCOMES.values())
    print(f"\nhostile files: {total} mutants")
    for (kind, mutation, outcome), count in sorted(OUTCOMES.items()):
        print(f"  {kind:12s} {mutation:16s} {outcome:9s} {count:5d}")


def _scenario_data(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _plan_data() -> dict[str, Any]:
    scenario = _scenario_data(SCENARIO_PATHS[0])
    return {
        "schema_version": 1,
        "scenario_id": scenario["id"],
        "actions": scenario["expert_plan"]["actions"],
    }


ANAESTHETIST_ACTIONS: list[dict[str, Any]] = [
    {
        "t_s": 200,
        "action": "give_fluid",
        "fluid": "crystalloid",
        "volume_ml": 500,
        "rate_ml_min": 50,
    },
    {"t_s": 240, "action": "vasopressor", "drug": "phenylephrine", "rate": 0.5},
    {"t_s": 300, "action": "vasopressor", "drug": "noradrenaline", "rate": 8, "unit": "ug_min"},
    {"t_s": 400, "action": "give_fluid", "fluid": "colloid", "volume_ml": 250, "rate_ml_min": 25},
    {"t_s": 460, "action": "vasopressor", "drug": "phenylephrine", "rate": 0},
]
"""What the anaesthetist gives during the ILP's perfusion (between its boluses at 180 and 480 s):
mutants of a plan carrying them reach the anaesthetist's actions' fields too."""


def _plan_with_anaesthetist() -> dict[str, Any]:
    plan = _plan_data()
    at = next(i for i, a in enumerate(plan["actions"]) if a["t_s"] > 460)
    plan["actions"][at:at] = copy.deepcopy(ANAESTHETIST_ACTIONS)
    return plan


ORIGINALS: dict[str, list[dict[str, Any]]] = {
    "scenario": [_scenario_data(path) for path in SCENARIO_PATHS],
    "plan": [_plan_data(), _plan_with_anaesthetist()],
    "atlas": [json.loads(DEFAULT_ATLAS_PATH.read_text(encoding="utf-8"))],
    "catalog": [json.loads(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))],
    "drugs": [json.loads(DEFAULT_DRUGS_PATH.read_text(encoding="utf-8"))],
    "baroreflex": [json.loads(DEFAULT_BAROREFLEX_PATH.read_text(encoding="utf-8"))],
    "anaesthetist": [json.loads(DEFAULT_ANAESTHETIST_PATH.read_text(encoding="utf-8"))],
}
WORK = Path(tempfile.mkdtemp(prefix="hostile-files-"))
"""Catalog and drug mutants are read from files, as the program reads them (cached per path)."""


def _open_scenario(data: object) -> object:
    return checked(parse_scenario(data, LABEL), LABEL, REFS)


def _open_plan(data: object) -> object:
    scenario = checked(parse_scenario(ORIGINALS["scenario"][0], "original.json"), "o", REFS)
    return checked(parse_plan(data, LABEL), LABEL, REFS, scenario)


def _open_atlas(data: object) -> object:
    return parse_atlas(data, LABEL)


def _as_file(data: object) -> Path:
    folder = Path(tempfile.mkdtemp(dir=WORK))
    path = folder / LABEL
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _open_catalog(data: object) -> object:
    path = _as_file(data)
    catalog = load_catalog(path)
    check_drug_references(catalog, load_drugs(), path)
    return catalog


def _open_drugs(data: object) -> object:
    drugs = load_drugs(_as_file(data))
    check_drug_references(load_catalog(), drugs)
    return drugs


OPENERS: dict[str, Callable[[object], object]] = {
    "scenario": _open_scenario,
    "plan": _open_plan,
    "atlas": _open_atlas,
    "catalog": _open_catalog,
    "drugs": _open_drugs,
    "baroreflex": lambda data: load_baroreflex(_as_file(data)),
    "anaesthetist": lambda data: load_anaesthetist(_as_file(data)),
}

Path_ = tuple[str | int, ...]


def _paths(node: object, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every place in the document, except all but the first coordinate of the map drawings
    (thousands of them, all alike): mutants then spread over the fields that mean something."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        drawing = bool(prefix) and prefix[-1] in ("schematic", "polygon")
        for index, value in enumerate(node):
            if drawing and index > 0:
                break
            yield from _paths(value, (*prefix, index))


PATHS = {kind: [list(_paths(doc)) for doc in docs] for kind, docs in ORIGINALS.items()}


def _parent(document: Any, path: Path_) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


def _json_path(path: Path_) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


SPECIAL_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e400", "-0.0"]
OTHER_TYPES: list[Any] = ["text", 12345, 0.5, True, None, [], {}]
PLACEHOLDER = "__hostile_placeholder__"


def _misspell(key: str, how: int) -> str:
    if how == 0 or len(key) < 3:
        return key + "s"
    if how == 1:
        return key[:-1]
    return key[1] + key[0] + key[2:]


@st.composite
def mutants(draw: st.DrawFn, kind: str) -> tuple[str, str, str | None]:
    """(mutation name, JSON text, JSON path where a number was made non-finite or None)."""
    which = draw(st.integers(0, len(ORIGINALS[kind]) - 1))
    document = copy.deepcopy(ORIGINALS[kind][which])
    path = draw(st.sampled_from(PATHS[kind][which][1:]))
    parent, last = _parent(document, path), path[-1]
    value = parent[last]
    mutation = draw(
        st.sampled_from(
            [
                "delete",
                "retype",
                "out_of_range",
                "special_number",
                "unknown_id",
                "misspelt_key",
                "duplicate_key",
                "deep_nesting",
                "huge_string",
            ]
        )
    )
    replacement: str | None = None
    non_finite_at: str | None = None
    if mutation == "delete":
        del parent[last]
    elif mutation == "retype":
        parent[last] = draw(st.sampled_from([o for o in OTHER_TYPES if type(o) is not type(value)]))
    elif mutation == "out_of_range":
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else 1.0
        parent[last] = draw(
            st.sampled_from([-1, 0, -1e-9, number * 1e6, number * -1e3, 1e9, 86_401, 2**63])
        )
    elif mutation == "special_number":
        token = draw(st.sampled_from(SPECIAL_NUMBERS))
        parent[last], replacement = PLACEHOLDER, token
        if token in ("NaN", "Infinity", "-Infinity", "1e400"):
            non_finite_at = _json_path(path)
    elif mutation == "unknown_id":
        parent[last] = draw(st.sampled_from(["no_such_id", "celiac_trunk", "melphalan", ""]))
    elif mutation == "misspelt_key":
        if isinstance(parent, dict):
            parent[_misspell(str(last), draw(st.integers(0, 2)))] = parent.pop(last)
        else:
            parent[last] = {"misspelt": value}
    elif mutation == "duplicate_key":
        if isinstance(value, dict) and value:
            first = next(iter(value))
            value[PLACEHOLDER] = draw(st.sampled_from([value[first], 0, "other"]))
            replacement = json.dumps(first)
            mutation = "duplicate_key"
        else:
            parent[last] = {"a": 1, PLACEHOLDER: 2}
            replacement = '"a"'
    elif mutation == "deep_nesting":
        depth = draw(st.sampled_from([65, 1000, 10_000]))
        parent[last], replacement = PLACEHOLDER, "[" * depth + "]" * depth
    elif mutation == "huge_string":
        parent[last] = "x" * draw(st.sampled_from([5000, 100_000]))
    text = json.dumps(document)
    if replacement is not None:
        text = text.replace(json.dumps(PLACEHOLDER), replacement)
    return mutation, text, non_finite_at


def _assert_clean(kind: str, mutation: str, text: str, non_finite_at: str | None) -> None:
    try:
        data = parse_json_text(text, LABEL)
        OPENERS[kind](data)
    except FileFormatError as error:
        assert error.problems, "a FileFormatError must say what is wrong"
        for problem in error.problems:
            assert Path(problem.file).name == LABEL
            assert problem.json_path.startswith("$")
            assert problem.reason.strip()
            assert "\n" not in str(problem)
        if non_finite_at is not None:
            assert [p.json_path for p in error.problems] == [non_finite_at]
        OUTCOMES[kind, mutation, "refused"] += 1
        return
    assert non_finite_at is None, f"a non-finite number at {non_finite_at} was accepted"
    OUTCOMES[kind, mutation, "accepted"] += 1


HOSTILE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@HOSTILE
@given(mutants("scenario"))
def test_mutated_scenarios_are_refused_cleanly_or_valid(mutant):
    _assert_clean("scenario", *mutant)


@HOSTILE
@given(mutants("plan"))
def test_mutated_plans_are_refused_cleanly_or_valid(mutant):
    _assert_clean("plan", *mutant)


@settings(HOSTILE, max_examples=80)
@given(mutants("atlas"))
def test_mutated_atlases_are_refused_cleanly_or_valid(mutant):
    _assert_clean("atlas", *mutant)


@settings(HOSTILE, max_examples=60)
@given(mutants("catalog"))
def test_mutated_device_catalogs_are_refused_cleanly_or_valid(mutant):
    _assert_clean("catalog", *mutant)


@settings(HOSTILE, max_examples=60)
@given(mutants("drugs"))
def test_mutated_drug_tables_are_refused_cleanly_or_valid(mutant):
    _assert_clean("drugs", *mutant)


@settings(HOSTILE, max_examples=60)
@given(mutants("baroreflex"))
def test_mutated_baroreflex_files_are_refused_cleanly_or_valid(mutant):
    _assert_clean("baroreflex", *mutant)


@settings(HOSTILE, max_examples=40)
@given(mutants("anaesthetist"))
def test_mutated_anaesthetist_files_are_refused_cleanly_or_valid(mutant):
    _assert_clean("anaesthetist", *mutant)


# --- each format observation of issue 10, as a regression ---------------------------------------

ILP = ORIGINALS["scenario"][0]


def _refused_at(kind: str, document: dict[str, Any], token: str, json_path: str) -> str:
    """The reason given for ``token`` (written into the JSON text as is) at ``json_path``."""
    text = json.dumps(document).replace(json.dumps(PLACEHOLDER), token)
    with pytest.raises(FileFormatError) as caught:
        OPENERS[kind](parse_json_text(text, LABEL))
    reasons = {p.json_path: p.reason for p in caught.value.problems}
    assert json_path in reasons, reasons
    return reasons[json_path]


def _set(document: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``value`` at ``path``, objects on the way created if absent."""
    document = copy.deepcopy(document)
    node: Any = document
    for part in path[:-1]:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
    node[path[-1]] = value
    return document


def _first(actions: list[dict[str, Any]], kind: str) -> int:
    return next(i for i, a in enumerate(actions) if a["action"] == kind)


ACTIONS = ILP["expert_plan"]["actions"]
SCENARIO_NUMBERS: list[Path_] = [
    ("anatomy_variant", "collateral_strengths", "cruciate_anastomosis_left"),
    ("objectives", 0, "weight"),
    ("objectives", 0, "threshold"),
    ("drug_protocol", 0, "dose_mg"),
    ("time_limits", "tourniquet_max_min"),
    ("patient", "limb_volume_l"),
    ("expert_plan", "actions", _first(ACTIONS, "bolus"), "dose_mg"),
    ("expert_plan", "actions", _first(ACTIONS, "bolus"), "volume_ml"),
    ("expert_plan", "actions", _first(ACTIONS, "start_circuit"), "flow_ml_min"),
    ("expert_plan", "actions", len(ACTIONS) - 1, "t_s"),
]
ATLAS_NUMBERS: list[Path_] = [
    ("segments", 4, "radius_proximal_mm"),
    ("segments", 4, "length_mm"),
    ("beds", 2, "arterial_compliance_ml_per_mmHg"),
    ("beds", 2, "resistance_mmHg_s_per_ml"),
]


@pytest.mark.parametrize("token", ["Infinity", "1e308", "NaN"])
@pytest.mark.parametrize("path", SCENARIO_NUMBERS, ids=_json_path)
def test_scenario_numbers_cannot_be_infinite_or_huge(path: Path_, token: str):
    reason = _refused_at("scenario", _set(ILP, path, PLACEHOLDER), token, _json_path(path))
    assert ("less than or equal" in reason) if token == "1e308" else ("JSON allows" in reason)


@pytest.mark.parametrize("token", ["Infinity", "1e308"])
@pytest.mark.parametrize("path", ATLAS_NUMBERS, ids=_json_path)
def test_atlas_numbers_cannot_be_infinite_or_huge(path: Path_, token: str):
    atlas = ORIGINALS["atlas"][0]
    _refused_at("atlas", _set(atlas, path, PLACEHOLDER), token, _json_path(path))


def test_an_infusion_rate_of_1e308_is_refused_in_a_plan():
    plan = copy.deepcopy(_plan_data())
    plan["actions"].insert(
        6,
        {
            "t_s": 180,
            "action": "start_infusion",
            "catheter_id": "arterial",
            "drug": "melphalan",
            "rate_ml_min": PLACEHOLDER,
            "concentration_mg_ml": 1,
        },
    )
    _refused_at("plan", plan, "1e308", "$.actions[6].rate_ml_min")


def test_a_concentration_of_1e308_is_refused():
    plan = _plan_data()
    plan["actions"].insert(
        6,
        {
            "t_s": 180,
            "action": "start_infusion",
            "catheter_id": "arterial",
            "drug": "melphalan",
            "rate_ml_min": 10,
            "concentration_mg_ml": PLACEHOLDER,
        },
    )
    _refused_at("plan", plan, "1e308", "$.actions[6].concentration_mg_ml")


def test_a_dose_above_the_drug_tables_limit_is_refused():
    index = _first(ACTIONS, "bolus") + 2  # the melphalan bolus
    assert ACTIONS[index]["drug"] == "melphalan"
    scenario = _set(ILP, ("expert_plan", "actions", index, "dose_mg"), 300)
    path = f"$.expert_plan.actions[{index}].dose_mg"
    with pytest.raises(FileFormatError) as caught:
        _open_scenario(scenario)
    reasons = {p.json_path: p.reason for p in caught.value.problems}
    assert "at most 220 mg for one regional procedure" in reasons[path]


ANAESTHETIST_PLAN = ORIGINALS["plan"][1]
ANAESTHETIST_NUMBERS: list[Path_] = [
    ("actions", _first(ANAESTHETIST_PLAN["actions"], "give_fluid"), "volume_ml"),
    ("actions", _first(ANAESTHETIST_PLAN["actions"], "give_fluid"), "rate_ml_min"),
    ("actions", _first(ANAESTHETIST_PLAN["actions"], "vasopressor"), "rate"),
    ("actions", _first(ANAESTHETIST_PLAN["actions"], "vasopressor") + 1, "rate"),
]


def test_the_anaesthetist_plan_is_valid_as_it_stands():
    """The base of the anaesthetist's mutants and regressions below is itself accepted."""
    _open_plan(ANAESTHETIST_PLAN)


@pytest.mark.parametrize("token", ["Infinity", "1e308", "NaN"])
@pytest.mark.parametrize("path", ANAESTHETIST_NUMBERS, ids=_json_path)
def test_fluid_and_vasopressor_numbers_cannot_be_infinite_or_huge(path: Path_, token: str):
    plan = _set(ANAESTHETIST_PLAN, path, PLACEHOLDER)
    reason = _refused_at("plan", plan, token, _json_path(path))
    assert ("less than or equal" in reason) if token == "1e308" else ("JSON allows" in reason)


@pytest.mark.parametrize(
    ("drug", "rate", "unit", "refused"),
    [
        ("phenylephrine", 15.0, "ug_kg_min", False),  # ten times the top of 0.1-1.5
        ("phenylephrine", 15.1, "ug_kg_min", True),
        ("noradrenaline", 5.0, "ug_kg_min", False),  # ten times the top of 0.02-0.5
        ("noradrenaline", 6.0, "ug_kg_min", True),
        ("noradrenaline", 420.0, "ug_min", False),  # 5 ug/kg/min for the ILP's 84 kg
        ("noradrenaline", 421.0, "ug_min", True),
    ],
)
def test_a_vasopressor_rate_is_at_most_ten_times_its_usual_top(drug, rate, unit, refused):
    index = _first(ANAESTHETIST_PLAN["actions"], "vasopressor")
    action = {"t_s": 240, "action": "vasopressor", "drug": drug, "rate": rate, "unit": unit}
    plan = _set(ANAESTHETIST_PLAN, ("actions", index), action)
    if not refused:
        _open_plan(plan)
        return
    with pytest.raises(FileFormatError) as caught:
        _open_plan(plan)
    reasons = {p.json_path: p.reason for p in caught.value.problems}
    assert "more than ten times the top of its usual range" in reasons[f"$.actions[{index}].rate"]


def test_a_vasopressor_limit_is_checked_in_a_scenarios_plans():
    """In ug/min, converted with the scenario patient's weight (84 kg)."""
    index = _first(ACTIONS, "bolus") + 1
    scenario = copy.deepcopy(ILP)
    scenario["expert_plan"]["actions"].insert(
        index,
        {
            "t_s": 180,
            "action": "vasopressor",
            "drug": "noradrenaline",
            "rate": 3000,
            "unit": "ug_min",
        },
    )
    with pytest.raises(FileFormatError) as caught:
        _open_scenario(scenario)
    reasons = {p.json_path: p.reason for p in caught.value.problems}
    assert "(35.7 ug/kg/min for 84 kg)" in reasons[f"$.expert_plan.actions[{index}].rate"]


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (("region", "beds"), [*ILP["region"]["beds"], "no_bed"], "not a tissue bed of the atlas"),
        (("critical_beds",), ["no_such_bed"], "not a tissue bed of the atlas"),
        (("systemic_sampling_site",), "no_such_artery", "not a vessel segment"),
        (("region", "segments"), ["no_such_vessel"], "not a vessel segment"),
        (("anatomy_variant", "collateral_strengths"), {"no_such_vessel": 1}, "not a vessel"),
        (("device_shelf",), [*ILP["device_shelf"], "no_such_device"], "not a device of the"),
        (("drug_protocol", 0, "drug"), "no_such_drug", "not a drug of the drug table"),
    ],
)
def test_unknown_ids_in_a_scenario_are_refused(path: Path_, value: Any, reason: str):
    scenario = _set(ILP, path, value)
    if path == ("region", "beds"):  # a target must lie in the region, so both name it
        scenario["targets"].append("no_bed")
    with pytest.raises(FileFormatError) as caught:
        _open_scenario(scenario)
    assert any(reason in p.reason for p in caught.value.problems), caught.value


def test_json_nested_ten_thousand_deep_is_refused_in_every_format():
    text = '{"actions": ' + "[" * 10_000 + "]" * 10_000 + "}"
    for kind in OPENERS:
        with pytest.raises(FileFormatError, match="nested deeper than 64"):
            OPENERS[kind](parse_json_text(text, LABEL))


def test_a_duplicate_key_is_refused_rather_than_the_last_one_winning():
    text = json.dumps(ILP).replace('"version": 1,', '"version": 1, "version": 2,', 1)
    with pytest.raises(FileFormatError) as caught:
        parse_json_text(text, LABEL)
    assert [str(p) for p in caught.value.problems] == [
        f"{LABEL}: $.version: key appears twice in the same object"
    ]


def test_every_limit_is_justified_in_the_schemas():
    """Every number of every format has a minimum and a maximum (issue 10), and every bounded
    real number says why, in the schema's x-limits."""
    from simulator.scenario.common import LIMITS_KEY
    from simulator.scenario.schemas import FORMATS, schema_document

    unexplained = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            kind = node.get("type")
            if kind in ("number", "integer") and "const" not in node and "enum" not in node:
                low = "minimum" in node or "exclusiveMinimum" in node
                high = "maximum" in node or "exclusiveMaximum" in node
                if not (low and high) or (kind == "number" and LIMITS_KEY not in node):
                    unexplained.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")

    for name in FORMATS:
        walk(schema_document(name), name)
    assert unexplained == []
