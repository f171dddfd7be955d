"""Write ``resources/anatomy/layout.json``, the vascular map's geometry.

    python tools/build_layout.py            # rebuild
    python tools/build_layout.py --check    # exit 1 when the committed file differs

First version: the atlas's own ``schematic`` polylines, copied into the layout format so the
map can be drawn from the new file while the geometry is redrawn from tables.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.anatomy.atlas import load_atlas  # noqa: E402
from simulator.anatomy.layout import parse_layout  # noqa: E402

OUTPUT = ROOT / "resources" / "anatomy" / "layout.json"

VIEWS = {
    "whole_body": ("Whole body", (-300.0, 40.0, 300.0, 1560.0), "0"),
    "head_neck": ("Head and neck", (-120.0, 40.0, 120.0, 280.0), "1"),
    "thorax": ("Thorax", (-160.0, 240.0, 160.0, 540.0), "2"),
    "abdomen": ("Abdomen", (-150.0, 500.0, 150.0, 800.0), "3"),
    "pelvis": ("Pelvis", (-150.0, 760.0, 150.0, 980.0), "4"),
    "arm_right": ("Right arm", (-300.0, 240.0, -90.0, 800.0), "5"),
    "arm_left": ("Left arm", (90.0, 240.0, 300.0, 800.0), "6"),
    "leg_right": ("Right leg", (-200.0, 880.0, -40.0, 1560.0), "7"),
    "leg_left": ("Left leg", (40.0, 880.0, 200.0, 1560.0), "8"),
}


def build() -> dict:
    atlas = load_atlas()
    vessels = {
        segment.id: {
            "polyline": [list(point) for point in segment.schematic],
            "kind": segment.kind,
            "collateral": segment.collateral,
            "curve": "rounded",
            "corner_radius": 4.0,
            "layer": 0 if segment.kind in ("artery", "pulmonary_artery") else -1,
            "label": segment.label or segment.id.replace("_", " "),
            "label_anchor": None,
        }
        for segment in atlas.segments
    }
    beds = {
        bed.id: {
            "polygon": [list(point) for point in bed.schematic.polygon],
            "organ": bed.id,
            "label": bed.label or bed.id.replace("_", " "),
            "label_anchor": list(bed.schematic.label_at),
        }
        for bed in atlas.beds
    }
    organs = {
        bed.id: {
            "outline": [list(point) for point in bed.schematic.polygon],
            "label": bed.label or bed.id.replace("_", " "),
            "beds": [bed.id],
        }
        for bed in atlas.beds
    }
    chambers = {
        chamber.id: {"polygon": [list(point) for point in chamber.schematic.polygon]}
        for chamber in atlas.heart.chambers
    }
    limb_roots = {
        root.id: {"line": [list(point) for point in root.schematic[:2]]}
        for root in atlas.limb_roots
    }
    by_id = {segment.id: segment for segment in atlas.segments}
    access_sites = {
        site: {"point": list(by_id[site].schematic[len(by_id[site].schematic) // 2])}
        for site in atlas.access_sites
    }
    views = {
        view_id: {"title": title, "rect": list(rect), "shortcut": shortcut}
        for view_id, (title, rect, shortcut) in VIEWS.items()
    }
    return {
        "schema_version": 1,
        "vessels": vessels,
        "beds": beds,
        "organs": organs,
        "chambers": chambers,
        "limb_roots": limb_roots,
        "access_sites": access_sites,
        "views": views,
        "anatomical_crossings": [],
    }


def render(document: dict) -> str:
    return json.dumps(document, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed layout.json is out of date"
    )
    args = parser.parse_args(argv)
    document = build()
    parse_layout(document, str(OUTPUT))
    text = render(document)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python tools/build_layout.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
