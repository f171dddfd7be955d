"""Time-varying elastance chambers: P = E(t) (V - V0).

The activation is a raised cosine (rise over ``contraction_fraction`` of the beat, fall over
``relaxation_fraction``), the shape used in many lumped closed-loop models; it gives a
pressure-volume loop whose end-systolic point follows E_max, so clamping the aorta raises the
pressure the ventricle works against and lowers its stroke volume instead of forcing a flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ChamberParameters:
    node: int
    elastance_max_mmHg_per_ml: float
    elastance_min_mmHg_per_ml: float
    unstressed_volume_ml: float
    activation_onset: float
    contraction_fraction: float
    relaxation_fraction: float


def activation(
    beat_fraction: np.ndarray | float, onset: float, rise: float, fall: float
) -> np.ndarray:
    """Activation in [0, 1] at the given fraction(s) of the beat."""
    tau = np.mod(np.asarray(beat_fraction, dtype=float) - onset, 1.0)
    rising = 0.5 * (1.0 - np.cos(np.pi * np.clip(tau / rise, 0.0, 1.0)))
    falling = 0.5 * (1.0 + np.cos(np.pi * np.clip((tau - rise) / fall, 0.0, 1.0)))
    return np.where(tau < rise, rising, np.where(tau < rise + fall, falling, 0.0))


def elastance(chamber: ChamberParameters, beat_fraction: float) -> float:
    e = float(
        activation(
            beat_fraction,
            chamber.activation_onset,
            chamber.contraction_fraction,
            chamber.relaxation_fraction,
        )
    )
    return (
        chamber.elastance_min_mmHg_per_ml
        + (chamber.elastance_max_mmHg_per_ml - chamber.elastance_min_mmHg_per_ml) * e
    )
