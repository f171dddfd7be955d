from __future__ import annotations

import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.physics.circulation import Circulation


@pytest.fixture(scope="session")
def circulation() -> Circulation:
    return Circulation.build(load_atlas())


@pytest.fixture(scope="session")
def resting(circulation):
    return circulation.resting_state()
