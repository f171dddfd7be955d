"""Load the anatomy atlas and check that it describes one connected circulation.

Pydantic checks each entry; this module checks what no single entry can: unknown or duplicate
ids, vessels that end where nothing else starts (disconnected), beds without inflow or outflow,
and parts of the network that blood cannot reach from the heart. Every problem is reported as
``file: $.path: reason``.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from simulator.physics.assembly import ARTERIAL_KINDS
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.errors import FileFormatError, Problem, problems_from_validation, read_json

DEFAULT_ATLAS_PATH = Path(__file__).resolve().parents[2] / "resources" / "anatomy" / "atlas.json"


def topology_problems(atlas: AtlasFile, file: str) -> list[Problem]:
    problems: list[Problem] = []

    def problem(path: str, reason: str) -> None:
        problems.append(Problem(file, path, reason))

    bed_ids = {bed.id for bed in atlas.beds}
    chamber_ids = {chamber.id for chamber in atlas.heart.chambers}
    seen: dict[str, str] = {}
    for kind, entries in (("segments", atlas.segments), ("beds", atlas.beds)):
        for i, entry in enumerate(entries):
            if entry.id in seen or entry.id in chamber_ids:
                problem(f"$.{kind}[{i}].id", f"id '{entry.id}' is used twice")
            seen[entry.id] = kind
    segment_ids = {segment.id for segment in atlas.segments}
    if len({c.id for c in atlas.heart.chambers}) != 4:
        problem("$.heart.chambers", "needs each of the four chambers exactly once")

    junction_uses: dict[str, list[str]] = defaultdict(list)
    bed_in: dict[str, int] = defaultdict(int)
    bed_out: dict[str, int] = defaultdict(int)
    adjacency: dict[str, set[str]] = defaultdict(set)
    for i, segment in enumerate(atlas.segments):
        for node, is_start in ((segment.from_node, True), (segment.to_node, False)):
            if node in segment_ids:
                problem(
                    f"$.segments[{i}].{'from_node' if is_start else 'to_node'}",
                    f"'{node}' is a segment id; a segment must end at a junction, bed or chamber",
                )
            elif node in bed_ids:
                arterial = segment.kind in ARTERIAL_KINDS
                if is_start and not arterial:
                    bed_out[node] += 1
                elif not is_start and (arterial or segment.kind == "portal"):
                    bed_in[node] += 1
            elif node not in chamber_ids:
                junction_uses[node].append(segment.id)
        adjacency[segment.from_node].add(segment.to_node)
        adjacency[segment.to_node].add(segment.from_node)
    for valve in atlas.heart.valves:
        adjacency[valve.from_node].add(valve.to_node)
        adjacency[valve.to_node].add(valve.from_node)
        if valve.to_node not in chamber_ids and valve.to_node not in junction_uses:
            problem(
                f"$.heart.valves[{valve.id}]",
                f"opens into '{valve.to_node}', which no segment starts from",
            )
    for node, users in sorted(junction_uses.items()):
        valve_ends = sum(1 for v in atlas.heart.valves if node in (v.from_node, v.to_node))
        if len(users) + valve_ends < 2:
            index = next(i for i, s in enumerate(atlas.segments) if s.id == users[0])
            problem(
                f"$.segments[{index}]",
                f"segment '{users[0]}' is disconnected: nothing else meets it at '{node}'",
            )
    for i, bed in enumerate(atlas.beds):
        if bed_in[bed.id] == 0:
            problem(f"$.beds[{i}]", f"bed '{bed.id}' has no vessel bringing blood to it")
        if bed_out[bed.id] == 0:
            problem(f"$.beds[{i}]", f"bed '{bed.id}' has no vein draining it")
    reached = {"left_ventricle"}
    frontier = ["left_ventricle"]
    while frontier:
        for other in adjacency[frontier.pop()]:
            if other not in reached:
                reached.add(other)
                frontier.append(other)
    for i, segment in enumerate(atlas.segments):
        if segment.from_node not in reached:
            problem(f"$.segments[{i}]", f"segment '{segment.id}' is not connected to the heart")
    for i, root in enumerate(atlas.limb_roots):
        for j, crossing in enumerate(root.crossing):
            if crossing.segment not in segment_ids:
                problem(
                    f"$.limb_roots[{i}].crossing[{j}].segment",
                    f"unknown segment '{crossing.segment}'",
                )
    for i, site in enumerate(atlas.access_sites):
        if site not in segment_ids:
            problem(f"$.access_sites[{i}]", f"unknown segment '{site}'")
    for i, alias in enumerate(atlas.aliases):
        if alias.resolves_to not in segment_ids | bed_ids:
            problem(f"$.aliases[{i}].resolves_to", f"unknown id '{alias.resolves_to}'")
    return problems


def parse_atlas(data: object, file: str) -> AtlasFile:
    try:
        atlas = AtlasFile.model_validate(data)
    except ValidationError as exc:
        raise FileFormatError(problems_from_validation(file, exc)) from None
    problems = topology_problems(atlas, file)
    if problems:
        raise FileFormatError(problems)
    return atlas


def load_atlas(path: str | Path | None = None) -> AtlasFile:
    """The atlas at ``path`` (default: the built-in adult), validated; cached per path."""
    return _load_cached(str(Path(path).resolve()) if path else str(DEFAULT_ATLAS_PATH))


@lru_cache(maxsize=8)
def _load_cached(path: str) -> AtlasFile:
    return parse_atlas(read_json(path), path)
