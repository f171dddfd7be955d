"""The devices in the patient, drawn on the map from a ``DevicePicture``.

Items are kept by device key and reused: a snapshot at display rate moves or restyles what
changed and adds or removes only devices that came or went. Catheters run along their route
from the access site to the tip; balloons sit at their true centre, as long as their working
length and as wide as their filling makes them relative to the vessel (an over-sized balloon
bulges past the vessel's edges); cuffs lie across their limb root, white when they close
arteries and veins, orange when they close only the veins; a circuit is a dashed line from its
draw to its return point labelled with its flow.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from simulator.devices.balloon_geometry import is_overdistended
from simulator.gui import describe
from simulator.gui.map.labels import LabelSpec, device_tag
from simulator.gui.map.palette import (
    BACKGROUND,
    BALLOON_FILL,
    BALLOON_OUTLINE,
    BALLOON_OVERSTRETCHED,
    CATHETER,
    CIRCUIT,
    COIL,
    CUFF_FULL,
    CUFF_OPEN,
    CUFF_VENOUS_ONLY,
    PARTICLES,
    PORT_INFUSING,
    PORT_OPEN,
    Z_BALLOON,
    Z_CATHETER,
    Z_CIRCUIT,
    Z_CUFF,
    Z_EMBOLIZATION,
    Z_PORT,
)
from simulator.session.picture import (
    BalloonPicture,
    CatheterPicture,
    CircuitPicture,
    CuffPicture,
    DevicePicture,
    EmbolizationPicture,
    PortPicture,
)

CUFF_COLOURS = {"full": CUFF_FULL, "venous_only": CUFF_VENOUS_ONLY}
CATHETER_PX = 2.5
CATHETER_CASING_PX = 5.0
PORT_RADIUS_MM = 3.0
CUFF_THICKNESS_MM = 14.0
DEFLATED_BALLOON_FRACTION = 0.25
"""An empty balloon still shows, folded on the shaft, at this share of the vessel width."""
MAX_BALLOON_FRACTION = 1.6
CIRCUIT_BOW_MM = 60.0


class CatheterItem(QGraphicsPathItem):
    """A catheter: a light line on a dark casing so it reads over any vessel colour."""

    def __init__(self, device_id: str) -> None:
        super().__init__()
        self.device_id = device_id
        self.legs: tuple = ()
        pen = QPen(CATHETER, CATHETER_PX)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setZValue(Z_CATHETER)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        casing = QPen(self.pen())
        casing.setColor(BACKGROUND)
        casing.setWidthF(CATHETER_CASING_PX)
        painter.setPen(casing)
        painter.drawPath(self.path())
        painter.setPen(self.pen())
        painter.drawPath(self.path())
        tip = self.path().currentPosition()
        painter.setBrush(QBrush(CATHETER))
        radius = 3.0 / max(painter.transform().m11(), 1e-6)
        painter.drawEllipse(tip, radius, radius)

    def boundingRect(self) -> QRectF:
        # The casing and tip dot are a few pixels wide at any zoom; allow for them.
        return super().boundingRect().adjusted(-20, -20, 20, 20)


class BalloonItem(QGraphicsEllipseItem):
    def __init__(self, device_id: str) -> None:
        super().__init__()
        self.device_id = device_id
        pen = QPen(BALLOON_OUTLINE, 1.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(BALLOON_FILL))
        self.setZValue(Z_BALLOON)
        self.width_mm = 0.0
        self.overstretched = False

    def set_overstretched(self, overstretched: bool) -> None:
        """Beyond OVERDISTENSION_LIMIT of the vessel's diameter the wall is at risk: a red rim."""
        if overstretched != self.overstretched:
            self.overstretched = overstretched
            pen = QPen(
                BALLOON_OVERSTRETCHED if overstretched else BALLOON_OUTLINE,
                2.5 if overstretched else 1.5,
            )
            pen.setCosmetic(True)
            self.setPen(pen)


class CuffItem(QGraphicsPathItem):
    def __init__(self, device_id: str) -> None:
        super().__init__()
        self.device_id = device_id
        self.state = ""
        self.setZValue(Z_CUFF)


class CircuitItem(QGraphicsPathItem):
    def __init__(self, device_id: str) -> None:
        super().__init__()
        self.device_id = device_id
        pen = QPen(CIRCUIT, 2.0)
        pen.setCosmetic(True)
        pen.setDashPattern([5.0, 3.0])
        self.setPen(pen)
        self.setZValue(Z_CIRCUIT)
        self.flow_ml_min = 0.0


class DeviceLayer:
    """Device items of one scene, by key."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.items: dict[str, QGraphicsItem] = {}
        self._tags: dict[str, LabelSpec] = {}
        self.picture = DevicePicture()
        scene.device_lines = self.describe

    def show(self, devices: DevicePicture) -> None:
        if devices == self.picture:
            return  # the items and tags already show these devices (most frames of a play)
        self.picture = devices
        wanted: set[str] = set()
        self._tags = {}
        for catheter in devices.catheters:
            self._catheter(catheter, wanted)
        for cuff in devices.cuffs:
            self._cuff(cuff, wanted)
        for circuit in devices.circuits:
            self._circuit(circuit, wanted)
        for embolization in devices.embolizations:
            self._embolization(embolization, wanted)
        for key in [key for key in self.items if key not in wanted]:
            self.scene.removeItem(self.items.pop(key))
        self.scene.set_tags("device", self._tags)

    def describe(self, key: str) -> list[str]:
        """Hover lines for a device item's key."""
        kind, _, rest = key.partition(":")
        vessel_name = self._vessel_name
        for catheter in self.picture.catheters:
            if kind == "catheter" and rest == catheter.catheter_id:
                lines = [f"Catheter {catheter.catheter_id}", catheter.model.replace("_", " ")]
                lines.append(f"from {vessel_name(catheter.access.segment)}")
                lines.append(f"tip in {vessel_name(catheter.tip.segment)}")
                if catheter.infusing_drug:
                    lines.append(f"infusing {catheter.infusing_drug.replace('_', ' ')}")
                return lines
            for balloon in catheter.balloons:
                if key == f"balloon:{catheter.catheter_id}:{balloon.index}":
                    return [
                        f"Balloon {balloon.index + 1} of {catheter.catheter_id}",
                        f"{balloon.volume_ml:.1f} mL, {balloon.diameter_mm:.1f} mm in a"
                        f" {balloon.vessel_diameter_mm:.1f} mm vessel",
                        f"in {vessel_name(balloon.centre.segment)}",
                    ]
            for port in catheter.ports:
                if key == f"port:{catheter.catheter_id}:{port.function}:{port.index}":
                    state = ", infusing" if port.infusing else ""
                    return [
                        f"{port.function.capitalize()} opening {port.index + 1} of"
                        f" {catheter.catheter_id}{state}",
                        f"in {vessel_name(port.point.segment)}",
                    ]
        for cuff in self.picture.cuffs:
            if kind == "cuff" and rest == cuff.limb_root:
                closes = {"full": "arteries and veins", "venous_only": "veins only"}
                return [
                    f"Cuff on {cuff.limb_root.replace('_', ' ')}",
                    f"{cuff.pressure_mmHg:.0f} mmHg, closes {closes.get(cuff.state, 'nothing')}",
                ]
        for circuit in self.picture.circuits:
            if kind == "circuit" and rest == circuit.circuit_id:
                return [
                    f"Circuit {circuit.circuit_id}",
                    f"{circuit.flow_ml_min:.0f} mL/min, filter extraction"
                    f" {100 * circuit.extraction:.0f} %",
                    f"draws from {vessel_name(circuit.draw.segment)}, returns to"
                    f" {vessel_name(circuit.return_point.segment)}",
                ]
        for embolization in self.picture.embolizations:
            if key == f"embolization:{embolization.key}":
                return [
                    embolization.agent.capitalize(),
                    f"in {vessel_name(embolization.point.segment)}",
                ]
        return []

    def _vessel_name(self, segment_id: str) -> str:
        segment = self.scene.segments.get(segment_id)
        return describe.display_name(segment_id, segment.label if segment else "")

    def _tag(self, key: str, text: str, anchor: QPointF, colour: QColor) -> None:
        self._tags[f"device:{key}"] = device_tag(
            f"device:{key}", text, (anchor.x(), anchor.y()), colour.name()
        )

    def _get(self, key: str, factory) -> QGraphicsItem:
        item = self.items.get(key)
        if item is None:
            item = factory(key)
            self.scene.addItem(item)
            self.items[key] = item
        return item

    # -- catheters ------------------------------------------------------------------------

    def _catheter(self, catheter: CatheterPicture, wanted: set[str]) -> None:
        key = f"catheter:{catheter.catheter_id}"
        wanted.add(key)
        item = self._get(key, CatheterItem)
        assert isinstance(item, CatheterItem)
        if item.legs != catheter.legs:
            item.legs = catheter.legs
            item.setPath(self.route_path(catheter.legs))
        for balloon in catheter.balloons:
            self._balloon(catheter.catheter_id, balloon, wanted)
        for port in catheter.ports:
            self._port(catheter.catheter_id, port, wanted)

    def route_path(self, legs) -> QPainterPath:
        path = QPainterPath()
        for segment, start, end in legs:
            points = self.scene.vessels[segment].polyline.between(start, end)
            for i, (x, y) in enumerate(points):
                if path.elementCount() == 0:
                    path.moveTo(x, y)
                elif i > 0 or path.currentPosition() != QPointF(x, y):
                    path.lineTo(x, y)
        return path

    def _balloon(self, catheter_id: str, balloon: BalloonPicture, wanted: set[str]) -> None:
        key = f"balloon:{catheter_id}:{balloon.index}"
        wanted.add(key)
        item = self._get(key, BalloonItem)
        assert isinstance(item, BalloonItem)
        vessel = self.scene.vessels[balloon.centre.segment]
        ratio = (
            balloon.diameter_mm / balloon.vessel_diameter_mm if balloon.vessel_diameter_mm else 0
        )
        ratio = min(max(ratio, DEFLATED_BALLOON_FRACTION), MAX_BALLOON_FRACTION)
        width = vessel.width * ratio
        length = max(balloon.working_length_mm, width)
        item.width_mm = width
        item.setRect(QRectF(-length / 2, -width / 2, length, width))
        x, y = vessel.polyline.point_at(balloon.centre.position)
        item.setPos(x, y)
        item.setRotation(vessel.polyline.angle_at(balloon.centre.position))
        item.setOpacity(1.0 if balloon.volume_ml > 0.0 else 0.55)
        overstretched = balloon.vessel_diameter_mm > 0.0 and is_overdistended(
            balloon.diameter_mm, balloon.vessel_diameter_mm
        )
        item.set_overstretched(overstretched)
        if balloon.volume_ml > 0.0:
            sizing = 100.0 * balloon.diameter_mm / balloon.vessel_diameter_mm
            text = (
                f"balloon {balloon.volume_ml:.1f} mL, {balloon.diameter_mm:.1f} mm ({sizing:.0f} %)"
            )
            if overstretched:
                text += ": overstretches the wall"
            colour = BALLOON_OVERSTRETCHED if overstretched else BALLOON_OUTLINE
            self._tag(key, text, QPointF(x, y), colour)

    def _port(self, catheter_id: str, port: PortPicture, wanted: set[str]) -> None:
        key = f"port:{catheter_id}:{port.function}:{port.index}"
        wanted.add(key)
        item = self._get(key, lambda k: QGraphicsEllipseItem())
        assert isinstance(item, QGraphicsEllipseItem)
        item.device_id = key  # type: ignore[attr-defined]
        item.setZValue(Z_PORT)
        r = PORT_RADIUS_MM
        item.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        pen = QPen(BACKGROUND, 1.0)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setBrush(QBrush(PORT_INFUSING if port.infusing else PORT_OPEN))
        point = self.scene.point_at(port.point)
        item.setPos(point)

    # -- cuffs, circuits, embolizations ---------------------------------------------------

    def _cuff(self, cuff: CuffPicture, wanted: set[str]) -> None:
        key = f"cuff:{cuff.limb_root}"
        wanted.add(key)
        item = self._get(key, CuffItem)
        assert isinstance(item, CuffItem)
        (x1, y1), (x2, y2) = self.scene.layout.limb_roots[cuff.limb_root].line
        full = cuff.state == "full"
        closes = {"full": "arteries + veins", "venous_only": "veins only"}.get(cuff.state, "open")
        colour = QColor(CUFF_COLOURS.get(cuff.state, CUFF_OPEN))
        self._tag(
            key,
            f"cuff {cuff.pressure_mmHg:.0f} mmHg: {closes}",
            QPointF(max(x1, x2), 0.5 * (y1 + y2)),
            colour,
        )
        if item.state == cuff.state and not item.path().isEmpty():
            return
        item.state = cuff.state
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        nx, ny = (
            -(y2 - y1) / length * CUFF_THICKNESS_MM / 2,
            (x2 - x1) / length * CUFF_THICKNESS_MM / 2,
        )
        path = QPainterPath(QPointF(x1 + nx, y1 + ny))
        path.lineTo(x2 + nx, y2 + ny)
        path.lineTo(x2 - nx, y2 - ny)
        path.lineTo(x1 - nx, y1 - ny)
        path.closeSubpath()
        item.setPath(path)
        pen = QPen(colour, 1.5)
        pen.setCosmetic(True)
        item.setPen(pen)
        fill = QColor(colour)
        fill.setAlpha(110)
        # Solid: closes everything; hatched: only the veins (the limb congests); empty: open.
        if cuff.state == "none":
            item.setBrush(QBrush())
        else:
            style = Qt.BrushStyle.SolidPattern if full else Qt.BrushStyle.BDiagPattern
            item.setBrush(QBrush(fill, style))

    def _circuit(self, circuit: CircuitPicture, wanted: set[str]) -> None:
        key = f"circuit:{circuit.circuit_id}"
        wanted.add(key)
        item = self._get(key, CircuitItem)
        assert isinstance(item, CircuitItem)
        draw = self.scene.point_at(circuit.draw)
        back = self.scene.point_at(circuit.return_point)
        # The machine stands beside the patient: the line bows out to the side of the body the
        # two points lie on, so it never hides the vessels between them.
        side = 1.0 if draw.x() + back.x() >= 0.0 else -1.0
        bow = QPointF(side * CIRCUIT_BOW_MM, 0.0)
        path = QPainterPath(draw)
        path.cubicTo(draw + bow, back + bow, back)
        item.setPath(path)
        item.flow_ml_min = circuit.flow_ml_min
        text = f"circuit {circuit.flow_ml_min:.0f} mL/min"
        if circuit.extraction > 0.0:
            text += f", filter {100 * circuit.extraction:.0f} %"
        self._tag(key, text, path.pointAtPercent(0.5), CIRCUIT)

    def _embolization(self, embolization: EmbolizationPicture, wanted: set[str]) -> None:
        key = f"embolization:{embolization.key}"
        wanted.add(key)
        item = self._get(key, lambda k: QGraphicsPathItem())
        assert isinstance(item, QGraphicsPathItem)
        item.device_id = key  # type: ignore[attr-defined]
        item.setZValue(Z_EMBOLIZATION)
        vessel = self.scene.vessels[embolization.point.segment]
        centre = self.scene.point_at(embolization.point)
        size = max(vessel.width, 4.0)
        path = QPainterPath()
        if embolization.agent == "coil":
            # A coil: a short zigzag across the vessel.
            path.moveTo(-size, -size / 2)
            for i in range(1, 7):
                path.lineTo(-size + i * size / 3, size / 2 if i % 2 else -size / 2)
            pen = QPen(COIL, 2.0)
        else:
            for dx, dy in ((0, 0), (0.6, 0.3), (-0.5, 0.4), (0.2, -0.6), (-0.3, -0.3)):
                path.addEllipse(QPointF(dx * size, dy * size), size * 0.15, size * 0.15)
            pen = QPen(PARTICLES, 1.0)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setBrush(QBrush(PARTICLES) if embolization.agent != "coil" else QBrush())
        item.setPath(path)
        item.setPos(centre)
        item.setRotation(vessel.polyline.angle_at(embolization.point.position) + 90.0)
