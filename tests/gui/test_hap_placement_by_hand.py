"""The HAP expert's catheters and cuffs placed by hand in the window, to the pixel.

The whole HAP expert plan through the widgets is ``test_hands_on_hap.py`` (the inspectors'
branch); this test holds the placement to the expert's figures. Each catheter is carried from
the device shelf to its access site and its tip dragged along the vessels to the expert's
position (roughly on the whole body, then finely on the thorax); each thigh cuff is set by a
click on its limb root and the cuff popup; the session's clock is moved to the expert's times
between steps. The plan the editor recorded then holds the expert's catheters and cuffs (tips
within a pixel), and with the rest of the expert's actions (balloons, drugs, circuit, phases) it
grades like the expert.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from simulator.anatomy.atlas import load_atlas
from simulator.devices.navigation import VesselPoint
from simulator.gui.main_window import MainWindow
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import InsertCatheter, MoveCatheter, SetCuff
from simulator.scoring.report import grade_session
from simulator.session.replay import replay
from tests.gui.hands_on_steps import (
    LEFT,
    OFFSCREEN_POPUPS,
    SCORE_TOLERANCE,
    VALUE_TOLERANCE,
    open_window,
    place_catheter,
    seek,
    set_cuff,
    settle,
)

PLACED = (InsertCatheter, MoveCatheter, SetCuff)
"""The actions this part of the test makes through the widgets."""


@pytest.fixture(scope="module")
def window(qapp: QApplication) -> Iterator[MainWindow]:
    yield from open_window()


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
def test_the_hap_catheters_and_cuffs_placed_by_hand_grade_like_the_expert(
    window: MainWindow, qtbot: Any
) -> None:
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
    seek(window, qtbot, 60.0)
    caval = place_catheter(
        window,
        qtbot,
        "aigner_stopflow_venous_14f",
        "common_femoral_vein_right",
        VesselPoint("superior_vena_cava", 0.464),
    )
    seek(window, qtbot, 120.0)
    set_cuff(window, qtbot, "thigh_root_left", "300")
    seek(window, qtbot, 130.0)
    set_cuff(window, qtbot, "thigh_root_right", "300")
    assert (aortic, caval) == ("aortic", "caval")  # named after their balloons, as the expert's

    made = [a for a in window.plan_editor.actions if isinstance(a, PLACED)]
    assert all(isinstance(a, PLACED) for a in window.plan_editor.actions)
    ours, theirs = (
        final_placements(made),
        final_placements([a for a in expert if isinstance(a, PLACED)]),
    )
    assert ours.keys() == theirs.keys()
    for catheter_id in ("aortic", "caval"):
        model, access, t_s, tip = ours[catheter_id]
        assert [model, access, t_s] == theirs[catheter_id][:3]
        assert tip.vessel == theirs[catheter_id][3].vessel
        length = window.map_widget.scene.vessels[tip.vessel].polyline.length
        pixel = 1.0 / window.map_widget.view.pixels_per_unit
        assert abs(tip.position - theirs[catheter_id][3].position) * length <= 1.5 * pixel
    for root in ("thigh_root_left", "thigh_root_right"):
        assert ours[root] == theirs[root][:1]  # the removals at the end are the rest of the plan

    # With the rest of the expert's plan, the attempt grades like the expert.
    rest = [a for a in expert if not isinstance(a, PLACED)]
    removals = [a for a in expert if isinstance(a, SetCuff) and a.pressure_mmHg == 0]
    combined = sorted([*made, *rest, *removals], key=lambda a: a.t_s)
    atlas = load_atlas()
    ours_graded = grade_session(replay(scenario, combined, atlas))
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
