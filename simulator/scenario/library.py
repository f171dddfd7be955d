"""The built-in scenario library and how commands name scenarios and plans."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario.door import References, checked
from simulator.scenario.errors import FileFormatError, UserInputError, read_json, shorten
from simulator.scenario.loading import detect_format, load_scenario, parse_plan, parse_scenario
from simulator.scenario.plan_file import PlanFile
from simulator.scenario.scenario_file import ScenarioFile

LIBRARY_PATH = Path(__file__).resolve().parents[2] / "scenarios"


def library_files(directory: Path = LIBRARY_PATH) -> list[Path]:
    return sorted(directory.glob("*.json"))


def _library_ids() -> list[tuple[str, Path]]:
    """(id, path) of every library scenario that can be read; a broken one is skipped here and
    reported when it is asked for by path or checked with ``validate``."""
    found = []
    for path in library_files():
        try:
            found.append((load_scenario(path).id, path))
        except FileFormatError:
            continue
    return found


def resolve_scenario(name: str, refs: References | None = None) -> tuple[ScenarioFile, Path]:
    """A scenario by id (from the library) or by path, through the checks of the one door
    (:mod:`simulator.scenario.door`): a scenario comes back only if ``validate`` accepts it."""
    candidate = Path(name)
    if candidate.suffix == ".json" or "/" in name or "\\" in name or _exists(candidate):
        data = read_json(candidate)
        _expect_format(data, candidate, "scenario", "the scenario comes first")
        return checked(parse_scenario(data, candidate), candidate, refs), candidate
    library = _library_ids()
    for scenario_id, path in library:
        if scenario_id == name:
            return checked(load_scenario(path), path, refs), path
    known = ", ".join(scenario_id for scenario_id, _ in library)
    raise UserInputError(f"no scenario '{shorten(name)}' in the library (known: {known})")


def _expect_format(data: object, path: Path, wanted: str, hint: str) -> None:
    """A plan given where the scenario goes (or the reverse) is named as such, instead of as a
    scenario missing a dozen fields."""
    try:
        found = detect_format(data, path)
    except FileFormatError:
        return  # not recognisably anything: the format's own checks will say what is wrong
    if found != wanted:
        raise UserInputError(f"{shorten(str(path))} is a {found} file, not a {wanted}; {hint}")


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long or with a NUL byte: not a file
        return False


def resolve_plan(scenario: ScenarioFile, name: str, refs: References | None = None) -> PlanFile:
    """``expert``, ``mistake:ID`` or the path of a plan file for this scenario (checked by the
    one door, with the scenario's surgical access sites allowed)."""
    if name == "expert" or name.startswith("mistake:"):
        try:
            return scenario.carried_plan(name)
        except LookupError as exc:
            raise UserInputError(shorten(str(exc))) from None
    data = read_json(name)
    _expect_format(data, Path(name), "plan", "give a plan file, 'expert' or 'mistake:ID'")
    plan = checked(parse_plan(data, name), name, refs, scenario)
    if plan.scenario_id != scenario.id:
        raise UserInputError(
            f"{name}: the plan is for scenario '{plan.scenario_id}', not '{scenario.id}'"
        )
    return plan
