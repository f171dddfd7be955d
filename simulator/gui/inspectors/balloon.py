"""The balloon inspector: set a balloon's filling and see, while it changes, what it does.

The volume is set with a spin box (mL), a slider or the mouse wheel over either. Every change
of the control shows at once, from ``session.preview`` (a cycle-mean what-if, well under a
millisecond per value), the balloon's free diameter from the catalog curve beside the vessel
diameter, the stretch (warning above 120 %), the share of the open flow still passing, the
burst volume and the pressures on both sides and the flow past. Nothing is recorded while the
control moves: the end of the gesture is one ``inflate_balloon`` action (a slider released,
Enter or leaving the spin box, the wheel or arrow keys resting for ``IDLE_COMMIT_MS``, or the
Inflate button); Deflate is one ``deflate_balloon``.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from simulator.devices.balloon_geometry import OVERDISTENSION_LIMIT
from simulator.gui import describe
from simulator.gui.inspectors.context import InspectorContext
from simulator.gui.workspace.alarm_style import look
from simulator.scenario.plan_file import DeflateBalloon, InflateBalloon
from simulator.session.preview import BalloonPreview, BalloonPreviewer, balloon_previewer

IDLE_COMMIT_MS = 600
"""A wheel or arrow-key gesture ends when the control has rested this long: one action then."""
SLIDER_STEPS_PER_ML = 100
VOLUME_RANGE_OVER_BURST = 1.25
"""The controls reach a quarter past the burst volume, so that bursting a balloon can be done
(and learned from)."""
PENDING_TIMEOUT_S = 3.0
"""After proposing, the controls wait this long for a snapshot that shows the new volume before
following the snapshots again (an undo may have taken it back meanwhile)."""
GESTURE_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
}


def _balloon_text(catheter_id: str, balloon: int, label: str) -> str:
    """How the Edit menu and plan panel name it: "aortic balloon", "cephalad balloon of sf"."""
    if label and label != catheter_id:
        return f"{label} balloon of {catheter_id}"
    return f"{catheter_id} balloon" + (f" {balloon + 1}" if balloon > 0 and not label else "")


class _Same:
    """Equal only to a wrapper of the very same object (a network is compared by identity: it is
    immutable, and a new one is a new circulation)."""

    __slots__ = ("thing",)

    def __init__(self, thing: object) -> None:
        self.thing = thing

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.thing is self.thing

    def __hash__(self) -> int:
        return id(self.thing)


class BalloonInspector(QWidget):
    """One balloon of one catheter; ``set_balloon`` chooses it."""

    previewed = Signal(object)
    """A :class:`BalloonPreview` was shown (for the benchmark and the map)."""

    def __init__(self, context: InspectorContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balloon_inspector")
        self.context = context
        self.catheter_id: str | None = None
        self.balloon = 0
        self._previewer: BalloonPreviewer | None = None
        self._previewer_key: tuple | None = None
        self._committed_ml = 0.0
        self._pending: tuple[float, float] | None = None  # (volume, wall time proposed)
        self._syncing = False
        self.last_preview: BalloonPreview | None = None

        self.title = QLabel()
        self.title.setObjectName("balloon_title")
        self.title.setWordWrap(True)
        self.volume_box = QDoubleSpinBox()
        self.volume_box.setObjectName("balloon_volume_box")
        self.volume_box.setSuffix(" mL")
        self.volume_box.setDecimals(2)
        self.volume_box.setAccelerated(True)
        self.volume_box.setToolTip(
            "Balloon filling in mL: type a volume and press Enter, or use the arrow keys or the "
            "mouse wheel; the figures below follow at once, the action is recorded when you stop"
        )
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("balloon_volume_slider")
        self.slider.setToolTip(
            "Drag to fill or empty the balloon; the action is recorded when you let go"
        )
        self.inflate_button = QPushButton("&Inflate")
        self.inflate_button.setObjectName("balloon_inflate_button")
        self.inflate_button.setToolTip("Record the filling shown in the spin box (Alt+I)")
        self.deflate_button = QPushButton("&Deflate")
        self.deflate_button.setObjectName("balloon_deflate_button")
        self.deflate_button.setToolTip("Empty the balloon: one deflate action (Alt+D)")

        self.diameter_label = QLabel()
        self.diameter_label.setObjectName("balloon_diameter")
        self.diameter_label.setToolTip(
            "Free balloon diameter from the catalog's volume-diameter curve, beside the "
            "diameter of the vessel where the balloon sits"
        )
        self.stretch_label = QLabel()
        self.stretch_label.setObjectName("balloon_stretch")
        self.stretch_label.setToolTip(
            f"Balloon diameter over vessel diameter; above {OVERDISTENSION_LIMIT:.0%} the wall "
            "is at risk of dissection or rupture"
        )
        self.seal_label = QLabel()
        self.seal_label.setObjectName("balloon_seal")
        self.seal_label.setToolTip(
            "The share of the flow with the balloon empty that still passes it (0 % = sealed)"
        )
        self.burst_label = QLabel()
        self.burst_label.setObjectName("balloon_burst")
        self.burst_label.setToolTip("The catalog's rated and burst volumes of this balloon")
        self.upstream_label = QLabel()
        self.upstream_label.setObjectName("balloon_pressure_upstream")
        self.downstream_label = QLabel()
        self.downstream_label.setObjectName("balloon_pressure_downstream")
        self.flow_label = QLabel()
        self.flow_label.setObjectName("balloon_flow_past")
        self.flow_label.setToolTip(
            "Beat-mean flow still passing the balloon once the circulation settles (cycle-mean "
            "solver, circuits at their set flows, reflexes as they are now)"
        )
        self.warning_label = QLabel()
        self.warning_label.setObjectName("balloon_warning")
        self.warning_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("balloon_reason")
        self.reason_label.setWordWrap(True)

        for label in (
            self.diameter_label,
            self.stretch_label,
            self.seal_label,
            self.burst_label,
            self.upstream_label,
            self.downstream_label,
            self.flow_label,
        ):
            label.setWordWrap(True)  # the dock is narrow; a long vessel name wraps
        controls = QHBoxLayout()
        controls.addWidget(self.volume_box)
        controls.addWidget(self.inflate_button)
        controls.addWidget(self.deflate_button)
        form = QFormLayout()
        form.addRow("Diameter", self.diameter_label)
        form.addRow("Stretch", self.stretch_label)
        form.addRow("Flow passing", self.seal_label)
        form.addRow("Volumes", self.burst_label)
        self._upstream_caption = QLabel("Pressure before")
        self._downstream_caption = QLabel("Pressure after")
        form.addRow(self._upstream_caption, self.upstream_label)
        form.addRow(self._downstream_caption, self.downstream_label)
        form.addRow("Flow past", self.flow_label)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addLayout(controls)
        box.addWidget(self.slider)
        box.addLayout(form)
        box.addWidget(self.warning_label)
        box.addWidget(self.reason_label)
        box.addStretch(1)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_COMMIT_MS)
        self._idle.timeout.connect(self.commit)
        self.volume_box.valueChanged.connect(self._box_changed)
        self.volume_box.editingFinished.connect(self.commit)
        self.slider.valueChanged.connect(self._slider_changed)
        self.slider.sliderReleased.connect(self.commit)
        self.inflate_button.clicked.connect(self.commit)
        self.deflate_button.clicked.connect(self.deflate)
        for widget in (self.volume_box, self.slider):
            widget.installEventFilter(self)
        self.setEnabled(False)

    # -- choosing a balloon --------------------------------------------------------------------
    def set_balloon(self, catheter_id: str | None, balloon: int = 0) -> None:
        self._idle.stop()
        self.catheter_id = catheter_id
        self.balloon = balloon
        self._previewer = None
        self._previewer_key = None
        self._pending = None
        self.reason_label.clear()
        spec = self._spec()
        self.setEnabled(spec is not None)
        if spec is None:
            self.title.setText("No balloon chosen")
            return
        top = max(spec.burst_volume_ml * VOLUME_RANGE_OVER_BURST, spec.rated_volume_ml)
        step = 10 ** math.floor(math.log10(max(spec.rated_volume_ml / 20.0, 0.01)))
        self._syncing = True
        self.volume_box.setRange(0.0, round(top, 2))
        self.volume_box.setSingleStep(step)
        self.slider.setRange(0, round(top * SLIDER_STEPS_PER_ML))
        self.slider.setSingleStep(max(1, round(step * SLIDER_STEPS_PER_ML)))
        self.slider.setPageStep(max(1, round(10 * step * SLIDER_STEPS_PER_ML)))
        self._syncing = False
        device = self._device()
        label = f" ({spec.label})" if spec.label else ""
        self.title.setText(
            f"<b>Balloon {balloon + 1}{label} of catheter {catheter_id}</b><br>{device.name}"
        )
        self.burst_label.setText(
            f"rated {spec.rated_volume_ml:g} mL ({spec.nominal_diameter_min_mm:g}–"
            f"{spec.nominal_diameter_max_mm:g} mm), bursts above {spec.burst_volume_ml:g} mL"
        )
        self._committed_ml = self._snapshot_volume()
        self._set_controls(self._committed_ml)
        self.show_volume(self._committed_ml)

    def _device(self):
        snapshot = self.context.snapshot()
        if snapshot is None or self.catheter_id not in snapshot.devices.catheters:
            return None
        return self.context.catalog.device(snapshot.devices.catheters[self.catheter_id].model)

    def _spec(self):
        device = self._device()
        balloons = getattr(device, "balloons", None)
        if not balloons or not 0 <= self.balloon < len(balloons):
            return None
        return balloons[self.balloon]

    def _snapshot_volume(self) -> float:
        snapshot = self.context.snapshot()
        if snapshot is None or self.catheter_id not in snapshot.devices.catheters:
            return 0.0
        return snapshot.devices.catheters[self.catheter_id].balloon_volume_ml.get(self.balloon, 0.0)

    # -- following the session -----------------------------------------------------------------
    def follow_snapshot(self) -> None:
        """A new snapshot is out: the controls show the balloon's recorded volume unless the
        trainee is moving them."""
        if self.catheter_id is None or self._spec() is None:
            return
        volume = self._snapshot_volume()
        if self._pending is not None:
            wanted, since = self._pending
            if abs(volume - wanted) > 1e-9 and time.monotonic() - since < PENDING_TIMEOUT_S:
                return
            self._pending = None
        if self._gesture_active():
            return
        self._committed_ml = volume
        if abs(self.volume_box.value() - volume) > 1e-9:
            self._set_controls(volume)
            self.show_volume(volume)
        elif self._previewer_key != self._snapshot_key():
            self.show_volume(volume)  # same filling, new circulation: the figures follow it

    def _snapshot_key(self) -> tuple | None:
        """What the previewer was built from: the network object (held, so compared by
        identity) and the balloon's recorded volume."""
        snapshot = self.context.snapshot()
        if snapshot is None or self.catheter_id not in snapshot.devices.catheters:
            return None
        catheter = snapshot.devices.catheters[self.catheter_id]
        return (_Same(snapshot.network), catheter.balloon_volume_ml.get(self.balloon, 0.0))

    def _gesture_active(self) -> bool:
        return (
            self._idle.isActive()
            or self.slider.isSliderDown()
            or abs(self.volume_box.value() - self._committed_ml) > 1e-9
        )

    # -- the controls ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel or (
            kind == QEvent.Type.KeyPress and event.key() in GESTURE_KEYS
        ):
            self._idle.start()
        return super().eventFilter(watched, event)

    def _set_controls(self, volume_ml: float) -> None:
        self._syncing = True
        self.volume_box.setValue(volume_ml)
        self.slider.setValue(round(volume_ml * SLIDER_STEPS_PER_ML))
        self._syncing = False

    def _box_changed(self, value: float) -> None:
        if self._syncing:
            return
        self._syncing = True
        self.slider.setValue(round(value * SLIDER_STEPS_PER_ML))
        self._syncing = False
        self.show_volume(value)

    def _slider_changed(self, ticks: int) -> None:
        if self._syncing:
            return
        value = ticks / SLIDER_STEPS_PER_ML
        self._syncing = True
        self.volume_box.setValue(value)
        self._syncing = False
        self.show_volume(value)

    # -- the figures ------------------------------------------------------------------------------
    def _ensure_previewer(self) -> BalloonPreviewer | None:
        snapshot = self.context.snapshot()
        scenario = self.context.scenario
        if snapshot is None or scenario is None or self.catheter_id is None:
            return None
        catheter = snapshot.devices.catheters.get(self.catheter_id)
        if catheter is None:
            return None
        # One factorization per network and recorded volume: a gesture keeps its previewer.
        key = self._snapshot_key()
        if self._previewer is None or (key != self._previewer_key and not self._gesture_active()):
            self._previewer = balloon_previewer(
                snapshot,
                scenario,
                self.context.atlas,
                self.context.catalog,
                self.catheter_id,
                self.balloon,
            )
            self._previewer_key = key
            point = self._previewer.point
            segment = next(s for s in self.context.atlas.segments if s.id == point.segment)
            before = describe.display_name(segment.from_node)
            after = describe.display_name(segment.to_node)
            self._upstream_caption.setText(f"Pressure, {before} side")
            self._downstream_caption.setText(f"Pressure, {after} side")
            where = describe.display_name(point.segment)
            self.upstream_label.setToolTip(
                f"Beat-mean pressure in the {where} on the side towards the {before.lower()}, "
                "once the circulation settles with this filling"
            )
            self.downstream_label.setToolTip(
                f"Beat-mean pressure in the {where} on the side towards the {after.lower()}"
            )
        return self._previewer

    def show_volume(self, volume_ml: float) -> BalloonPreview | None:
        """Show what ``volume_ml`` would do (called on every change of the controls)."""
        previewer = self._ensure_previewer()
        if previewer is None:
            return None
        preview = previewer.preview(volume_ml)
        self.last_preview = preview
        where = describe.display_name(previewer.point.segment)
        self.diameter_label.setText(
            f"{preview.diameter_mm:.1f} mm in a {preview.vessel_diameter_mm:.1f} mm vessel "
            f"({where})"
        )
        self.stretch_label.setText(f"{preview.overdistension_ratio:.0%} of the vessel diameter")
        self.seal_label.setText(
            "none (burst)" if preview.burst else f"{preview.passing_share:.1%} of the open flow"
        )
        self.upstream_label.setText(f"{preview.pressure_upstream_mmHg:.1f} mmHg")
        self.downstream_label.setText(f"{preview.pressure_downstream_mmHg:.1f} mmHg")
        self.flow_label.setText(
            f"{abs(preview.flow_past_ml_min):.0f} mL/min "
            f"(open: {abs(preview.open_flow_ml_min):.0f} mL/min)"
        )
        self._show_warning(preview, previewer.burst_volume_ml)
        self.previewed.emit(preview)
        return preview

    def _show_warning(self, preview: BalloonPreview, burst_ml: float) -> None:
        if preview.burst:
            text, state = (
                f"◆ Burst: {preview.volume_ml:.2f} mL is above the {burst_ml:g} mL this balloon "
                "survives; it ruptures and seals nothing",
                "alarm",
            )
        elif preview.overdistended:
            text, state = (
                f"▲ Overdistension: {preview.overdistension_ratio:.0%} of the vessel diameter "
                f"(above {OVERDISTENSION_LIMIT:.0%}): risk of dissection or rupture",
                "warning",
            )
        else:
            self.warning_label.clear()
            self.warning_label.setStyleSheet("")
            return
        colours = look(state)
        self.warning_label.setText(text)
        self.warning_label.setStyleSheet(
            f"background: {colours.colour.name()}; color: {colours.text_colour.name()}; "
            "padding: 3px"
        )

    # -- recording ----------------------------------------------------------------------------
    def commit(self) -> None:
        """The gesture ended: one inflate (or, at 0 mL, deflate) action, if the volume moved."""
        self._idle.stop()
        if self.catheter_id is None or self.slider.isSliderDown() or self._spec() is None:
            return
        volume = round(self.volume_box.value(), 2)
        if abs(volume - self._committed_ml) < 1e-9:
            return
        if volume <= 0.0:
            self.deflate()
            return
        catheter_id, balloon = self.catheter_id, self.balloon
        name = _balloon_text(catheter_id, balloon, self._spec().label)
        self._record(
            lambda t_s: InflateBalloon(
                t_s=t_s, catheter_id=catheter_id, balloon=balloon, volume_ml=volume
            ),
            f"Inflate {name} to {volume:g} mL",
            volume,
        )

    def deflate(self) -> None:
        self._idle.stop()
        if self.catheter_id is None or self._spec() is None:
            return
        catheter_id, balloon = self.catheter_id, self.balloon
        name = _balloon_text(catheter_id, balloon, self._spec().label)
        self._record(
            lambda t_s: DeflateBalloon(t_s=t_s, catheter_id=catheter_id, balloon=balloon),
            f"Deflate {name}",
            0.0,
        )

    def _record(self, factory, text: str, volume_ml: float) -> None:
        reason = self.context.propose(factory, text)
        if reason is None:
            self.reason_label.clear()
            self._committed_ml = volume_ml
            self._pending = (volume_ml, time.monotonic())
            self._set_controls(volume_ml)
            self.show_volume(volume_ml)
            return
        self.reason_label.setText(f"Not done: {reason}")
        self.reason_label.setStyleSheet(f"color: {look('alarm').colour.name()}")
        self._set_controls(self._committed_ml)
        self.show_volume(self._committed_ml)
