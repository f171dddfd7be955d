"""Starting the application: a good start shows the window, a broken file shows the problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from simulator.anatomy.atlas import DEFAULT_ATLAS_PATH
from simulator.gui import app as app_module
from simulator.gui.main_window import MainWindow


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        shown.append(box)
        return int(QMessageBox.StandardButton.Close)

    monkeypatch.setattr(QMessageBox, "exec", record)
    monkeypatch.setattr(app_module, "can_show_dialogs", lambda: True)  # as on a real display
    return shown


def test_a_broken_atlas_shows_its_problems_instead_of_a_traceback(
    qapp: QApplication, tmp_path: Path, message_boxes: list[QMessageBox], capsys: Any
) -> None:
    atlas = json.loads(DEFAULT_ATLAS_PATH.read_text(encoding="utf-8"))
    del atlas["segments"][0]["length_mm"]
    atlas["segments"][1]["radius_proximal_mm"] = -1
    path = tmp_path / "broken_atlas.json"
    path.write_text(json.dumps(atlas), encoding="utf-8")

    assert app_module.main(["perfusionsim", "--atlas", str(path)]) == 1

    [box] = message_boxes
    text = box.informativeText()
    assert f"{path}: $.segments[0].length_mm: required field is missing" in text
    assert f"{path}: $.segments[1].radius_proximal_mm:" in text
    assert "Traceback" not in capsys.readouterr().err


def test_a_missing_atlas_is_one_line(
    qapp: QApplication, tmp_path: Path, message_boxes: list[QMessageBox]
) -> None:
    missing = tmp_path / "nowhere.json"
    assert app_module.main(["perfusionsim", "--atlas", str(missing)]) == 1
    assert f"{missing}: $: file not found" in message_boxes[0].informativeText()


def test_main_names_the_application_and_opens_the_window(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[MainWindow] = []

    def run_event_loop() -> int:
        opened.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        for window in opened:
            window.close()
            window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(run_event_loop))
    assert app_module.main(["perfusionsim"]) == 0
    assert len(opened) == 1
    assert qapp.applicationName() == "PerfusionSim"
    assert qapp.organizationName() == app_module.ORGANIZATION_NAME
