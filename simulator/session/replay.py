"""Replay a plan on a fresh session: what the grader and ``state --plan`` do."""

from __future__ import annotations

from simulator.scenario.plan_file import OBSERVATION_AFTER_LAST_ACTION_S
from simulator.session.session import Session


def replay(scenario, actions, atlas, until_s: float | None = None, dt_s: float = 1.0) -> Session:
    session = Session(scenario, atlas, dt_s=dt_s)
    end = until_s
    if end is None:
        last = max((a.t_s for a in actions), default=0.0)
        end = last + OBSERVATION_AFTER_LAST_ACTION_S
    for action in actions:
        if action.t_s > end:
            break
        session.advance(action.t_s)
        session.apply(action)
    session.advance(end)
    return session
