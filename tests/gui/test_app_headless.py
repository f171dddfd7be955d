"""``python main.py --atlas BROKEN`` without a display: the problems on stderr and exit 1, not a
modal dialog nobody can close (issue 10). Run in a subprocess, as a user would start it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.anatomy.atlas import DEFAULT_ATLAS_PATH

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("platform", ["offscreen", "minimal"])
def test_a_broken_atlas_without_display_prints_the_problems_and_exits(
    tmp_path: Path, platform: str
) -> None:
    atlas = json.loads(DEFAULT_ATLAS_PATH.read_text(encoding="utf-8"))
    atlas["segments"][1]["radius_proximal_mm"] = float("inf")  # written as Infinity
    broken = tmp_path / "broken_atlas.json"
    broken.write_text(json.dumps(atlas), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "main.py", "--atlas", str(broken)],
        cwd=REPO_ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": platform},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert f"error: {broken}: $.segments[1].radius_proximal_mm: Infinity is not" in lines[-1]
    assert "Traceback" not in result.stderr


def test_the_dialog_and_stderr_carry_the_same_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], qapp
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from simulator.gui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(app_module, "can_show_dialogs", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.informativeText()) or 0)
    missing = tmp_path / "nowhere.json"
    assert app_module.main(["perfusionsim", "--atlas", str(missing)]) == 1
    line = f"{missing}: $: file not found"
    assert line in shown[0]
    assert f"error: {line}" in capsys.readouterr().err.splitlines()
