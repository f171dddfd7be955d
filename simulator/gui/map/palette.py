"""Colours, widths and stacking order the map's items share.

Widths are in map units (1 unit = 1 mm of body), so vessels grow as the user zooms, like a road
map; labels keep their screen size.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

BACKGROUND = QColor("#1b1f24")
ORGAN_FILL = QColor(120, 128, 140, 38)
ORGAN_OUTLINE = QColor(150, 158, 170, 150)
BED_FILL = QColor(118, 128, 144, 92)
BED_OUTLINE = QColor(160, 170, 186, 200)
"""Organs read as silhouettes behind the vessels: a light outline, a fill a step above the
background, both quiet enough for an overlay's vessel colours to stay in front."""
CHAMBER_FILL = QColor(150, 70, 70, 150)
CHAMBER_OUTLINE = QColor("#c08484")
NO_DATA = QColor("#5d636b")
"""A vessel an overlay has nothing to say about: dim, so the ones it colours stand out."""
HIGHLIGHT = QColor(255, 255, 255, 150)
LABEL_TEXT = QColor("#e6eaee")
LABEL_BOX = QColor(27, 31, 36, 200)
LEADER = QColor(200, 206, 214, 150)

REGION_FILL = QColor(64, 200, 190, 46)
REGION_HALO = QColor("#1f4f52")
"""Opaque: halos of neighbouring region vessels overlap without darkening."""
TUMOUR = QColor("#f0e442")
CRITICAL = QColor("#e69f00")

ACCESS_SITE = QColor(230, 234, 238, 200)
CATHETER = QColor("#f4f4f4")
BALLOON_FILL = QColor(240, 228, 66, 150)
BALLOON_OUTLINE = QColor("#f0e442")
BALLOON_OVERSTRETCHED = QColor("#ff4d4d")
PORT_OPEN = QColor("#56b4e9")
PORT_INFUSING = QColor("#f0e442")
CUFF_FULL = QColor("#f4f4f4")
CUFF_VENOUS_ONLY = QColor("#e69f00")
CUFF_OPEN = QColor("#8a8f96")
CIRCUIT = QColor("#cc79a7")
COIL = QColor("#d0d0d0")
PARTICLES = QColor("#b0b0b0")

MIN_WIDTH = 1.8
WIDTH_PER_MM_DIAMETER = 0.36
MAX_WIDTH = 16.0
"""Width = MIN_WIDTH + k * diameter, at most MAX_WIDTH (map units): the aorta (about 36 mm)
draws about 15 units, some 8 px when the whole body fits a screen, and a 1 mm artery stays
about 1 px instead of vanishing, as a width strictly proportional to diameter would make it."""

Z_ORGAN, Z_BED, Z_CHAMBER = 0.0, 1.0, 2.0
Z_REGION_BEDS = 3.0
Z_REGION_HALO = 5.0
Z_VESSEL = 10.0
"""Vessels stack from here by their layout layer (see ``vessel_z``)."""
Z_VESSEL_SPAN = 20.0
Z_CRITICAL = 32.0
Z_ACCESS = 39.0
Z_CUFF = 40.0
Z_CIRCUIT = 41.0
Z_CATHETER = 42.0
Z_BALLOON = 43.0
Z_PORT = 44.0
Z_EMBOLIZATION = 45.0
Z_TUMOUR = 46.0


def vessel_width(diameter_mm: float) -> float:
    return min(MIN_WIDTH + WIDTH_PER_MM_DIAMETER * diameter_mm, MAX_WIDTH)
