"""The built-in scenario library and how commands name scenarios and plans."""

from __future__ import annotations

from pathlib import Path

from simulator.scenario.errors import UserInputError
from simulator.scenario.loading import load_plan, load_scenario
from simulator.scenario.plan_file import PlanFile
from simulator.scenario.scenario_file import ScenarioFile

LIBRARY_PATH = Path(__file__).resolve().parents[2] / "scenarios"


def library_files(directory: Path = LIBRARY_PATH) -> list[Path]:
    return sorted(directory.glob("*.json"))


def resolve_scenario(name: str) -> tuple[ScenarioFile, Path]:
    """A scenario by id (from the library) or by path."""
    candidate = Path(name)
    if candidate.suffix == ".json" or candidate.exists():
        return load_scenario(candidate), candidate
    for path in library_files():
        scenario = load_scenario(path)
        if scenario.id == name:
            return scenario, path
    known = ", ".join(load_scenario(p).id for p in library_files())
    raise UserInputError(f"no scenario '{name}' in the library (known: {known})")


def resolve_plan(scenario: ScenarioFile, name: str) -> PlanFile:
    """``expert``, ``mistake:ID`` or the path of a plan file for this scenario."""
    if name == "expert" or name.startswith("mistake:"):
        try:
            return scenario.carried_plan(name)
        except LookupError as exc:
            raise UserInputError(str(exc)) from None
    plan = load_plan(name)
    if plan.scenario_id != scenario.id:
        raise UserInputError(
            f"{name}: the plan is for scenario '{plan.scenario_id}', not '{scenario.id}'"
        )
    return plan
