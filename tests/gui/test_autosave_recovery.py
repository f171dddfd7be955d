"""Autosave and recovery with a real crash: a child process runs the window, makes an attempt,
waits for the autosave and is killed with SIGKILL; a window started afterwards offers the
attempt back, and taking it back gives the same plan and session as before the crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.gui.workspace.autosave import AUTOSAVE_INTERVAL_MS
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scoring.report import grade_session
from simulator.session.replay import replay
from simulator.storage.autosave import (
    DATA_DIR_VARIABLE,
    autosave_dir,
    left_attempts,
    read_autosave,
)

REPO = Path(__file__).resolve().parents[2]
CHILD = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from simulator.gui.app import application, create_main_window
    from simulator.scenario.library import resolve_plan, resolve_scenario
    from simulator.storage.autosave import autosave_path, read_autosave

    app, _ = application(["perfusionsim"])
    window = create_main_window()
    window.show()
    scenario, path = resolve_scenario("hap-pancreas")
    expert = resolve_plan(scenario, "expert").actions
    window.start_scenario(scenario, path)
    workspace = window.workspace
    sink = workspace.sink
    for action in (expert[0], expert[1]):
        assert sink.propose(action, action.action) is None, action
    workspace.seek(60.0)
    workspace.wait_until_idle()
    assert sink.propose(expert[2], "Insert caval catheter") is None
    workspace.wait_until_idle()
    workspace.seek(75.0)
    workspace.wait_until_idle()

    def written():
        path = autosave_path()
        if path.exists():
            saved = read_autosave(path)
            if len(saved.plan.actions) == 3 and saved.session_time_s == 75.0:
                print("autosaved", path, flush=True)
                return
        QTimer.singleShot(100, written)

    written()
    app.exec()
    """
)


def run_and_kill_child(data_dir: Path, script: Path) -> Path:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    env[DATA_DIR_VARIABLE] = str(data_dir)
    child = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()  # blocks until the autosave is there (or the child dies)
        assert line.startswith("autosaved"), (
            child.stderr.read() if child.poll() is not None else line
        )
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    return Path(line.split(maxsplit=1)[1].strip())


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(folder))
    return folder


def test_a_killed_window_s_attempt_is_offered_back(
    data_dir: Path, tmp_path: Path, qtbot: Any, qapp: QApplication
) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    left = run_and_kill_child(data_dir, script)
    assert left.parent == autosave_dir() and left.exists()
    saved = read_autosave(left)
    assert saved.process_id != os.getpid()

    window = MainWindow(load_atlas())  # remembers: autosave on, and the offer at start
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "recovery_box", None) is not None, timeout=10000)
    box = window.recovery_box
    qtbot.waitUntil(box.isVisible, timeout=10000)
    assert "Hap" in box.text() or saved.scenario_title in box.text()
    assert "3 actions" in box.text() and "1:15" in box.text()
    take = box.findChild(QPushButton, "recovery_take_back")
    qtbot.mouseClick(take, Qt.MouseButton.LeftButton)
    assert window.workspace.wait_until_idle(120.0)

    scenario = resolve_scenario("hap-pancreas")[0]
    expert = resolve_plan(scenario, "expert").actions
    editor = window.plan_editor
    assert not window.on_library and editor.editable
    assert editor.actions == (expert[0], expert[1], expert[2])
    driver = window.workspace.driver
    assert driver.time_s == 75.0
    again = replay(scenario, list(editor.actions), load_atlas(), until_s=75.0)
    assert json.dumps(grade_session(driver.session), sort_keys=True) == json.dumps(
        grade_session(again), sort_keys=True
    )
    assert not left.exists()  # this window's own autosave took over
    # Undo works on the attempt taken back only from here: nothing to undo yet.
    assert editor.undo_stack.count() == 0
    window.autosaver.save_now()  # unless the timer wrote it already
    own = window.autosaver.path
    assert read_autosave(own).process_id == os.getpid()
    assert read_autosave(own).plan.actions == list(editor.actions)
    window.close()
    assert not own.exists()  # a normal end: the running autosave goes
    # The attempt taken back had changes never saved to a plan file: they are kept, for the
    # next start (not for this process, which still runs).
    kept = [p for p in autosave_dir().glob("attempt-*.json") if p != own]
    assert len(kept) == 1 and read_autosave(kept[0]).ended_normally
    assert left_attempts() == ([], [])


def test_an_unreadable_autosave_is_reported_and_kept(data_dir: Path, qtbot: Any) -> None:
    folder = autosave_dir()
    folder.mkdir(parents=True)
    broken = folder / "attempt-999999.json"
    broken.write_text('{"schema_version": 1, "scenario_id": 7}', encoding="utf-8")
    window = MainWindow(load_atlas())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "attempt-999999.json" in window.statusBar().currentMessage())
    assert getattr(window, "recovery_box", None) is None
    assert broken.exists()
    window.close()


def test_autosave_writes_only_while_the_trainee_s_attempt_runs(data_dir: Path, qtbot: Any) -> None:
    window = MainWindow(load_atlas())
    qtbot.addWidget(window)
    window.show()
    scenario, path = resolve_scenario("hap-pancreas")
    window.start_scenario(scenario, path, "expert")  # watching: nothing of the trainee's
    assert window.workspace.wait_until_idle(60.0)
    assert window.autosaver.save_now() is None
    window.show_library()
    window.start_scenario(scenario, path)
    assert window.workspace.wait_until_idle(60.0)
    expert = resolve_plan(scenario, "expert").actions
    assert window.workspace.sink.propose(expert[0], "Insert") is None
    written = window.autosaver.save_now()
    assert written is not None
    assert read_autosave(written).plan.actions == [expert[0]]
    assert window.autosaver.save_now() is None  # nothing changed since
    # The timer writes the next change within its three seconds.
    with qtbot.waitSignal(window.autosaver.saved, timeout=AUTOSAVE_INTERVAL_MS + 2000):
        assert window.workspace.sink.propose(expert[1], "Nitroglycerin") is None
    assert read_autosave(written).plan.actions == [expert[0], expert[1]]
    window.show_library()
    assert not written.exists()
    # Unsaved work is not lost without a word: it is kept under a name of its own.
    (kept,) = autosave_dir().glob("attempt-*-*.json")
    saved = read_autosave(kept)
    assert saved.ended_normally and saved.unsaved_changes
    assert saved.plan.actions == [expert[0], expert[1]]
    assert "kept" in window.statusBar().currentMessage()
    window.close()
    assert list(autosave_dir().glob("attempt-*.json")) == [kept]  # kept once, not twice
