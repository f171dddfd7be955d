"""Hands-on gestures on the map: put a catheter in from the shelf, drag its tip along the
vessels, take it out; put a cuff on a limb root and set its pressure.

Each gesture is a small class in ``gestures`` with ``started``, ``moved``, ``finished`` and
``cancelled`` (Esc); :class:`HandsOnMap` routes the map view's mouse and key events and the
shelf's carry signals to them. A gesture previews with ``gesture_marks`` and ends in at most one
plan action proposed to the :class:`~simulator.gui.workspace.sink.ActionSink`; it never touches
the session. What may be done comes from Qt-free code: ``devices.placement`` (access sites, tip
routes, where the parts sit), ``vessel_snap`` (the vessel under the pointer) and
``session.hands_on`` (catheter names, cuff fit and effect), so the map allows exactly what the
session accepts and every refusal carries navigation's own reason.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QMenu

from simulator.devices.catalog import load_catalog
from simulator.devices.navigation import VesselPoint
from simulator.devices.placement import (
    SiteVerdict,
    TipPreview,
    initial_tip,
    is_catheter,
    preview_tip,
    segment_system,
    site_verdicts,
)
from simulator.gui import describe
from simulator.gui.map.cuff_popup import CuffPopup
from simulator.gui.map.gesture_marks import GestureMarks
from simulator.gui.map.gestures import CarryGesture, TipDrag, show_tip_preview
from simulator.gui.map.tip_popup import TipPopup
from simulator.gui.map.vessel_snap import VesselSnapper
from simulator.gui.workspace.sink import ActionSink
from simulator.scenario.catalog_file import PneumaticCuff
from simulator.scenario.plan_file import (
    InsertCatheter,
    MoveCatheter,
    RemoveCatheter,
    SetCuff,
    TipPosition,
)
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.hands_on import cuff_fits, cuff_state, new_catheter_id
from simulator.session.picture import CatheterPicture

TIP_PICK_PX = 9.0
"""A press this close to a catheter's tip grabs the tip."""
LIMB_ROOT_PICK_PX = 6.0
"""A click this close to a limb root's line is on it."""
NO_SINK = "Start a scenario from the library first: devices go into a running attempt"


def _name(vessel: str) -> str:
    return describe.display_name(vessel)


# -- the controller ---------------------------------------------------------------------------


class HandsOnMap(QObject):
    message = Signal(str)
    """What the trainee should read now (a refusal's reason, what a drop would do)."""
    selectionChanged = Signal(str)
    """The catheter now selected ("" for none)."""
    deviceClicked = Signal(str, str, int)
    """A click on a device part the inspectors show: ("balloon", catheter id, balloon index)."""

    def __init__(
        self, map_widget, sink: Callable[[], ActionSink | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent if parent is not None else map_widget)
        self.map = map_widget
        self.view = map_widget.view
        self.scene = map_widget.scene
        self.atlas = map_widget.atlas
        self.layout = map_widget.layout_file
        self.segments = {segment.id: segment for segment in self.atlas.segments}
        self.catalog = load_catalog()
        self._sink = sink
        self.scenario: ScenarioFile | None = None
        self.marks = GestureMarks(self.view)
        self.snapper = VesselSnapper(
            {segment_id: entry.polyline for segment_id, entry in self.layout.vessels.items()}
        )
        self.carry: CarryGesture | None = None
        self.tip_drag: TipDrag | None = None
        self.selected = ""
        self.last_message = ""
        self.context_menu: QMenu | None = None
        self.place_menu: QMenu | None = None
        self.cuff_popup: CuffPopup | None = None
        self.remove_action = QAction("&Remove Selected Catheter", map_widget)
        self.remove_action.setObjectName("remove_catheter")
        self.remove_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.setToolTip("Pull the selected catheter out (Delete)")
        self.remove_action.setStatusTip("Pull the selected catheter out")
        self.remove_action.setEnabled(False)
        self.remove_action.triggered.connect(self.remove_selected)
        map_widget.addAction(self.remove_action)
        self.move_tip_action = QAction("Move Selected Catheter's &Tip…", map_widget)
        self.move_tip_action.setObjectName("move_catheter_tip")
        self.move_tip_action.setShortcut(QKeySequence(Qt.Key.Key_T))
        self.move_tip_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.move_tip_action.setToolTip("Choose the vessel and position for the tip (T)")
        self.move_tip_action.setStatusTip("Move the selected catheter's tip from the keyboard")
        self.move_tip_action.setEnabled(False)
        self.move_tip_action.triggered.connect(lambda: self.open_tip_popup(self.selected))
        map_widget.addAction(self.move_tip_action)
        self.tip_popup: TipPopup | None = None
        # Kept, not asked for at each event: events still come while the view is destroyed.
        self._viewport = self.view.viewport()
        self._viewport.installEventFilter(self)
        self.view.installEventFilter(self)

    # -- context ------------------------------------------------------------------------------

    @property
    def sink(self) -> ActionSink | None:
        return self._sink()

    def set_scenario(self, scenario: ScenarioFile | None) -> None:
        if scenario is not self.scenario:
            self.scenario = scenario
            self.select("")
            self.marks.clear()

    @property
    def surgical(self) -> frozenset[str]:
        return frozenset(self.scenario.surgical_access) if self.scenario else frozenset()

    @property
    def strengths(self) -> dict[str, float]:
        return dict(self.scenario.anatomy_variant.collateral_strengths) if self.scenario else {}

    def say(self, text: str) -> None:
        self.last_message = text
        self.message.emit(text)

    def verdicts(self, device) -> list[SiteVerdict]:
        return site_verdicts(self.atlas, device, sorted(self.surgical), self.strengths)

    def preview(self, device, access: str, tip: VesselPoint) -> TipPreview:
        return preview_tip(self.atlas, device, access, tip, self.surgical, self.strengths)

    def site_point(self, site: str) -> QPointF:
        entry = self.layout.access_sites.get(site)
        if entry is not None:
            return QPointF(*entry.point)
        return self.scene.point_at(VesselPoint(site, 0.5))  # a surgical site: where it is cut

    def limb_root_point(self, root: str) -> QPointF:
        (x1, y1), (x2, y2) = self.layout.limb_roots[root].line
        return QPointF(0.5 * (x1 + x2), 0.5 * (y1 + y2))

    def catheters(self) -> tuple[CatheterPicture, ...]:
        return self.map.devices.picture.catheters

    def catheter(self, catheter_id: str) -> CatheterPicture | None:
        return next((c for c in self.catheters() if c.catheter_id == catheter_id), None)

    # -- proposing ----------------------------------------------------------------------------

    def propose(self, action, text: str) -> bool:
        sink = self.sink
        if sink is None:
            self.say(NO_SINK)
            return False
        timed = action.model_copy(update={"t_s": sink.now_s()})
        refusal = sink.propose(timed, text)
        if refusal is not None:
            self.say(f"Not done: {refusal}")
            return False
        self.say(text)
        return True

    def place(self, device_id: str, site: str) -> None:
        """A drop (or the keyboard's choice) of a shelf device on a site or limb root."""
        device = self.catalog.device(device_id)
        if isinstance(device, PneumaticCuff):
            if not cuff_fits(device, site):
                self.say(f"a {device.limb} cuff does not fit the {_name(site).lower()}")
                return
            self.open_cuff(site, device.typical_pressure_mmHg)
            return
        verdict = next((v for v in self.verdicts(device) if v.site == site), None)
        if verdict is None or not verdict.usable:
            self.say(f"Not done: {verdict.reason if verdict else site + ' is not an access site'}")
            return
        segment = self.segments[site]
        system = segment_system(segment)
        taken = [c.catheter_id for c in self.catheters()]
        catheter_id = new_catheter_id(device, system, taken)
        tip = initial_tip(segment)
        action = InsertCatheter(
            t_s=0.0,
            catheter_id=catheter_id,
            model=device_id,
            access=site,
            tip=TipPosition(vessel=tip.segment, position=tip.position),
        )
        if self.propose(action, f"Insert {catheter_id} ({device.name}) at {_name(site)}"):
            self.select(catheter_id)

    def remove_selected(self) -> None:
        if self.selected:
            self.remove(self.selected)

    def remove(self, catheter_id: str) -> None:
        if self.propose(RemoveCatheter(t_s=0.0, catheter_id=catheter_id), f"Remove {catheter_id}"):
            self.select("")

    def set_cuff(self, limb_root: str, pressure_mmHg: float) -> None:
        text = (
            f"Remove the cuff on the {_name(limb_root).lower()}"
            if pressure_mmHg == 0
            else f"Cuff on the {_name(limb_root).lower()} at {pressure_mmHg:g} mmHg"
        )
        sink = self.sink
        if sink is None:
            self.say(NO_SINK)
            if self.cuff_popup is not None:
                self.cuff_popup.refuse(NO_SINK)
            return
        action = SetCuff(t_s=sink.now_s(), site=limb_root, pressure_mmHg=pressure_mmHg)
        refusal = sink.propose(action, text)
        if refusal is not None:
            self.say(f"Not done: {refusal}")
            if self.cuff_popup is not None:
                self.cuff_popup.refuse(refusal)
            return
        self.say(text)
        if self.cuff_popup is not None:
            self.cuff_popup.close()

    # -- selection ----------------------------------------------------------------------------

    def select(self, catheter_id: str) -> None:
        if catheter_id != self.selected:
            self.selected = catheter_id
            self.remove_action.setEnabled(bool(catheter_id))
            self.move_tip_action.setEnabled(bool(catheter_id))
            self.remove_action.setText(
                f"&Remove Catheter {catheter_id}" if catheter_id else "&Remove Selected Catheter"
            )
            self.selectionChanged.emit(catheter_id)

    def refresh(self) -> None:
        """Drop a selection whose catheter has left the patient (undone, removed)."""
        if self.selected and self.catheter(self.selected) is None and not self.tip_drag:
            self.select("")

    # -- cuffs --------------------------------------------------------------------------------

    def shelf_cuff(self, limb_root: str) -> PneumaticCuff | None:
        for device_id in self.scenario.device_shelf if self.scenario else ():
            try:
                device = self.catalog.device(device_id)
            except KeyError:
                continue
            if isinstance(device, PneumaticCuff) and cuff_fits(device, limb_root):
                return device
        return None

    def current_cuff_mmHg(self, limb_root: str) -> float | None:
        for cuff in self.map.devices.picture.cuffs:
            if cuff.limb_root == limb_root:
                return cuff.pressure_mmHg
        return None

    def open_cuff(self, limb_root: str, pressure_mmHg: float | None = None) -> None:
        cuff = self.shelf_cuff(limb_root)
        if cuff is None:
            self.say(
                f"Not done: this scenario's shelf has no cuff for the {_name(limb_root).lower()}"
            )
            return
        current = self.current_cuff_mmHg(limb_root)
        value = pressure_mmHg if pressure_mmHg is not None else current
        value = cuff.typical_pressure_mmHg if value is None else value
        if self.cuff_popup is not None:
            self.cuff_popup.close()
        sink = self.sink

        def state_of(pressure: float) -> str:
            return cuff_state(pressure, sink.latest_snapshot() if sink is not None else None)

        popup = CuffPopup(
            limb_root,
            f"{cuff.name} on the {_name(limb_root).lower()}",
            value,
            cuff.max_pressure_mmHg,
            state_of,
            self.view,
        )
        popup.applied.connect(self.set_cuff)
        self.cuff_popup = popup
        # The map says at the limb root what the pressure being chosen would close.
        root_point = self.limb_root_point(limb_root)

        def show_effect() -> None:
            self.marks.show_hint(popup.state_label.text(), root_point, popup.state == "venous_only")

        popup.spin.valueChanged.connect(show_effect)
        popup.closed.connect(self.marks.clear)
        show_effect()
        point = self.view.mapFromScene(root_point)
        popup.open_at(self.view.viewport().mapToGlobal(point))

    # -- the tip from the keyboard -------------------------------------------------------------

    def open_tip_popup(self, catheter_id: str) -> None:
        catheter = self.catheter(catheter_id)
        if catheter is None:
            return
        self.select(catheter_id)
        device = self.catalog.device(catheter.model)
        kind = self.segments[catheter.access.segment].kind
        vessels = sorted(
            ((s.id, _name(s.id)) for s in self.atlas.segments if s.kind == kind),
            key=lambda pair: pair[1],
        )
        if self.tip_popup is not None:
            self.tip_popup.close()
        access = catheter.access.segment
        popup = TipPopup(
            catheter_id,
            vessels,
            catheter.tip,
            lambda tip: self.preview(device, access, tip),
            self.view,
        )
        popup.previewed.connect(
            lambda preview: self.show_preview(preview, self.scene.point_at(preview.tip))
        )
        popup.moved.connect(self._move_from_popup)
        popup.closed.connect(self.marks.clear)
        self.tip_popup = popup
        popup.previewed.emit(popup.current)
        at = self.view.mapFromScene(self.scene.point_at(catheter.tip))
        popup.open_at(self.view.viewport().mapToGlobal(at))

    def _move_from_popup(self, catheter_id: str, vessel: str, position: float) -> None:
        action = MoveCatheter(
            t_s=0.0, catheter_id=catheter_id, tip=TipPosition(vessel=vessel, position=position)
        )
        text = f"Move the tip of {catheter_id} to {_name(vessel)}"
        if self.propose(action, text) and self.tip_popup is not None:
            self.tip_popup.close()

    # -- keyboard placement -------------------------------------------------------------------

    def place_from_keyboard(self, device_id: str, at_global: QPoint) -> None:
        """A menu of every site (or limb root) for ``device_id``; the unusable ones are disabled
        and say why in their tooltip."""
        device = self.catalog.device(device_id)
        menu = QMenu(self.view)
        menu.setToolTipsVisible(True)
        if isinstance(device, PneumaticCuff):
            menu.setTitle("Put the cuff on")
            for root in self.atlas.limb_roots:
                action = menu.addAction(_name(root.id))
                fits = cuff_fits(device, root.id)
                action.setEnabled(fits)
                action.setToolTip("" if fits else f"a {device.limb} cuff does not fit here")
                action.setData(root.id)
                action.triggered.connect(lambda _=False, r=root.id: self.place(device_id, r))
        elif is_catheter(device):
            menu.setTitle("Insert at")
            for verdict in self.verdicts(device):
                label = _name(verdict.site) + (
                    "" if verdict.usable else f"  ({verdict.kind.replace('_', ' ')})"
                )
                action = menu.addAction(label)
                action.setEnabled(verdict.usable)
                action.setToolTip(verdict.reason)
                action.setData(verdict.site)
                action.triggered.connect(lambda _=False, s=verdict.site: self.place(device_id, s))
        self.place_menu = menu
        menu.popup(at_global)

    # -- carrying from the shelf --------------------------------------------------------------

    def _viewport_pos(self, global_pos: QPoint) -> QPoint | None:
        viewport = self.view.viewport()
        pos = viewport.mapFromGlobal(global_pos)
        return pos if viewport.rect().contains(pos) else None

    def carry_started(self, device_id: str) -> None:
        if self.carry is not None:
            self.carry.cancelled()
        self.carry = CarryGesture(self, device_id)
        self.carry.started()

    def carry_moved(self, global_pos: QPoint) -> None:
        if self.carry is not None:
            self.carry.moved(self._viewport_pos(global_pos))

    def carry_finished(self, global_pos: QPoint) -> None:
        carry, self.carry = self.carry, None
        if carry is not None:
            carry.finished(self._viewport_pos(global_pos))

    def carry_cancelled(self) -> None:
        carry, self.carry = self.carry, None
        if carry is not None:
            carry.cancelled()

    # -- map events ---------------------------------------------------------------------------

    def _tip_at(self, pos: QPoint) -> CatheterPicture | None:
        best, best_d = None, TIP_PICK_PX
        for catheter in self.catheters():
            tip = QPointF(self.view.mapFromScene(self.scene.point_at(catheter.tip)))
            d = (tip - QPointF(pos)).manhattanLength()
            if d <= best_d:
                best, best_d = catheter, d
        return best

    def _balloon_under(self, pos: QPoint) -> tuple[str, int] | None:
        for model_id in self.view.model_ids_at(pos):
            kind, _, rest = model_id.partition(":")
            if kind == "balloon":
                catheter_id, _, index = rest.rpartition(":")
                return catheter_id, int(index)
        return None

    def _catheter_under(self, pos: QPoint) -> str:
        for model_id in self.view.model_ids_at(pos):
            kind, _, rest = model_id.partition(":")
            if kind in ("catheter", "balloon", "port"):
                return rest.split(":")[0]
        return ""

    def _limb_root_under(self, pos: QPoint) -> str:
        """The limb root whose line passes within a few pixels of ``pos``, or a cuff on one.
        Measured on the line itself: the view's picking lists the vessels crossing the root
        first and, below a vessel, only vessels."""
        for model_id in self.view.model_ids_at(pos):
            if model_id.startswith("cuff:"):
                return model_id[5:]
        p = QPointF(pos)
        for root_id, root in self.layout.limb_roots.items():
            (x1, y1), (x2, y2) = root.line
            a = QPointF(self.view.mapFromScene(QPointF(x1, y1)))
            b = QPointF(self.view.mapFromScene(QPointF(x2, y2)))
            d = b - a
            length2 = QPointF.dotProduct(d, d)
            t = 0.0 if length2 == 0 else QPointF.dotProduct(p - a, d) / length2
            nearest = a + d * min(max(t, 0.0), 1.0)
            if (nearest - p).manhattanLength() <= LIMB_ROOT_PICK_PX:
                return root_id
        return ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._viewport:
            if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
                return self._pressed(event)
            if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent) and self.tip_drag:
                self.tip_drag.moved(event.position().toPoint())
                return True
            if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
                return self._released(event)
            if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
                return self._context_menu(event)
        elif watched is self.view and kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        elif (
            watched is self.view
            and kind == QEvent.Type.ContextMenu
            and isinstance(event, QContextMenuEvent)
            and event.reason() == QContextMenuEvent.Reason.Keyboard
        ):
            return self._menu_of_selected()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.tip_drag is not None:
            drag, self.tip_drag = self.tip_drag, None
            drag.cancelled()
            return True
        # Delete reaches here when the remove action's shortcut is not active (the map is not
        # in the active window); with it active the shortcut takes the key first.
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected:
            self.remove_selected()
            return True
        if event.key() == Qt.Key.Key_T and self.selected and not event.modifiers():
            self.open_tip_popup(self.selected)
            return True
        menu_key = event.key() == Qt.Key.Key_Menu or (
            event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        )
        return menu_key and self._menu_of_selected()

    def _menu_of_selected(self) -> bool:
        """The menu key (or Shift+F10): the selected catheter's menu, beside its tip."""
        catheter = self.catheter(self.selected) if self.selected else None
        if catheter is None:
            return False
        at = self.view.mapFromScene(self.scene.point_at(catheter.tip))
        self._show_menu(self.selected, "", self.view.viewport().mapToGlobal(at))
        return True

    def _pressed(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position().toPoint()
        catheter = self._tip_at(pos)
        if catheter is not None:
            self.select(catheter.catheter_id)
            self.tip_drag = TipDrag(self, catheter)
            self.tip_drag.started(pos)
            return True
        self._press_catheter = self._catheter_under(pos)
        self._press_balloon = self._balloon_under(pos)
        self._press_root = self._limb_root_under(pos) if not self._press_catheter else ""
        self._press_pos = pos
        return False  # the view may still pan from here

    def _released(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self.tip_drag is not None:
            drag, self.tip_drag = self.tip_drag, None
            drag.finished(event.position().toPoint())
            return True
        pos = event.position().toPoint()
        start = getattr(self, "_press_pos", None)
        if start is None or (pos - start).manhattanLength() > 3:
            return False  # that was a pan
        self._press_pos = None
        if self._press_catheter:
            self.select(self._press_catheter)
            if self._press_balloon is not None:
                self.deviceClicked.emit("balloon", *self._press_balloon)
        elif self._press_root:
            self.open_cuff(self._press_root)
        else:
            self.select("")
        return False

    def _context_menu(self, event: QContextMenuEvent) -> bool:
        catheter_id = self._catheter_under(event.pos())
        root = self._limb_root_under(event.pos())
        if not catheter_id and not root:
            return False
        self._show_menu(catheter_id, root, event.globalPos())
        return True

    def _show_menu(self, catheter_id: str, root: str, at_global: QPoint) -> None:
        menu = QMenu(self.view)
        menu.setToolTipsVisible(True)
        if catheter_id:
            self.select(catheter_id)
            remove = menu.addAction(f"Remove catheter {catheter_id}")
            remove.setShortcut(QKeySequence(Qt.Key.Key_Delete))
            remove.setToolTip("Pull the catheter out (Delete)")
            remove.triggered.connect(lambda: self.remove(catheter_id))
            move = menu.addAction("Move tip…")
            move.setShortcut(QKeySequence(Qt.Key.Key_T))
            move.setToolTip("Choose the vessel and position for the tip from the keyboard (T)")
            move.triggered.connect(lambda: self.open_tip_popup(catheter_id))
        if root:
            cuff = menu.addAction(f"Cuff on the {_name(root).lower()}…")
            cuff.setToolTip("Set the cuff's pressure here; 0 removes it")
            cuff.triggered.connect(lambda: self.open_cuff(root))
        self.context_menu = menu
        menu.popup(at_global)

    # -- previews -----------------------------------------------------------------------------

    def show_preview(self, preview: TipPreview, pointer: QPointF) -> None:
        self.say(show_tip_preview(self.marks, self.scene, self.map.devices, preview, pointer))
