"""Where a catheter from the shelf may go in, and where its parts would sit for a tip position.

The hands-on map lights up the access sites a device can use while it is dragged from the shelf,
and tells the trainee why each other site is no good; while a tip is dragged it shows where each
balloon and each group of openings would lie and how wide the vessel is there. Both answers come
from here, without Qt, and both use :mod:`simulator.devices.navigation` for the verdict itself,
so the map never allows what the session would refuse: a site is usable exactly when
``route_for_device`` accepts a catheter entering there (with the tip just inside the vessel).

The reasons are sorted into the kinds a trainee meets first: the wrong vascular system (an
arterial catheter at a vein), a device not made for that access, a vessel too narrow for the
sheath or shaft, a cut-down this scenario does not offer, a vessel this patient lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from simulator.devices.catalog import access_kind_for_site, access_problem
from simulator.devices.navigation import (
    ARTERIAL_KINDS,
    CatheterDevice,
    CatheterRefused,
    Route,
    VesselPoint,
    catheter_outer_diameter_mm,
    route_for_device,
)
from simulator.scenario.atlas_file import AtlasFile, SegmentEntry
from simulator.scenario.catalog_file import BalloonCatheter, ImplantablePump, InfusionCatheter

DEFAULT_ACCESS_POSITION = 0.5
"""Where the puncture lies along the access vessel: a plan does not say, and the session uses
navigation's default, the middle of the vessel."""
INITIAL_TIP_OFFSET = 0.45
"""A dropped catheter's tip lies this fraction of the access vessel beyond the puncture, towards
the heart: the sheath is in and the catheter has just entered the vessel."""

VerdictKind = Literal[
    "usable", "wrong_system", "not_made_for", "too_narrow", "no_surgical_access", "absent"
]


@dataclass(frozen=True)
class SiteVerdict:
    site: str
    """The access vessel (an atlas access site, or a vessel the scenario opens surgically)."""
    surgical: bool
    """A cut-down the scenario offers, not one of the standard percutaneous sites."""
    kind: VerdictKind
    reason: str
    """Why not, in words a trainee can act on; for a usable site, what it is."""

    @property
    def usable(self) -> bool:
        return self.kind == "usable"


def is_catheter(device: object) -> bool:
    return isinstance(device, BalloonCatheter | InfusionCatheter | ImplantablePump)


def device_systems(device: CatheterDevice) -> tuple[str, ...]:
    """The vascular systems a catheter is made for (an implantable pump's is arterial)."""
    if isinstance(device, ImplantablePump):
        return ("arterial",)
    return tuple(device.vessel_sides)


def segment_system(segment: SegmentEntry) -> str:
    return "arterial" if segment.kind in ARTERIAL_KINDS else "venous"


def initial_tip(
    segment: SegmentEntry, access_position: float = DEFAULT_ACCESS_POSITION
) -> VesselPoint:
    """Where a dropped catheter's tip lies: a little way into the access vessel towards the heart.

    Arteries run away from the heart in their from → to direction and veins towards it, so the
    heart lies at position 0 of an artery and at 1 of a vein."""
    towards_heart = -1.0 if segment.kind in ARTERIAL_KINDS else 1.0
    position = access_position + towards_heart * INITIAL_TIP_OFFSET
    return VesselPoint(segment.id, min(1.0, max(0.0, position)))


def access_sites(
    atlas: AtlasFile, surgical_access: list[str] | tuple[str, ...]
) -> list[tuple[str, bool]]:
    """Every site a catheter might enter in this scenario: the atlas's access sites, then the
    scenario's surgical ones (flagged True), each once."""
    sites = [(site, False) for site in atlas.access_sites]
    seen = set(atlas.access_sites)
    for site in surgical_access:
        if site not in seen:
            sites.append((site, True))
            seen.add(site)
    return sites


def _name(site: str) -> str:
    return site.replace("_", " ")


def _device_name(device: CatheterDevice) -> str:
    return device.name


def site_verdict(
    atlas: AtlasFile,
    device: CatheterDevice,
    site: str,
    surgical_access: frozenset[str] = frozenset(),
    collateral_strengths: Mapping[str, float] | None = None,
) -> SiteVerdict:
    """Whether ``device`` can enter at ``site`` in a scenario offering ``surgical_access``."""
    segments = {segment.id: segment for segment in atlas.segments}
    segment = segments.get(site)
    surgical = site in surgical_access and site not in atlas.access_sites
    if segment is None:
        return SiteVerdict(site, surgical, "absent", f"there is no vessel '{site}' in the anatomy")
    strengths = collateral_strengths or {}
    if strengths.get(site, segment.default_strength) <= 0.0:
        return SiteVerdict(site, surgical, "absent", f"this patient has no {_name(site)}")
    system = segment_system(segment)
    systems = device_systems(device)
    if system not in systems:
        vessel = "a vein" if system == "venous" else "an artery"
        return SiteVerdict(
            site,
            surgical,
            "wrong_system",
            f"wrong system: the {_name(site)} is {vessel} and the {_device_name(device)} is "
            f"made for {' and '.join(s + ' vessels' for s in systems)}",
        )
    kinds = list(device.access_kinds)
    made_for = access_problem(device, site) is None
    cut_down = site in surgical_access and "surgical" in kinds
    if not (made_for or cut_down):
        kind = access_kind_for_site(site)
        if kinds == ["surgical"]:
            where = (
                "this scenario offers no cut-down"
                if not surgical_access
                else "this scenario offers a cut-down only at "
                + ", ".join(map(_name, sorted(surgical_access)))
            )
            return SiteVerdict(
                site,
                surgical,
                "no_surgical_access",
                f"the {_device_name(device)} goes in by surgical cut-down, and {where}",
            )
        if kind == "surgical":
            return SiteVerdict(
                site,
                surgical,
                "no_surgical_access",
                f"the {_name(site)} needs a surgical access this scenario does not have",
            )
        allowed = ", ".join(k.replace("_", " ") for k in kinds)
        return SiteVerdict(
            site,
            surgical,
            "not_made_for",
            f"the {_device_name(device)} is not made for the {kind.replace('_', ' ')} "
            f"(it is made for: {allowed})",
        )
    try:
        route_for_device(
            atlas,
            device,
            site,
            initial_tip(segment),
            surgical_access,
            collateral_strengths=collateral_strengths,
        )
    except CatheterRefused as refusal:
        text = str(refusal)
        narrow = "does not fit" in text
        reason = f"too narrow: {text}" if narrow else text
        return SiteVerdict(site, surgical, "too_narrow" if narrow else "not_made_for", reason)
    outer = catheter_outer_diameter_mm(device)
    how = "surgical cut-down" if surgical or (cut_down and not made_for) else "percutaneous"
    return SiteVerdict(
        site,
        surgical,
        "usable",
        f"{_name(site)}: {how} access for the {outer * 3.0:.0f} F {_device_name(device)}",
    )


def site_verdicts(
    atlas: AtlasFile,
    device: CatheterDevice,
    surgical_access: list[str] | tuple[str, ...] = (),
    collateral_strengths: Mapping[str, float] | None = None,
) -> list[SiteVerdict]:
    """A verdict for every site of :func:`access_sites`, in that order."""
    surgical = frozenset(surgical_access)
    return [
        site_verdict(atlas, device, site, surgical, collateral_strengths)
        for site, _ in access_sites(atlas, tuple(surgical_access))
    ]


# -- the parts of a catheter along its route ------------------------------------------------

MarkKind = Literal["balloon", "side_holes", "end_hole"]


@dataclass(frozen=True)
class PartMark:
    """Where one balloon or group of openings sits for a route, and the vessel there."""

    kind: MarkKind
    label: str
    point: VesselPoint
    distance_from_tip_mm: float
    vessel_diameter_mm: float
    inside: bool
    """False when the part would lie outside the body (the route is shorter than its distance
    back from the tip); the point is then the access."""


def _diameter_mm(
    segments: Mapping[str, SegmentEntry], point: VesselPoint, strengths: Mapping[str, float]
) -> float:
    segment = segments[point.segment]
    radius = (
        segment.radius_proximal_mm
        + (segment.radius_distal_mm - segment.radius_proximal_mm) * point.position
    )
    return 2.0 * radius * strengths.get(segment.id, segment.default_strength)


def part_marks(
    atlas: AtlasFile,
    device: CatheterDevice,
    route: Route,
    collateral_strengths: Mapping[str, float] | None = None,
) -> list[PartMark]:
    """Each balloon's centre and each opening group of ``device`` on ``route``, tip first."""
    segments = {segment.id: segment for segment in atlas.segments}
    strengths = collateral_strengths or {}
    wanted: list[tuple[MarkKind, str, float]] = []
    if isinstance(device, BalloonCatheter):
        for index, balloon in enumerate(device.balloons):
            name = balloon.label or f"balloon {index + 1}"
            wanted.append(
                ("balloon", name, balloon.distance_from_tip_mm + 0.5 * balloon.working_length_mm)
            )
        for port in device.ports:
            if port.function in ("infusion", "aspiration"):
                kind: MarkKind = "end_hole" if port.distance_from_tip_mm == 0.0 else "side_holes"
                what = "end hole" if kind == "end_hole" else "side holes"
                wanted.append((kind, f"{port.function} {what}", port.distance_from_tip_mm))
    elif isinstance(device, InfusionCatheter):
        holes = "end hole" if device.end_hole else "tip"
        if device.side_holes:
            holes += f" and {device.side_holes} side holes"
        wanted.append(("end_hole", holes, 0.0))
    else:
        wanted.append(("end_hole", "catheter tip", 0.0))
    marks = []
    for kind, label, distance in sorted(wanted, key=lambda part: part[2]):
        point = route.point_back_from_tip(distance)
        marks.append(
            PartMark(
                kind,
                label,
                point,
                distance,
                _diameter_mm(segments, point, strengths),
                inside=distance <= route.length_mm,
            )
        )
    return marks


@dataclass(frozen=True)
class TipPreview:
    """What a tip at one point would give: the route and the parts, or navigation's refusal."""

    tip: VesselPoint
    route: Route | None
    marks: tuple[PartMark, ...]
    refusal: str | None
    tip_diameter_mm: float


def preview_tip(
    atlas: AtlasFile,
    device: CatheterDevice,
    access: str,
    tip: VesselPoint,
    surgical_access: frozenset[str] = frozenset(),
    collateral_strengths: Mapping[str, float] | None = None,
) -> TipPreview:
    """The route and part positions for ``tip``, exactly as the session would place them."""
    segments = {segment.id: segment for segment in atlas.segments}
    strengths = collateral_strengths or {}
    diameter = _diameter_mm(segments, tip, strengths) if tip.segment in segments else 0.0
    try:
        route = route_for_device(
            atlas, device, access, tip, surgical_access, collateral_strengths=collateral_strengths
        )
    except CatheterRefused as refusal:
        return TipPreview(tip, None, (), str(refusal), diameter)
    marks = part_marks(atlas, device, route, collateral_strengths)
    return TipPreview(tip, route, tuple(marks), None, diameter)
