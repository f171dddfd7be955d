"""``python -m simulator layout [--json]``: the vascular map's layout, headless."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulator.anatomy import layout_checks as checks
from simulator.anatomy.atlas import load_atlas
from simulator.anatomy.layout import DEFAULT_LAYOUT_PATH, load_layout


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "layout",
        help="the vascular map's layout: every vessel, bed, organ and view, with its checks",
        description="Print the map layout (resources/anatomy/layout.json), validated against the"
        " atlas. --json prints the whole file; without it, a summary of its readability.",
    )
    parser.add_argument("--json", action="store_true", help="print the layout as one JSON object")
    parser.add_argument(
        "--layout",
        type=Path,
        default=DEFAULT_LAYOUT_PATH,
        metavar="FILE",
        help="layout file (default: built-in)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    layout = load_layout(args.layout)
    if args.json:
        print(json.dumps(layout.model_dump(mode="json"), indent=1))
        return 0
    found = checks.crossings(layout)
    unexplained = checks.unlisted_crossings(layout)
    shares = checks.orientation_shares(layout)
    order = checks.branch_order_problems(layout)
    asymmetric = checks.asymmetric_pairs(layout, tuple(checks.ANATOMICAL_ASYMMETRIES))
    gaps = checks.narrow_gaps(layout)
    junctions = checks.junction_problems(layout, load_atlas())
    print(
        f"{len(layout.vessels)} vessels, {len(layout.beds)} beds, {len(layout.organs)} organs,"
        f" {len(layout.chambers)} chambers, {len(layout.limb_roots)} limb roots,"
        f" {len(layout.access_sites)} access sites"
    )
    print(f"crossings: {len(found)} ({len(unexplained)} not listed as anatomical)")
    print(
        f"drawn length: {shares['grid']:.0%} on the H/V/45° grid, {shares['smooth']:.0%} smooth"
        f" curves, {shares['off_grid']:.0%} other straight runs"
    )
    print(
        f"aortic branch order: {'anatomical' if not order else '; '.join(order)};"
        f" mirror pairs off by more than 1 mm: {len(asymmetric)}"
        f" (besides {len(checks.ANATOMICAL_ASYMMETRIES)} anatomical asymmetries);"
        f" parallels closer than 4 mm: {len(gaps)}; ends off their atlas node: {len(junctions)}"
    )
    views = ", ".join(layout.views.model_dump())
    print(f"views: {views}")
    return 0
