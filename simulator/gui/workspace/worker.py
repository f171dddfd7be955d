"""The session runs here, in a worker thread, so that the window never waits for the physics.

The GUI asks for a time (``request``); the worker advances the driver there in slices, each
slice published (the driver replaces ``latest`` in one assignment, which the display timer
reads), and, at real-time speed, runs the arterial-line waveform over the same simulated time.
A request made while the worker is busy replaces the pending one: the worker never queues up
more than one piece of work, so a slow step only slows the clock, it never backs up. Jobs
(``submit``: the plan editor's changes, the Finish report) are different: each one is done, in
the order given, before any time request, because dropping one would lose what the trainee did.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from simulator.session.arterial_line import ArterialLine
from simulator.session.live import LiveSession

SLICE_S = 5.0
"""The worker publishes at least every five simulated seconds while it catches up with a far
target, so the display keeps moving during a jump."""
PUBLISH_INTERVAL_S = 0.1
"""While it catches up, the worker publishes at most every tenth of a wall second (and when it
has done what it was asked): the display shows the numbers ten times a second at most."""
WAVEFORM_MAX_SPEED = 1.0
"""Above real time the monitor shows beat means: a transient solve of every simulated
millisecond at 60x would cost more than the whole display budget."""


class SessionWorker(QObject):
    published = Signal()
    """A new snapshot and readout are in ``driver.latest``."""
    idle = Signal()
    """The worker has done what it was asked."""
    failed = Signal(str)

    _wake = Signal()

    def __init__(self, driver: LiveSession) -> None:
        super().__init__()
        self.driver = driver
        self.arterial_line = ArterialLine()
        self._lock = threading.Lock()
        self._pending: tuple[str, float, float] | None = None
        self._jobs: deque[Callable[[LiveSession], None]] = deque()
        self._busy = False
        self._stopping = False
        self._wake.connect(self._work)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._busy or self._pending is not None or bool(self._jobs)

    def submit(self, job: Callable[[LiveSession], None]) -> None:
        """Run ``job(driver)`` on the worker thread, after the jobs before it and before any
        time request; the display is told (``published``) when it is done."""
        with self._lock:
            self._jobs.append(job)
        self._wake.emit()

    def request(self, kind: str, t_s: float = 0.0, speed: float = 1.0) -> None:
        """Ask for ``play`` (advance to ``t_s`` while the clock runs, with the waveform at real
        time), ``seek`` (advance to ``t_s``), ``step``, ``jump`` or ``rewind`` (to ``t_s``)."""
        with self._lock:
            self._pending = (kind, t_s, speed)
        self._wake.emit()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._pending = None
            self._jobs.clear()

    @Slot()
    def _work(self) -> None:
        while True:
            with self._lock:
                if self._stopping or (self._pending is None and not self._jobs):
                    self._busy = False
                    break
                job = self._jobs.popleft() if self._jobs else None
                if job is None:
                    kind, t_s, speed = self._pending
                    self._pending = None
                self._busy = True
            try:
                if job is not None:
                    before_s = self.driver.time_s
                    job(self.driver)
                    if self.driver.time_s != before_s:
                        self.arterial_line.reset()  # the trace would join two histories
                    self.published.emit()
                else:
                    self._do(kind, t_s, speed)
            except Exception as error:  # a bug in the engine must not kill the thread silently
                traceback.print_exc()
                self.failed.emit(f"{type(error).__name__}: {error}")
        self.idle.emit()

    def _do(self, kind: str, t_s: float, speed: float) -> None:
        driver = self.driver
        if kind == "rewind":
            self.arterial_line.reset()
            driver.rewind_to(t_s)
            self.published.emit()
            return
        if kind == "step":
            t_s = driver.time_s + driver.dt_s
        elif kind == "jump":
            driver.apply_due_actions()  # those due now are not "next"
            upcoming = driver.next_action_time()
            t_s = upcoming if upcoming is not None else driver.end_s
        waveform = kind in ("play", "seek") and speed <= WAVEFORM_MAX_SPEED
        published_at = time.perf_counter()
        unpublished = False
        while driver.time_s < min(t_s, driver.end_s) - 1e-9:
            with self._lock:
                if self._stopping or self._jobs or (kind == "play" and self._pending is not None):
                    if unpublished:
                        driver.publish()
                        self.published.emit()
                    return  # a job, or a newer request, comes first (a job moves the session)
            start = driver.time_s
            slice_end = min(t_s, start + SLICE_S)
            now = time.perf_counter()
            last = slice_end >= min(t_s, driver.end_s) - 1e-9
            if not (waveform or last or now - published_at >= PUBLISH_INTERVAL_S):
                # A readout copies every trend: at 60x, one per slice would be a dozen a
                # second, more than the display draws.
                driver.advance_quietly(slice_end)
                unpublished = True
                continue
            snapshot, readout = driver.advance_to(slice_end)
            published_at, unpublished = now, False
            # The waveform covers what a real-time display will show: the last window only.
            waveform_from = t_s - self.arterial_line.window_s
            if waveform and readout.t_s > waveform_from:
                covered = readout.t_s - max(start, waveform_from)
                self.arterial_line.follow(snapshot, readout.sampling_node, covered)
            self.published.emit()
        if unpublished:
            driver.publish()
            self.published.emit()
        if kind == "jump":
            driver.advance_to(t_s)  # applies the action at that time
            self.published.emit()


class WorkerThread:
    """A :class:`SessionWorker` living in its own ``QThread``; ``close`` ends both."""

    def __init__(self, driver: LiveSession) -> None:
        self.thread = QThread()
        self.thread.setObjectName("session-worker")
        self.worker = SessionWorker(driver)
        self.worker.moveToThread(self.thread)
        self.thread.start()

    def close(self) -> None:
        self.worker.stop()
        self.thread.quit()
        self.thread.wait()
        self.worker.deleteLater()
