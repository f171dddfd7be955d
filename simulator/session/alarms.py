"""The patient's extremes: the alarms a monitor and an anaesthetist would raise, and cardiac
arrest, which scoring turns into a failed safety objective.

Each condition must hold for a stated time before it counts, so a single step through a
threshold (a balloon going up) does not sound, while a state the patient cannot survive does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HYPERTENSIVE_CRISIS_MAP_MMHG = 140.0
"""Hypertensive crisis is a systolic pressure above 180 and/or a diastolic above 120 mmHg
(Whelton PK et al., 2017 ACC/AHA high blood pressure guideline, Hypertension 2018;71:e13); a
mean of 120 + 60/3 = 140 mmHg."""
HYPERTENSION_HOLD_S = 10.0
ARREST_CARDIAC_OUTPUT_L_MIN = 0.5
"""[E] Below 0.5 L/min (under a tenth of the resting 5-6 L/min) no pulse is felt and no organ is
perfused: a circulatory arrest, whatever the rhythm."""
ARREST_MAP_MMHG = 20.0
"""[E] A mean arterial pressure below 20 mmHg gives no palpable pulse."""
ARREST_HOLD_S = 10.0
"""Cardiac arrest is recognised when no pulse is found within 10 s (Panchal AR et al., 2020 AHA
guidelines, adult basic and advanced life support, Circulation 2020;142:S366: a pulse check
takes no longer than 10 s)."""
BRAIN_ISCHAEMIA_FRACTION = 0.4
"""Cerebral blood flow below about 20 of the normal 50 mL/100 g/min (40 %) silences the cortex;
below 10 (20 %) tissue dies within minutes (Astrup J, Siesjo BK, Symon L. Thresholds in cerebral
ischemia, Stroke 1981;12:723-5)."""
BRAIN_ISCHAEMIA_HOLD_S = 30.0
"""[E] Consciousness is lost within about 10 s of global cerebral ischaemia; 30 s of flow below
the threshold is an ischaemic insult worth an alarm."""
HEART_ISCHAEMIA_FRACTION = 0.5
"""[E] At rest the heart already extracts most of the oxygen its blood brings, so flow below about
half of resting (coronary autoregulation exhausted) makes the subendocardium ischaemic."""
HEART_ISCHAEMIA_HOLD_S = 30.0
"""[E] Regional contraction fails within 30-60 s of severe coronary hypoperfusion."""
BRAIN_BED = "brain"
HEART_BED = "heart_muscle"


@dataclass
class PatientWatch:
    """How long each extreme has lasted so far (s), and the resting bed flows it compares with."""

    resting_bed_flow_ml_s: dict[str, float]
    held_s: dict[str, float] = field(default_factory=dict)

    @classmethod
    def at_rest(cls, session) -> PatientWatch:
        net, flow = session.network, session.state.flow_ml_s
        resting = {
            bed: float(flow[net.bed_edges[bed][0]])
            for bed in (BRAIN_BED, HEART_BED)
            if bed in net.bed_edges
        }
        return cls(resting)

    def lasting(self, key: str, condition: bool, dt_s: float) -> float:
        """Seconds ``condition`` has held without a break, this step included."""
        self.held_s[key] = self.held_s.get(key, 0.0) + dt_s if condition else 0.0
        return self.held_s[key]


def check_patient(session, dt_s: float, map_mmHg: float) -> None:
    """Raise the alarms of this step's circulation and record a cardiac arrest."""
    watch = session.watch
    net, state = session.network, session.state
    cardiac_output_l_min = 0.06 * float(state.flow_ml_s[net.edge_index("aortic_valve")])
    if watch.lasting("hypertension", map_mmHg > HYPERTENSIVE_CRISIS_MAP_MMHG, dt_s) >= (
        HYPERTENSION_HOLD_S
    ):
        session.alarm_once(
            "hypertensive_crisis",
            "hypertensive_crisis",
            f"mean arterial pressure {map_mmHg:.0f} mmHg (over {HYPERTENSIVE_CRISIS_MAP_MMHG:.0f}):"
            " hypertensive crisis, risk of stroke and of cardiac failure",
        )
    no_output = cardiac_output_l_min < ARREST_CARDIAC_OUTPUT_L_MIN or map_mmHg < ARREST_MAP_MMHG
    if watch.lasting("arrest", no_output, dt_s) >= ARREST_HOLD_S:
        session.metrics.cardiac_arrest = True
        session.alarm_once(
            "cardiac_arrest",
            "cardiac_arrest",
            f"cardiac arrest: cardiac output {cardiac_output_l_min:.2f} L/min, mean arterial "
            f"pressure {map_mmHg:.0f} mmHg for {ARREST_HOLD_S:.0f} s; no pulse",
        )
    for bed, fraction, hold, organ in (
        (BRAIN_BED, BRAIN_ISCHAEMIA_FRACTION, BRAIN_ISCHAEMIA_HOLD_S, "brain"),
        (HEART_BED, HEART_ISCHAEMIA_FRACTION, HEART_ISCHAEMIA_HOLD_S, "heart"),
    ):
        resting = watch.resting_bed_flow_ml_s.get(bed)
        if not resting:
            continue
        flow = float(state.flow_ml_s[net.bed_edges[bed][0]])
        if watch.lasting(f"ischaemia:{bed}", flow < fraction * resting, dt_s) >= hold:
            session.alarm_once(
                f"ischaemia:{bed}",
                f"{organ}_ischaemia",
                f"{organ} ischaemia: its blood flow is {100.0 * flow / resting:.0f} % of resting "
                f"(below {100.0 * fraction:.0f} %) for {hold:.0f} s",
            )
