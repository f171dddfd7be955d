"""``python -m simulator validate PATH...``: check scenario, plan and attempt files, and the
atlas, device catalog and drug table they are checked against.

Each file's structure is checked (formats, value ranges, ids that must agree within a file), then
every vessel, bed, limb root, device and drug it names is looked up in the built-in atlas and
catalogs, and its rates and doses are held against the catalogs' limits: the checks of
:mod:`simulator.scenario.door`, which every other command makes too.

Every file is checked even when an earlier one fails, so one run lists every problem.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import check_drug_references, load_catalog, load_drugs
from simulator.scenario.attempt_file import AttemptFile
from simulator.scenario.door import References, file_problems
from simulator.scenario.errors import FileFormatError, Problem, UnreadableFileError, read_json
from simulator.scenario.loading import AnyFile, load_any
from simulator.scenario.plan_file import PlanFile
from simulator.scenario.scenario_file import ScenarioFile


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario, plan, attempt, atlas, catalog and drug files; exit 1 on a problem",
        description="Check JSON files (or every *.json under a folder): format, migration from"
        " older versions, and validation, with one line per problem.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="file or folder")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object with the result of each file"
    )
    parser.set_defaults(handler=run)


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*.json") if p.is_file())
        if not found:
            raise FileFormatError.single(path, "$", "folder holds no .json files")
        yield from found
    else:
        yield path


def describe(model: AnyFile) -> tuple[str, str]:
    """(format, one-line summary) of a valid file, for the ``ok:`` line."""
    if isinstance(model, ScenarioFile):
        return "scenario", f"scenario '{model.id}'"
    if isinstance(model, PlanFile):
        count = len(model.actions)
        actions = "1 action" if count == 1 else f"{count} actions"
        return "plan", f"plan for scenario '{model.scenario_id}', {actions}"
    if isinstance(model, AttemptFile):
        return "attempt", f"attempt at scenario '{model.scenario_id}', score {model.result.score:g}"
    raise TypeError(f"not a file model: {type(model).__name__}")


@dataclass(frozen=True)
class FileReport:
    path: str
    format: str | None = None
    summary: str | None = None
    problems: tuple[Problem, ...] = ()
    unreadable: bool = False
    """The path given is not a readable file (absent, a folder): a command-line mistake."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, object]:
        if self.ok:
            return {"path": self.path, "ok": True, "format": self.format, "summary": self.summary}
        problems = [
            {"file": p.file, "json_path": p.json_path, "reason": p.reason} for p in self.problems
        ]
        return {"path": self.path, "ok": False, "problems": problems}


def _resource(path: Path) -> tuple[str, str] | None:
    """(format, summary) when the file is an atlas, a device catalog or a drug table, checked as
    the program loads them (with the catalog's drug ids against the drug table); else None."""
    data = read_json(path)
    if not isinstance(data, dict):
        return None
    if "heart" in data and "segments" in data:
        atlas = load_atlas(path)
        return "atlas", f"atlas, {len(atlas.segments)} segments, {len(atlas.beds)} beds"
    if "devices" in data:
        catalog = load_catalog(path)
        check_drug_references(catalog, load_drugs(), path)
        return "catalog", f"device catalog, {len(catalog.devices)} devices"
    if "drugs" in data and "scenario_id" not in data:
        drugs = load_drugs(path)
        check_drug_references(load_catalog(), drugs)
        return "drugs", f"drug table, {len(drugs.drugs)} drugs"
    return None


def _check(path: Path, refs: References) -> FileReport:
    try:
        resource = _resource(path)
        if resource is not None:
            return FileReport(str(path), *resource)
        model = load_any(path)
        format_name, summary = describe(model)
    except FileFormatError as exc:
        unreadable = isinstance(exc, UnreadableFileError)
        return FileReport(str(path), problems=exc.problems, unreadable=unreadable)
    problems = file_problems(model, path, refs)
    if problems:
        return FileReport(str(path), problems=tuple(problems))
    return FileReport(str(path), format_name, summary)


def run(args: argparse.Namespace) -> int:
    reports: list[FileReport] = []
    refs = References.load()
    for given in args.paths:
        try:
            reports.extend(_check(path, refs) for path in _files(given))
        except FileFormatError as exc:
            reports.append(FileReport(str(given), problems=exc.problems))
    all_ok = all(report.ok for report in reports)
    code = 0 if all_ok else 2 if any(report.unreadable for report in reports) else 1
    if args.json:
        print(json.dumps({"ok": all_ok, "files": [report.as_json() for report in reports]}))
        return code
    for report in reports:
        if report.ok:
            print(f"ok: {report.path} ({report.summary})")
        for problem in report.problems:
            print(f"error: {problem}")
    return code
