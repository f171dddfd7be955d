from __future__ import annotations

import pytest

from simulator.anatomy.atlas import load_atlas


@pytest.fixture(scope="session")
def atlas():
    return load_atlas()
