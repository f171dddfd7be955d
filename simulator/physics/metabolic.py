"""Local metabolic regulation of the systemic beds: flow debt, distal dilation, reactive hyperaemia.

Each bed remembers a flow debt D (seconds of resting flow it has missed). With x its flow over
its resting flow and x_th the threshold share (``resources/physiology/metabolic.json``),

    dD/dt = max(1 - x / x_th, 0) - min(max((x - x_th) / (1 - x_th), 0), 1) D / tau,

so a bed starved below x_th runs up its debt (one second a second with no flow at all), and once
its flow is back the debt decays with the time constant tau, at the full rate from resting flow
up. The debt opens the bed's dilator reserve on a saturating curve,

    conductance factor g = 1 + (g_max - 1) (1 - exp(-D / D_scale)),

so a long ischaemia saturates the dilation and the hyperaemia after it has a plateau before it
fades (Imms 1988). A bed beyond a clamp whose collaterals leave it short dilates until its flow
reaches x_th, where the debt stops growing, or until its reserve is spent: distal
autoregulation. Implicit Euler in D (stable for any step); a debt under ``SETTLED_DEBT_S`` is
zero, so a recovered bed is exactly at rest and the circulation is not retoned for round-off.
Nothing here is random: the same flows give the same factors, bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from simulator.physics.network import Network
from simulator.scenario.physiology_file import MetabolicFile

SETTLED_DEBT_S = 1.0e-3
"""A debt below a millisecond of resting flow dilates by under 1e-5: the bed is at rest."""


@dataclass(frozen=True)
class MetabolicState:
    """The flow debt of each regulated bed (``MetabolicRegulation.beds`` order), in seconds."""

    debt_s: tuple[float, ...]

    @property
    def at_rest(self) -> bool:
        return not any(self.debt_s)


class MetabolicRegulation:
    """The regulation of one patient's beds around their resting flows."""

    def __init__(self, parameters: MetabolicFile, resting_flow_ml_s: dict[str, float]):
        excluded = set(parameters.excluded_beds)
        self.parameters = parameters
        self.beds = tuple(sorted(b for b in resting_flow_ml_s if b not in excluded))
        resting = np.array([resting_flow_ml_s[b] for b in self.beds], dtype=float)
        if not (np.all(np.isfinite(resting)) and np.all(resting > 0.0)):
            raise ValueError("every regulated bed needs a finite, positive resting flow")
        self.resting_flow_ml_s = resting
        self._reserve = tuple(
            parameters.conductance_max_factor_by_bed.get(bed, parameters.conductance_max_factor)
            - 1.0
            for bed in self.beds
        )

    def rest_state(self) -> MetabolicState:
        return MetabolicState((0.0,) * len(self.beds))

    def step(self, state: MetabolicState, dt_s: float, flow_ml_s: np.ndarray) -> MetabolicState:
        """Advance by ``dt_s`` with each bed's flow (``beds`` order) over the step."""
        if dt_s <= 0.0:
            raise ValueError("the metabolic regulation steps forward in time only")
        if not np.all(np.isfinite(flow_ml_s)):
            raise FloatingPointError("bed flow is not finite")
        p = self.parameters
        threshold = p.flow_threshold_fraction
        x = np.maximum(flow_ml_s / self.resting_flow_ml_s, 0.0)
        accumulating = np.maximum(1.0 - x / threshold, 0.0)
        recovering = np.clip((x - threshold) / (1.0 - threshold), 0.0, 1.0)
        debt = np.asarray(state.debt_s)
        if not debt.any() and not accumulating.any():
            return state
        new = (debt + dt_s * accumulating) / (1.0 + dt_s * recovering / p.recovery_time_constant_s)
        new[new < SETTLED_DEBT_S] = 0.0
        return MetabolicState(tuple(new.tolist()))

    def resistance_factors(self, state: MetabolicState) -> dict[str, float]:
        """Per dilated bed, its arteriolar resistance over the calibrated one (beds at rest are
        left out: their factor is 1)."""
        scale = self.parameters.debt_scale_s
        return {
            bed: 1.0 / (1.0 + reserve * -math.expm1(-debt / scale))
            for bed, debt, reserve in zip(self.beds, state.debt_s, self._reserve, strict=True)
            if debt > 0.0
        }


def bed_flow_edges(network: Network, beds: tuple[str, ...]) -> np.ndarray:
    """The arteriolar edge of each bed, in ``beds`` order: its flow is the bed's flow."""
    return np.array([network.bed_edges[bed][0] for bed in beds], dtype=np.int64)
