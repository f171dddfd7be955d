"""Lumped parameters of a vessel segment from its geometry (core units: mmHg, mL, s).

The formulas are the ones used in 0D/1D benchmark codes (clinical-reference §B5):
R = 8 mu l (rp^2 + rp rd + rd^2) / (3 pi rp^3 rd^3)   Poiseuille along a tapered lumen
C = 3 pi r^3 l / (2 E h),  r = (rp + rd) / 2           thin-walled tube
L = rho l / (pi rp rd)                                  blood inertia
"""

from __future__ import annotations

import math

PA_PER_MMHG = 133.322
ML_PER_M3 = 1.0e6
# Pa s / m^3  ->  mmHg s / mL
_RESISTANCE_SI_TO_CORE = 1.0 / (PA_PER_MMHG * ML_PER_M3)
# m^3 / Pa  ->  mL / mmHg
_COMPLIANCE_SI_TO_CORE = ML_PER_M3 * PA_PER_MMHG


def poiseuille_resistance(
    viscosity_mPa_s: float, length_mm: float, radius_proximal_mm: float, radius_distal_mm: float
) -> float:
    """Viscous resistance in mmHg s/mL of a (possibly tapered) tube."""
    mu = viscosity_mPa_s * 1e-3
    length = length_mm * 1e-3
    rp = radius_proximal_mm * 1e-3
    rd = radius_distal_mm * 1e-3
    resistance_si = (
        8.0 * mu * length * (rp * rp + rp * rd + rd * rd) / (3.0 * math.pi * rp**3 * rd**3)
    )
    return resistance_si * _RESISTANCE_SI_TO_CORE


def wall_compliance(
    length_mm: float,
    radius_proximal_mm: float,
    radius_distal_mm: float,
    youngs_modulus_kPa: float,
    wall_thickness_mm: float,
) -> float:
    """Volume compliance in mL/mmHg of a thin-walled elastic tube."""
    radius = 0.5 * (radius_proximal_mm + radius_distal_mm) * 1e-3
    length = length_mm * 1e-3
    modulus = youngs_modulus_kPa * 1e3
    thickness = wall_thickness_mm * 1e-3
    compliance_si = 3.0 * math.pi * radius**3 * length / (2.0 * modulus * thickness)
    return compliance_si * _COMPLIANCE_SI_TO_CORE


def blood_inertance(
    density_g_per_ml: float, length_mm: float, radius_proximal_mm: float, radius_distal_mm: float
) -> float:
    """Inertance in mmHg s^2/mL of the blood column."""
    rho = density_g_per_ml * 1e3
    length = length_mm * 1e-3
    area = math.pi * radius_proximal_mm * 1e-3 * radius_distal_mm * 1e-3
    return rho * length / area * _RESISTANCE_SI_TO_CORE


def lumen_volume(length_mm: float, radius_proximal_mm: float, radius_distal_mm: float) -> float:
    """Volume in mL of a truncated cone."""
    rp, rd = radius_proximal_mm, radius_distal_mm
    return math.pi * length_mm * (rp * rp + rp * rd + rd * rd) / 3.0 * 1e-3


def avolio_wall_thickness_mm(radius_mm: float) -> float:
    """Empirical arterial wall thickness (Avolio 1980 fit), for segments whose data lack it."""
    r_cm = radius_mm / 10.0
    return 10.0 * r_cm * (0.2802 * math.exp(-5.053 * r_cm) + 0.1324 * math.exp(-0.1114 * r_cm))
