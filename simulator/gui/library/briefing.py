"""The briefing a trainee reads before starting a scenario, as HTML for a QTextBrowser.

Everything comes from the scenario file, the device catalog and the drug table, and every piece of
text from a file is escaped: a scenario author's ``<`` or ``&`` is shown, never interpreted. An
invalid file gets its problem lines instead (file, JSON path, reason), as ``validate`` prints
them. Plain functions returning strings, so tests read the text without a window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from simulator.commands.catalog import _device_line as device_key_figures
from simulator.devices.catalog import load_catalog, load_drugs
from simulator.gui.library.entries import LibraryEntry, procedure_name
from simulator.scenario.catalog_file import CatalogFile
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.errors import Problem
from simulator.scenario.scenario_file import BOOLEAN_METRICS, Objective, ScenarioFile

METRIC_NAMES: dict[str, str] = {
    "leak_fraction": "leak out of the region",
    "peak_leak_rate_per_min": "peak leak rate",
    "exposure_ratio_auc": "target / systemic exposure (AUC)",
    "target_coverage": "target coverage",
    "max_region_pressure_mmHg": "highest pressure in the region",
    "critical_bed_exposure_ratio": "critical-bed / target exposure",
    "max_systemic_concentration_mg_l": "peak systemic concentration",
    "ischemia_time_min": "ischaemia time",
    "tourniquet_time_min": "tourniquet time",
    "isolation_checked_before_infusion": "isolation checked before the drug",
    "filtration_before_deflation": "filtration or washout before release",
    "balloon_overdistension": "balloon overdistension",
    "venous_congestion_time_min": "venous congestion time",
    "mass_balance_residual": "drug mass balance residual",
    "safety_event_count": "safety events",
}
"""What each metric measures, in the words of the debrief."""

_PERCENT_METRICS = {"leak_fraction", "target_coverage"}
_UNITS = {
    "max_region_pressure_mmHg": " mmHg",
    "max_systemic_concentration_mg_l": " mg/L",
    "ischemia_time_min": " min",
    "tourniquet_time_min": " min",
    "venous_congestion_time_min": " min",
    "exposure_ratio_auc": " ×",
    "critical_bed_exposure_ratio": " ×",
}


def _number(value: float) -> str:
    return f"{value:.3g}"


def threshold_text(objective: Objective) -> str:
    """``≤ 10 %``, ``≥ 3 ×``, ``≤ 35 mmHg``, ``yes``: the pass condition in the metric's unit."""
    return condition_text(objective.metric, objective.comparison, objective.threshold)


def condition_text(metric: str, comparison: str, threshold: float) -> str:
    """An objective's pass condition in its metric's unit (``threshold_text``)."""
    if metric in BOOLEAN_METRICS:
        # booleans compare as 1 and 0: "ge 1" asks for true, "le 0" for false
        if comparison == "ge" and threshold == 1.0:
            return "yes"
        if comparison == "le" and threshold == 0.0:
            return "no"
        return "yes or no"
    sign = "≤" if comparison == "le" else "≥"
    return f"{sign} {value_text(metric, threshold)}"


def value_text(metric: str, value: float) -> str:
    """A metric's value in the unit its objectives are written in: a fraction as per cent, a
    boolean as yes or no, a count whole (``–`` for a value not known yet)."""
    if value != value:
        return "–"
    if metric in BOOLEAN_METRICS:
        return "yes" if value else "no"
    if metric in _PERCENT_METRICS:
        return f"{_number(value * 100.0)} %"
    if metric == "peak_leak_rate_per_min":
        return f"{_number(value * 100.0)} %/min"
    if metric == "safety_event_count":
        return f"{value:.0f}"
    return f"{_number(value)}{_UNITS.get(metric, '')}"


def _section(title: str, body: str) -> str:
    return f"<h3>{escape(title)}</h3>{body}"


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table whose cells are already HTML (callers escape what came from a file)."""
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td valign='top'>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table cellspacing='0' cellpadding='4' width='100%'><tr>{head}</tr>{body}</table>"


def _patient_line(scenario: ScenarioFile) -> str:
    patient = scenario.patient
    parts = [
        patient.sex.capitalize(),
        f"{patient.age_years:.0f} years",
        f"{patient.weight_kg:g} kg",
        f"{patient.height_cm:g} cm",
        f"BSA {patient.body_surface_area_m2:.2f} m²",
    ]
    if patient.limb_volume_l is not None:
        parts.append(f"limb volume {patient.limb_volume_l:g} L")
    return ", ".join(parts)


def _objectives(scenario: ScenarioFile) -> str:
    if not scenario.objectives:
        return _paragraph("No objectives: this case is for exploring, not graded.")
    total = sum(objective.weight for objective in scenario.objectives)
    rows = [
        (
            f"<b>{escape(o.title)}</b><br><small>{escape(o.teaching_point)}</small>",
            escape(METRIC_NAMES.get(o.metric, o.metric)),
            f"<b>{escape(threshold_text(o))}</b>",
            f"{o.weight:g} ({o.weight / total:.0%})",
        )
        for o in scenario.objectives
    ]
    return _table(("Objective", "Measure", "Pass when", "Weight"), rows)


def _drug_protocol(scenario: ScenarioFile, drugs: DrugsFile) -> str:
    if not scenario.drug_protocol:
        return _paragraph("No drug.")
    rows = []
    for dose in scenario.drug_protocol:
        name = drugs.drug(dose.drug).name if dose.drug in drugs.ids else dose.drug
        rows.append(
            (
                f"<b>{escape(name)}</b>",
                f"{dose.dose_mg:g} mg",
                escape(dose.dose_calculation) + f"<br><small>{escape(dose.source)}</small>",
            )
        )
    return _table(("Drug", "Dose", "Calculation"), rows)


def _device_shelf(scenario: ScenarioFile, catalog: CatalogFile) -> str:
    if not scenario.device_shelf:
        return _paragraph("No devices: watch the resting circulation.")
    rows = []
    for device_id in scenario.device_shelf:
        if device_id not in catalog.ids:
            rows.append((escape(device_id), "", "not in the device catalog"))
            continue
        device = catalog.device(device_id)
        rows.append(
            (
                f"<b>{escape(device.name)}</b>",
                escape(device.type.replace("_", " ")),
                escape(device_key_figures(device)),
            )
        )
    return _table(("Device", "Kind", "Key figures"), rows)


def _time_limits(scenario: ScenarioFile) -> str:
    limits = scenario.time_limits
    figures = [
        (name, value)
        for name, value in (
            ("stop-flow at most", limits.stop_flow_max_min),
            ("tourniquet at most", limits.tourniquet_max_min),
            ("whole procedure at most", limits.procedure_max_min),
        )
        if value is not None
    ]
    text = _paragraph(scenario.briefing.time_limits)
    if figures:
        text += "<p>" + "; ".join(f"{escape(n)} <b>{v:g} min</b>" for n, v in figures) + "</p>"
    return text


def scenario_html(
    scenario: ScenarioFile,
    catalog: CatalogFile | None = None,
    drugs: DrugsFile | None = None,
) -> str:
    """The whole briefing: header, the colleague's notes, steps, objectives, drugs and shelf."""
    catalog = load_catalog() if catalog is None else catalog
    drugs = load_drugs() if drugs is None else drugs
    briefing = scenario.briefing
    subtitle = f"{procedure_name(scenario.procedure)} · {scenario.difficulty}"
    tumours = "".join(f"<li>{escape(t.label)}</li>" for t in scenario.tumors)
    steps = "".join(f"<li>{escape(step)}</li>" for step in briefing.steps)
    parts = [
        f"<h2>{escape(scenario.title)}</h2>",
        f"<p><b>{escape(subtitle)}</b><br>{escape(_patient_line(scenario))}</p>",
        f"<p><i>{escape(scenario.summary)}</i></p>",
        _section("Indication", _paragraph(briefing.indication)),
        _section(
            "Anatomy", _paragraph(briefing.anatomy_notes) + (f"<ul>{tumours}</ul>" * bool(tumours))
        ),
        _section("Devices", _paragraph(briefing.devices_notes)),
        _section("Drug and dose", _paragraph(briefing.drug_and_dose)),
        _section("Time limits", _time_limits(scenario)),
        _section("Steps", f"<ol>{steps}</ol>"),
        _section("Objectives", _objectives(scenario)),
        _section("Drug protocol", _drug_protocol(scenario, drugs)),
        _section("Device shelf", _device_shelf(scenario, catalog)),
    ]
    return "".join(parts)


def problems_html(entry: LibraryEntry) -> str:
    """Why a file cannot be started: one line per problem, as ``validate`` prints them (the file
    is named once above them; a problem found in another file names that file)."""
    lines = "".join(_problem_item(problem, entry) for problem in entry.problems)
    return (
        f"<h2>{escape(entry.path.name)} cannot be started</h2>"
        f"<p>{escape(str(entry.path))}</p>"
        "<p>The file is not a valid scenario. Fix these problems (the JSON path says where"
        " in the file) and open it again:</p>"
        f"<ul>{lines}</ul>"
    )


def _problem_item(problem: Problem, entry: LibraryEntry) -> str:
    elsewhere = "" if problem.file == str(entry.path) else f"{escape(problem.file)}: "
    return f"<li>{elsewhere}<code>{escape(problem.json_path)}</code>: {escape(problem.reason)}</li>"


def entry_html(entry: LibraryEntry) -> str:
    if entry.scenario is None or entry.problems:
        return problems_html(entry)
    return scenario_html(entry.scenario)
