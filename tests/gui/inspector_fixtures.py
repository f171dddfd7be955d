"""A fake ActionSink and a HAP session to inspect, for the inspector tests (the plan editor's
real sink checks and records the same calls)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from simulator.anatomy.atlas import load_atlas
from simulator.gui.inspectors.context import InspectorContext
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.session.replay import replay


@dataclass
class FakeSink:
    """Records what it is given; refuses everything with ``refusal`` when that is set."""

    snapshot: object
    refusal: str | None = None
    actions: list = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def now_s(self) -> float:
        return self.snapshot.t_s

    def propose(self, action, text: str) -> str | None:
        if self.refusal is not None:
            return self.refusal
        self.actions.append(action)
        self.texts.append(text)
        return None

    def latest_snapshot(self):
        return self.snapshot


@cache
def hap_session(until_s: float):
    scenario = resolve_scenario("hap-pancreas")[0]
    atlas = load_atlas()
    session = replay(scenario, resolve_plan(scenario, "expert").actions, atlas, until_s=until_s)
    return scenario, atlas, session


def make_context(until_s: float = 200.0) -> tuple[InspectorContext, FakeSink, object]:
    """HAP at ``until_s`` of the expert plan (200 s: both catheters in, the aortic balloon at
    5.4 mL, the caval one empty)."""
    scenario, atlas, session = hap_session(until_s)
    sink = FakeSink(session.snapshot())
    context = InspectorContext(
        atlas=atlas,
        scenario_source=lambda: scenario,
        sink_source=lambda: sink,
        snapshot_source=lambda: sink.snapshot,
        catalog=session.catalog,
        drugs=session.drugs,
    )
    return context, sink, session
