"""How an alarm state looks: colour from the Okabe-Ito palette and a shape and word, so that the
state reads without colour vision (and in a greyscale print)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True)
class AlarmLook:
    symbol: str
    word: str
    colour: QColor
    text_colour: QColor


LOOKS = {
    "normal": AlarmLook("●", "normal", QColor("#009E73"), QColor("#ffffff")),
    "warning": AlarmLook("▲", "warning", QColor("#E69F00"), QColor("#000000")),
    "alarm": AlarmLook("◆", "ALARM", QColor("#D55E00"), QColor("#ffffff")),
    "info": AlarmLook("○", "info", QColor("#56B4E9"), QColor("#000000")),
}
"""Bluish green, orange, vermillion and sky blue: told apart in every common colour-vision
deficiency (Okabe and Ito 2008), and each carries its own shape."""


def look(state: str) -> AlarmLook:
    return LOOKS.get(state, LOOKS["info"])
