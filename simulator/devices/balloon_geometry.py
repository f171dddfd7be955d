"""Balloon geometry: diameter from filling volume, and what a balloon of that diameter does to
the vessel it sits in (how much of the lumen it closes, how much flow still leaks past it, and
whether it overstretches the wall). Pure numpy functions, so the physics, the GUI and the tests
all compute the same numbers.

Why an annulus: an undersized balloon sits in the lumen and leaves a ring-shaped gap. Flow
through a concentric annulus (inner radius r, outer radius R) is Poiseuille's:

    Q = (π ΔP / 8 μ L) [(R⁴ - r⁴) - (R² - r²)² / ln(R/r)]

so relative to the open tube (π R⁴ ΔP / 8 μ L) the conductance is

    f(κ) = 1 - κ⁴ - (1 - κ²)² / ln(1/κ),   κ = r / R.

f(0) = 1 (no balloon) and f → (4/3) ε³ as the gap ε = 1 - κ closes, so the conductance goes
smoothly to the floor at wall contact (DESIGN.md §3.2: occlusion is a conductance with a small
floor, never an infinite resistance). A balloon eccentric in the lumen leaks more than this; the
concentric annulus is the conservative (tightest) case for a given diameter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

OVERDISTENSION_LIMIT = 1.2
"""Free balloon diameter over vessel diameter above which the wall is at risk (DESIGN.md §3.3:
"an oversized one (beyond about 120 %) risks the vessel wall"; Klein 1996 reports aortic
dissections and iliac ruptures from stop-flow balloons, clinical-reference.md §A1)."""

DEFAULT_CONDUCTANCE_FLOOR = 1e-6
"""Remaining conductance fraction of a fully sealed segment: small enough to be a seal, large
enough to keep the network matrix well conditioned."""

_SERIES_TERMS = 80
_SERIES_LIMIT = 0.5
"""Below this gap fraction the annulus formula is summed as a series (see _annulus_fraction)."""


def _as_curve(curve: Sequence[Sequence[float]] | NDArray[np.float64]) -> NDArray[np.float64]:
    points = np.asarray(curve, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] < 1:
        raise ValueError("a balloon curve is a list of [volume_ml, diameter_mm] points")
    if np.any(points <= 0.0) or not np.all(np.isfinite(points)):
        raise ValueError("balloon curve points must be positive and finite")
    if np.any(np.diff(points[:, 0]) <= 0.0) or np.any(np.diff(points[:, 1]) <= 0.0):
        raise ValueError("balloon curve volumes and diameters must be strictly increasing")
    return points


def balloon_diameter_mm(
    curve: Sequence[Sequence[float]] | NDArray[np.float64], volume_ml: ArrayLike
) -> float | NDArray[np.float64]:
    """Free (unconstrained) diameter of a balloon filled with ``volume_ml``.

    Interpolates linearly in the cube root of volume, so the result is monotone, 0 at 0 mL, and
    exact for a balloon that keeps its shape (volume ∝ diameter³) between points. Beyond the last
    point the cube-root law continues from it (an overfilled compliant balloon). Volumes below
    zero by more than rounding are a caller's error.
    """
    points = _as_curve(curve)
    volume = np.asarray(volume_ml, dtype=float)
    if np.any(np.isnan(volume)) or np.any(volume < -1e-9):
        raise ValueError("balloon volume must be a number of mL, not negative")
    volume = np.clip(volume, 0.0, None)
    roots = np.cbrt(np.concatenate(([0.0], points[:, 0])))
    diameters = np.concatenate(([0.0], points[:, 1]))
    root = np.cbrt(volume)
    inside = np.interp(root, roots, diameters)
    beyond = points[-1, 1] * root / roots[-1]
    result = np.where(root > roots[-1], beyond, inside)
    return float(result) if result.ndim == 0 else result


def _check_diameters(
    balloon_diameter: ArrayLike, vessel_diameter: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    balloon = np.asarray(balloon_diameter, dtype=float)
    vessel = np.asarray(vessel_diameter, dtype=float)
    if np.any(~np.isfinite(balloon)) or np.any(balloon < 0.0):
        raise ValueError("balloon diameter must be finite and not negative")
    if np.any(~np.isfinite(vessel)) or np.any(vessel <= 0.0):
        raise ValueError("vessel diameter must be finite and positive")
    return balloon, vessel


def seal_fraction(balloon_diameter_mm: ArrayLike, vessel_diameter_mm: ArrayLike) -> float | NDArray:
    """Fraction of the vessel's lumen area the balloon closes: 1 when it touches the wall,
    otherwise (d_balloon / d_vessel)², leaving an annular gap of 1 - (d_b/d_v)²."""
    balloon, vessel = _check_diameters(balloon_diameter_mm, vessel_diameter_mm)
    result = np.minimum(balloon / vessel, 1.0) ** 2
    return float(result) if result.ndim == 0 else result


def _annulus_fraction(gap: NDArray[np.float64]) -> NDArray[np.float64]:
    """Annulus conductance over open-tube conductance, as a function of the gap ε = 1 - κ.

    Written as f = ε (2 - ε) N(ε) / L(ε) with L = ln(1/κ) = -log1p(-ε) and
    N = (1 + κ²) L - (1 - κ²) = Σ_{k≥3} (k² - 3k + 4) / (k (k-1) (k-2)) ε^k. The closed form
    loses every digit to cancellation as the gap closes; the series has positive terms only, so
    it stays accurate down to ε → 0 and makes f strictly increasing in ε.
    """
    gap = np.clip(gap, 0.0, 1.0)
    result = np.zeros_like(gap)
    small = (gap > 0.0) & (gap <= _SERIES_LIMIT)
    large = gap > _SERIES_LIMIT
    if np.any(small):
        eps = gap[small]
        orders = np.arange(3, _SERIES_TERMS + 3, dtype=float)
        coefficients = (orders**2 - 3.0 * orders + 4.0) / (orders * (orders - 1.0) * (orders - 2.0))
        numerator = np.zeros_like(eps)
        for coefficient in coefficients[::-1]:  # Horner in ε, then times ε³
            numerator = numerator * eps + coefficient
        numerator *= eps**3
        log_ratio = -np.log1p(-eps)
        result[small] = eps * (2.0 - eps) * numerator / log_ratio
    if np.any(large):
        kappa = 1.0 - gap[large]
        with np.errstate(divide="ignore"):
            log_ratio = -np.log(kappa)  # +inf at kappa = 0, where the last term vanishes
        one_minus_k2 = 1.0 - kappa**2
        result[large] = (
            1.0
            - kappa**4
            - np.where(
                np.isinf(log_ratio),
                0.0,
                one_minus_k2**2 / np.where(np.isinf(log_ratio), 1.0, log_ratio),
            )
        )
    return result


def occluded_conductance_factor(
    balloon_diameter_mm: ArrayLike,
    vessel_diameter_mm: ArrayLike,
    floor: float = DEFAULT_CONDUCTANCE_FLOOR,
) -> float | NDArray:
    """Conductance of the vessel length covered by the balloon, relative to the open vessel.

    1 with no balloon, the concentric-annulus Poiseuille fraction for an undersized balloon,
    ``floor`` once the balloon touches the wall; blended as floor + (1 - floor) f so that it is
    smooth, strictly decreasing in balloon diameter up to contact, finite and positive.
    """
    if not 0.0 < floor < 1.0:
        raise ValueError("floor must be between 0 and 1")
    balloon, vessel = _check_diameters(balloon_diameter_mm, vessel_diameter_mm)
    balloon, vessel = np.broadcast_arrays(balloon, vessel)
    gap = 1.0 - balloon / vessel
    result = floor + (1.0 - floor) * _annulus_fraction(np.atleast_1d(gap)).reshape(gap.shape)
    return float(result) if result.ndim == 0 else result


def segment_conductance_factor(
    balloon_diameter_mm: ArrayLike,
    vessel_diameter_mm: ArrayLike,
    balloon_length_mm: float,
    segment_length_mm: float,
    floor: float = DEFAULT_CONDUCTANCE_FLOOR,
) -> float | NDArray:
    """Conductance of a whole segment that holds a balloon, relative to the open segment.

    The balloon covers ``balloon_length_mm`` of the segment; the covered and uncovered parts are
    resistances in series: 1 / ((1 - λ) + λ / f_balloon), λ = covered fraction (at most 1).
    """
    if balloon_length_mm <= 0.0 or segment_length_mm <= 0.0:
        raise ValueError("balloon and segment lengths must be positive")
    covered = min(balloon_length_mm / segment_length_mm, 1.0)
    local = np.asarray(occluded_conductance_factor(balloon_diameter_mm, vessel_diameter_mm, floor))
    result = 1.0 / ((1.0 - covered) + covered / local)
    return float(result) if result.ndim == 0 else result


def overdistension_ratio(
    balloon_diameter_mm: ArrayLike, vessel_diameter_mm: ArrayLike
) -> float | NDArray:
    """Free balloon diameter over vessel diameter; above OVERDISTENSION_LIMIT the wall is at risk
    (dissection, rupture). The balloon cannot really grow past the wall, but the free diameter
    says how hard it pushes."""
    balloon, vessel = _check_diameters(balloon_diameter_mm, vessel_diameter_mm)
    result = balloon / vessel
    return float(result) if result.ndim == 0 else result


def is_overdistended(balloon_diameter_mm: float, vessel_diameter_mm: float) -> bool:
    """True when the balloon stretches the vessel beyond OVERDISTENSION_LIMIT."""
    return bool(
        overdistension_ratio(balloon_diameter_mm, vessel_diameter_mm) > OVERDISTENSION_LIMIT
    )


def is_burst(volume_ml: float, burst_volume_ml: float) -> bool:
    """True when the balloon has been filled above its burst volume (it ruptures: the catalog's
    ``burst_volume_ml`` is the highest volume it survives)."""
    if burst_volume_ml <= 0.0:
        raise ValueError("burst volume must be positive")
    return bool(volume_ml > burst_volume_ml)
