"""The arterial-line trace: the pulsatile pressure where a clinician samples, for a monitor.

The session runs the cycle-mean circulation; the waveform comes from the transient solver
(``physics.transient``) run on the session's network from the session's state, as
``physics.circulation`` builds its networks. When devices change the network the solver takes the
new network (same shape: refactorized with its state kept; new shape: restarted from the
snapshot's cycle-mean state, settling within a few beats, as a real line does after a flush).
Plain numpy: a GUI worker thread advances it alongside the session and the display reads
``trace``.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from simulator.physics.network import Network
from simulator.physics.transient import TransientSolver
from simulator.session.session import Snapshot

WAVEFORM_DT_S = 2.0e-3
"""Two milliseconds resolve the systolic upstroke well enough for a 75 bpm display trace."""
WINDOW_S = 6.0
"""The monitor shows the last six seconds, as a bedside monitor's sweep."""


class ArterialLine:
    def __init__(self, dt_s: float = WAVEFORM_DT_S, window_s: float = WINDOW_S) -> None:
        self.dt_s = dt_s
        self.window_s = window_s
        self._solver: TransientSolver | None = None
        self._network: Network | None = None
        self._samples: deque[tuple[float, float]] = deque(maxlen=round(window_s / dt_s))

    def reset(self) -> None:
        self._solver = None
        self._network = None
        self._samples.clear()

    def follow(self, snapshot: Snapshot, sampling_node: int, duration_s: float) -> None:
        """Run the waveform for the ``duration_s`` of simulated time that ended at the snapshot."""
        network = snapshot.network
        if self._solver is None or (
            network.node_count != self._network.node_count
            or network.edge_count != self._network.edge_count
        ):
            self._solver = TransientSolver(network, dt_s=self.dt_s, initial=snapshot.state)
        elif network is not self._network:
            self._solver.update_network(network)
        self._network = network
        steps = min(round(duration_s / self.dt_s), self._samples.maxlen)
        start = snapshot.t_s - steps * self.dt_s
        solver = self._solver
        for k in range(1, steps + 1):
            solver.step()
            pressure = float(solver.pressure_mmHg[sampling_node])
            self._samples.append((start + k * self.dt_s, pressure))

    def trace(self) -> tuple[np.ndarray, np.ndarray]:
        """Times (s) and pressures (mmHg) of the last window."""
        if not self._samples:
            return np.zeros(0), np.zeros(0)
        # A worker thread appends while the display reads: list() copies in one step.
        data = np.asarray(list(self._samples))
        return data[:, 0], data[:, 1]

    def systolic_diastolic(self) -> tuple[float, float] | None:
        """Highest and lowest pressure over the last full beat in the window."""
        if self._network is None or not self._samples:
            return None
        _, pressure = self.trace()
        beat = round(self._network.beat_period_s / self.dt_s)
        if len(pressure) < beat:
            return None
        last = pressure[-beat:]
        return float(last.max()), float(last.min())
