"""Catheters and cuffs put in place with the mouse and keyboard on the real map and shelf.

A small sink stands in for the plan editor (``workspace/sink.py`` intends this): it records each
proposed action, applies it to a real session, and shows the session's snapshot on the map, as
the editor and the display loop do. Screen points come from the scene's own geometry (an access
site's ring, a vessel's centre line), and every gesture is QTest mouse and key events.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.devices.catalog import load_catalog, load_drugs
from simulator.devices.navigation import VesselPoint
from simulator.gui.map.interactions import HandsOnMap
from simulator.gui.map.widget import MapWidget
from simulator.gui.shelf.panel import DeviceShelf
from simulator.scenario.plan_file import InsertCatheter, MoveCatheter, RemoveCatheter, SetCuff
from simulator.session.session import Session

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
AORTIC = "aigner_stopflow_arterial_12f"
CAVAL = "aigner_stopflow_venous_14f"
CUFF = "tourniquet_cuff_thigh"
OFFSCREEN_POPUPS = pytest.mark.qt_log_ignore(
    "This plugin does not support (raise|grabbing the keyboard|grabbing the mouse)"
)
"""A popup (a menu, the cuff window) makes the offscreen platform plugin say it cannot raise a
window or grab input: about the plugin, not the code (as ``propagateSizeHints`` in conftest)."""


class RecordingSink:
    """Records what the controls propose, applies it to a session and redraws the map."""

    def __init__(self, scenario, atlas, map_widget: MapWidget, refuse: str | None = None) -> None:
        self.session = Session(scenario, atlas)
        self.map = map_widget
        self.actions: list = []
        self.texts: list[str] = []
        self.refuse = refuse
        self.map.show_snapshot(self.session.snapshot())

    def now_s(self) -> float:
        return self.session.time_s

    def propose(self, action, text: str) -> str | None:
        if self.refuse is not None:
            return self.refuse
        self.actions.append(action)
        self.texts.append(text)
        self.session.apply(action)
        self.map.show_snapshot(self.session.snapshot())
        return None

    def latest_snapshot(self):
        return self.session.snapshot()


@pytest.fixture
def rig(qtbot: Any, map_widget: MapWidget, hap, atlas):
    shelf = DeviceShelf()
    qtbot.addWidget(shelf)
    shelf.resize(320, 900)
    shelf.set_scenario(hap, load_catalog(), load_drugs())
    shelf.show()
    qtbot.waitExposed(shelf)
    sink = RecordingSink(hap, atlas, map_widget)
    hands = HandsOnMap(map_widget, lambda: sink)
    hands.set_scenario(hap)
    for signal, slot in (
        (shelf.carryStarted, hands.carry_started),
        (shelf.carryMoved, hands.carry_moved),
        (shelf.carryFinished, hands.carry_finished),
        (shelf.carryCancelled, hands.carry_cancelled),
    ):
        signal.connect(slot)
    return shelf, hands, sink


def viewport_point(hands: HandsOnMap, scene_point: QPointF) -> QPoint:
    return hands.view.mapFromScene(scene_point)


def carry(shelf: DeviceShelf, hands: HandsOnMap, device_id: str, target: QPoint, release=True):
    """Press on the shelf row, drag onto the map's viewport point ``target``, release there."""
    item = shelf.rows[("device", device_id)]
    shelf.scrollToItem(item)
    start = shelf.visualItemRect(item).center()
    viewport = shelf.viewport()
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    QTest.mouseMove(viewport, start + QPoint(30, 0))
    global_target = hands.view.viewport().mapToGlobal(target)
    local = viewport.mapFromGlobal(global_target)
    QTest.mouseMove(viewport, local + QPoint(3, 3))
    QTest.mouseMove(viewport, local)
    if release:
        QTest.mouseRelease(viewport, LEFT, NO_MOD, local)


def insert_aortic(shelf, hands, sink) -> str:
    carry(
        shelf, hands, AORTIC, viewport_point(hands, hands.site_point("common_femoral_artery_left"))
    )
    (action,) = sink.actions
    return action.catheter_id


def drag_tip(hands: HandsOnMap, catheter_id: str, to: VesselPoint, steps: int = 6, release=True):
    view = hands.view.viewport()
    catheter = hands.catheter(catheter_id)
    start = viewport_point(hands, hands.scene.point_at(catheter.tip))
    end = viewport_point(hands, hands.scene.point_at(to))
    QTest.mousePress(view, LEFT, NO_MOD, start)
    for k in range(1, steps + 1):
        QTest.mouseMove(view, start + (end - start) * (k / steps))
    if release:
        QTest.mouseRelease(view, LEFT, NO_MOD, end)


def test_carrying_a_catheter_lights_up_the_sites_it_can_use(rig) -> None:
    shelf, hands, sink = rig
    vein = viewport_point(hands, hands.site_point("common_femoral_vein_left"))
    carry(shelf, hands, AORTIC, vein, release=False)
    marks = hands.marks.sites
    usable = sorted(site for site, mark in marks.items() if mark.usable)
    assert usable == ["common_femoral_artery_left", "common_femoral_artery_right"]
    assert len(marks) == len(hands.atlas.access_sites)
    # Hovering a site that cannot be used says why, beside it.
    assert marks["common_femoral_vein_left"].hovered
    assert hands.marks.hint.isVisible() and hands.marks.hint.refusal
    assert "wrong system" in hands.marks.hint.text and "vein" in hands.marks.hint.text
    assert "not made for the brachial artery" in marks["brachial_artery_left"].reason
    QTest.mouseRelease(
        shelf.viewport(),
        LEFT,
        NO_MOD,
        shelf.viewport().mapFromGlobal(hands.view.viewport().mapToGlobal(vein)),
    )
    assert sink.actions == []  # a refused drop adds no action
    assert "wrong system" in hands.last_message
    assert hands.marks.sites == {}  # the preview is gone


def test_dropping_on_a_usable_site_inserts_the_catheter(rig) -> None:
    shelf, hands, sink = rig
    catheter_id = insert_aortic(shelf, hands, sink)
    (action,) = sink.actions
    assert isinstance(action, InsertCatheter)
    assert (action.model, action.access, catheter_id) == (
        AORTIC,
        "common_femoral_artery_left",
        "aortic",
    )
    assert action.tip.vessel == "common_femoral_artery_left" and action.tip.position < 0.5
    assert action.t_s == sink.now_s()
    assert f"catheter:{catheter_id}" in hands.map.devices.items  # drawn in the vessel
    assert hands.selected == catheter_id


def test_a_drop_off_every_site_does_nothing(rig) -> None:
    shelf, hands, sink = rig
    far = viewport_point(hands, hands.site_point("common_femoral_artery_left")) + QPoint(60, -80)
    carry(shelf, hands, AORTIC, far)
    assert sink.actions == [] and "access site" in hands.last_message


def test_a_vessel_too_narrow_for_the_sheath_is_refused_with_its_reason(rig, hap) -> None:
    shelf, hands, sink = rig
    variant = hap.anatomy_variant.model_copy(
        update={"collateral_strengths": {"common_femoral_artery_left": 0.25}}
    )
    hands.set_scenario(hap.model_copy(update={"anatomy_variant": variant}))
    site = viewport_point(hands, hands.site_point("common_femoral_artery_left"))
    carry(shelf, hands, AORTIC, site, release=False)
    assert hands.marks.sites["common_femoral_artery_left"].usable is False
    assert "too narrow" in hands.marks.hint.text
    viewport = shelf.viewport()
    QTest.mouseRelease(
        viewport, LEFT, NO_MOD, viewport.mapFromGlobal(hands.view.viewport().mapToGlobal(site))
    )
    assert sink.actions == []
    assert "too narrow" in hands.last_message and "does not fit" in hands.last_message


def test_dragging_the_tip_shows_the_parts_and_the_release_moves_it(rig) -> None:
    shelf, hands, sink = rig
    catheter_id = insert_aortic(shelf, hands, sink)
    target = VesselPoint("descending_thoracic_aorta_lower", 0.4)
    drag_tip(hands, catheter_id, target, release=False)
    parts = {item.kind: item for item in hands.marks.parts}
    assert set(parts) == {"balloon", "end_hole", "side_holes"}
    assert "abdominal aorta supraceliac" in parts["balloon"].text.lower()
    assert "18.0 mm" in parts["balloon"].text  # the vessel's diameter where the balloon sits
    assert hands.marks.route.isVisible()
    assert "Descending thoracic aorta lower" in hands.marks.hint.text
    assert len(sink.actions) == 1  # nothing recorded while dragging
    end = viewport_point(hands, hands.scene.point_at(target))
    QTest.mouseRelease(hands.view.viewport(), LEFT, NO_MOD, end)
    move = sink.actions[-1]
    assert isinstance(move, MoveCatheter) and move.catheter_id == catheter_id
    assert move.tip.vessel == "descending_thoracic_aorta_lower"
    # Within a pixel of the point aimed at.
    pixel = 1.0 / hands.view.pixels_per_unit
    length = hands.scene.vessels[target.segment].polyline.length
    assert abs(move.tip.position - 0.4) * length <= 1.5 * pixel
    assert hands.marks.parts == [] and not hands.marks.route.isVisible()
    drawn = hands.catheter(catheter_id)
    assert drawn.tip.segment == "descending_thoracic_aorta_lower"


def test_a_tip_into_a_vessel_too_narrow_is_refused_and_stays(rig) -> None:
    shelf, hands, sink = rig
    catheter_id = insert_aortic(shelf, hands, sink)
    before = hands.catheter(catheter_id).tip
    drag_tip(hands, catheter_id, VesselPoint("lumbar_arteries_left", 0.6), release=False)
    assert hands.marks.hint.refusal and "does not fit" in hands.marks.hint.text
    assert hands.marks.parts == []
    end = viewport_point(hands, hands.scene.point_at(VesselPoint("lumbar_arteries_left", 0.6)))
    QTest.mouseRelease(hands.view.viewport(), LEFT, NO_MOD, end)
    assert len(sink.actions) == 1  # the insert only
    assert "does not fit" in hands.last_message
    assert hands.catheter(catheter_id).tip == before


def test_escape_cancels_a_tip_drag(rig) -> None:
    shelf, hands, sink = rig
    catheter_id = insert_aortic(shelf, hands, sink)
    drag_tip(hands, catheter_id, VesselPoint("abdominal_aorta_suprarenal", 0.5), release=False)
    assert hands.marks.parts
    QTest.keyClick(hands.view, Qt.Key.Key_Escape)
    assert hands.marks.parts == [] and hands.tip_drag is None
    QTest.mouseRelease(hands.view.viewport(), LEFT, NO_MOD, QPoint(5, 5))
    assert len(sink.actions) == 1


@OFFSCREEN_POPUPS
def test_delete_and_the_context_menu_remove_a_catheter(rig, qtbot: Any) -> None:
    shelf, hands, sink = rig
    catheter_id = insert_aortic(shelf, hands, sink)
    drag_tip(hands, catheter_id, VesselPoint("abdominal_aorta_infrarenal_upper", 0.5))
    hands.select("")
    # Click on the shaft (the middle of a leg) selects it; Delete removes it.
    leg = next(
        leg for leg in hands.catheter(catheter_id).legs if leg[0] == "common_iliac_artery_left"
    )
    shaft = viewport_point(
        hands, hands.scene.point_at(VesselPoint(leg[0], 0.5 * (leg[1] + leg[2])))
    )
    QTest.mouseClick(hands.view.viewport(), LEFT, NO_MOD, shaft)
    assert hands.selected == catheter_id
    hands.view.setFocus()
    QTest.keyClick(hands.view, Qt.Key.Key_Delete)
    assert isinstance(sink.actions[-1], RemoveCatheter)
    assert sink.actions[-1].catheter_id == catheter_id
    assert hands.catheter(catheter_id) is None
    # Again through the context menu.
    catheter_id = insert_aortic_again(shelf, hands, sink)
    drag_tip(hands, catheter_id, VesselPoint("abdominal_aorta_infrarenal_upper", 0.5))
    leg = next(
        leg for leg in hands.catheter(catheter_id).legs if leg[0] == "common_iliac_artery_left"
    )
    shaft = viewport_point(
        hands, hands.scene.point_at(VesselPoint(leg[0], 0.5 * (leg[1] + leg[2])))
    )
    # QTest sends no context-menu event for a right click; send the one the platform sends.
    viewport = hands.view.viewport()
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, shaft, viewport.mapToGlobal(shaft)),
    )
    menu = hands.context_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    (remove,) = [a for a in menu.actions() if a.text().startswith("Remove catheter")]
    QTest.mouseClick(menu, LEFT, NO_MOD, menu.actionGeometry(remove).center())
    assert isinstance(sink.actions[-1], RemoveCatheter)
    assert hands.catheter(catheter_id) is None
    # And from the keyboard: the menu key opens the selected catheter's menu.
    catheter_id = insert_aortic_again(shelf, hands, sink)
    assert hands.selected == catheter_id
    hands.view.setFocus()
    QTest.keyClick(hands.view, Qt.Key.Key_Menu)
    menu = hands.context_menu
    qtbot.waitUntil(menu.isVisible)
    assert menu.actions()[0].text() == f"Remove catheter {catheter_id}"
    menu.setActiveAction(menu.actions()[0])
    QTest.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(sink.actions[-1], RemoveCatheter))


def insert_aortic_again(shelf, hands, sink) -> str:
    count = len(sink.actions)
    carry(
        shelf, hands, AORTIC, viewport_point(hands, hands.site_point("common_femoral_artery_left"))
    )
    assert len(sink.actions) == count + 1
    return sink.actions[-1].catheter_id


@OFFSCREEN_POPUPS
def test_clicking_a_limb_root_sets_a_cuff(rig, qtbot: Any) -> None:
    _shelf, hands, sink = rig
    root = viewport_point(hands, hands.limb_root_point("thigh_root_left"))
    QTest.mouseClick(hands.view.viewport(), LEFT, NO_MOD, root)
    popup = hands.cuff_popup
    assert popup is not None and popup.limb_root == "thigh_root_left"
    qtbot.waitUntil(popup.isVisible)
    assert popup.spin.value() == 300  # the catalog's usual pressure for a new cuff
    assert "closes arteries and veins" in popup.state_label.text()
    popup.spin.selectAll()
    QTest.keyClicks(popup.spin, "150")
    assert popup.spin.value() == 150
    assert "only the veins" in popup.state_label.text()
    # The map says it at the limb root too, marked as a hazard (venous congestion).
    assert "only the veins" in hands.marks.hint.text and hands.marks.hint.refusal
    QTest.keyClick(popup.spin, Qt.Key.Key_Up)
    assert popup.spin.value() == 160
    QTest.keyClick(popup.spin, Qt.Key.Key_Return)
    action = sink.actions[-1]
    assert isinstance(action, SetCuff)
    assert (action.site, action.pressure_mmHg) == ("thigh_root_left", 160.0)
    assert not popup.isVisible() and not hands.marks.hint.isVisible()
    # The map now draws the cuff and says it closes only the veins; clicking it reopens it.
    (cuff,) = hands.map.devices.picture.cuffs
    assert cuff.state == "venous_only"
    QTest.mouseClick(hands.view.viewport(), LEFT, NO_MOD, root)
    popup = hands.cuff_popup
    assert popup.spin.value() == 160
    popup.spin.selectAll()
    QTest.keyClicks(popup.spin, "0")
    assert "removes the cuff" in popup.state_label.text()
    QTest.mouseClick(popup.set_button, LEFT)
    assert sink.actions[-1].pressure_mmHg == 0.0
    assert hands.map.devices.picture.cuffs == ()


@OFFSCREEN_POPUPS
def test_a_cuff_carried_from_the_shelf_fits_only_its_limb(rig, qtbot: Any) -> None:
    shelf, hands, sink = rig
    arm = viewport_point(hands, hands.limb_root_point("upper_arm_root_left"))
    carry(shelf, hands, CUFF, arm)
    assert sink.actions == [] and hands.cuff_popup is None
    assert "does not fit" in hands.last_message
    thigh = viewport_point(hands, hands.limb_root_point("thigh_root_right"))
    carry(shelf, hands, CUFF, thigh)
    popup = hands.cuff_popup
    assert popup is not None and popup.limb_root == "thigh_root_right"
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup.spin, Qt.Key.Key_Return)
    action = sink.actions[-1]
    assert (action.site, action.pressure_mmHg) == ("thigh_root_right", 300.0)


def test_a_refusing_sink_adds_nothing_and_says_why(rig) -> None:
    shelf, hands, sink = rig
    sink.refuse = "the plan is being watched; take over to change it"
    carry(shelf, hands, CAVAL, viewport_point(hands, hands.site_point("common_femoral_vein_right")))
    assert sink.actions == []
    assert hands.last_message == "Not done: the plan is being watched; take over to change it"


@OFFSCREEN_POPUPS
def test_the_keyboard_places_a_catheter_from_a_menu(rig, qtbot: Any) -> None:
    shelf, hands, sink = rig
    hands.place_from_keyboard(CAVAL, shelf.mapToGlobal(QPoint(10, 10)))
    menu = hands.place_menu
    qtbot.waitUntil(menu.isVisible)
    actions = {a.data(): a for a in menu.actions()}
    assert not actions["common_femoral_artery_left"].isEnabled()
    assert "wrong system" in actions["common_femoral_artery_left"].toolTip()
    target = actions["common_femoral_vein_right"]
    assert target.isEnabled()
    menu.setActiveAction(target)
    QTest.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(sink.actions) == 1)
    action = sink.actions[0]
    assert (action.catheter_id, action.access) == ("caval", "common_femoral_vein_right")
    assert action.tip.position > 0.5  # towards the heart in a vein


@OFFSCREEN_POPUPS
def test_the_keyboard_moves_a_tip_with_a_preview(rig, qtbot: Any) -> None:
    shelf, hands, sink = rig
    catheter_id = insert_aortic(shelf, hands, sink)
    hands.view.setFocus()
    QTest.keyClick(hands.view, Qt.Key.Key_T)
    popup = hands.tip_popup
    assert popup is not None and popup.catheter_id == catheter_id
    qtbot.waitUntil(popup.isVisible)
    # A vessel too narrow says why, cannot be chosen, and the map previews nothing.
    popup.position_box.selectAll()
    QTest.keyClicks(popup.position_box, "0.4")
    line = popup.vessel_box.lineEdit()
    line.selectAll()
    QTest.keyClicks(line, "Lumbar arteries left")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert popup.choice().segment == "lumbar_arteries_left"
    assert "does not fit" in popup.preview_label.text()
    assert not popup.move_button.isEnabled() and len(sink.actions) == 1
    assert hands.marks.parts == [] and hands.marks.hint.refusal
    # The expert's vessel: the balloon's place and the vessel's width, on the map too.
    line.selectAll()
    QTest.keyClicks(line, "descending thoracic aorta LOWER")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert popup.choice() == VesselPoint("descending_thoracic_aorta_lower", 0.4)
    assert "aortic: abdominal aorta supraceliac, 18.0 mm" in popup.preview_label.text()
    assert {part.kind for part in hands.marks.parts} == {"balloon", "end_hole", "side_holes"}
    QTest.keyClick(popup.position_box, Qt.Key.Key_Return)
    move = sink.actions[-1]
    assert isinstance(move, MoveCatheter)
    assert (move.tip.vessel, move.tip.position) == ("descending_thoracic_aorta_lower", 0.4)
    assert not popup.isVisible() and hands.marks.parts == []


def test_a_cut_down_lights_up_only_where_the_scenario_offers_one(
    qtbot: Any, map_widget: MapWidget, atlas
) -> None:
    from simulator.scenario.library import resolve_scenario

    ilp = resolve_scenario("ilp-sarcoma-leg")[0]
    shelf = DeviceShelf()
    qtbot.addWidget(shelf)
    shelf.resize(320, 700)
    shelf.set_scenario(ilp, load_catalog(), load_drugs())
    shelf.show()
    sink = RecordingSink(ilp, atlas, map_widget)
    hands = HandsOnMap(map_widget, lambda: sink)
    hands.set_scenario(ilp)
    shelf.carryStarted.connect(hands.carry_started)
    shelf.carryMoved.connect(hands.carry_moved)
    shelf.carryFinished.connect(hands.carry_finished)
    map_widget.set_view("leg_left")
    site = viewport_point(hands, hands.site_point("superficial_femoral_artery_left"))
    carry(shelf, hands, "ilp_arterial_cannula_14f", site, release=False)
    marks = hands.marks.sites
    assert [s for s, mark in marks.items() if mark.usable] == ["superficial_femoral_artery_left"]
    groin = marks["common_femoral_artery_left"]
    assert not groin.usable and "cut-down only at" in groin.reason
    assert "superficial femoral artery left" in groin.reason
    assert "surgical cut-down" in hands.marks.hint.text
    viewport = shelf.viewport()
    QTest.mouseRelease(
        viewport, LEFT, NO_MOD, viewport.mapFromGlobal(hands.view.viewport().mapToGlobal(site))
    )
    (action,) = sink.actions
    assert (action.model, action.access) == (
        "ilp_arterial_cannula_14f",
        "superficial_femoral_artery_left",
    )
    assert hands.catheter(action.catheter_id) is not None
