"""The live-session driver: one attempt played step by step for a display (DESIGN.md §5.1).

The driver owns a :class:`Session`, the plan being watched (the expert's, a mistake, a plan file,
or none for a free session) and the times it can rewind to. ``advance_to`` applies the plan's
actions as their times come and steps the session exactly as ``replay`` does, one step at a
time (``Session.advance_step``) so that a display can stop between any two steps; at the end of
the plan its metrics and score are those ``grade`` reports, bit for bit.

After each call the driver publishes the newest :class:`Snapshot` and a :class:`LiveReadout`
(gauges with alarm states, trends, events, each objective so far and the running score). The
objectives, the scenario's and the built-in safety ones, are judged by
``scoring.report.judge_metrics`` on the session's own metrics: there is no second implementation.
Nothing here imports Qt; a GUI worker thread calls ``advance_to`` and the
display thread reads ``latest``, which is replaced in one assignment.

Checkpoints are copies of the driver's state (the session with it) taken just before and just
after the actions of each time, and every five simulated minutes; ``rewind_to`` restores the
latest one before the time asked for and steps on from there, which gives the state a replay from
the start gives, bit for bit. ``replace_actions`` (the plan editor's undo, redo, insert, delete
and retime) swaps the plan and restores the newest checkpoint the change leaves true, so an
edited plan's state is the one a replay of the new plan gives, again bit for bit.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.sparse import identity
from scipy.sparse.linalg import splu

from simulator.devices.drainage import RESERVOIR_LEVEL_ALARM_ML
from simulator.physics.network import Network
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.plan_file import PlanFile
from simulator.scenario.scenario_file import ScenarioFile
from simulator.scoring.objectives import ObjectiveResult
from simulator.scoring.report import grade_session, judge_metrics
from simulator.session.actions import ISOLATION_PROCEDURES
from simulator.session.events import Event
from simulator.session.limits import HYPOTENSION_MMHG, LEAK_ALARM_FRACTION, REGION_OVERPRESSURE_MMHG
from simulator.session.replay import OBSERVATION_AFTER_LAST_ACTION_S
from simulator.session.session import Session, Snapshot
from simulator.session.trend_columns import TrendArrays, TrendColumns

AlarmState = Literal["normal", "warning", "alarm"]

RESERVOIR_LEVEL_WARNING_SHARE = 0.5
"""The reservoir gauge warns at half the level change that raises the session's alarm."""
NEAR_THRESHOLD_SHARE = 0.8
"""A gauge judged by an objective warns once its value has gone this far towards the limit."""
FREE_SESSION_S = 4 * 3600.0
"""A session without a plan and without a procedure time limit ends after four hours."""
TIME_TOLERANCE_S = 1e-9
"""The same tolerance ``Session.advance`` uses to decide it has reached a time."""
CHECKPOINT_EVERY_S = 300.0
"""Besides one after every action, a checkpoint every five simulated minutes (a copy takes
about 10 ms): a rewind then replays at most five minutes."""
CHECKPOINTED = (
    "session",
    "_next",
    "_trends",
    "_leaked_mg",
    "_sampling_pressure_mmHg",
    "_last_step_start_s",
    "_leak_rate_percent_min",
    "_last_step_s",
)
"""The driver's attributes that change while it plays: what a checkpoint holds."""
_SUPERLU = type(splu(identity(1, format="csc")))


SHARED_WHEN_COPIED = (_SUPERLU, Network)
"""What a checkpoint shares instead of copying: nothing changes either once it is made (a
device change or a retone makes a new network, and a new factorization with it). Sparse LU
factorizations cannot be copied at all; a network is most of what a copy of the session would
otherwise cost (five of them, 2-3 ms each)."""


@contextmanager
def _sharing_factorizations() -> Iterator[None]:
    """Let ``copy.deepcopy`` share the immutable objects of ``SHARED_WHEN_COPIED``."""
    dispatch = copy._deepcopy_dispatch  # the documented way needs a __deepcopy__ on the C type
    for kind in SHARED_WHEN_COPIED:
        dispatch[kind] = _shared
    try:
        yield
    finally:
        for kind in SHARED_WHEN_COPIED:
            dispatch.pop(kind, None)


def _shared(item, memo):
    return item


@dataclass(frozen=True)
class Reading:
    """One gauge: its value now, its alarm state and why."""

    key: str
    caption: str
    value: float
    unit: str
    decimals: int
    state: AlarmState
    reason: str

    @property
    def text(self) -> str:
        if not math.isfinite(self.value):
            return "–"
        return f"{self.value:.{self.decimals}f}"


@dataclass(frozen=True)
class LiveReadout:
    t_s: float
    end_s: float
    phase: str
    phases: tuple[tuple[float, str], ...]
    """The phases entered so far, with their start times."""
    planned_phases: tuple[tuple[float, str], ...]
    """The phases the plan marks, with their times (empty for a free session)."""
    readings: dict[str, Reading]
    trends: dict[str, np.ndarray]
    """``t_s``, ``map_mmHg``, ``region_pressure_mmHg``, ``leak_percent``,
    ``sampling_pressure_mmHg`` (beat mean at the systemic sampling site) and, per drug given,
    ``<drug>_target_mg_l`` (mean over the targets) and ``<drug>_systemic_mg_l``."""
    drugs: tuple[str, ...]
    events: tuple[Event, ...]
    objectives: tuple[ObjectiveResult, ...]
    score: float
    passed: bool
    next_action_s: float | None
    finished: bool
    sampling_node: int
    """The network node of the scenario's systemic sampling site (the arterial line)."""
    delivered_mg: dict[str, float] = field(default_factory=dict)
    """Each drug given so far (mg, or the drug's amount unit), from the session's ledgers: what
    the shelf subtracts from the protocol's dose to show the dose left."""


class LiveSession:
    def __init__(
        self,
        scenario: ScenarioFile,
        atlas: AtlasFile,
        plan: PlanFile | None = None,
        dt_s: float = 1.0,
        end_s: float | None = None,
    ) -> None:
        """``end_s`` overrides where the session ends (an attempt being edited ends at the
        scenario's time limit, not two minutes after its latest action)."""
        self.scenario = scenario
        self.atlas = atlas
        self.plan = plan
        self.dt_s = dt_s
        self.actions = tuple(plan.actions) if plan is not None else ()
        if self.actions:
            self.end_s = max(a.t_s for a in self.actions) + OBSERVATION_AFTER_LAST_ACTION_S
        elif scenario.time_limits.procedure_max_min:
            self.end_s = 60.0 * scenario.time_limits.procedure_max_min
        else:
            self.end_s = FREE_SESSION_S
        if end_s is not None:
            self.end_s = end_s
        self.planned_phases = _planned_phases(self.actions)
        self._restart()

    def _restart(self) -> None:
        self.checkpoints: list[tuple[float, dict]] = []
        self.session = Session(self.scenario, self.atlas, dt_s=self.dt_s)
        self._next = 0
        self._trends = TrendColumns()
        self._leaked_mg = 0.0
        self._sampling_pressure_mmHg: list[float] = []
        self._last_step_start_s = 0.0
        self._leak_rate_percent_min = 0.0
        self._trend_arrays = TrendArrays()
        self._last_step_s = 0.0
        """How far the last step went (0 before the first): a checkpoint at an action's time is
        reached by the new plan's steps only if it was a whole step."""
        self.latest: tuple[Snapshot, LiveReadout] = self._publish()
        self._checkpoint()

    # -- checkpoints --------------------------------------------------------------------------
    def _copy_state(self, state: dict) -> dict:
        session = state["session"]
        # Read-only inputs and the rows already recorded are shared, not copied.
        shared = [session.scenario, session.atlas, session.catalog, session.drugs]
        shared += [session._resolution, *session.timeseries]
        memo = {id(item): item for item in shared}
        # Lists of floats that grow every step: a shallow copy is a deep one, 100 times faster.
        floats = [*state["_trends"].columns.values(), state["_sampling_pressure_mmHg"]]
        memo.update((id(values), list(values)) for values in floats)
        with _sharing_factorizations():
            return copy.deepcopy(state, memo)

    def _checkpoint(self) -> None:
        state = {name: getattr(self, name) for name in CHECKPOINTED}
        self.checkpoints.append((self.session.time_s, self._copy_state(state)))

    def _restore(self, state: dict) -> None:
        for name, value in self._copy_state(state).items():
            setattr(self, name, value)

    # -- time ---------------------------------------------------------------------------------
    @property
    def time_s(self) -> float:
        return self.session.time_s

    @property
    def finished(self) -> bool:
        return self.session.time_s >= self.end_s - TIME_TOLERANCE_S

    def next_action_time(self) -> float | None:
        """When the next action of the plan is applied (None when none is left)."""
        if self._next < len(self.actions) and self.actions[self._next].t_s <= self.end_s:
            return self.actions[self._next].t_s
        return None

    def apply_due_actions(self) -> None:
        """Apply the plan's actions whose time has come (and not yet applied)."""
        session = self.session
        while self._next < len(self.actions):
            action = self.actions[self._next]
            if action.t_s > self.end_s or session.time_s < action.t_s - TIME_TOLERANCE_S:
                return
            if self._checkpointed_at() != (session.time_s, self._next):
                self._checkpoint()  # before the first action of this time: what undo goes back to
            session.apply(action)
            self._next += 1
            if self._next == len(self.actions) or self.actions[self._next].t_s > action.t_s:
                self._checkpoint()  # after the last action of this time

    def _step_once(self) -> None:
        """One session step towards what ``replay`` advances to next (an action or the end)."""
        upcoming = self.next_action_time()
        until = upcoming if upcoming is not None else self.end_s
        before_s = self.session.time_s
        self.session.advance_step(until)
        self._last_step_s = self.session.time_s - before_s
        self._measure_leak_rate()
        session = self.session
        node = session.scenario_nodes().sampling
        self._sampling_pressure_mmHg.append(float(session.state.pressure_mmHg[node]))
        if session.time_s >= self.checkpoints[-1][0] + CHECKPOINT_EVERY_S:
            self._checkpoint()

    def advance_to(self, t_s: float) -> tuple[Snapshot, LiveReadout]:
        """Apply the actions due by ``t_s`` and step until the session reaches it (or the end).

        The last step may pass ``t_s`` by less than one time step: the steps are the grader's."""
        self._advance(t_s)
        return self.publish()

    def advance_quietly(self, t_s: float) -> None:
        """``advance_to`` without publishing: ``latest`` stays what it was (for a caller that
        publishes itself, less often than it advances)."""
        self._advance(t_s)

    def _advance(self, t_s: float) -> None:
        target = min(t_s, self.end_s)
        self.apply_due_actions()
        while self.session.time_s < target - TIME_TOLERANCE_S:
            self._step_once()
            self.apply_due_actions()

    def step(self) -> tuple[Snapshot, LiveReadout]:
        """One time step (or up to the next action, if that comes sooner)."""
        if not self.finished:
            self.apply_due_actions()
            self._step_once()
            self.apply_due_actions()
        return self.publish()

    def jump_to_next_action(self) -> tuple[Snapshot, LiveReadout]:
        """Advance to the next action of the plan and apply it (to the end if none is left)."""
        self.apply_due_actions()  # those due now are not "next"
        upcoming = self.next_action_time()
        return self.advance_to(upcoming if upcoming is not None else self.end_s)

    def rewind_to(self, t_s: float) -> tuple[Snapshot, LiveReadout]:
        """Go back (or forward) to ``t_s``: from the latest checkpoint at or before it."""
        earlier = [(time, state) for time, state in self.checkpoints if time <= t_s]
        checkpoint_s, state = earlier[-1]
        self._restore(state)
        self.checkpoints = [c for c in self.checkpoints if c[0] <= checkpoint_s]
        return self.advance_to(t_s)

    def run_to_end(self) -> tuple[Snapshot, LiveReadout]:
        return self.advance_to(self.end_s)

    def report(self) -> dict:
        """The grade report of the session so far (at the end: what ``grade`` prints)."""
        return grade_session(self.session)

    # -- editing the plan -------------------------------------------------------------------
    def _checkpointed_at(self) -> tuple[float, int] | None:
        if not self.checkpoints:
            return None
        time_s, state = self.checkpoints[-1]
        return time_s, state["_next"]

    def _holds(self, time_s: float, state: dict, first_change: int, limit_s: float) -> bool:
        """A state (a checkpoint, or the present one) is still true for a changed plan when it
        applied none of the changed actions and lies no later than the first of them: a replay of
        the new plan reaches that time by the same steps. At that very time only if its last step
        was a whole one, as the new plan's replay would take it (a step cut short to meet a
        removed action is not)."""
        if state["_next"] > first_change or time_s > limit_s + TIME_TOLERANCE_S:
            return False
        whole_step = state["_last_step_s"] in (0.0, self.dt_s)
        return time_s < limit_s - TIME_TOLERANCE_S or whole_step

    def replace_actions(
        self, actions, resume_s: float | None = None, end_s: float | None = None
    ) -> tuple[Snapshot, LiveReadout]:
        """Make ``actions`` (in time order) the plan and go to ``resume_s`` (default: where the
        session is): the state a replay of ``actions`` gives there, bit for bit.

        The session goes back only as far as the change asks: to the newest state that applied
        none of the changed actions. An action added at the session's time needs no going back."""
        old, new = self.actions, tuple(actions)
        first_change = next(
            (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
            min(len(old), len(new)),
        )
        resume_s = self.time_s if resume_s is None else resume_s
        self.actions = new
        self.planned_phases = _planned_phases(new)
        if end_s is not None:
            self.end_s = end_s
        changed = old[first_change : first_change + 1] + new[first_change : first_change + 1]
        limit_s = min([a.t_s for a in changed] + [resume_s])
        present = {name: getattr(self, name) for name in CHECKPOINTED}
        if not self._holds(self.time_s, present, first_change, limit_s):
            held = [
                index
                for index, (time_s, state) in enumerate(self.checkpoints)
                if self._holds(time_s, state, first_change, limit_s)
            ]
            newest = held[-1]  # the first checkpoint, at 0 s before any action, always holds
            self._restore(self.checkpoints[newest][1])
            del self.checkpoints[newest + 1 :]
        return self.advance_to(resume_s)

    def report_at(self, t_s: float) -> dict:
        """The grade report at ``t_s`` (at a plan's end, what ``grade`` prints), computed on a
        copy: the session, its checkpoints and what it published stay as they are."""
        present = {name: getattr(self, name) for name in CHECKPOINTED}
        checkpoints, latest, end_s = list(self.checkpoints), self.latest, self.end_s
        try:
            self.end_s = t_s  # the grader's last step ends exactly there
            if self.time_s > t_s + TIME_TOLERANCE_S:
                self._restore([state for time, state in checkpoints if time <= t_s][-1])
            else:
                self._restore(present)  # a copy: on from here
            self._advance(t_s)
            return self.report()
        finally:
            for name, value in present.items():
                setattr(self, name, value)
            self.checkpoints, self.latest, self.end_s = checkpoints, latest, end_s

    # -- readout ------------------------------------------------------------------------------
    def _leaked_total_mg(self) -> float:
        session = self.session
        return sum(
            ledger.leaked_mg
            for drug, ledger in session.metrics.ledgers.items()
            if drug in session.cytotoxic
        )

    def _measure_leak_rate(self) -> None:
        # The grader's peak leak rate is drug leaked per second over the planned dose; the gauge
        # shows the same quantity over the last step, in % of the dose per minute.
        session = self.session
        leaked = self._leaked_total_mg()
        step_s = session.time_s - self._last_step_start_s
        if step_s > 0.0:
            dose = self._planned_dose_mg()
            rate = (leaked - self._leaked_mg) / step_s
            self._leak_rate_percent_min = 100.0 * 60.0 * rate / dose if dose > 0 else 0.0
        self._leaked_mg = leaked
        self._last_step_start_s = session.time_s

    def _planned_dose_mg(self) -> float:
        metrics = self.session.metrics
        if metrics.planned_dose_mg > 0:
            return metrics.planned_dose_mg
        return sum(
            ledger.delivered_mg
            for drug, ledger in metrics.ledgers.items()
            if drug in self.session.cytotoxic
        )

    def _update_trends(self) -> None:
        self._trends.read(
            self.session.timeseries, tuple(self.session.transports), tuple(self.scenario.targets)
        )

    def publish(self) -> tuple[Snapshot, LiveReadout]:
        self.latest = self._publish()
        return self.latest

    def _publish(self) -> tuple[Snapshot, LiveReadout]:
        session = self.session
        self._update_trends()
        metrics = session.metrics.summary(session.cytotoxic)
        score, passed, results = judge_metrics(self.scenario.objectives, metrics)
        arrays = self._trend_arrays
        trends = {key: arrays.array(key, values) for key, values in self._trends.columns.items()}
        trends["sampling_pressure_mmHg"] = arrays.array(
            "sampling_pressure_mmHg", self._sampling_pressure_mmHg
        )
        readout = LiveReadout(
            t_s=session.time_s,
            end_s=self.end_s,
            phase=session.phase,
            phases=tuple(session.phases),
            planned_phases=self.planned_phases,
            readings=self._readings(metrics),
            trends=trends,
            drugs=tuple(session.transports),
            events=tuple(session.events),
            objectives=tuple(results),
            score=score,
            passed=passed,
            next_action_s=self.next_action_time(),
            finished=self.finished,
            sampling_node=session.scenario_nodes().sampling,
            delivered_mg={
                drug: ledger.delivered_mg for drug, ledger in session.metrics.ledgers.items()
            },
        )
        return session.snapshot(), readout

    def _readings(self, metrics: dict) -> dict[str, Reading]:
        session = self.session
        row = session.timeseries[-1] if session.timeseries else None
        map_mmHg = session.mean_arterial_pressure()
        co = float(session.state.flow_ml_s[session.network.edge_index("aortic_valve")]) * 0.06
        if not session.pressure_nodes.any():
            region_mmHg = float("nan")  # a scenario without a region (the resting baseline)
        elif row is not None:
            region_mmHg = row["max_region_pressure_mmHg"]
        else:
            region_mmHg = float(session.state.pressure_mmHg[session.pressure_nodes].max())
        isolated = bool(session.sealing_balloons or session.full_cuffs)
        delivered = metrics["delivered_mg"] > 0.0
        leak_percent = 100.0 * metrics["leak_fraction"]
        exposure = metrics["exposure_ratio_auc"] if delivered else float("nan")
        objectives = {o.metric: o for o in self.scenario.objectives}
        isolation = self.scenario.procedure in ISOLATION_PROCEDURES
        readings = [
            _reading("map", "MAP", map_mmHg, "mmHg", 0, *_map_state(map_mmHg)),
            _reading(
                "heart_rate",
                "Heart rate",
                session.network.heart_rate_bpm,
                "bpm",
                0,
                *_band(session.network.heart_rate_bpm, (50, 40), (110, 130), "heart rate"),
            ),
            _reading("cardiac_output", "Cardiac output", co, "L/min", 2, *_co_state(co)),
            _reading(
                "cvp",
                "CVP",
                session.central_venous_pressure(),
                "mmHg",
                1,
                *_band(session.central_venous_pressure(), (1, -5), (12, 18), "central venous"),
            ),
            _reading(
                "region_pressure",
                "Isolated segment",
                region_mmHg,
                "mmHg",
                0,
                *_worse(
                    _region_state(region_mmHg, map_mmHg, isolated),
                    _objective_state(
                        region_mmHg,
                        objectives.get("max_region_pressure_mmHg"),
                        None,
                        "isolated-segment pressure",
                    )
                    if isolated
                    else ("normal", ""),
                ),
            ),
            _reading(
                "leak",
                "Leak",
                leak_percent,
                "%",
                1,
                *_objective_state(
                    leak_percent / 100.0,
                    objectives.get("leak_fraction"),
                    LEAK_ALARM_FRACTION if isolation else None,
                    "cumulative leak",
                ),
            ),
            _reading(
                "leak_rate",
                "Leak rate",
                self._leak_rate_percent_min,
                "%/min",
                2,
                *_objective_state(
                    self._leak_rate_percent_min / 100.0,
                    objectives.get("peak_leak_rate_per_min"),
                    None,
                    "leak rate",
                ),
            ),
            _reading(
                "exposure_ratio",
                "Exposure ratio",
                exposure,
                "×",
                1,
                *(
                    _objective_state(exposure, objectives.get("exposure_ratio_auc"), None, "")
                    if delivered
                    else ("normal", "no drug given yet")
                ),
            ),
            _reservoir_reading(session),
        ]
        return {reading.key: reading for reading in readings}


def _reservoir_reading(session) -> Reading:
    """How far a gravity-drained reservoir's level is from what the perfusionist expects (the
    priming volume plus what went into the region): falling means perfusate is leaving the
    limb, rising that systemic blood is entering it. NaN without such a reservoir."""
    drained = [c for c in session.devices.circuits.values() if c.drain_head_cm is not None]
    if not drained:
        return _reading("reservoir", "Reservoir", math.nan, "mL", 0, "normal", "")
    change = sum(c.reservoir_ml - c.level_reference_ml for c in drained)
    warn = RESERVOIR_LEVEL_WARNING_SHARE * RESERVOIR_LEVEL_ALARM_ML
    state, reason = _band(
        change, (-warn, -RESERVOIR_LEVEL_ALARM_ML), (warn, RESERVOIR_LEVEL_ALARM_ML), "level change"
    )
    level = sum(c.reservoir_ml for c in drained)
    return _reading(
        "reservoir",
        "Reservoir",
        change,
        "mL",
        0,
        state,
        f"{reason} mL (level {level:.0f} mL; falling: perfusate leaving the region, rising: "
        "systemic blood entering it)",
    )


def _planned_phases(actions) -> tuple[tuple[float, str], ...]:
    return tuple((a.t_s, a.phase) for a in actions if a.action == "mark_phase")


def _reading(key, caption, value, unit, decimals, state, reason) -> Reading:
    return Reading(key, caption, float(value), unit, decimals, state, reason)


def _map_state(map_mmHg: float) -> tuple[AlarmState, str]:
    if map_mmHg < HYPOTENSION_MMHG:
        return "alarm", f"hypotension: below {HYPOTENSION_MMHG:g} mmHg"
    if map_mmHg < HYPOTENSION_MMHG + 5.0:
        return "warning", f"close to hypotension ({HYPOTENSION_MMHG:g} mmHg)"
    if map_mmHg > 130.0:
        return "alarm", "hypertension: above 130 mmHg"
    if map_mmHg > 110.0:
        return "warning", "high: above 110 mmHg"
    return "normal", "within 65 to 110 mmHg"


def _co_state(co_l_min: float) -> tuple[AlarmState, str]:
    if co_l_min < 2.5:
        return "alarm", "low output: below 2.5 L/min"
    if co_l_min < 3.5:
        return "warning", "low: below 3.5 L/min"
    return "normal", "at least 3.5 L/min"


def _band(
    value: float, low: tuple[float, float], high: tuple[float, float], what: str
) -> tuple[AlarmState, str]:
    """``low`` and ``high`` are (warning, alarm) limits on each side."""
    if value < low[1] or value > high[1]:
        return "alarm", f"{what} outside {low[1]:g} to {high[1]:g}"
    if value < low[0] or value > high[0]:
        return "warning", f"{what} outside {low[0]:g} to {high[0]:g}"
    return "normal", f"{what} within {low[0]:g} to {high[0]:g}"


SEVERITY = {"normal": 0, "warning": 1, "alarm": 2}


def _worse(*states: tuple[AlarmState, str]) -> tuple[AlarmState, str]:
    """The most severe of several judgements of one gauge (the first of equals)."""
    return max(states, key=lambda state: SEVERITY[state[0]])


def _region_state(region_mmHg: float, map_mmHg: float, isolated: bool) -> tuple[AlarmState, str]:
    if not isolated:
        return "normal", "no isolation in place"
    above = region_mmHg - map_mmHg
    if above > REGION_OVERPRESSURE_MMHG:
        return "alarm", f"{above:.0f} mmHg above the systemic pressure: drug is driven out"
    if above > 0.5 * REGION_OVERPRESSURE_MMHG:
        return "warning", f"{above:.0f} mmHg above the systemic pressure"
    return "normal", "not above the systemic pressure by more than 25 mmHg"


def _objective_state(
    value: float, objective, clinical_limit: float | None, what: str
) -> tuple[AlarmState, str]:
    """Alarm beyond the scenario's objective threshold (or the clinical limit where the scenario
    sets none); warning once the value has gone most of the way there."""
    if objective is not None:
        threshold, upper = objective.threshold, objective.comparison == "le"
        source = f"objective '{objective.title}'"
    elif clinical_limit is not None:
        threshold, upper, source = clinical_limit, True, "clinical alarm limit"
    else:
        return "normal", f"{what} has no limit in this scenario".strip()
    if upper:
        if value > threshold:
            return "alarm", f"beyond the {source} ({threshold:g})"
        if value > NEAR_THRESHOLD_SHARE * threshold:
            return "warning", f"close to the {source} ({threshold:g})"
        return "normal", f"within the {source} ({threshold:g})"
    if value < threshold:
        return "warning", f"below the {source} ({threshold:g}) so far"
    return "normal", f"meets the {source} ({threshold:g})"
