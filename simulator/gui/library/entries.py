"""One row of the scenario library: a file, the scenario read from it or the problems that kept it
from loading, and the words the list shows for it.

Plain Python (no Qt in this module), so what the browser says about a scenario is tested
without a window.
Files are read once per modification time: opening the library again, or a second page, costs
nothing, while an instructor who edits a file sees the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simulator.anatomy.atlas import load_atlas
from simulator.devices.catalog import load_catalog, load_drugs
from simulator.scenario.errors import FileFormatError, Problem, read_json
from simulator.scenario.library import library_files
from simulator.scenario.loading import check_references, detect_format, parse_scenario
from simulator.scenario.scenario_file import DIFFICULTY_LEVELS, Procedure, ScenarioFile

PROCEDURE_NAMES: dict[Procedure, str] = {
    "baseline": "Resting circulation",
    "HAP": "Hypoxic abdominal perfusion",
    "UAP": "Upper abdominal perfusion",
    "IA": "Intra-arterial infusion",
    "ITP": "Isolated thoracic perfusion",
    "IHPP": "Isolated hypoxic pelvic perfusion",
    "EISLI": "Extended isolated stop-flow limb infusion",
    "ILI": "Isolated limb infusion",
    "ILP": "Isolated limb perfusion",
    "PHP": "Percutaneous hepatic perfusion",
    "HAI": "Hepatic arterial infusion pump",
    "TACE": "Transarterial chemoembolisation",
    "IA_HEAD_NECK": "Intra-arterial infusion, head and neck",
    "ILUP": "Isolated lung perfusion",
}
"""What a trainee reads for each procedure code of the format."""

DIFFICULTY_RANK = {level: rank for rank, level in enumerate(DIFFICULTY_LEVELS)}

DIFFICULTY_MEANINGS = {
    "introductory": "Open circulation or nothing to isolate; at most one catheter.",
    "intermediate": "One isolation technique or one selective catheter, standard anatomy.",
    "advanced": "Trunk stop-flow, filtration before release, tight windows or a variant.",
}
"""One line per level for tooltips; the full meaning is documented on ``Difficulty``."""


def procedure_name(procedure: str) -> str:
    return PROCEDURE_NAMES.get(procedure, procedure)  # type: ignore[call-overload]


def _minutes(value: float) -> str:
    return f"{value:.0f} min"


@dataclass(frozen=True)
class LibraryEntry:
    """A scenario file as the library lists it; ``scenario`` is None when the file is invalid."""

    path: Path
    scenario: ScenarioFile | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def is_valid(self) -> bool:
        return self.scenario is not None and not self.problems

    @property
    def title(self) -> str:
        if self.scenario is None:
            return f"{self.path.name} (invalid)"
        return self.scenario.title

    @property
    def procedure_name(self) -> str:
        return "" if self.scenario is None else procedure_name(self.scenario.procedure)

    @property
    def difficulty(self) -> str:
        return "" if self.scenario is None else self.scenario.difficulty

    @property
    def difficulty_rank(self) -> int:
        """For sorting: introductory first, files that did not load last."""
        return DIFFICULTY_RANK.get(self.difficulty, len(DIFFICULTY_RANK))

    @property
    def patient_text(self) -> str:
        """``Female, 61 y, 68 kg``: who is on the table, in the order a handover gives it."""
        if self.scenario is None:
            return ""
        patient = self.scenario.patient
        return f"{patient.sex.capitalize()}, {patient.age_years:.0f} y, {patient.weight_kg:g} kg"

    @property
    def plan_duration_min(self) -> float | None:
        """When the expert plan's last action happens: how long the case runs when done well."""
        if self.scenario is None or not self.scenario.expert_plan.actions:
            return None
        return max(action.t_s for action in self.scenario.expert_plan.actions) / 60.0

    @property
    def time_limit_min(self) -> float | None:
        return None if self.scenario is None else self.scenario.time_limits.procedure_max_min

    @property
    def duration_text(self) -> str:
        """``53 min (limit 70)``: the expert's time, then the procedure limit when there is one."""
        duration, limit = self.plan_duration_min, self.time_limit_min
        if duration is None:
            return "" if limit is None else f"limit {_minutes(limit)}"
        text = _minutes(duration)
        return text if limit is None else f"{text} (limit {limit:.0f})"

    @property
    def summary(self) -> str:
        if self.scenario is None:
            first = self.problems[0] if self.problems else None
            return "" if first is None else f"{first.json_path}: {first.reason}"
        return self.scenario.summary

    @property
    def search_text(self) -> str:
        """Everything the search box matches, lower case: title, summary, procedure (code and
        name), difficulty, patient and tumours; an invalid file by its name and problems."""
        parts = [self.path.name, self.title, self.summary]
        if self.scenario is not None:
            scenario = self.scenario
            parts += [scenario.id, scenario.procedure, self.procedure_name, self.difficulty]
            parts += [self.patient_text, scenario.briefing.indication]
            parts += [tumor.label for tumor in scenario.tumors]
        parts += [problem.reason for problem in self.problems]
        return "\n".join(parts).lower()


@dataclass(frozen=True)
class _KnownIds:
    """The ids a scenario may name: the built-in atlas (segments with their aliases, beds, limb
    roots) and the catalogs, as ``validate`` checks them."""

    segments: set[str]
    beds: set[str]
    limb_roots: set[str]
    devices: set[str]
    drugs: set[str]


@lru_cache(maxsize=1)
def _built_in_ids() -> _KnownIds:
    atlas = load_atlas()
    return _KnownIds(
        {s.id for s in atlas.segments} | {a.id for a in atlas.aliases},
        {b.id for b in atlas.beds},
        {r.id for r in atlas.limb_roots},
        set(load_catalog().ids),
        set(load_drugs().ids),
    )


def _read_entry(path: Path, known: _KnownIds) -> LibraryEntry:
    try:
        data = read_json(path)
        kind = detect_format(data, path)
        if kind != "scenario":
            raise FileFormatError.single(
                path, "$", f"this is a {kind} file, not a scenario; open it from a scenario"
            )
        scenario = parse_scenario(data, path)
    except FileFormatError as error:
        return LibraryEntry(path, None, error.problems)
    problems = check_references(
        scenario,
        known.segments,
        known.beds,
        known.devices,
        known.drugs,
        known_limb_roots=known.limb_roots,
        file_label=path,
    )
    return LibraryEntry(path, None if problems else scenario, tuple(problems))


@lru_cache(maxsize=256)
def _cached_entry(path: Path, _mtime_ns: int) -> LibraryEntry:
    return _read_entry(path, _built_in_ids())


def load_entry(path: str | Path) -> LibraryEntry:
    """The entry for one file, checked against the built-in atlas and catalogs; never raises for
    a bad file (its problems are the entry's)."""
    resolved = Path(path).resolve()
    try:
        mtime_ns = resolved.stat().st_mtime_ns
    except OSError:
        mtime_ns = -1  # read_json reports the missing file as the entry's problem
    return _cached_entry(resolved, mtime_ns)


def load_entries(paths: Iterable[str | Path]) -> list[LibraryEntry]:
    return [load_entry(path) for path in paths]


def library_entries(folders: Iterable[Path] = ()) -> list[LibraryEntry]:
    """The built-in library, then every ``*.json`` of each extra folder, each sorted by name."""
    paths = library_files()
    for folder in folders:
        paths += library_files(folder)
    return load_entries(paths)


@dataclass(frozen=True)
class ScenarioChoice:
    """What the library hands to the window when the trainee presses Start."""

    path: Path
    scenario: ScenarioFile
