"""Metrics accumulated step by step while a plan replays (DESIGN.md §3.5).

Leak is drug that crossed out of the region (or was infused straight into an outside vessel)
over the drug delivered, counted while the region is held, and capped at 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class DrugLedger:
    delivered_mg: float = 0.0
    leaked_mg: float = 0.0
    target_auc_mg_min_ml: dict[str, float] = field(default_factory=dict)
    critical_auc_mg_min_ml: dict[str, float] = field(default_factory=dict)
    region_auc_mg_min_ml: float = 0.0
    systemic_auc_mg_min_ml: float = 0.0
    peak_systemic_mg_ml: float = 0.0
    peak_leak_rate_mg_s: float = 0.0


@dataclass
class MetricsRecorder:
    targets: tuple[str, ...]
    critical: tuple[str, ...]
    planned_dose_mg: float
    ledgers: dict[str, DrugLedger] = field(default_factory=dict)
    max_region_pressure_mmHg: float = 0.0
    isolation_s: float = 0.0
    tourniquet_s: float = 0.0
    venous_congestion_s: float = 0.0
    balloon_overdistension: bool = False
    isolation_checked_before_infusion: bool = True
    filtration_before_deflation: bool = True
    mass_balance_residual: float = 0.0
    alarms: int = 0
    cardiac_arrest: bool = False

    def ledger(self, drug: str) -> DrugLedger:
        if drug not in self.ledgers:
            self.ledgers[drug] = DrugLedger()
        return self.ledgers[drug]

    def record_drug(
        self,
        drug: str,
        dt_s: float,
        delivered_mg_s: float,
        leak_mg_s: float,
        concentration_mg_ml: np.ndarray,
        target_nodes: dict[str, int],
        critical_nodes: dict[str, int],
        region_nodes: np.ndarray,
        region_volume_ml: np.ndarray,
        sampling_node: int,
    ) -> None:
        ledger = self.ledger(drug)
        minutes = dt_s / 60.0
        ledger.delivered_mg += delivered_mg_s * dt_s
        ledger.leaked_mg += leak_mg_s * dt_s
        ledger.peak_leak_rate_mg_s = max(ledger.peak_leak_rate_mg_s, leak_mg_s)
        for bed, node in target_nodes.items():
            ledger.target_auc_mg_min_ml[bed] = ledger.target_auc_mg_min_ml.get(bed, 0.0) + (
                concentration_mg_ml[node] * minutes
            )
        for bed, node in critical_nodes.items():
            ledger.critical_auc_mg_min_ml[bed] = ledger.critical_auc_mg_min_ml.get(bed, 0.0) + (
                concentration_mg_ml[node] * minutes
            )
        volume = float(region_volume_ml[region_nodes].sum())
        if volume > 0.0:
            region_mean = (
                float(np.dot(concentration_mg_ml[region_nodes], region_volume_ml[region_nodes]))
                / volume
            )
            ledger.region_auc_mg_min_ml += region_mean * minutes
        systemic = float(concentration_mg_ml[sampling_node])
        ledger.systemic_auc_mg_min_ml += systemic * minutes
        ledger.peak_systemic_mg_ml = max(ledger.peak_systemic_mg_ml, systemic)

    def summary(self, cytotoxic: set[str]) -> dict[str, float | bool | None]:
        """The metric values objectives are judged on; cytotoxic drugs only for drug metrics."""
        ledgers = [ledger for drug, ledger in self.ledgers.items() if drug in cytotoxic]
        delivered = sum(ledger.delivered_mg for ledger in ledgers)
        leaked = sum(ledger.leaked_mg for ledger in ledgers)
        target_auc = sum(sum(ledger.target_auc_mg_min_ml.values()) for ledger in ledgers)
        target_count = max(len(self.targets), 1)
        systemic_auc = sum(ledger.systemic_auc_mg_min_ml for ledger in ledgers)
        region_auc = sum(ledger.region_auc_mg_min_ml for ledger in ledgers)
        per_target = [
            sum(ledger.target_auc_mg_min_ml.get(bed, 0.0) for ledger in ledgers)
            for bed in self.targets
        ]
        critical = [
            sum(ledger.critical_auc_mg_min_ml.get(bed, 0.0) for ledger in ledgers)
            for bed in self.critical
        ]
        dose = self.planned_dose_mg if self.planned_dose_mg > 0 else max(delivered, 1e-12)
        peak_rate = sum(ledger.peak_leak_rate_mg_s for ledger in ledgers)
        mean_target_auc = target_auc / target_count
        return {
            "delivered_mg": delivered,
            "leak_fraction": min(max(leaked / delivered, 0.0), 1.0) if delivered > 0 else 0.0,
            "peak_leak_rate_per_min": max(peak_rate, 0.0) * 60.0 / dose if delivered > 0 else 0.0,
            "exposure_ratio_auc": _ratio(mean_target_auc, systemic_auc),
            "target_coverage": (
                min(1.0, min(per_target) / region_auc) if per_target and region_auc > 0 else 0.0
            ),
            "critical_bed_exposure_ratio": (
                _ratio(max(critical), mean_target_auc) if critical and delivered > 0 else 0.0
            ),
            "max_systemic_concentration_mg_l": 1000.0
            * max((ledger.peak_systemic_mg_ml for ledger in ledgers), default=0.0),
            "max_region_pressure_mmHg": self.max_region_pressure_mmHg,
            "ischemia_time_min": self.isolation_s / 60.0,
            "tourniquet_time_min": self.tourniquet_s / 60.0,
            "venous_congestion_time_min": self.venous_congestion_s / 60.0,
            "isolation_checked_before_infusion": self.isolation_checked_before_infusion,
            "filtration_before_deflation": self.filtration_before_deflation,
            "balloon_overdistension": self.balloon_overdistension,
            "mass_balance_residual": self.mass_balance_residual,
            "safety_event_count": float(self.alarms),
            "cardiac_arrest": self.cardiac_arrest,
        }


RATIO_CAP = 1.0e6


def _ratio(numerator: float, denominator: float) -> float:
    if numerator <= 0.0:
        return 0.0
    if denominator <= numerator / RATIO_CAP:
        return RATIO_CAP
    return numerator / denominator
