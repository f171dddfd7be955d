"""The inspectors, driven by real key, mouse and wheel events: the figures follow every change
of a control at once, and the end of a gesture is exactly one action (or a refusal shown beside
the control, with no action)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QWidget,
)

from simulator.anatomy.atlas import load_atlas
from simulator.gui.inspectors.balloon import IDLE_COMMIT_MS
from simulator.gui.inspectors.circuit import VESSEL_POINT
from simulator.gui.inspectors.panel import InspectorPanel
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_scenario
from simulator.scenario.plan_file import (
    Bolus,
    DeflateBalloon,
    InflateBalloon,
    MarkPhase,
    StartCircuit,
    StartInfusion,
    StopCircuit,
    StopInfusion,
)
from simulator.session.preview import balloon_previewer
from tests.gui.inspector_fixtures import make_context

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def panel(qtbot: Any):
    context, sink, session = make_context(200.0)
    widget = InspectorPanel(context)
    widget.timer.stop()  # the test calls refresh itself
    qtbot.addWidget(widget)
    widget.resize(460, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget, sink, session


def wheel(widget, steps: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def handle_centre(slider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def test_the_chooser_lists_every_balloon_in_the_patient(panel) -> None:
    widget, _, _ = panel
    texts = [widget.chooser.itemText(i) for i in range(widget.chooser.count())]
    # First what to select (never a form that opens on an error), then the patient's devices.
    assert texts[0] == "Nothing selected" and widget.chooser.currentIndex() == 0
    texts = texts[1:]
    assert [t.split(" catheter ")[-1] for t in texts[:4]] == ["aortic", "aortic", "caval", "caval"]
    assert [t.split(" ")[0] for t in texts] == [
        "Balloon",
        "Drugs",
        "Balloon",
        "Drugs",
        "Start",
        "Embolise",
        "The",
    ]
    assert widget.select("balloon", "caval", 0)
    assert widget.balloon.catheter_id == "caval"
    assert not widget.select("balloon", "nowhere", 0)


def test_the_shown_figures_are_the_preview_of_the_volume_under_the_control(panel, qtbot) -> None:
    widget, sink, session = panel
    widget.select("balloon", "aortic", 0)
    inspector = widget.balloon
    assert inspector.volume_box.value() == pytest.approx(5.4)
    scenario, atlas = session.scenario, session.atlas
    previewer = balloon_previewer(sink.snapshot, scenario, atlas, session.catalog, "aortic", 0)
    inspector.volume_box.setFocus()
    for _ in range(3):
        QTest.keyClick(inspector.volume_box, Qt.Key.Key_Down)
    volume = inspector.volume_box.value()
    assert volume == pytest.approx(5.4 - 3 * inspector.volume_box.singleStep())
    expected = previewer.preview(volume)
    assert inspector.upstream_label.text() == f"{expected.pressure_upstream_mmHg:.1f} mmHg"
    assert inspector.downstream_label.text() == f"{expected.pressure_downstream_mmHg:.1f} mmHg"
    assert inspector.diameter_label.text().startswith(f"{expected.diameter_mm:.1f} mm in a 18.0")
    assert inspector.seal_label.text() == f"{expected.passing_share:.1%} of the open flow"
    assert "26.3 mL" in inspector.burst_label.text()
    assert inspector.slider.value() == round(volume * 100)
    assert sink.actions == []  # nothing recorded while the control moves


def test_arrow_keys_then_a_rest_are_one_inflate_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    inspector = widget.balloon
    inspector.volume_box.setFocus()
    for _ in range(5):
        QTest.keyClick(inspector.volume_box, Qt.Key.Key_Up)
    assert sink.actions == []
    qtbot.waitUntil(lambda: len(sink.actions) == 1, timeout=IDLE_COMMIT_MS * 4)
    QTest.qWait(IDLE_COMMIT_MS + 100)
    (action,) = sink.actions
    assert isinstance(action, InflateBalloon)
    assert action.catheter_id == "caval" and action.balloon == 0
    assert action.volume_ml == pytest.approx(5 * inspector.volume_box.singleStep())
    assert action.t_s == sink.now_s()
    assert sink.texts == [f"Inflate caval balloon to {action.volume_ml:g} mL"]


def test_typing_a_volume_and_enter_is_one_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    box = widget.balloon.volume_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "12.4")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert [type(a) for a in sink.actions] == [InflateBalloon]
    assert sink.actions[0].volume_ml == pytest.approx(12.4)
    # Enter again, or leaving the box, with the same volume records nothing more.
    QTest.keyClick(box, Qt.Key.Key_Return)
    widget.balloon.deflate_button.setFocus()
    assert len(sink.actions) == 1


def test_a_slider_drag_is_one_action_on_release(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    inspector = widget.balloon
    slider = inspector.slider
    start = handle_centre(slider)
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    shown = []
    for dx in (20, 60, 120):
        QTest.mouseMove(slider, start + QPoint(dx, 0))
        shown.append(inspector.upstream_label.text())
    assert slider.isSliderDown() and sink.actions == []
    assert inspector.volume_box.value() > 0.0
    QTest.mouseRelease(
        slider, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(120, 0)
    )
    assert len(sink.actions) == 1
    assert sink.actions[0].volume_ml == pytest.approx(inspector.volume_box.value())


def test_the_mouse_wheel_fills_the_balloon_and_records_once_it_rests(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "caval", 0)
    inspector = widget.balloon
    for _ in range(4):
        wheel(inspector.slider, 1)
    assert inspector.volume_box.value() > 0.0 and sink.actions == []
    qtbot.waitUntil(lambda: len(sink.actions) == 1, timeout=IDLE_COMMIT_MS * 4)
    assert sink.actions[0].volume_ml == pytest.approx(inspector.volume_box.value())


def test_deflate_is_one_deflate_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "aortic", 0)
    qtbot.mouseClick(widget.balloon.deflate_button, Qt.MouseButton.LeftButton)
    assert [type(a) for a in sink.actions] == [DeflateBalloon]
    assert sink.actions[0].catheter_id == "aortic"
    assert widget.balloon.volume_box.value() == 0.0


def test_overdistension_and_burst_are_named_while_the_volume_is_set(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "aortic", 0)
    box = widget.balloon.volume_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "9")
    assert "Overdistension" in widget.balloon.warning_label.text()
    box.selectAll()
    QTest.keyClicks(box, "27")
    assert "Burst" in widget.balloon.warning_label.text()
    assert widget.balloon.seal_label.text() == "none (burst)"
    box.selectAll()
    QTest.keyClicks(box, "5")
    assert widget.balloon.warning_label.text() == ""
    assert sink.actions == []


def test_a_refused_volume_shows_the_reason_and_adds_no_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    sink.refusal = "the caval catheter was removed at 3:20"
    widget.select("balloon", "caval", 0)
    box = widget.balloon.volume_box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "10")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert sink.actions == []
    assert widget.balloon.reason_label.text() == (
        "Not done: the caval catheter was removed at 3:20"
    )
    assert box.value() == 0.0  # back to what the plan holds
    assert widget.balloon.reason_label.isVisible()


def test_without_a_sink_the_controls_say_why_nothing_is_recorded(qtbot) -> None:
    context, _sink, _ = make_context(200.0)
    context.sink_source = lambda: None
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.timer.stop()
    widget.refresh()
    widget.select("balloon", "caval", 0)
    qtbot.mouseClick(widget.balloon.deflate_button, Qt.MouseButton.LeftButton)
    assert "watched" in widget.balloon.reason_label.text()


def test_the_window_has_an_inspector_dock_beside_the_objectives_toggled_by_ctrl_shift_i(
    qtbot,
) -> None:
    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.start_scenario(*resolve_scenario("hap-pancreas"))
    dock = window.inspector_dock
    assert dock in window.docks
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert dock not in window.tabifiedDockWidgets(window.objectives_dock)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert dock.toggleViewAction() in view_menu.actions()
    assert dock.isVisible()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.map_widget.view, Qt.Key.Key_I, CTRL_SHIFT)
    assert not dock.isVisible()
    QTest.keyClick(window.map_widget.view, Qt.Key.Key_I, CTRL_SHIFT)
    assert dock.isVisible()
    # However narrow the dock, the forms wrap to its width and scroll up and down only.
    scroller = dock.widget()
    for width in (300, 420):
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        QApplication.processEvents()
        assert scroller.widget().width() == scroller.viewport().width()
    # A fresh session has no catheter: a circuit on vessel points, or embolisation; the list
    # opens on what to select.
    window.inspectors.refresh()
    assert window.inspectors._entries == [
        ("nothing", "", 0),
        ("circuit", "", 0),
        ("embolize", "", 0),
        ("anaesthetist", "", 0),
    ]
    # The phase marks are on the phase toolbar, the phase bar's context menu and the
    # Simulation menu, with Ctrl+Alt+1 to 5.
    marker = window.phase_marker
    simulation = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Simulation")
    assert marker.menu.menuAction() in simulation.actions()
    assert window.workspace.clock_bar.phase_toolbar.findChild(QToolButton, "mark_phase_button")
    bar = window.workspace.clock_bar.phase_bar
    assert bar.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    assert [a.shortcut().toString() for a in marker.actions.values()] == [
        f"Ctrl+Alt+{n}" for n in range(1, 6)
    ]
    messages = []
    marker.refused.connect(messages.append)
    sink = getattr(window.workspace, "sink", None)
    recorded = len(getattr(sink, "actions", ()))
    QTest.keyClick(window.map_widget.view, Qt.Key.Key_2, CTRL_ALT)
    # Either the plan editor records it, or (no editor, a watched plan) the reason is said.
    marked = getattr(sink, "actions", ())[recorded:]
    assert [getattr(a, "phase", None) for a in marked] == ["perfusion"] or (
        messages and messages[0].startswith("Phase not marked: ")
    )
    window.workspace.stop()


# -- drugs ---------------------------------------------------------------------------------------


def type_into(box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, text)


def test_the_drug_inspector_starts_from_the_protocol_and_the_side_holes(panel) -> None:
    widget, _, _ = panel
    assert widget.select("catheter", "aortic")
    drug = widget.drug
    assert widget.stack.currentWidget() is drug
    assert drug.port_box.count() == 2 and drug.port_box.currentData() == 1
    assert "side holes 70 mm from the tip, up to 300 mL/min" in drug.port_box.currentText()
    drugs = [drug.drug_box.itemData(i) for i in range(drug.drug_box.count())]
    assert drugs[:3] == ["cisplatin", "fluorouracil", "mitomycin_c"]
    assert "contrast" in drugs and "melphalan" not in drugs
    assert drug.dose_box.value() == pytest.approx(95.0)
    assert "protocol 95 mg, given 0 mg, 95 left" in drug.account_label.text()
    assert drug.reason_label.text() == ""


def test_a_dose_over_the_protocol_shows_its_reason_and_adds_no_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("catheter", "aortic")
    drug = widget.drug
    type_into(drug.dose_box, "200")
    assert drug.reason_label.text().startswith(
        "Not allowed: beyond the planned dose: the protocol gives 95 mg of Cisplatin"
    )
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    assert sink.actions == []
    assert "beyond the planned dose" in drug.reason_label.text()


def test_a_rate_over_the_catalog_limit_shows_its_reason_and_adds_no_action(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("catheter", "aortic")
    drug = widget.drug
    type_into(drug.volume_box, "95")
    type_into(drug.duration_box, "15")
    assert "380 mL/min is more than catheter 'aortic'" in drug.reason_label.text()
    assert "at most 300 mL/min" in drug.reason_label.text()
    QTest.keyClick(drug, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    assert sink.actions == []


def test_a_bolus_in_bounds_is_one_action_and_then_the_dose_is_used_up(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("catheter", "aortic")
    drug = widget.drug
    type_into(drug.volume_box, "95")
    type_into(drug.duration_box, "180")
    assert drug.derived_label.text() == "1 mg/mL at 31.7 mL/min"
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    (action,) = sink.actions
    assert isinstance(action, Bolus)
    assert (action.drug, action.dose_mg, action.volume_ml, action.duration_s, action.port) == (
        "cisplatin",
        95.0,
        95.0,
        180.0,
        1,
    )
    assert sink.texts == ["Bolus 95 mg Cisplatin through aortic"]
    # The plan has given the protocol's dose: a second one is refused.
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    assert len(sink.actions) == 1
    assert "95 mg are given already" in drug.reason_label.text()


def test_an_infusion_and_its_stop(panel, qtbot) -> None:
    widget, sink, _ = panel
    widget.select("catheter", "aortic")
    drug = widget.drug
    on_label = QPoint(8, drug.infusion_button.height() // 2)  # the indicator, as a user clicks
    qtbot.mouseClick(drug.infusion_button, Qt.MouseButton.LeftButton, pos=on_label)
    assert drug.rate_box.isVisible() and not drug.dose_box.isVisible()
    drug.drug_box.setCurrentIndex(drug.drug_box.findData("fluorouracil"))
    type_into(drug.concentration_box, "50")
    type_into(drug.rate_box, "10")
    assert drug.derived_label.text() == "500 mg/min until stopped"
    qtbot.mouseClick(drug.give_button, Qt.MouseButton.LeftButton)
    (action,) = sink.actions
    assert isinstance(action, StartInfusion)
    assert (action.rate_ml_min, action.concentration_mg_ml, action.port) == (10.0, 50.0, 1)
    # Nothing runs through the caval catheter in the snapshot: stopping it is refused.
    widget.select("catheter", "caval")
    qtbot.mouseClick(widget.drug.stop_button, Qt.MouseButton.LeftButton)
    assert widget.drug.reason_label.text() == "Not allowed: nothing is running through caval"
    assert len(sink.actions) == 1


def test_stop_while_a_bolus_runs(qtbot) -> None:
    context, sink, _ = make_context(400.0)  # the cisplatin bolus runs from 6:00 to 9:00
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.timer.stop()
    widget.select("catheter", "aortic")
    qtbot.mouseClick(widget.drug.stop_button, Qt.MouseButton.LeftButton)
    assert sink.actions == [StopInfusion(t_s=400.0, catheter_id="aortic")]


def test_the_contrast_puff_is_the_isolation_check_in_one_click(qtbot) -> None:
    context, sink, _ = make_context(250.0)
    shown = []
    context.show_contrast = lambda: shown.append(True)
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.timer.stop()
    widget.select("catheter", "aortic")
    qtbot.mouseClick(widget.drug.puff_button, Qt.MouseButton.LeftButton)
    phase, puff = sink.actions
    assert phase == MarkPhase(t_s=250.0, phase="isolation_check")
    assert puff == Bolus(
        t_s=250.0,
        catheter_id="aortic",
        drug="contrast",
        dose_mg=3000.0,
        volume_ml=10.0,
        duration_s=10.0,
        port=1,
    )
    assert shown == [True]


def test_the_balloon_figures_follow_a_new_snapshot_of_the_same_filling(panel) -> None:
    widget, sink, _ = panel
    widget.select("balloon", "aortic", 0)
    before = widget.balloon.upstream_label.text()
    _, later_sink, later = make_context(250.0)  # the caval balloon is up now, the circuit runs
    sink.snapshot = later_sink.snapshot
    widget.refresh()
    fresh = balloon_previewer(
        sink.snapshot, later.scenario, later.atlas, later.catalog, "aortic", 0
    ).preview(5.4)
    assert widget.balloon.upstream_label.text() == f"{fresh.pressure_upstream_mmHg:.1f} mmHg"
    assert widget.balloon.upstream_label.text() != before


# -- phases and embolisation ------------------------------------------------------------------


def test_a_phase_shortcut_is_one_mark_phase_action(qtbot) -> None:
    from simulator.gui.inspectors.phases import PhaseMarker

    context, sink, _ = make_context(250.0)
    host = QWidget()
    qtbot.addWidget(host)
    marker = PhaseMarker(context, host)
    host.addActions(list(marker.actions.values()))
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    QTest.keyClick(host, Qt.Key.Key_2, CTRL_ALT)
    assert sink.actions == [MarkPhase(t_s=250.0, phase="perfusion")]
    assert sink.texts == ["Mark the perfusion"]
    sink.refusal = "the attempt is being watched"
    refused = []
    marker.refused.connect(refused.append)
    QTest.keyClick(host, Qt.Key.Key_5, CTRL_ALT)
    assert len(sink.actions) == 1
    assert refused == ["Phase not marked: the attempt is being watched"]


def embolize_panel(qtbot, scenario_id: str):
    from simulator.devices.catalog import load_catalog, load_drugs
    from simulator.gui.inspectors.context import InspectorContext
    from simulator.session.session import Session
    from tests.gui.inspector_fixtures import FakeSink

    scenario = resolve_scenario(scenario_id)[0]
    atlas = load_atlas()
    session = Session(scenario, atlas)
    sink = FakeSink(session.snapshot())
    context = InspectorContext(
        atlas=atlas,
        scenario_source=lambda: scenario,
        sink_source=lambda: sink,
        snapshot_source=lambda: sink.snapshot,
        catalog=load_catalog(),
        drugs=load_drugs(),
    )
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.timer.stop()
    widget.show()
    assert widget.select("embolize", "")
    return widget, sink


def test_embolising_an_artery_with_a_shelf_agent_is_one_action(qtbot) -> None:
    panel, sink = embolize_panel(qtbot, "tace-hcc")
    inspector = panel.embolize
    agents = [inspector.agent_box.itemData(i) for i in range(inspector.agent_box.count())]
    assert "particles" in agents
    box = inspector.vessel_box
    box.setFocus()
    box.lineEdit().selectAll()
    QTest.keyClicks(box, "Proper hepatic artery")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert box.currentData() == "proper_hepatic_artery"
    inspector.agent_box.setCurrentIndex(inspector.agent_box.findData("particles"))
    type_into(inspector.amount_box, "0.8")
    qtbot.mouseClick(inspector.embolize_button, Qt.MouseButton.LeftButton)
    (action,) = sink.actions
    assert (action.vessel, action.agent, action.amount, action.position) == (
        "proper_hepatic_artery",
        "particles",
        0.8,
        0.5,
    )


def test_embolisation_refusals_show_their_reason_and_add_no_action(qtbot) -> None:
    panel, sink = embolize_panel(qtbot, "hap-pancreas")  # no embolic on its shelf
    inspector = panel.embolize
    qtbot.mouseClick(inspector.embolize_button, Qt.MouseButton.LeftButton)
    assert inspector.reason_label.text() == "Not allowed: no coil on this scenario's shelf"
    assert not inspector.set_point("portal_vein", 0.5)
    assert "emboli go in arteries" in inspector.reason_label.text()
    assert sink.actions == []


# -- circuits ----------------------------------------------------------------------------------


def circuit_panel(qtbot, t_s: float, circuit_id: str = ""):
    context, sink, _ = make_context(t_s)
    widget = InspectorPanel(context)
    qtbot.addWidget(widget)
    widget.timer.stop()
    widget.resize(460, 700)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.select("circuit", circuit_id)
    return widget, sink


def choose(box, data) -> None:
    """Pick an entry with the keyboard, as a user tabbing through the form would."""
    box.setFocus()
    while box.currentData() != data:
        before = box.currentIndex()
        QTest.keyClick(box, Qt.Key.Key_Down)
        assert box.currentIndex() != before, f"{data!r} is not in {box.objectName()}"


def test_the_hap_circuit_from_the_caval_holes_to_the_aortic_side_holes_is_one_action(
    qtbot,
) -> None:
    widget, sink = circuit_panel(qtbot, 220.0)
    inspector = widget.circuit
    type_into(inspector.id_edit, "stopflow")
    choose(inspector.draw.source, "caval")
    assert inspector.draw.port.currentText() == "0: 70 mm back"
    choose(inspector.return_.source, "aortic")
    choose(inspector.return_.port, 1)
    assert inspector.model_box.currentData() == "stopflow_hypoxic_circuit"
    type_into(inspector.flow_box, "120")
    assert inspector.reason_label.text() == ""
    qtbot.mouseClick(inspector.start_button, Qt.MouseButton.LeftButton)
    (action,) = sink.actions
    assert action == StartCircuit.model_validate(
        {
            "t_s": 220.0,
            "circuit_id": "stopflow",
            "model": "stopflow_hypoxic_circuit",
            "draw": "caval",
            "return": "aortic",
            "return_port": 1,
            "flow_ml_min": 120,
            "filter_extraction": 0.0,
            "oxygenated": False,
        }
    )
    assert sink.texts == ["Start circuit stopflow at 120 mL/min"]


def test_circuit_refusals_show_their_reason_and_add_no_action(qtbot) -> None:
    widget, sink = circuit_panel(qtbot, 220.0)
    inspector = widget.circuit
    choose(inspector.draw.source, "caval")
    choose(inspector.return_.source, "aortic")
    choose(inspector.return_.port, 1)
    type_into(inspector.flow_box, "400")  # the aortic side holes carry 300 mL/min
    assert "at most 300 mL/min (device catalog)" in inspector.reason_label.text()
    type_into(inspector.flow_box, "700")  # the hypoxic circuit pumps 600 mL/min
    assert "more than the stopflow_hypoxic_circuit pumps: at most 600" in (
        inspector.reason_label.text()
    )
    qtbot.mouseClick(inspector.start_button, Qt.MouseButton.LeftButton)
    type_into(inspector.flow_box, "100")
    choose(inspector.draw.source, VESSEL_POINT)
    choose(inspector.return_.source, VESSEL_POINT)
    assert "draw and return are the same place" in inspector.reason_label.text()
    qtbot.mouseClick(inspector.start_button, Qt.MouseButton.LeftButton)
    assert sink.actions == []


def test_a_running_circuit_shows_its_settings_changes_its_flow_and_stops(qtbot) -> None:
    widget, sink = circuit_panel(qtbot, 250.0, "stopflow")
    inspector = widget.circuit
    assert inspector.flow_box.value() == pytest.approx(120.0)
    assert inspector.draw.source.currentData() == "caval"
    assert inspector.return_.port.currentData() == 1
    assert inspector.id_edit.isReadOnly()
    type_into(inspector.flow_box, "250")
    qtbot.mouseClick(inspector.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(inspector.stop_button, Qt.MouseButton.LeftButton)
    change, stop = sink.actions
    assert isinstance(change, StartCircuit) and change.flow_ml_min == 250.0
    assert change.return_port == 1 and change.model == "stopflow_hypoxic_circuit"
    assert stop == StopCircuit(t_s=250.0, circuit_id="stopflow")
    assert sink.texts == ["Change circuit stopflow at 250 mL/min", "Stop circuit stopflow"]
