"""Load the map layout and check it against the atlas: every segment, bed, chamber, limb root and
access site of the atlas has exactly one entry, and the file names nothing the atlas lacks.

Problems are reported like every other file the program reads: ``file: $.json.path: reason``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from simulator.anatomy.atlas import load_atlas
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.errors import FileFormatError, Problem, problems_from_validation, read_json
from simulator.scenario.layout_file import LAYOUT_SCHEMA_VERSION, LayoutFile
from simulator.scenario.migrations import schema_version_of

DEFAULT_LAYOUT_PATH = Path(__file__).resolve().parents[2] / "resources" / "anatomy" / "layout.json"


def atlas_ids(atlas: AtlasFile) -> dict[str, set[str]]:
    """The ids each section of the layout must cover, by layout section name."""
    return {
        "vessels": {segment.id for segment in atlas.segments},
        "beds": {bed.id for bed in atlas.beds},
        "chambers": {chamber.id for chamber in atlas.heart.chambers},
        "limb_roots": {root.id for root in atlas.limb_roots},
        "access_sites": set(atlas.access_sites),
    }


def reference_problems(layout: LayoutFile, file: str) -> list[Problem]:
    """References inside the file: a bed's organ, an organ's beds, a crossing's vessels."""
    problems = []
    for bed_id, bed in layout.beds.items():
        if bed.organ not in layout.organs:
            problems.append(
                Problem(
                    file, f"$.beds.{bed_id}.organ", f"'{bed.organ}' is not an organ of the file"
                )
            )
    for organ_id, organ in layout.organs.items():
        for index, bed_id in enumerate(organ.beds):
            if bed_id not in layout.beds:
                problems.append(
                    Problem(
                        file,
                        f"$.organs.{organ_id}.beds[{index}]",
                        f"'{bed_id}' is not a bed of the file",
                    )
                )
            elif layout.beds[bed_id].organ != organ_id:
                problems.append(
                    Problem(
                        file,
                        f"$.organs.{organ_id}.beds[{index}]",
                        f"bed '{bed_id}' says it belongs to '{layout.beds[bed_id].organ}'",
                    )
                )
    for index, crossing in enumerate(layout.anatomical_crossings):
        for field in ("front", "behind"):
            vessel = getattr(crossing, field)
            if vessel not in layout.vessels:
                problems.append(
                    Problem(
                        file,
                        f"$.anatomical_crossings[{index}].{field}",
                        f"'{vessel}' is not a vessel of the file",
                    )
                )
    return problems


def coverage_problems(layout: LayoutFile, atlas: AtlasFile, file: str) -> list[Problem]:
    """Atlas ids without an entry, and entries for ids the atlas does not have."""
    problems = []
    for section, expected in atlas_ids(atlas).items():
        present = set(getattr(layout, section))
        for missing in sorted(expected - present):
            problems.append(Problem(file, f"$.{section}", f"no entry for '{missing}' of the atlas"))
        for unknown in sorted(present - expected):
            problems.append(
                Problem(file, f"$.{section}.{unknown}", f"'{unknown}' is not in the atlas")
            )
    for segment in atlas.segments:
        vessel = layout.vessels.get(segment.id)
        if vessel is not None and vessel.kind != segment.kind:
            problems.append(
                Problem(
                    file,
                    f"$.vessels.{segment.id}.kind",
                    f"'{vessel.kind}' but the atlas says '{segment.kind}'",
                )
            )
    return problems


def parse_layout(data: object, file: str, atlas: AtlasFile | None = None) -> LayoutFile:
    """Validate a layout document and check it against ``atlas`` (default: the built-in one)."""
    if not isinstance(data, dict):
        raise FileFormatError.single(file, "$", "a layout file must be a JSON object")
    version = schema_version_of("layout", data, file)
    if version > LAYOUT_SCHEMA_VERSION:
        raise FileFormatError.single(
            file,
            "$.schema_version",
            f"layout schema_version {version} is newer than this program reads (up to"
            f" {LAYOUT_SCHEMA_VERSION}); update PerfusionSim",
        )
    try:
        layout = LayoutFile.model_validate(data)
    except ValidationError as exc:
        raise FileFormatError(problems_from_validation(file, exc)) from None
    problems = reference_problems(layout, file)
    problems += coverage_problems(layout, atlas if atlas is not None else load_atlas(), file)
    if problems:
        raise FileFormatError(problems)
    return layout


def load_layout(path: str | Path | None = None) -> LayoutFile:
    """The layout at ``path`` (default: the built-in one), validated against the built-in atlas;
    cached per path."""
    return _load_cached(str(Path(path).resolve()) if path else str(DEFAULT_LAYOUT_PATH))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> LayoutFile:
    return parse_layout(read_json(path), path)
