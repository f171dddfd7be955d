"""GUI test fixtures: the resting state report and a shown main window (on its library page);
Qt warnings fail."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, QtMsgType

from simulator.anatomy.atlas import load_atlas
from simulator.gui.main_window import MainWindow
from simulator.physics.circulation import Circulation
from simulator.scenario.atlas_file import AtlasFile

IGNORED_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)
"""The offscreen platform plugin says this whenever a window is shown; it is about the plugin,
not about our code."""
FAILING_QT_MESSAGES = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)


@pytest.fixture(scope="session", autouse=True)
def qt_test_paths() -> None:
    QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(autouse=True)
def qt_warnings_are_errors(qtlog: Any) -> Iterator[None]:
    yield
    messages = [
        record.message
        for record in qtlog.records
        if record.type in FAILING_QT_MESSAGES and record.message not in IGNORED_QT_MESSAGES
    ]
    if messages:
        pytest.fail("Qt warnings:\n" + "\n".join(messages))


@pytest.fixture(scope="session")
def atlas() -> AtlasFile:
    return load_atlas()


@pytest.fixture(scope="session")
def _resting_report(atlas: AtlasFile) -> dict[str, Any]:
    circulation = Circulation.build(atlas)
    return circulation.report(circulation.resting_state())


@pytest.fixture
def report(_resting_report: dict[str, Any]) -> dict[str, Any]:
    """The resting adult's state report; each test gets its own copy to change."""
    return copy.deepcopy(_resting_report)


@pytest.fixture
def window(qtbot: Any, atlas: AtlasFile) -> MainWindow:
    window = MainWindow(atlas, remember_settings=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
