"""Write ``resources/anatomy/layout.json``, the vascular map's geometry, from the tables in
``layout_tables.py`` (where things are) and ``layout_crossings.py`` (where vessels may cross).

    python tools/build_layout.py            # rebuild, print the readability figures
    python tools/build_layout.py --check    # exit 1 when the committed file differs

It also writes the list of crossings in ``docs/map.md`` (between its markers), so the document
names exactly what the layout test counts; ``--check`` covers that list too.

Deterministic: the same tables always give the same file, byte for byte. The build stops with
a message naming the entry when a route leaves the H/V/45° grid, a vessel does not start or end
at its atlas node (or inside its bed), or an id is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import layout_crossings  # noqa: E402
import layout_docs  # noqa: E402
import layout_tables as tables  # noqa: E402
from layout_geometry import (  # noqa: E402
    Bed,
    LayoutTableError,
    Organ,
    Route,
    centre,
    mirror,
    mirror_polygon,
    mirror_route,
    off_grid_pieces,
    polyline,
)

from simulator.anatomy.atlas import load_atlas  # noqa: E402
from simulator.anatomy.layout import parse_layout  # noqa: E402
from simulator.scenario.atlas_file import AtlasFile  # noqa: E402

OUTPUT = ROOT / "resources" / "anatomy" / "layout.json"
MAP_DOC = ROOT / "docs" / "map.md"

BASE_LAYER = {"vein": 0, "pulmonary_vein": 0, "artery": 2, "pulmonary_artery": 2, "portal": 4}
"""Retroperitoneal veins lowest, arteries above, the portal system in front; anatomical
crossings then raise the vessel in front above the one behind."""


def _twin(name: str) -> str | None:
    if name.endswith("_left"):
        return name[: -len("_left")] + "_right"
    return None


def _left_name(name: str) -> str:
    return name[: -len("_right")] + "_left" if name.endswith("_right") else name


def sided(table: dict, name: str, mirror_entry):
    """``table[name]``, or the mirror of its ``*_right`` twin."""
    if name in table:
        return table[name]
    twin = _twin(name)
    if twin is not None and twin in table:
        return mirror_entry(table[twin])
    raise LayoutTableError(f"no table entry for '{name}'")


def all_beds() -> dict[str, Bed]:
    beds = dict(tables.BEDS)
    for name, bed in tables.BEDS.items():
        if name.endswith("_right"):
            beds.setdefault(
                _left_name(name),
                Bed(
                    mirror_polygon(bed.polygon),
                    _left_name(bed.organ),
                    mirror(bed.label_anchor) if bed.label_anchor else None,
                    _left_label(bed.label),
                ),
            )
    return beds


def _left_label(label: str | None) -> str | None:
    if label is None:
        return None
    return label.replace("right", "left").replace("Right", "Left")


def all_organs() -> dict[str, Organ]:
    organs = dict(tables.ORGANS)
    for name, organ in tables.ORGANS.items():
        if name.endswith("_right"):
            organs.setdefault(
                _left_name(name),
                Organ(
                    mirror_polygon(organ.outline),
                    _left_label(organ.label) or "",
                    [_left_name(bed) for bed in organ.beds],
                    mirror(organ.label_anchor) if organ.label_anchor else None,
                ),
            )
    return organs


def _inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Inside or within 0.5 of the edge (ports sit on bed edges)."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
        length_sq = (x1 - x0) ** 2 + (y1 - y0) ** 2
        t = 0.0 if length_sq == 0 else ((x - x0) * (x1 - x0) + (y - y0) * (y1 - y0)) / length_sq
        t = min(1.0, max(0.0, t))
        if (x0 + t * (x1 - x0) - x) ** 2 + (y0 + t * (y1 - y0) - y) ** 2 <= 0.25:
            return True
    return inside


def _end(
    node: str, override, segment: str, which: str, beds: dict[str, Bed], chambers: dict
) -> tuple[float, float]:
    if node in beds or node in chambers:
        polygon = beds[node].polygon if node in beds else chambers[node]
        if override is None:
            raise LayoutTableError(f"{segment}: needs a {which} port on '{node}'")
        if not _inside(override, polygon):
            raise LayoutTableError(f"{segment}: {which} port {override} is outside '{node}'")
        return (float(override[0]), float(override[1]))
    position = sided(tables.NODES, node, mirror)
    if override is not None and tuple(override) != tuple(position):
        raise LayoutTableError(f"{segment}: {which} {override} is not at its node '{node}'")
    return (float(position[0]), float(position[1]))


def vessel_layers(atlas: AtlasFile) -> dict[str, int]:
    layers = {segment.id: BASE_LAYER[segment.kind] for segment in atlas.segments}
    for _ in range(len(layers)):
        changed = False
        for front, behind, _why in layout_crossings.CROSSINGS:
            if layers[front] <= layers[behind]:
                layers[front] = layers[behind] + 1
                changed = True
        if not changed:
            return layers
    raise LayoutTableError(
        "anatomical_crossings contradict each other (a vessel is in front"
        " of itself through a chain of crossings)"
    )


def build() -> dict:
    atlas = load_atlas()
    beds = all_beds()
    organs = all_organs()
    chambers = tables.CHAMBERS
    layers = vessel_layers(atlas)
    vessels = {}
    errors = []
    for segment in sorted(atlas.segments, key=lambda s: s.id):
        try:
            route: Route = sided(tables.ROUTES, segment.id, mirror_route)
            start = _end(segment.from_node, route.start, segment.id, "start", beds, chambers)
            end = _end(segment.to_node, route.end, segment.id, "end", beds, chambers)
            points = polyline(start, end, route, segment.id)
            if route.curve == "rounded" and (bad := off_grid_pieces(points)):
                raise LayoutTableError(
                    f"{segment.id}: run {bad[0]} is not horizontal, vertical or 45°"
                )
        except LayoutTableError as exc:
            errors.append(str(exc))
            continue
        vessels[segment.id] = {
            "polyline": [list(point) for point in points],
            "kind": segment.kind,
            "collateral": segment.collateral,
            "curve": route.curve,
            "corner_radius": 4.0,
            "layer": layers[segment.id],
            "label": segment.label or segment.id.replace("_", " "),
            "label_anchor": list(route.label_anchor) if route.label_anchor else None,
        }
    if errors:
        raise LayoutTableError("\n".join(errors))
    bed_entries = {}
    labels = {bed.id: bed.label or bed.id.replace("_", " ") for bed in atlas.beds}
    for bed in sorted(atlas.beds, key=lambda b: b.id):
        shape = beds[bed.id]
        bed_entries[bed.id] = {
            "polygon": [list(p) for p in shape.polygon],
            "organ": shape.organ,
            "label": shape.label or labels[bed.id],
            "label_anchor": list(shape.label_anchor or centre(shape.polygon)),
        }
    organ_entries = {
        name: {
            "outline": [list(p) for p in organ.outline],
            "label": organ.label,
            "beds": sorted(organ.beds),
            "label_anchor": list(organ.label_anchor) if organ.label_anchor else None,
        }
        for name, organ in sorted(organs.items())
        if any(bed in bed_entries for bed in organ.beds)
    }
    limb_roots = {
        root.id: {"line": [list(p) for p in sided(tables.LIMB_ROOTS, root.id, _mirror_line)]}
        for root in sorted(atlas.limb_roots, key=lambda r: r.id)
    }
    access_sites = {
        site: {"point": list(sided(tables.ACCESS_SITES, site, mirror))}
        for site in sorted(atlas.access_sites)
    }
    views = {
        view_id: {"title": title, "rect": list(rect), "shortcut": shortcut}
        for view_id, (title, rect, shortcut) in tables.VIEWS.items()
    }
    crossings = [
        {"front": front, "behind": behind, "why": why}
        for front, behind, why in layout_crossings.CROSSINGS
    ]
    return {
        "schema_version": 1,
        "vessels": vessels,
        "beds": bed_entries,
        "organs": organ_entries,
        "chambers": {
            name: {"polygon": [list(p) for p in chambers[name]]} for name in sorted(chambers)
        },
        "limb_roots": limb_roots,
        "access_sites": access_sites,
        "views": views,
        "anatomical_crossings": crossings,
    }


def _mirror_line(line):
    return (mirror(line[1]), mirror(line[0]))


def render(document: dict) -> str:
    return json.dumps(document, indent=1) + "\n"


def summary(document: dict) -> str:
    from simulator.anatomy import layout_checks as checks

    layout = parse_layout(document, str(OUTPUT))
    found = checks.crossings(layout)
    unlisted = checks.unlisted_crossings(layout)
    shares = checks.orientation_shares(layout)
    lines = [
        f"{len(found)} crossings, {len(unlisted)} not listed; grid {shares['grid']:.1%},"
        f" smooth {shares['smooth']:.1%}, off-grid {shares['off_grid']:.1%}"
    ]
    lines += [f"  unlisted: {c.first} x {c.second} at {c.at}" for c in unlisted]
    listed_found = {frozenset((c.first, c.second)) for c in found}
    lines += [
        f"  listed but not crossing: {front} / {behind}"
        for front, behind, _ in layout_crossings.CROSSINGS
        if frozenset((front, behind)) not in listed_found
    ]
    lines += [f"  order: {p}" for p in checks.branch_order_problems(layout)]
    gaps = checks.narrow_gaps(layout)
    lines += [f"  gap {g.gap:.1f}: {g.first} / {g.second} at {g.at}" for g in gaps]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed layout.json is out of date"
    )
    args = parser.parse_args(argv)
    try:
        document = build()
    except LayoutTableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = render(document)
    layout = parse_layout(document, str(OUTPUT))
    doc_text = MAP_DOC.read_text(encoding="utf-8")
    try:
        new_doc = layout_docs.with_table(doc_text, layout_docs.crossings_table(layout), MAP_DOC)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        stale = [
            path
            for path, old, new in ((OUTPUT, current, text), (MAP_DOC, doc_text, new_doc))
            if old != new
        ]
        for path in stale:
            print(f"{path} is out of date: run python tools/build_layout.py", file=sys.stderr)
        return 1 if stale else 0
    OUTPUT.write_text(text, encoding="utf-8")
    MAP_DOC.write_text(new_doc, encoding="utf-8")
    print(f"wrote {OUTPUT} and the crossing list in {MAP_DOC}")
    print(summary(document))
    return 0


if __name__ == "__main__":
    sys.exit(main())
