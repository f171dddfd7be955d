"""The vascular map's layout file (``resources/anatomy/layout.json``): where every vessel, bed,
organ silhouette, heart chamber, cuff site and access site of the atlas is drawn.

Map units are millimetres of body. ``x = 0`` is the midline and ``x < 0`` is the PATIENT'S RIGHT,
which a viewer facing the patient sees on the left (the radiological convention); ``y`` grows
downward from the vertex of the head. The file is pure geometry: the atlas says what connects to
what, this file says where it is drawn, and ``simulator.anatomy.layout`` checks that the two
describe the same ids.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.scenario.common import AnatomicalId, StrictModel, limits

LAYOUT_SCHEMA_VERSION = 1

Coordinate = Annotated[
    float,
    limits(
        "[E] map units are mm of a schematic 1.8 m tall body, about 2000 mm across with the"
        " arms; 10 m either side of the midline and the vertex is room enough",
        ge=-10_000.0,
        le=10_000.0,
    ),
]
MapPoint = tuple[Coordinate, Coordinate]
"""A point in map units; finite, so a renderer never receives NaN or infinity."""

LayoutVesselKind = Literal["artery", "vein", "portal", "pulmonary_artery", "pulmonary_vein"]
CurveStyle = Literal["rounded", "smooth"]


class VesselLayout(StrictModel):
    """One atlas segment drawn as a polyline from its ``from_node`` end to its ``to_node`` end.

    ``curve="rounded"``: straight runs joined by arcs of ``corner_radius``; ``"smooth"``: the
    points are through-points of a smooth curve. At an anatomical crossing the vessel in front
    has the higher ``layer``.
    """

    polyline: list[MapPoint] = Field(min_length=2)
    kind: LayoutVesselKind
    collateral: bool = False
    curve: CurveStyle = "rounded"
    corner_radius: Annotated[
        float,
        limits(
            "[E] mm of the schematic map: 0 is a sharp corner; above 10 cm an arc would round"
            " away the branching it draws (the map uses about 4 mm)",
            ge=0.0,
            le=100.0,
        ),
    ] = 4.0
    layer: int = Field(default=0, ge=-100, le=100)
    label: str = ""
    label_anchor: MapPoint | None = None


class BedLayout(StrictModel):
    """A tissue bed of the atlas: the region its vessels end in, part of one organ."""

    polygon: list[MapPoint] = Field(min_length=3)
    organ: AnatomicalId
    label: str = ""
    label_anchor: MapPoint


class OrganLayout(StrictModel):
    """A silhouette drawn under the vessels (liver with its lobes, a kidney, a thigh's muscles)."""

    outline: list[MapPoint] = Field(min_length=3)
    label: str = ""
    beds: list[AnatomicalId] = Field(default_factory=list)
    label_anchor: MapPoint | None = None
    """Where the organ's name goes; away from its beds' names, which name its parts (the
    liver's lobes). ``None``: the middle of the outline."""


class ChamberLayout(StrictModel):
    polygon: list[MapPoint] = Field(min_length=3)


class LimbRootLayout(StrictModel):
    """Where a cuff is drawn: a line across the limb at the level of the atlas limb root."""

    line: tuple[MapPoint, MapPoint]


class AccessSiteLayout(StrictModel):
    """Where a sheath goes in: a point on the access vessel's polyline."""

    point: MapPoint


class ViewLayout(StrictModel):
    title: str = Field(min_length=1)
    rect: tuple[Coordinate, Coordinate, Coordinate, Coordinate]
    shortcut: str = ""

    @model_validator(mode="after")
    def _positive_area(self) -> ViewLayout:
        x_min, y_min, x_max, y_max = self.rect
        if x_max <= x_min or y_max <= y_min:
            raise ValueError("rect must be [x_min, y_min, x_max, y_max] with max above min")
        return self


class ViewSet(StrictModel):
    """The named views of the map; every one must be present (the GUI binds a shortcut to each)."""

    whole_body: ViewLayout
    head_neck: ViewLayout
    thorax: ViewLayout
    abdomen: ViewLayout
    pelvis: ViewLayout
    arm_right: ViewLayout
    arm_left: ViewLayout
    leg_right: ViewLayout
    leg_left: ViewLayout


class AnatomicalCrossing(StrictModel):
    """Two vessels that cross on the map because they cross in the body."""

    front: AnatomicalId
    behind: AnatomicalId
    why: str = Field(min_length=3)


class LayoutFile(StrictModel):
    """References inside the file and against the atlas are checked by
    ``simulator.anatomy.layout``, which reports each at its JSON path."""

    schema_version: Literal[1] = LAYOUT_SCHEMA_VERSION
    vessels: dict[AnatomicalId, VesselLayout] = Field(min_length=1)
    beds: dict[AnatomicalId, BedLayout] = Field(default_factory=dict)
    organs: dict[AnatomicalId, OrganLayout] = Field(default_factory=dict)
    chambers: dict[AnatomicalId, ChamberLayout] = Field(default_factory=dict)
    limb_roots: dict[AnatomicalId, LimbRootLayout] = Field(default_factory=dict)
    access_sites: dict[AnatomicalId, AccessSiteLayout] = Field(default_factory=dict)
    views: ViewSet
    anatomical_crossings: list[AnatomicalCrossing] = Field(default_factory=list)


VIEW_IDS: tuple[str, ...] = tuple(ViewSet.model_fields)
