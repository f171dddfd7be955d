"""GUI test fixtures: the atlas, the map layout, hap-pancreas and a shown map widget; Qt warnings
fail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, QtMsgType

from simulator.anatomy.atlas import load_atlas
from simulator.anatomy.layout import load_layout
from simulator.gui.map.widget import MapWidget
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.layout_file import LayoutFile
from simulator.scenario.library import resolve_scenario
from simulator.scenario.scenario_file import ScenarioFile

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
        if record.type in FAILING_QT_MESSAGES
        and record.message not in IGNORED_QT_MESSAGES
        and not record.ignored  # a test's own pytest.mark.qt_log_ignore
    ]
    if messages:
        pytest.fail("Qt warnings:\n" + "\n".join(messages))


@pytest.fixture(scope="session")
def atlas() -> AtlasFile:
    return load_atlas()


MAP_SIZE = (1100, 850)
"""The map widget's size in the map tests: a typical centre area of the window."""


@pytest.fixture(scope="session")
def layout() -> LayoutFile:
    return load_layout()


@pytest.fixture(scope="session")
def hap() -> ScenarioFile:
    return resolve_scenario("hap-pancreas")[0]


@pytest.fixture
def map_widget(qtbot: Any, atlas: AtlasFile, layout: LayoutFile) -> MapWidget:
    """The map alone, shown at :data:`MAP_SIZE`."""
    widget = MapWidget(atlas, layout)
    qtbot.addWidget(widget)
    widget.resize(*MAP_SIZE)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
