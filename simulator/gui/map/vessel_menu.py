"""A vessel's own context menu on the map: the point under the pointer as a new circuit's draw
or return, or as the place to embolise (issue 8 item 6: the ends are picked on the map as well
as in the inspector's lists). The choice is emitted as ``HandsOnMap.vesselPicked``; the
inspectors put it into their forms."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from simulator.gui import describe
from simulator.gui.map.gestures import SNAP_RADIUS_PX

PURPOSES = (
    ("draw", "Circuit draws from here", "The new circuit's draw: this vessel point"),
    ("return", "Circuit returns here", "The new circuit's return: this vessel point"),
    ("embolize", "Embolise here…", "A coil or particles at this point of the artery"),
)


def vessel_under(hands, viewport_pos: QPoint) -> tuple[str, float] | None:
    """The vessel point nearest the pointer within the snapping radius (position to 0.01)."""
    scene_point = hands.view.mapToScene(viewport_pos)
    radius = SNAP_RADIUS_PX / max(hands.view.pixels_per_unit, 1e-9)
    snap = hands.snapper.snap(scene_point.x(), scene_point.y(), radius)
    return (snap.segment, round(snap.position, 2)) if snap is not None else None


def vessel_menu(hands, viewport_pos: QPoint, at_global: QPoint) -> bool:
    """Pop the menu of the vessel under the pointer; False when there is none."""
    point = vessel_under(hands, viewport_pos)
    if point is None:
        return False
    vessel, position = point
    menu = QMenu(hands.view)
    menu.setToolTipsVisible(True)
    title = menu.addAction(f"{describe.display_name(vessel)} at {position:.2f}")
    title.setEnabled(False)
    for purpose, text, tip in PURPOSES:
        action = menu.addAction(text)
        action.setData(purpose)
        action.setToolTip(tip)
        action.triggered.connect(
            lambda _=False, p=purpose: hands.vesselPicked.emit(p, vessel, position)
        )
    hands.context_menu = menu
    menu.popup(at_global)
    return True
