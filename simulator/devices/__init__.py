"""Balloons, cuffs, catheters, pumps, circuits, embolization and probes."""
