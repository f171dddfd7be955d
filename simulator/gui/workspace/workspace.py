"""The workspace: one running attempt and the docks that show it.

``Workspace.start`` builds the live-session driver for a scenario and a plan (or none), starts
its worker thread, and from then on a display timer pulls the newest snapshot and readout at
display rate and renders them: the map (``show_snapshot``), the gauges, trends, arterial-line
monitor, objectives, events and phase bar. The GUI thread never steps the session; it only asks
the worker for a time and draws what was published.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from simulator.gui import describe
from simulator.gui.workspace.clock import SPEEDS, SimulationClock
from simulator.gui.workspace.events import EventList
from simulator.gui.workspace.gauges import GaugePanel
from simulator.gui.workspace.monitor import ArterialMonitor
from simulator.gui.workspace.objectives import ObjectivesPanel
from simulator.gui.workspace.phase_bar import PhaseBar, phase_name
from simulator.gui.workspace.trends import TrendPlots
from simulator.gui.workspace.worker import WAVEFORM_MAX_SPEED, WorkerThread
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.plan_file import PlanFile
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.live import LiveReadout, LiveSession
from simulator.session.session import Snapshot

DISPLAY_INTERVAL_MS = 33
"""About 30 frames per second: smooth for numbers and trends, and half the cost of 60."""
BUSY_REDRAW_INTERVAL_S = 0.25
"""While the worker computes ahead (a seek, a jump) or the clock runs faster than real time, the
map, the trends and the monitor's beat means, whose painting is the costly part of a frame, are
redrawn at most four times a second, so that the display does not take the time the session
needs. At 1x, when the worker waits for the clock, every new snapshot is drawn at once."""
BUSY_NUMBERS_INTERVAL_S = 0.1
"""Likewise the gauges, objectives, events and phase bar follow at ten frames a second then:
faster than anyone reads a number, and a third of the cost of 30."""


def clock_text(t_s: float) -> str:
    minutes, seconds = divmod(int(t_s), 60)
    return f"{minutes:d}:{seconds:02d}"


def plan_drugs(scenario: ScenarioFile, plan: PlanFile | None) -> list[str]:
    """The drugs a session can give: the protocol's, then any other the plan infuses."""
    drugs = [dose.drug for dose in scenario.drug_protocol]
    for action in plan.actions if plan is not None else ():
        drug = getattr(action, "drug", None)
        if drug is not None:
            drugs.append(drug)
    return list(dict.fromkeys(drugs))


class ClockBar(QToolBar):
    """The simulation toolbar: clock actions, speed, time and the phase bar."""

    def __init__(self, clock: SimulationClock, parent: QWidget | None = None) -> None:
        super().__init__("Simulation", parent)
        self.setObjectName("simulation_toolbar")
        self.clock = clock
        for action in (clock.play_action, clock.step_action, clock.jump_action):
            self.addAction(action)
        self.addSeparator()
        self.addAction(clock.slower_action)
        self.speed_box = QComboBox()
        self.speed_box.setObjectName("speed_box")
        self.speed_box.setToolTip("Simulated seconds per second (+ and - change it)")
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.currentIndexChanged.connect(clock.set_speed_index)
        self.addWidget(self.speed_box)
        self.addAction(clock.faster_action)
        self.addSeparator()
        self.time_label = QLabel("0:00")
        self.time_label.setObjectName("time_label")
        self.time_label.setToolTip("Simulated time (min:s) and the end of the plan")
        self.addWidget(self.time_label)
        self.phase_bar = PhaseBar()
        self.phase_toolbar = QToolBar("Phases", parent)
        self.phase_toolbar.setObjectName("phase_toolbar")
        self.phase_toolbar.setMovable(False)
        self.phase_toolbar.addWidget(self.phase_bar)
        clock.changed.connect(self._clock_changed)

    def _clock_changed(self) -> None:
        if self.speed_box.currentIndex() != self.clock.speed_index:
            self.speed_box.setCurrentIndex(self.clock.speed_index)


class Workspace(QObject):
    """The running attempt. Its widgets are placed by the main window."""

    finished = Signal(object)
    """The plan reached its end; carries the grade report."""
    message = Signal(str)
    """Something the status bar should say."""
    started = Signal()
    """A new driver runs (``driver``, ``plan_name``): the plan editor takes it from here."""

    def __init__(self, map_widget, atlas: AtlasFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.map = map_widget
        self.atlas = atlas
        self.clock = SimulationClock(self)
        self.clock_bar = ClockBar(self.clock)
        self.gauges = GaugePanel()
        self.trends = TrendPlots()
        self.monitor = ArterialMonitor()
        self.objectives = ObjectivesPanel()
        self.events = EventList()
        self.plan_label = QLabel()
        self.plan_label.setObjectName("plan_label")
        self.driver: LiveSession | None = None
        self.plan_name = ""
        self._thread: WorkerThread | None = None
        self._shown: LiveReadout | None = None
        self._drawn: LiveReadout | None = None
        self._last_drawing_s = 0.0
        self._last_monitor_s = 0.0
        self._monitor_means_at: float | None = None
        """The time the monitor's beat means were last drawn up to (None: not drawn since the
        waveform was shown)."""
        self._last_numbers_s = 0.0
        self._last_tick = time.perf_counter()
        self._announced_end = False
        self.timer = QTimer(self)
        self.timer.setInterval(DISPLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.clock.step_requested.connect(lambda: self._request("step"))
        self.clock.jump_requested.connect(lambda: self._request("jump"))
        self.clock.set_enabled(False)

    def side_panel(self) -> QWidget:
        """Plan name above the gauges: the right-hand dock's content."""
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plan_label)
        box.addWidget(self.gauges)
        box.addStretch(1)
        return panel

    def bottom_panel(self) -> QWidget:
        panel = QWidget()
        box = QHBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.trends, stretch=3)
        box.addWidget(self.monitor, stretch=1)
        return panel

    # -- life cycle ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.driver is not None

    @property
    def worker(self):
        return self._thread.worker if self._thread is not None else None

    def start(
        self, scenario: ScenarioFile, plan: PlanFile | None = None, plan_name: str = ""
    ) -> None:
        self.stop()
        self.driver = LiveSession(scenario, self.atlas, plan)
        self.plan_name = plan_name
        self._thread = WorkerThread(self.driver)
        self._thread.worker.failed.connect(self.message)
        self.trends.set_drugs(plan_drugs(scenario, plan))
        site = scenario.systemic_sampling_site
        self.monitor.set_site(describe.display_name(site))
        what = f"watching the plan: {plan_name}" if plan_name else "free session (no plan)"
        self.plan_label.setText(f"<b>{scenario.title}</b><br>{what}")
        self.plan_label.setWordWrap(True)
        self.map.set_scenario(scenario)
        self.clock.reset()
        self.clock.set_enabled(True)
        self._shown = None
        self._drawn = None
        self._monitor_means_at = None
        self._announced_end = False
        self._last_tick = time.perf_counter()
        self.render()
        self.timer.start()
        self.started.emit()

    def stop(self) -> None:
        self.timer.stop()
        self.clock.set_playing(False)
        self.clock.set_enabled(False)
        if self._thread is not None:
            self._thread.close()
            self._thread = None
        self.driver = None
        self.map.set_scenario(None)

    # -- requests -----------------------------------------------------------------------------
    def _request(self, kind: str, t_s: float = 0.0) -> None:
        if self._thread is not None:
            self._thread.worker.request(kind, t_s, self.clock.speed)

    def seek(self, t_s: float) -> None:
        """Go to ``t_s`` (back by replaying): the display follows when the worker is done."""
        self.clock.set_playing(False)
        self._request("rewind" if self.driver and t_s < self.driver.time_s else "seek", t_s)

    def wait_until_idle(self, timeout_s: float = 60.0) -> bool:
        """For tests and the screenshot command: let the worker finish what it was asked."""
        deadline = time.perf_counter() + timeout_s
        while self.worker is not None and self.worker.busy:
            QCoreApplication.processEvents()
            if time.perf_counter() > deadline:
                return False
            time.sleep(0.002)
        QCoreApplication.processEvents()
        return True

    # -- display ------------------------------------------------------------------------------
    def _tick(self) -> None:
        now = time.perf_counter()
        wall = now - self._last_tick
        self._last_tick = now
        driver = self.driver
        if driver is None:
            return
        _, readout = driver.latest
        if self.clock.playing:
            target = self.clock.tick(wall, readout.t_s, driver.dt_s)
            # Ask again once the session's lead on the clock is down to half the look-ahead:
            # at 60x that is a request (and a published readout) every few frames instead of
            # one per frame, each for several seconds of the session.
            lead_s = readout.t_s - self.clock.time_s
            wanted = target > readout.t_s and lead_s < 0.5 * (target - self.clock.time_s)
            if wanted and not readout.finished and not self.worker.busy:
                self._request("play", target)
        else:
            self.clock.follow(readout.t_s)
        self.render()

    def render(self) -> None:
        driver = self.driver
        if driver is None:
            return
        snapshot, readout = driver.latest
        now = time.perf_counter()
        # While the worker computes, or the clock runs faster than real time, the costly part
        # of a frame is drawn a few times a second: more would not be seen, and would take the
        # CPU the session needs.
        computing = self.worker is not None and self.worker.busy
        computing = computing or (self.clock.playing and self.clock.speed > WAVEFORM_MAX_SPEED)
        if readout is not self._shown and (
            not computing or now - self._last_numbers_s >= BUSY_NUMBERS_INTERVAL_S
        ):
            self._render_numbers(readout)
            self._shown = readout
            self._last_numbers_s = now
        if readout is not self._drawn and (
            not computing or now - self._last_drawing_s >= BUSY_REDRAW_INTERVAL_S
        ):
            self._render_drawings(snapshot, readout)
            self._drawn = readout
            self._last_drawing_s = now
        self._render_monitor(readout)
        if readout.finished and not self._announced_end:
            self._announced_end = True
            self.clock.set_playing(False)
            self.message.emit(
                f"End of the plan at {clock_text(readout.t_s)}: score {readout.score:.1f} / 100, "
                f"{'passed' if readout.passed else 'not passed'}"
            )
            self.finished.emit(driver.report())

    def _render_drawings(self, snapshot: Snapshot, readout: LiveReadout) -> None:
        self.map.show_snapshot(snapshot)
        self.trends.show_trends(readout)

    def _render_numbers(self, readout: LiveReadout) -> None:
        self.gauges.show_readings(readout.readings)
        self.objectives.show_objectives(readout.objectives, readout.score)
        self.events.show_events(readout.events)
        self.clock_bar.phase_bar.show_phases(
            readout.t_s, readout.end_s, readout.phase, readout.phases, readout.planned_phases
        )
        nxt = (
            f", next action at {clock_text(readout.next_action_s)}"
            if readout.next_action_s is not None
            else ""
        )
        self.clock_bar.time_label.setText(
            f" {clock_text(readout.t_s)} / {clock_text(readout.end_s)}  "
            f"{phase_name(readout.phase)}{nxt} "
        )

    def _render_monitor(self, readout: LiveReadout) -> None:
        worker = self.worker
        if worker is None:
            return
        now = min(self.clock.time_s, readout.t_s) if self.clock.playing else readout.t_s
        # Copying the waveform's samples costs a few ms: only at the speeds that show it.
        waveform = self.clock.speed <= WAVEFORM_MAX_SPEED
        t_s, pressure = worker.arterial_line.trace() if waveform else (np.zeros(0), np.zeros(0))
        if waveform and len(t_s) and t_s[-1] >= now - 1.5:
            self.monitor.show_waveform(t_s, pressure, now, worker.arterial_line.window_s)
            self._monitor_means_at = None
        else:
            # Beat means over minutes: a trend like the others, redrawn when the time shown
            # moved, and during play at most as often as the trends (each redraw re-lays out
            # and repaints the plot's axes, which on every 33 ms tick cost more CPU than the
            # session at 60x).
            wall = time.perf_counter()
            if now == self._monitor_means_at or (
                self.clock.playing and wall - self._last_monitor_s < BUSY_REDRAW_INTERVAL_S
            ):
                return
            self._monitor_means_at = now
            self._last_monitor_s = wall
            trends = readout.trends
            times = trends.get("t_s", np.zeros(0))
            means = trends["sampling_pressure_mmHg"][: len(times)]
            self.monitor.show_means(times[: len(means)], means, now)

    def shown_everything(self) -> bool:
        """The newest snapshot and readout are on screen (numbers, map and trends)."""
        latest = self.driver.latest[1] if self.driver is not None else None
        return latest is not None and self._shown is latest and self._drawn is latest
