"""Events and alarms raised during an attempt."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["info", "warning", "alarm"]


@dataclass(frozen=True)
class Event:
    t_s: float
    kind: str
    severity: Severity
    message: str

    def as_dict(self) -> dict:
        return asdict(self)
