"""Routing a catheter from its access site to its tip along the vessels, and locating points on it.

A plan only says where a catheter goes in and where its tip lies (DESIGN.md §4.1), but balloons
and side holes sit at fixed distances back from the tip (catalog_file.py), so the simulator must
know which vessels the shaft runs through to put them in the right segment. Routing also decides
whether a placement is possible at all: the vessels must connect without crossing capillaries or
a heart valve, each must be wide enough for the catheter, and the catheter long enough. A refusal
is a :class:`CatheterRefused` whose message tells the trainee what to change.

The vessel graph is undirected, because a catheter goes with or against the flow (retrograde up
the aorta from the groin); the route is the shortest by length among those every vessel of which
fits the catheter, as an operator would choose. Positions follow the segment's "from → to"
direction (domain/anatomy-ids.md).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from simulator.devices.catalog import access_problem
from simulator.scenario.atlas_file import AtlasFile, SegmentEntry
from simulator.scenario.catalog_file import BalloonCatheter, ImplantablePump, InfusionCatheter

System = Literal["arterial", "venous"]
CatheterDevice = BalloonCatheter | InfusionCatheter | ImplantablePump

ARTERIAL_KINDS = frozenset({"artery", "pulmonary_artery"})
CROSSABLE_CHAMBER = "right_atrium"
CAVAL_PREFIXES = ("superior_vena_cava", "inferior_vena_cava")
"""Only these segments meet through the right atrium: a jugular catheter reaching the IVC (PHP)
crosses the atrium from one vena cava to the other; any other way through a chamber would pass
a valve or need steering the simulator does not model."""

_KIND_NAMES = {
    "artery": "an artery",
    "vein": "a vein",
    "portal": "a portal vein",
    "pulmonary_artery": "a pulmonary artery",
    "pulmonary_vein": "a pulmonary vein",
}
_FIT_TOLERANCE_MM = 1e-9


class CatheterRefused(ValueError):  # noqa: N818 -- name fixed by the API
    """A catheter placement that cannot be done; the message is a sentence a trainee can act on."""


@dataclass(frozen=True)
class VesselPoint:
    segment: str
    position: float
    """0..1 along the segment in its from → to direction."""


@dataclass(frozen=True)
class Leg:
    """The part of the route inside one segment, in the direction the catheter advances."""

    segment: str
    start: float
    end: float
    length_mm: float


@dataclass(frozen=True)
class Route:
    access: VesselPoint
    tip: VesselPoint
    legs: tuple[Leg, ...]
    length_mm: float
    """Catheter length inside the body, from the puncture to the tip."""

    def point_back_from_tip(self, distance_mm: float) -> VesselPoint:
        """Where a point ``distance_mm`` proximal to the tip lies (a balloon, a side hole).

        Beyond the route the point is outside the body; it is clamped to the access point, so
        callers that care should compare the distance with :attr:`length_mm` first.
        """
        if not distance_mm >= 0.0:
            raise ValueError(f"a distance back from the tip must be >= 0 mm, not {distance_mm}")
        remaining = distance_mm
        for leg in reversed(self.legs):
            if remaining <= leg.length_mm:
                if leg.length_mm <= 0.0:
                    return VesselPoint(leg.segment, leg.end)
                fraction = remaining / leg.length_mm
                position = leg.end + (leg.start - leg.end) * fraction
                return VesselPoint(leg.segment, min(1.0, max(0.0, position)))
            remaining -= leg.length_mm
        return self.access

    def segments(self) -> tuple[str, ...]:
        """The segments the catheter runs through, from the access to the tip."""
        return tuple(leg.segment for leg in self.legs)


def _radius_mm(segment: SegmentEntry, position: float) -> float:
    change = segment.radius_distal_mm - segment.radius_proximal_mm
    return segment.radius_proximal_mm + change * position


def _leg(segment: SegmentEntry, start: float, end: float) -> Leg:
    return Leg(segment.id, start, end, abs(end - start) * segment.length_mm)


@dataclass(frozen=True)
class _Query:
    """One search: the catheter, where it enters and ends, and which vessels it may use.

    ``lenient`` lets a diagnostic search cross beds and chambers, and ``use_absent`` use vessels
    the patient lacks, so a refusal can name what stands in the way instead of only saying that
    there is no way.
    """

    segments: Mapping[str, SegmentEntry]
    junctions: frozenset[str]
    beds: frozenset[str]
    site: SegmentEntry
    access_position: float
    tip: SegmentEntry
    tip_position: float
    system: System
    outer_diameter_mm: float
    strengths: Mapping[str, float]
    check_fit: bool = True
    lenient: bool = False
    use_absent: bool = False

    def strength(self, segment: SegmentEntry) -> float:
        return self.strengths.get(segment.id, segment.default_strength)

    def node(self, segment: SegmentEntry, end: str) -> str | None:
        """The graph node at one end of a segment, or None where a catheter cannot go on."""
        if self.lenient or end in self.junctions:
            return end
        caval = segment.id.startswith(CAVAL_PREFIXES)
        return end if end == CROSSABLE_CHAMBER and self.system == "venous" and caval else None

    def lumen_mm(self, segment: SegmentEntry, start: float, end: float) -> float:
        """Narrowest lumen over a leg; the radius is linear along a segment, so the narrowest
        point is one of the leg's ends. A lumped segment's radius is one vessel's."""
        radius = min(_radius_mm(segment, start), _radius_mm(segment, end))
        return 2.0 * radius * self.strength(segment)

    def fits(self, segment: SegmentEntry, start: float, end: float) -> bool:
        lumen = self.lumen_mm(segment, start, end)
        return not self.check_fit or lumen + _FIT_TOLERANCE_MM >= self.outer_diameter_mm


def _search(q: _Query) -> tuple[list[Leg], list[str]] | None:
    """Dijkstra from the access point to the tip point: the legs, and the nodes passed between
    them; None when no way exists for that query."""
    site, a_pos, tip, t_pos = q.site, q.access_position, q.tip, q.tip_position
    if site.id == tip.id:
        return ([_leg(site, a_pos, t_pos)], []) if q.fits(site, a_pos, t_pos) else None
    adjacency: dict[str, list[tuple[SegmentEntry, str, float, float]]] = defaultdict(list)
    for segment in q.segments.values():
        if segment.id in (site.id, tip.id) or segment.kind != site.kind:
            continue
        start, end = q.node(segment, segment.from_node), q.node(segment, segment.to_node)
        present = q.use_absent or q.strength(segment) > 0.0
        if start is not None and end is not None and present and q.fits(segment, 0.0, 1.0):
            adjacency[start].append((segment, end, 0.0, 1.0))
            adjacency[end].append((segment, start, 1.0, 0.0))

    order = itertools.count()
    heap: list[tuple[float, int, str, str | None, Leg]] = []
    for end_pos, end_node in ((0.0, site.from_node), (1.0, site.to_node)):
        node = q.node(site, end_node)
        if node is not None and q.fits(site, a_pos, end_pos):
            leg = _leg(site, a_pos, end_pos)
            heapq.heappush(heap, (leg.length_mm, next(order), node, None, leg))
    settled: dict[str, tuple[float, str | None, Leg]] = {}
    while heap:
        distance, _, node, parent, leg = heapq.heappop(heap)
        if node in settled:
            continue
        settled[node] = (distance, parent, leg)
        for segment, other, start, end in adjacency[node]:
            if other not in settled:
                step = _leg(segment, start, end)
                heapq.heappush(heap, (distance + step.length_mm, next(order), other, node, step))

    best: tuple[float, str, Leg] | None = None
    for start_pos, end_node in ((0.0, tip.from_node), (1.0, tip.to_node)):
        node = q.node(tip, end_node)
        if node is not None and node in settled and q.fits(tip, start_pos, t_pos):
            last = _leg(tip, start_pos, t_pos)
            total = settled[node][0] + last.length_mm
            if best is None or total < best[0]:
                best = (total, node, last)
    if best is None:
        return None
    legs, nodes, current = [best[2]], [], best[1]
    while current is not None:
        nodes.append(current)
        _, current, leg = settled[current]
        legs.append(leg)
    return legs[::-1], nodes[::-1]


def _check_kinds(system: System, site: SegmentEntry, tip: SegmentEntry) -> None:
    """The tip must be in the vascular system the catheter entered; say why not otherwise."""
    arterial = system == "arterial"
    if arterial != (site.kind in ARTERIAL_KINDS):
        wanted = (
            "an arterial catheter must enter an artery"
            if arterial
            else "a venous catheter must enter a vein"
        )
        raise CatheterRefused(f"{wanted}; {site.id} is {_KIND_NAMES[site.kind]}")
    if arterial != (tip.kind in ARTERIAL_KINDS):
        reached, other = ("a vein", "a venous") if arterial else ("an artery", "an arterial")
        raise CatheterRefused(
            f"{'an arterial' if arterial else 'a venous'} catheter cannot reach {reached}: "
            f"{tip.id} is {_KIND_NAMES[tip.kind]}; use {other} catheter from {reached} instead"
        )
    if tip.kind == "portal" and site.kind != "portal":
        reason = (
            "portal veins are not reachable from systemic veins (the gut and liver capillaries "
            f"lie between); only a cannula placed surgically into a portal vein reaches {tip.id}"
        )
    elif tip.kind == "pulmonary_artery" and site.kind != tip.kind:
        reason = (
            f"{tip.id} lies behind the heart valves; only a cannula placed surgically into a "
            "pulmonary artery reaches it"
        )
    elif tip.kind != site.kind:
        reason = (
            f"{tip.id} is {_KIND_NAMES[tip.kind]} and {site.id} is {_KIND_NAMES[site.kind]}; "
            "capillaries or the heart lie between them"
        )
    else:
        return
    raise CatheterRefused(reason)


def _mm(value: float, other: float) -> str:
    """A diameter with one decimal, or two where one would hide which of two is larger."""
    text = f"{value:.1f}"
    return f"{value:.2f}" if (float(text) >= other) != (value >= other) else text


def _cm(value_mm: float, other_mm: float) -> str:
    text = f"{value_mm / 10.0:.0f}"
    return f"{value_mm / 10.0:.1f}" if text == f"{other_mm / 10.0:.0f}" else text


def _unreachable(q: _Query) -> CatheterRefused:
    """Why no route fits: a vessel too narrow on the way, or something a catheter cannot cross."""
    no_fit = _search(replace(q, check_fit=False))
    for leg in no_fit[0] if no_fit else []:
        segment = q.segments[leg.segment]
        if not q.fits(segment, leg.start, leg.end):
            lumen = q.lumen_mm(segment, leg.start, leg.end)
            od = q.outer_diameter_mm
            return CatheterRefused(
                f"the {od * 3.0:.1f} F catheter ({od:.2f} mm) does not fit the {segment.id} "
                f"({_mm(lumen, od)} mm); choose a smaller catheter or a tip before that vessel"
            )
    lenient = _search(replace(q, check_fit=False, lenient=True))
    lenient = lenient or _search(replace(q, check_fit=False, lenient=True, use_absent=True))
    if lenient is None:
        return CatheterRefused(
            f"no vessel of the {q.system} system joins {q.site.id} to {q.tip.id}; "
            "choose another access site or tip"
        )
    legs, nodes = lenient
    obstacles = []
    for before, node, after in zip(legs, nodes, legs[1:], strict=False):
        if any(q.node(q.segments[leg.segment], node) is None for leg in (before, after)):
            obstacles.append(f"the {node} capillary bed" if node in q.beds else f"the {node}")
    absent = [leg.segment for leg in legs if q.strength(q.segments[leg.segment]) <= 0.0]
    obstacles += [f"the {name}, which this patient does not have" for name in absent]
    return CatheterRefused(
        f"the tip in {q.tip.id} cannot be reached from {q.site.id}: the way there crosses "
        f"{', '.join(obstacles)}; a catheter cannot pass through capillaries, a heart valve or a "
        "heart chamber (except the right atrium from one vena cava to the other)"
    )


def _segment(atlas: AtlasFile, segment_id: str) -> SegmentEntry:
    for segment in atlas.segments:
        if segment.id == segment_id:
            return segment
    raise CatheterRefused(f"there is no vessel '{segment_id}' in the anatomy")


def _check_position(position: float, what: str) -> None:
    if not (isinstance(position, int | float) and 0.0 <= position <= 1.0):
        raise CatheterRefused(
            f"the {what} position must be between 0 and 1 along the vessel, not {position}"
        )


def route_catheter(
    atlas: AtlasFile,
    access_site: str,
    tip: VesselPoint,
    *,
    system: System,
    outer_diameter_mm: float,
    usable_length_mm: float | None,
    access_position: float = 0.5,
    surgical_sites: frozenset[str] = frozenset(),
    collateral_strengths: Mapping[str, float] | None = None,
) -> Route:
    """The route of a catheter entering ``access_site`` at ``access_position`` with its tip at
    ``tip``; :class:`CatheterRefused` when the placement is impossible.

    ``collateral_strengths`` are the patient's radius multipliers (the scenario's anatomy
    variant); a vessel at strength 0 is absent and cannot be used.
    """
    length_ok = usable_length_mm is None or usable_length_mm > 0.0
    if not (0.0 < outer_diameter_mm < math.inf and length_ok and system in ("arterial", "venous")):
        raise CatheterRefused(
            f"a catheter needs a positive diameter ({outer_diameter_mm} mm) and length "
            f"({usable_length_mm} mm) and a system, arterial or venous ({system!r})"
        )
    _check_position(access_position, "access")
    _check_position(tip.position, "tip")
    if access_site not in atlas.access_sites and access_site not in surgical_sites:
        allowed = ", ".join([*atlas.access_sites, *sorted(surgical_sites)])
        raise CatheterRefused(f"{access_site} is not an access site; allowed: {allowed}")
    site = _segment(atlas, access_site)
    tip_segment = _segment(atlas, tip.segment)
    _check_kinds(system, site, tip_segment)
    strengths = dict(collateral_strengths or {})
    for segment in (site, tip_segment):
        if strengths.get(segment.id, segment.default_strength) <= 0.0:
            raise CatheterRefused(f"this patient has no {segment.id}; choose another vessel")
    beds = frozenset(bed.id for bed in atlas.beds)
    chambers = {chamber.id for chamber in atlas.heart.chambers}
    ends = {node for s in atlas.segments for node in (s.from_node, s.to_node)}
    query = _Query(
        segments={segment.id: segment for segment in atlas.segments},
        junctions=frozenset(ends - chambers - beds),
        beds=beds,
        site=site,
        access_position=access_position,
        tip=tip_segment,
        tip_position=tip.position,
        system=system,
        outer_diameter_mm=outer_diameter_mm,
        strengths=strengths,
    )
    found = _search(query)
    if found is None:
        raise _unreachable(query)
    legs = tuple(found[0])
    length = math.fsum(leg.length_mm for leg in legs)
    if usable_length_mm is not None and length > usable_length_mm:
        raise CatheterRefused(
            f"the tip is {_cm(length, usable_length_mm)} cm from the access; the catheter's "
            f"usable length is {_cm(usable_length_mm, length)} cm; choose a longer catheter or "
            "an access nearer the tip"
        )
    return Route(VesselPoint(access_site, access_position), tip, legs, length)


def _as_catheter(device: object) -> CatheterDevice:
    if isinstance(device, BalloonCatheter | InfusionCatheter | ImplantablePump):
        return device
    name = getattr(device, "id", type(device).__name__)
    kind = str(getattr(device, "type", "device")).replace("_", " ")
    raise CatheterRefused(f"{name} is a {kind}, not a catheter; it cannot be inserted")


def catheter_outer_diameter_mm(device: object) -> float:
    """The diameter that must pass every vessel: the shaft (1 F = 1/3 mm); the folded balloon of
    a balloon catheter goes through its sheath, which :func:`route_for_device` checks at the
    access vessel."""
    catheter = _as_catheter(device)
    if isinstance(catheter, BalloonCatheter):
        return catheter.shaft_french / 3.0
    if isinstance(catheter, InfusionCatheter):
        return catheter.outer_diameter_mm
    return catheter.catheter_outer_diameter_mm


def catheter_system(device: object, access_vessel_kind: str | None = None) -> System:
    """Arterial or venous. A device made for both (an occlusion balloon for the aorta or the
    vena cava) takes the side of the vessel it enters, so that kind must then be given. An
    implantable pump is arterial: its catheter sits in the gastroduodenal artery (HAI)."""
    catheter = _as_catheter(device)
    if isinstance(catheter, ImplantablePump):
        return "arterial"
    sides = catheter.vessel_sides
    if len(set(sides)) == 1:
        return sides[0]
    if access_vessel_kind is None:
        raise CatheterRefused(
            f"{catheter.id} serves both arteries and veins; name the access vessel to choose"
        )
    return "arterial" if access_vessel_kind in ARTERIAL_KINDS else "venous"


def usable_length_mm(device: object) -> float | None:
    """The catalog's usable length in mm; None for a pump, whose catheter the surgeon cuts to
    length."""
    catheter = _as_catheter(device)
    if isinstance(catheter, ImplantablePump):
        return None
    return catheter.usable_length_cm * 10.0


def route_for_device(
    atlas: AtlasFile,
    catalog_device: object,
    access_site: str,
    tip: VesselPoint,
    surgical_sites: frozenset[str] = frozenset(),
    *,
    access_position: float = 0.5,
    collateral_strengths: Mapping[str, float] | None = None,
) -> Route:
    """:func:`route_catheter` with the figures of a catalog device, after checking that the
    device is made for that access (a site the scenario allows for a cut-down counts as
    surgical) and that its introducer sheath fits the access vessel."""
    catheter = _as_catheter(catalog_device)
    problem = access_problem(catheter, access_site)
    if problem is not None and not (
        access_site in surgical_sites and "surgical" in catheter.access_kinds
    ):
        raise CatheterRefused(problem)
    site = _segment(atlas, access_site)
    route = route_catheter(
        atlas,
        access_site,
        tip,
        system=catheter_system(catheter, site.kind),
        outer_diameter_mm=catheter_outer_diameter_mm(catheter),
        usable_length_mm=usable_length_mm(catheter),
        access_position=access_position,
        surgical_sites=surgical_sites,
        collateral_strengths=collateral_strengths,
    )
    if isinstance(catheter, BalloonCatheter):
        sheath_mm = catheter.sheath_french / 3.0
        strength = (collateral_strengths or {}).get(site.id, site.default_strength)
        lumen = 2.0 * _radius_mm(site, access_position) * strength
        if lumen + _FIT_TOLERANCE_MM < sheath_mm:
            raise CatheterRefused(
                f"the {catheter.sheath_french:.1f} F sheath ({sheath_mm:.2f} mm) that "
                f"{catheter.id} needs does not fit the {site.id} ({_mm(lumen, sheath_mm)} mm); "
                "choose a larger access vessel"
            )
    return route
