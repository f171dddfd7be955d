"""The words shown when the user points at something on the map: name, size, flow, pressure.

Plain functions from an atlas entry and its part of the state report to a few short lines, so
the status bar (one line) and the tooltip (several) say the same thing. Units follow DESIGN.md
§3: the core works in mL/s, the screen shows mL/min.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.scenario.atlas_file import (
    BedEntry,
    ChamberEntry,
    LimbRootEntry,
    SegmentEntry,
    ValveEntry,
)

KIND_NAMES = {
    "artery": "artery",
    "vein": "vein",
    "portal": "portal vein",
    "pulmonary_artery": "pulmonary artery",
    "pulmonary_vein": "pulmonary vein",
}

CHAMBER_PRESSURE_KEYS = {
    "left_atrium": "left_atrial_pressure_mmHg",
    "right_atrium": "central_venous_pressure_mmHg",
}
"""The chambers whose mean pressure the report carries."""

RETROGRADE_THRESHOLD_ML_S = 1e-6


def display_name(model_id: str, label: str = "") -> str:
    text = label or model_id.replace("_", " ")
    return text[:1].upper() + text[1:]


def format_flow_ml_min(flow_ml_s: float) -> str:
    value = flow_ml_s * 60.0
    if abs(value) >= 100.0:
        return f"{value:.0f}"
    if abs(value) >= 1.0:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_pressure(mmHg: float) -> str:
    return f"{mmHg:.0f}" if abs(mmHg) >= 20.0 else f"{mmHg:.1f}"


def segment_lines(segment: SegmentEntry, state: Mapping[str, float] | None) -> list[str]:
    details = (
        f"{KIND_NAMES.get(segment.kind, segment.kind)}, Ø {2 * segment.radius_proximal_mm:.1f} mm"
    )
    if segment.count > 1:
        details += f" × {segment.count}"
    if segment.collateral:
        details += ", collateral"
    if segment.default_strength == 0.0:
        details += ", absent in the standard patient"
    lines = [display_name(segment.id, segment.label), details]
    if state is not None:
        flow = state["flow_ml_s"]
        text = f"flow {format_flow_ml_min(flow)} mL/min"
        if segment.count > 1:
            text += f" (all {segment.count})"
        if flow < -RETROGRADE_THRESHOLD_ML_S:
            text += ", retrograde"
        lines.append(text)
        lines.append(
            f"pressure {format_pressure(state['pressure_in_mmHg'])} → "
            f"{format_pressure(state['pressure_out_mmHg'])} mmHg"
        )
    return lines


def bed_lines(bed: BedEntry, state: Mapping[str, float] | None) -> list[str]:
    lines = [display_name(bed.id, bed.label), f"{bed.kind} tissue bed"]
    if state is not None:
        lines.append(f"flow {format_flow_ml_min(state['flow_ml_s'])} mL/min")
        lines.append(f"{100.0 * state['fraction_of_cardiac_output']:.1f} % of cardiac output")
    return lines


def chamber_lines(chamber: ChamberEntry, report: Mapping[str, object] | None) -> list[str]:
    lines = [display_name(chamber.id), "heart chamber"]
    key = CHAMBER_PRESSURE_KEYS.get(chamber.id)
    if report is not None and key is not None and key in report:
        lines.append(f"mean pressure {format_pressure(float(report[key]))} mmHg")
    return lines


def valve_lines(valve: ValveEntry) -> list[str]:
    return [
        display_name(valve.id),
        f"{display_name(valve.from_node)} → {valve.to_node.replace('_', ' ')}",
    ]


def limb_root_lines(root: LimbRootEntry, labels: Mapping[str, str]) -> list[str]:
    names = ", ".join(labels.get(c.segment, c.segment) for c in root.crossing)
    return [f"Cuff level: {root.id.replace('_', ' ')}", f"crosses {names}"]
