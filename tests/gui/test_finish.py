"""Finish (Ctrl+Return) shows what ``python -m simulator grade`` prints for the same plan: the
score, and each objective's value, threshold, pass or fail, explanation and teaching point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.gui.workspace.finish import figure, threshold_text
from simulator.scenario.library import resolve_plan, resolve_scenario

REPO = Path(__file__).resolve().parents[2]


def test_finish_shows_the_grade_of_the_plan(qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(load_atlas(), remember_settings=False)
    qtbot.addWidget(window)
    window.show()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path)
    workspace = window.workspace
    assert workspace.wait_until_idle(60.0)
    sink = workspace.sink
    expert = resolve_plan(scenario, "expert").actions
    for action in expert[:3]:
        workspace.seek(action.t_s)
        assert workspace.wait_until_idle(60.0)
        assert sink.propose(action, action.action) is None
    workspace.seek(150.0)
    assert workspace.wait_until_idle(60.0)
    plan_path = tmp_path / "attempt.json"
    assert window.plan_files.write(plan_path)
    before = workspace.driver.latest

    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.finisher.dialog is not None, timeout=60000)
    dialog = window.finisher.dialog
    assert workspace.driver.latest is before  # finishing did not move the session

    graded = subprocess.run(
        [sys.executable, "-m", "simulator", "grade", "hap-pancreas", str(plan_path), "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    expected = json.loads(graded.stdout)
    assert json.loads(json.dumps(dialog.report)) == expected
    assert f"Score {expected['score']:.1f} / 100" in dialog.score_label.text()
    assert dialog.table.rowCount() == len(expected["objectives"])
    for row, objective in enumerate(expected["objectives"]):
        assert dialog.cell(row, "Objective") == objective["title"]
        assert dialog.cell(row, "Value") == figure(objective)
        assert dialog.cell(row, "Threshold") == threshold_text(objective)
        assert dialog.cell(row, "Result") == ("✓ pass" if objective["passed"] else "✗ fail")
        assert dialog.cell(row, "Explanation") == objective["explanation"]
        assert dialog.cell(row, "Teaching point") == objective["teaching_point"]
        if objective["metric"] == "leak_fraction":
            # In the unit of the objective's title (per cent), not as a fraction.
            percent = 100.0 * objective["value"]
            assert dialog.cell(row, "Value") == f"{percent:.3g} %"
            assert dialog.cell(row, "Threshold") == f"≤ {100.0 * objective['threshold']:.3g} %"
    dialog.close()
    window.close()
