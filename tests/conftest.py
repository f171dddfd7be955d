"""Shared test set-up: headless Qt and a throwaway user folder.

The Qt platform must be chosen before any QApplication exists, so it is set at import time,
before pytest-qt creates one. Nothing here imports Qt: the core tests stay Qt-free.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

USER_DIR_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


@pytest.fixture(scope="session", autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """platformdirs (settings, attempt history, autosave) resolves into a temporary folder, so
    tests never read or change the developer's own data."""
    root = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        for variable in USER_DIR_VARIABLES:
            patch.setenv(variable, str(root / variable.lower()))
        yield root
