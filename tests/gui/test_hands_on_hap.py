"""The HAP expert plan put together by hand in the window, through the widgets a trainee uses.

A free session on hap-pancreas; the session's clock is moved to the expert's times between
steps and every step is mouse and key events on a widget, proposed to the workspace's plan
editor:
- each catheter carried from the device shelf to its access site, its tip dragged along the
  vessels to the expert's position (roughly on the whole body, then finely on the thorax); each
  thigh cuff set, and later removed, by a click on its limb root and the cuff popup;
- the balloons filled (and at the end emptied) in the balloon inspector, the circuit started,
  changed to filtration and stopped in the circuit inspector, the isolation check as the
  contrast puff, the three drugs as boluses from the catheter inspector, the phases with their
  shortcuts (Ctrl+Alt+2, 4, 5) and the catheters removed with Delete.
Only the anaesthetist's nitroglycerin has no control of issue 8; it is proposed to the editor
directly. The plan the editor recorded, alone, is graded and compared with the expert's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.devices.navigation import VesselPoint
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import InsertCatheter, MoveCatheter, SetCuff, Vasodilator
from simulator.scoring.report import grade_session
from simulator.session.replay import replay
from tests.gui.hands_on_steps import (
    CTRL_ALT,
    LEFT,
    OFFSCREEN_POPUPS,
    SCORE_TOLERANCE,
    VALUE_TOLERANCE,
    open_window,
    place_catheter,
    seek,
    set_cuff,
    settle,
    type_into,
)


@pytest.fixture(scope="module")
def window(qapp: QApplication) -> Iterator[MainWindow]:
    yield from open_window()


def inspect(window, qtbot, kind: str, device_id: str, index: int = 0) -> None:
    """Choose an entry of the inspector's list with the keyboard."""
    panel = window.inspectors

    def listed() -> bool:
        panel.refresh()
        return (kind, device_id, index) in panel._entries

    qtbot.waitUntil(listed)
    chooser = panel.chooser
    chooser.setFocus()
    QTest.keyClick(chooser, Qt.Key.Key_Home)
    while panel.current_entry() != (kind, device_id, index):
        before = chooser.currentIndex()
        QTest.keyClick(chooser, Qt.Key.Key_Down)
        assert chooser.currentIndex() != before


def choose(box, data) -> None:
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Home)
    while box.currentData() != data:
        before = box.currentIndex()
        QTest.keyClick(box, Qt.Key.Key_Down)
        assert box.currentIndex() != before, f"{data!r} is not in {box.objectName()}"


def click(window, qtbot, button) -> None:
    """Click a button of the inspector shown; it records at least one action."""
    count = len(window.plan_editor.actions)
    qtbot.mouseClick(button, LEFT)
    page = window.inspectors.stack.currentWidget()
    assert len(window.plan_editor.actions) > count, page.reason_label.text()
    settle(window, qtbot)


def inflate(window, qtbot, catheter_id: str, volume: str) -> None:
    inspect(window, qtbot, "balloon", catheter_id)
    count = len(window.plan_editor.actions)
    type_into(window.inspectors.balloon.volume_box, volume, enter=True)
    assert len(window.plan_editor.actions) == count + 1, (
        window.inspectors.balloon.reason_label.text()
    )
    settle(window, qtbot)


def bolus(window, qtbot, drug: str, dose: str, volume: str, seconds: str) -> None:
    inspect(window, qtbot, "catheter", "aortic")
    inspector = window.inspectors.drug
    choose(inspector.port_box, 1)  # the side holes, into the isolated aorta
    choose(inspector.drug_box, drug)
    type_into(inspector.dose_box, dose)
    type_into(inspector.volume_box, volume)
    type_into(inspector.duration_box, seconds)
    assert inspector.reason_label.text() == ""
    click(window, qtbot, inspector.give_button)


def circuit(window, qtbot, flow: str, extraction: str, change: bool = False) -> None:
    inspect(window, qtbot, "circuit", "stopflow" if change else "")
    inspector = window.inspectors.circuit
    if not change:
        type_into(inspector.id_edit, "stopflow")
        choose(inspector.draw.source, "caval")
        choose(inspector.return_.source, "aortic")
        choose(inspector.return_.port, 1)
        choose(inspector.model_box, "stopflow_hypoxic_circuit")
    type_into(inspector.flow_box, flow)
    type_into(inspector.extraction_box, extraction)
    assert inspector.reason_label.text() == ""
    click(window, qtbot, inspector.start_button)


def mark_phase(window, qtbot, number: int) -> None:
    count = len(window.plan_editor.actions)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.map_widget.view.viewport(), getattr(Qt.Key, f"Key_{number}"), CTRL_ALT)
    assert len(window.plan_editor.actions) == count + 1
    settle(window, qtbot)


def nitroglycerin(window, qtbot, rate: float) -> None:
    """The anaesthetist's infusion, ordered in the anaesthetist inspector (Ctrl+Alt+A)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.map_widget.view.viewport(), Qt.Key.Key_A, CTRL_ALT)
    form = window.inspectors.anaesthetist
    assert window.inspectors.current_entry() == ("anaesthetist", "", 0)
    choose(form.order_box, ("vasodilator", "nitroglycerin"))
    choose(form.unit_box, "ug_kg_min")
    if rate == 0.0:
        click(window, qtbot, form.stop_button)
    else:
        type_into(form.rate_box, f"{rate:g}")
        click(window, qtbot, form.order_button)
    action = window.plan_editor.actions[-1]
    assert isinstance(action, Vasodilator) and action.rate == rate


def remove(window, qtbot, catheter_id: str) -> None:
    hands = window.hands_on.hands_on
    count = len(window.plan_editor.actions)
    hands.select(catheter_id)
    window.map_widget.view.setFocus()
    QTest.keyClick(window.map_widget.view.viewport(), Qt.Key.Key_Delete)
    assert len(window.plan_editor.actions) == count + 1, hands.last_message
    settle(window, qtbot)


def final_placements(actions) -> dict:
    """Per catheter: model, access, insertion time and final tip; per cuff: time and pressure."""
    result: dict = {}
    for action in actions:
        if isinstance(action, InsertCatheter):
            result[action.catheter_id] = [action.model, action.access, action.t_s, action.tip]
        elif isinstance(action, MoveCatheter):
            result[action.catheter_id][3] = action.tip
        elif isinstance(action, SetCuff):
            result.setdefault(action.site, []).append((action.t_s, action.pressure_mmHg))
    return result


@OFFSCREEN_POPUPS
def test_the_hap_expert_plan_by_hand_grades_like_the_expert(window: MainWindow, qtbot: Any) -> None:
    scenario, _ = resolve_scenario("hap-pancreas")
    expert = resolve_plan(scenario, "expert").actions
    page = window.library_page
    assert page.select("hap-pancreas")
    qtbot.mouseClick(page.start_button, LEFT)
    settle(window, qtbot)
    assert window.plan_editor.editable  # a free session is the trainee's attempt

    aortic = place_catheter(
        window,
        qtbot,
        "aigner_stopflow_arterial_12f",
        "common_femoral_artery_left",
        VesselPoint("descending_thoracic_aorta_lower", 0.4),
    )
    nitroglycerin(window, qtbot, 4.0)
    seek(window, qtbot, 60.0)
    caval = place_catheter(
        window,
        qtbot,
        "aigner_stopflow_venous_14f",
        "common_femoral_vein_right",
        VesselPoint("superior_vena_cava", 0.464),
    )
    assert (aortic, caval) == ("aortic", "caval")  # named after their balloons, as the expert's
    seek(window, qtbot, 120.0)
    set_cuff(window, qtbot, "thigh_root_left", "300")
    seek(window, qtbot, 130.0)
    set_cuff(window, qtbot, "thigh_root_right", "300")
    seek(window, qtbot, 180.0)
    inflate(window, qtbot, "aortic", "5.4")
    seek(window, qtbot, 210.0)
    inflate(window, qtbot, "caval", "12.4")
    seek(window, qtbot, 240.0)
    circuit(window, qtbot, "120", "0")
    seek(window, qtbot, 270.0)
    inspect(window, qtbot, "catheter", "aortic")
    choose(window.inspectors.drug.port_box, 1)
    click(window, qtbot, window.inspectors.drug.puff_button)  # isolation check + contrast
    seek(window, qtbot, 300.0)
    nitroglycerin(window, qtbot, 2.0)
    seek(window, qtbot, 360.0)
    mark_phase(window, qtbot, 2)
    bolus(window, qtbot, "cisplatin", "95", "95", "180")
    seek(window, qtbot, 540.0)
    bolus(window, qtbot, "fluorouracil", "1890", "37.8", "180")
    seek(window, qtbot, 720.0)
    bolus(window, qtbot, "mitomycin_c", "19", "38", "180")
    seek(window, qtbot, 1380.0)
    mark_phase(window, qtbot, 4)
    circuit(window, qtbot, "250", "0.2", change=True)
    seek(window, qtbot, 1560.0)
    inspect(window, qtbot, "balloon", "caval")
    click(window, qtbot, window.inspectors.balloon.deflate_button)
    seek(window, qtbot, 1590.0)
    inspect(window, qtbot, "balloon", "aortic")
    click(window, qtbot, window.inspectors.balloon.deflate_button)
    nitroglycerin(window, qtbot, 0.0)
    seek(window, qtbot, 1620.0)
    set_cuff(window, qtbot, "thigh_root_left", "0")
    seek(window, qtbot, 1650.0)
    set_cuff(window, qtbot, "thigh_root_right", "0")
    seek(window, qtbot, 3960.0)
    inspect(window, qtbot, "circuit", "stopflow")
    click(window, qtbot, window.inspectors.circuit.stop_button)
    seek(window, qtbot, 3990.0)
    remove(window, qtbot, "aortic")
    remove(window, qtbot, "caval")
    mark_phase(window, qtbot, 5)

    made = list(window.plan_editor.actions)
    # By hand a catheter goes in at its site and its tip is then dragged (twice: coarse, fine)
    # where the expert writes the insert with its final tip.
    placed = final_placements(made)
    for catheter_id in ("aortic", "caval"):
        model, access, t_s, tip = placed[catheter_id]
        expected = final_placements(expert)[catheter_id]
        assert [model, access, t_s] == expected[:3]
        assert tip.vessel == expected[3].vessel
        length = window.map_widget.scene.vessels[tip.vessel].polyline.length
        pixel = 1.0 / window.map_widget.view.pixels_per_unit
        assert abs(tip.position - expected[3].position) * length <= 1.5 * pixel
    by_hand = [a for a in made if not isinstance(a, MoveCatheter)]
    assert [(a.t_s, a.action) for a in by_hand] == [(a.t_s, a.action) for a in expert]

    # The plan made by hand, alone, grades like the expert's.
    atlas = load_atlas()
    ours_graded = grade_session(replay(scenario, made, atlas))
    expert_graded = grade_session(replay(scenario, list(expert), atlas))
    assert ours_graded["score"] == pytest.approx(expert_graded["score"], abs=SCORE_TOLERANCE)
    assert ours_graded["passed"] == expert_graded["passed"]
    for mine, theirs_objective in zip(
        ours_graded["objectives"], expert_graded["objectives"], strict=True
    ):
        assert mine["passed"] == theirs_objective["passed"], mine
        if theirs_objective["value"] is not None:
            assert mine["value"] == pytest.approx(
                theirs_objective["value"], rel=VALUE_TOLERANCE, abs=1e-3
            ), mine
    window.show_library()
