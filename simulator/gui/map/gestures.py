"""The map's gestures, one class each, with ``started``, ``moved``, ``finished`` and
``cancelled`` (Esc): a device carried from the shelf, a catheter tip dragged along the vessels.

A gesture previews through the controller's ``marks`` and ends in at most one proposal through
the controller (:class:`simulator.gui.map.interactions.HandsOnMap`), which owns the sink, the
scenario and the Qt-free answers (placement, vessel snapping) a gesture asks for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF

from simulator.devices.navigation import VesselPoint
from simulator.devices.placement import TipPreview
from simulator.gui import describe
from simulator.scenario.catalog_file import PneumaticCuff
from simulator.scenario.plan_file import MoveCatheter, TipPosition
from simulator.session.hands_on import cuff_fits
from simulator.session.picture import CatheterPicture

if TYPE_CHECKING:
    from simulator.gui.map.interactions import HandsOnMap

SITE_PICK_PX = 16.0
"""A drop this close to a site's ring lands on it."""
SNAP_RADIUS_PX = 14.0
"""The tip follows the nearest vessel within this distance of the pointer."""


def _name(vessel: str) -> str:
    return describe.display_name(vessel)


class CarryGesture:
    """A catheter or cuff carried from the shelf: where it may go lights up; the drop places it."""

    def __init__(self, hands_on: HandsOnMap, device_id: str) -> None:
        self.hands_on = hands_on
        self.device_id = device_id
        self.device = hands_on.catalog.device(device_id)
        self.targets: dict[str, tuple[bool, str, QPointF]] = {}
        self.hovered: str | None = None

    def started(self) -> None:
        hands = self.hands_on
        if isinstance(self.device, PneumaticCuff):
            for root in hands.atlas.limb_roots:
                fits = cuff_fits(self.device, root.id)
                reason = (
                    f"{_name(root.id)}: release to set the {self.device.name.lower()}"
                    if fits
                    else f"a {self.device.limb} cuff does not fit the {_name(root.id).lower()}"
                )
                self.targets[root.id] = (fits, reason, hands.limb_root_point(root.id))
        else:
            for verdict in hands.verdicts(self.device):
                self.targets[verdict.site] = (
                    verdict.usable,
                    verdict.reason,
                    hands.site_point(verdict.site),
                )
        hands.marks.show_sites(
            [
                (site, usable, reason, point)
                for site, (usable, reason, point) in self.targets.items()
            ]
        )

    def target_at(self, viewport_pos: QPoint) -> str | None:
        view = self.hands_on.view
        best, best_d = None, SITE_PICK_PX
        for site, (_, _, point) in self.targets.items():
            d = (QPointF(view.mapFromScene(point)) - QPointF(viewport_pos)).manhattanLength()
            if d <= best_d:
                best, best_d = site, d
        return best

    def moved(self, viewport_pos: QPoint | None) -> None:
        hands = self.hands_on
        site = self.target_at(viewport_pos) if viewport_pos is not None else None
        self.hovered = site
        hands.marks.hover_site(site)
        if site is None:
            hands.marks.show_hint("", QPointF())
            return
        usable, reason, point = self.targets[site]
        text = (
            f"Release: {reason}"
            if usable and not isinstance(self.device, PneumaticCuff)
            else reason
        )
        hands.marks.show_hint(text, point, refusal=not usable)
        hands.say(text)

    def finished(self, viewport_pos: QPoint | None) -> None:
        self.moved(viewport_pos)
        site = self.hovered
        self.cancelled()
        if site is None:
            if viewport_pos is not None:
                what = "a limb root" if isinstance(self.device, PneumaticCuff) else "an access site"
                self.hands_on.say(f"Drop the {self.device.name} on {what} (a blue ring)")
            return
        self.hands_on.place(self.device_id, site)

    def cancelled(self) -> None:
        self.hands_on.marks.clear()


class TipDrag:
    """A catheter's tip dragged along the vessels; the release moves it there."""

    def __init__(self, hands_on: HandsOnMap, catheter: CatheterPicture) -> None:
        self.hands_on = hands_on
        self.catheter = catheter
        self.device = hands_on.catalog.device(catheter.model)
        access = hands_on.segments[catheter.access.segment]
        self.allowed = hands_on.snapper.mask(
            s.id for s in hands_on.atlas.segments if s.kind == access.kind
        )
        self.preview: TipPreview | None = None
        self.moves = 0

    def started(self, viewport_pos: QPoint) -> None:
        self.hands_on.say(f"Dragging the tip of {self.catheter.catheter_id}: Esc cancels")

    def moved(self, viewport_pos: QPoint) -> None:
        hands = self.hands_on
        self.moves += 1
        scene_point = hands.view.mapToScene(viewport_pos)
        radius = SNAP_RADIUS_PX / max(hands.view.pixels_per_unit, 1e-9)
        snap = hands.snapper.snap(scene_point.x(), scene_point.y(), radius, self.allowed)
        snap = snap or hands.snapper.snap(scene_point.x(), scene_point.y(), radius)
        if snap is None:
            hands.marks.show_hint("Off the vessels: bring the tip back onto one", scene_point, True)
            self.preview = None
            return
        tip = VesselPoint(snap.segment, snap.position)
        self.preview = preview = hands.preview(self.device, self.catheter.access.segment, tip)
        hands.show_preview(preview, scene_point)

    def finished(self, viewport_pos: QPoint) -> None:
        if self.moves:
            self.moved(viewport_pos)
        preview = self.preview
        hands = self.hands_on
        hands.marks.clear()
        if preview is None:
            return
        if preview.route is None:
            hands.say(f"The tip stays where it was: {preview.refusal}")
            return
        if preview.tip == self.catheter.tip:
            return
        action = MoveCatheter(
            t_s=0.0,
            catheter_id=self.catheter.catheter_id,
            tip=TipPosition(vessel=preview.tip.segment, position=round(preview.tip.position, 4)),
        )
        hands.propose(
            action, f"Move the tip of {self.catheter.catheter_id} to {_name(preview.tip.segment)}"
        )

    def cancelled(self) -> None:
        self.hands_on.marks.clear()
        self.hands_on.say("Tip drag cancelled")


def show_tip_preview(marks, scene, devices, preview: TipPreview, pointer: QPointF) -> str:
    """Draw ``preview`` with ``marks`` (a ``GestureMarks``): the route, each balloon and opening
    group with the vessel and its diameter there, and a hint at ``pointer``; or navigation's
    refusal. Returns the hint's text."""
    if preview.route is None:
        marks.show_parts([])
        marks.show_route(None)
        marks.show_hint(preview.refusal or "", pointer, refusal=True)
        return preview.refusal or ""
    legs = tuple((leg.segment, leg.start, leg.end) for leg in preview.route.legs)
    marks.show_route(devices.route_path(legs))
    parts = []
    for mark in preview.marks:
        vessel = scene.vessels[mark.point.segment]
        text = f"{mark.label}: {_name(mark.point.segment)}, {mark.vessel_diameter_mm:.1f} mm"
        if not mark.inside:
            text = f"{mark.label}: outside the body (the tip is too near the access)"
        angle = vessel.polyline.angle_at(mark.point.position)
        parts.append((mark.kind, text, scene.point_at(mark.point), angle, mark.inside))
    marks.show_parts(parts)
    hint = (
        f"Tip in {_name(preview.tip.segment)} ({preview.tip_diameter_mm:.1f} mm),"
        f" {preview.route.length_mm / 10.0:.0f} cm inside"
    )
    marks.show_hint(hint, pointer)
    return hint
