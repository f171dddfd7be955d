"""Issue 9's five observations, measured again on the current model (the same plans and times
the issue names), for the last section of the validation table."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.validation_conditions import (
    HAP_SCENARIO,
    Harness,
    ilp_leak_at,
    run_actions,
    session_vitals,
)
from simulator.scenario.plan_file import InflateBalloon
from simulator.session.replay import replay

FULL_AORTIC_FILL_ML = 18.8
"""The rated volume of the Aigner arterial balloon (catalog): fully inflated."""


@dataclass(frozen=True)
class Observation:
    number: int
    what: str
    reproduce: str
    in_issue: str
    now: str


def _replay_vitals(h: Harness, scenario_id: str, at_s: float) -> dict:
    scenario = h.scenario(scenario_id)
    return session_vitals(replay(scenario, h.expert_actions(scenario_id), h.atlas, until_s=at_s))


def thigh_cuffs(h: Harness) -> Observation:
    rest = _replay_vitals(h, HAP_SCENARIO, 119.0)
    cuffs = _replay_vitals(h, HAP_SCENARIO, 170.0)
    return Observation(
        1,
        "Two thigh cuffs at 300 mmHg on a resting patient (40 s after the second)",
        "state hap-pancreas --plan expert --at 170",
        "MAP 93 -> 72 mmHg, CO 6.3 -> 4.6 L/min",
        f"MAP {rest['mean_arterial_pressure_mmHg']:.0f} -> "
        f"{cuffs['mean_arterial_pressure_mmHg']:.0f} mmHg, CO "
        f"{rest['cardiac_output_l_min']:.1f} -> {cuffs['cardiac_output_l_min']:.1f} L/min, HR "
        f"{rest['heart_rate_bpm']:.0f} -> {cuffs['heart_rate_bpm']:.0f} /min",
    )


def lumbar_collaterals(h: Harness) -> Observation:
    v = _replay_vitals(h, "hap-pancreas-lumbar-collaterals", 300.0)
    co, map_ = v["cardiac_output_l_min"], v["mean_arterial_pressure_mmHg"]
    return Observation(
        2,
        "Isolated double-balloon HAP with lumbar collaterals",
        "state hap-pancreas-lumbar-collaterals --plan expert --at 300",
        "CO 1.8 L/min, MAP 60 mmHg",
        f"CO {co:.1f} L/min, MAP {map_:.0f} mmHg, HR {v['heart_rate_bpm']:.0f} /min",
    )


def supraceliac_balloon(h: Harness) -> Observation:
    inserts = [a for a in h.expert_actions(HAP_SCENARIO) if a.action == "insert_catheter"]
    aortic = next(a for a in inserts if a.catheter_id == "aortic")
    session = h.session(HAP_SCENARIO)
    inflate_at = aortic.t_s + 60.0
    inflate = InflateBalloon(t_s=inflate_at, catheter_id="aortic", volume_ml=FULL_AORTIC_FILL_ML)
    run_actions(session, [aortic], inflate_at)
    peak = 0.0
    run_actions(session, [inflate], inflate_at)
    for second in range(1, 121):
        session.advance(inflate_at + second)
        peak = max(peak, session_vitals(session)["mean_arterial_pressure_mmHg"])
    settled = session_vitals(session)
    now = settled["mean_arterial_pressure_mmHg"]
    return Observation(
        3,
        "A fully inflated supraceliac aortic balloon alone (no caval balloon, no cuffs)",
        f"hap-pancreas aortic catheter, balloon at its rated {FULL_AORTIC_FILL_ML} mL, 2 min",
        "pressure above it past 200 mmHg",
        f"aortic-root mean pressure {now:.0f} mmHg after 2 min (highest {peak:.0f}), HR "
        f"{settled['heart_rate_bpm']:.0f} /min",
    )


def fold(value: float, reference: float) -> str:
    return f"{value / reference:.3g}-fold" if reference > 0.0 else "none at the usual flow"


def ilp_flow(h: Harness) -> Observation:
    usual, tripled = ilp_leak_at(h, 250.0), ilp_leak_at(h, 750.0)
    return Observation(
        4,
        "Isolated limb perfusion: circuit flow tripled (250 -> 750 mL/min)",
        "grade ilp-sarcoma-leg expert with every circuit flow set to 250 and to 750 mL/min",
        "leak 3.4 % -> 5.2 % (1.5-fold)",
        f"leak {100 * usual:.3g} % -> {100 * tripled:.3g} % ({fold(tripled, usual)})",
    )


def ilup_alarms(h: Harness) -> Observation:
    scenario = h.scenario("ilup-lung-metastases")
    session = replay(scenario, h.expert_actions("ilup-lung-metastases"), h.atlas)
    alarms = sorted({e.kind for e in session.events if e.severity == "alarm"})
    return Observation(
        5,
        "The ilup-lung-metastases expert plan",
        "grade ilup-lung-metastases expert",
        "raises a venous-line-collapse alarm",
        "alarms: " + (", ".join(alarms) if alarms else "none"),
    )


OBSERVATIONS = (thigh_cuffs, lumbar_collaterals, supraceliac_balloon, ilp_flow, ilup_alarms)


def measure_observations(h: Harness) -> list[Observation]:
    return [observe(h) for observe in OBSERVATIONS]
