"""The validation table: published haemodynamic responses beside the model's, written to
``docs/validation.md``.

    python -m benchmarks.validation                 # every figure, about a minute
    python -m benchmarks.validation --only rest-co-icrp ilp-leak-ratio --output /tmp/v.md
    python -m benchmarks.validation --schema /tmp/references.schema.json

Run it from the repository root with ``-m`` (a plain ``python benchmarks/validation.py`` also
works: it puts the repository first on the import path). Each row of
``resources/validation/references.json`` names a model measure; the conditions that produce the
selected measures run once each (``benchmarks/validation_conditions.py``), every row is marked
green, amber or red (``benchmarks/validation_references.py``), and the script prints the colour
counts. Issue 9's five observations follow as the last section. The output holds no date or
timing, so the same model gives the same file.

A benchmark script rather than a ``python -m simulator`` command: the table is a development
figure like the speed benchmarks, its references are project data rather than a user file
format, and the app need not carry the literature harness.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a file: import this checkout's simulator, not whichever one is installed.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.validation_conditions import CONDITIONS, Harness, NoValue, Outcome
from benchmarks.validation_observations import Observation, measure_observations
from benchmarks.validation_references import (
    AMBER_PERCENT,
    GREEN_PERCENT,
    REFERENCES_PATH,
    SECTION_TITLES,
    Colour,
    PublishedFigure,
    ReferencesError,
    ReferencesFile,
    load_references,
    mark,
    percent_difference,
)

OUTPUT_PATH = Path(__file__).resolve().parents[1] / "docs" / "validation.md"
COLOURS: tuple[Colour, ...] = ("green", "amber", "red")
SYMBOL = {"green": "🟩 green", "amber": "🟧 amber", "red": "🟥 red", None: "—"}


@dataclass(frozen=True)
class Row:
    figure: PublishedFigure
    model: float | None
    reason: str | None
    """Why the model gave no value (``model`` is then None)."""
    difference_percent: float | None
    colour: Colour | None
    how: str
    """How the condition was built in the model."""


def run_conditions(names: set[str], harness: Harness) -> dict[str, Outcome]:
    unknown = sorted(names - set(CONDITIONS))
    if unknown:
        raise KeyError(f"no model condition named {', '.join(unknown)}")
    return {name: CONDITIONS[name](harness) for name in sorted(names)}


def build_row(figure: PublishedFigure, outcome: Outcome) -> Row:
    condition, quantity = figure.measure.split(".")
    if quantity not in outcome.values:
        raise KeyError(f"{figure.id}: condition '{condition}' measures no '{quantity}'")
    value = outcome.values[quantity]
    if isinstance(value, NoValue):
        failed = value.failure and figure.value is not None
        return Row(figure, None, value.reason, None, "red" if failed else None, outcome.how)
    model = float(value)
    if not math.isfinite(model):
        raise FloatingPointError(f"{figure.id}: the model gave {model}")
    difference = percent_difference(model, figure.value) if figure.value is not None else None
    return Row(figure, model, None, difference, mark(figure, model), outcome.how)


def build_rows(
    figures: list[PublishedFigure], harness: Harness
) -> tuple[list[Row], dict[str, Outcome]]:
    outcomes = run_conditions({f.measure.split(".")[0] for f in figures}, harness)
    rows = [build_row(f, outcomes[f.measure.split(".")[0]]) for f in figures]
    return rows, outcomes


def count_colours(rows: list[Row]) -> dict[str, int]:
    counts = {colour: 0 for colour in COLOURS}
    counts["none"] = 0
    for row in rows:
        counts[row.colour or "none"] += 1
    return counts


# -- rendering -----------------------------------------------------------------------------------
def _number(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def published_text(figure: PublishedFigure) -> str:
    if figure.value is None:
        return f"not found: {figure.missing}"
    text = _number(figure.value)
    if figure.low is not None and figure.high is not None:
        text += f" ({_number(figure.low)} to {_number(figure.high)}, {figure.spread})"
    if figure.derived:
        text += f"; {figure.derived}"
    return text


def model_text(row: Row) -> str:
    if row.model is None:
        return f"no value: {row.reason}"
    return _number(row.model)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rows: list[Row], observations: list[Observation] | None) -> str:
    counts = count_colours(rows)
    lines = [
        "# Validation: the model's haemodynamics beside published responses",
        "",
        "Generated by `python -m benchmarks.validation` from "
        "`resources/validation/references.json`; do not edit by hand.",
        "",
        "Each row is one published response (its source, the figure or table it comes from, and "
        "the conditions it was measured under) beside the value the model gives for the same "
        "condition, built with the session API (library scenarios and plan actions).",
        "",
        "**Marks.** Difference = (model - published) / |published|. "
        f"🟩 green: inside the published range, or within {GREEN_PERCENT:g} %; "
        f"🟧 amber: within {AMBER_PERCENT:g} %; 🟥 red: beyond, or the model lacks the response. "
        "— : no colour is claimed, because no published figure was found or the model cannot "
        "be put in the published condition (the row says which).",
        "",
        f"**Counts.** green {counts['green']}, amber {counts['amber']}, red {counts['red']}, "
        f"no colour {counts['none']} ({len(rows)} rows; "
        f"{sum(1 for r in rows if r.figure.calibrates)} of them check a figure the model was "
        "calibrated on).",
        "",
    ]
    for section, title in SECTION_TITLES.items():
        section_rows = [r for r in rows if r.figure.section == section]
        if not section_rows:
            continue
        section_counts = count_colours(section_rows)
        lines += [
            f"## {title}",
            "",
            f"green {section_counts['green']}, amber {section_counts['amber']}, "
            f"red {section_counts['red']}, no colour {section_counts['none']}",
            "",
        ]
        lines += [
            "| Published response | Source (where in it) | Conditions | Published | Model "
            "| Difference | Mark |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in section_rows:
            f = row.figure
            difference = (
                f"{row.difference_percent:+.0f} %" if row.difference_percent is not None else "—"
            )
            quantity = f"{f.quantity} ({f.unit})"
            if f.note:
                quantity += f". Note: {f.note}"
            if f.calibrates:
                quantity += f". Calibration: {f.calibrates}, so agreement is by construction"
            source = f"[{f.source.short}]({f.source.url}): {f.source.locator}"
            lines.append(
                "| "
                + " | ".join(
                    _cell(text)
                    for text in (
                        quantity,
                        source,
                        f.conditions,
                        published_text(f),
                        model_text(row),
                        difference,
                        SYMBOL[row.colour] + (" (calibration)" if f.calibrates else ""),
                    )
                )
                + " |"
            )
        hows = sorted({(r.figure.measure.split(".")[0], r.how) for r in section_rows})
        lines += ["", "Model set-up:", ""]
        lines += [f"- `{name}`: {how}" for name, how in hows]
        lines.append("")
    if observations is not None:
        lines += [
            "## Issue 9's five observations, measured again",
            "",
            "| # | Observation | How | In issue 9 | Now |",
            "|---|---|---|---|---|",
        ]
        for o in observations:
            lines.append(
                f"| {o.number} | {_cell(o.what)} | `{_cell(o.reproduce)}` | {_cell(o.in_issue)} "
                f"| {_cell(o.now)} |"
            )
        lines.append("")
    lines += ["## Sources", ""]
    sources = {row.figure.source.short: row.figure.source for row in rows}
    for short in sorted(sources):
        source = sources[short]
        lines.append(f"- **{short}**: {source.citation} (read: {source.read}). <{source.url}>")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these figure ids")
    parser.add_argument("--output", type=Path, default=OUTPUT_PATH, help="where to write")
    parser.add_argument(
        "--no-observations", action="store_true", help="leave out issue 9's observations"
    )
    parser.add_argument(
        "--schema", type=Path, metavar="FILE", help="write the references file's JSON Schema"
    )
    args = parser.parse_args(argv)
    if args.schema:
        schema = ReferencesFile.model_json_schema()
        args.schema.write_text(json.dumps(schema, indent=1) + "\n", encoding="utf-8")
        print(f"{args.schema}: JSON Schema of {REFERENCES_PATH.name}")
        return 0
    try:
        references = load_references()
    except ReferencesError as error:
        print(error, file=sys.stderr)
        return 2
    figures = references.figures
    if args.only:
        known = {f.id for f in figures}
        unknown = [i for i in args.only if i not in known]
        if unknown:
            print(f"no figure with id {', '.join(unknown)}", file=sys.stderr)
            return 2
        figures = [f for f in figures if f.id in set(args.only)]
    harness = Harness()
    rows, _ = build_rows(figures, harness)
    observations = None if args.no_observations else measure_observations(harness)
    args.output.write_text(render(rows, observations), encoding="utf-8")
    counts = count_colours(rows)
    print(
        f"{args.output}: {len(rows)} rows: green {counts['green']}, amber {counts['amber']}, "
        f"red {counts['red']}, no colour {counts['none']}"
    )
    for o in observations or []:
        print(f"  observation {o.number}: {o.now} (issue 9: {o.in_issue})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
