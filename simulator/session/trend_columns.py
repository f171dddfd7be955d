"""The live driver's trends: the session's timeseries rows as growing columns of floats, and
those columns as arrays for each readout."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class TrendColumns:
    """Per trend (time, pressures, leak, each drug's target and systemic concentration), its
    values so far; ``rows_read`` of the timeseries are in."""

    columns: dict[str, list[float]] = field(default_factory=dict)
    rows_read: int = 0

    def read(self, rows: Sequence[dict], drugs: Sequence[str], targets: Sequence[str]) -> None:
        """Append the timeseries rows not read yet."""
        columns = self.columns
        for row in rows[self.rows_read :]:
            count = len(columns.get("t_s", ()))
            values = {
                "t_s": row["t_s"],
                "map_mmHg": row["mean_arterial_pressure_mmHg"],
                "region_pressure_mmHg": row["max_region_pressure_mmHg"],
                "leak_percent": 100.0 * row["leak_fraction"],
            }
            for drug in drugs:
                systemic = row.get(f"{drug}_systemic_mg_l", 0.0)
                target = [row.get(f"{drug}_{bed}_mg_l", 0.0) for bed in targets]
                values[f"{drug}_systemic_mg_l"] = systemic
                values[f"{drug}_target_mg_l"] = float(np.mean(target)) if target else 0.0
            for key, value in values.items():
                # A drug first given now has been at zero since the start.
                columns.setdefault(key, [0.0] * count).append(float(value))
        self.rows_read = len(rows)


class TrendArrays:
    """The trend columns as arrays for a readout, each made from the last one and the values
    appended since (a column only grows, and a restored checkpoint brings new lists): a
    readout a tenth of a second would otherwise convert hours of floats each time."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[list[float], np.ndarray]] = {}

    def array(self, key: str, values: list[float]) -> np.ndarray:
        held = self._held.get(key)
        if held is not None and held[0] is values and len(held[1]) <= len(values):
            before = held[1]
            if len(before) == len(values):
                return before
            result = np.concatenate([before, np.asarray(values[len(before) :], dtype=float)])
        else:
            result = np.asarray(values, dtype=float)
        result.flags.writeable = False  # shared by the readouts that hold it
        self._held[key] = (values, result)
        return result
