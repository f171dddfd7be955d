"""What every inspector needs to know about the attempt it inspects.

An inspector reads the newest snapshot and proposes actions through the workspace's
``ActionSink``; it never touches the session. Both are reached through callables so that the
inspectors can be built before the plan editor exists (the sink is None while a plan is only
watched, and the controls then say so) and so that tests can hand in a small fake sink.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.devices.catalog import load_catalog, load_drugs
from simulator.gui.workspace.sink import ActionSink
from simulator.scenario.atlas_file import AtlasFile
from simulator.scenario.catalog_file import CatalogFile
from simulator.scenario.drug_file import DrugsFile
from simulator.scenario.plan_file import AnyAction
from simulator.scenario.scenario_file import ScenarioFile
from simulator.session.session import Snapshot

NO_SINK_REASON = (
    "This attempt is being watched, not carried out: take it over (or start a free session) "
    "to act on it"
)


@dataclass
class InspectorContext:
    atlas: AtlasFile
    scenario_source: Callable[[], ScenarioFile | None]
    sink_source: Callable[[], ActionSink | None]
    snapshot_source: Callable[[], Snapshot | None]
    catalog: CatalogFile | None = None
    drugs: DrugsFile | None = None
    show_contrast: Callable[[], None] | None = None
    """Turns the map to where contrast goes (the drug overlay on contrast), after a puff."""
    plan_source: Callable[[], Sequence[AnyAction]] | None = None
    """The plan's actions when the sink does not list them (a watched plan)."""

    def __post_init__(self) -> None:
        self.catalog = self.catalog or load_catalog()
        self.drugs = self.drugs or load_drugs()

    @property
    def scenario(self) -> ScenarioFile | None:
        return self.scenario_source()

    @property
    def sink(self) -> ActionSink | None:
        return self.sink_source()

    def snapshot(self) -> Snapshot | None:
        sink = self.sink
        if sink is not None:
            latest = sink.latest_snapshot()
            if latest is not None:
                return latest
        return self.snapshot_source()

    def plan_actions(self) -> Sequence[AnyAction]:
        """The actions of the plan being carried out (the plan editor's ``actions``)."""
        actions = getattr(self.sink, "actions", None)
        if actions is not None:
            return tuple(actions)
        return tuple(self.plan_source()) if self.plan_source is not None else ()

    def now_s(self) -> float:
        sink = self.sink
        if sink is not None:
            return sink.now_s()
        snapshot = self.snapshot()
        return snapshot.t_s if snapshot is not None else 0.0

    def propose(self, action_factory: Callable[[float], AnyAction], text: str) -> str | None:
        """Build the action at the sink's present time and propose it; the reason it was
        refused, or None. A pydantic refusal (a value outside the plan format's bounds) is a
        reason too, never a traceback."""
        sink = self.sink
        if sink is None:
            return NO_SINK_REASON
        try:
            action = action_factory(sink.now_s())
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            return _first_reason(error)
        return sink.propose(action, text)


def _first_reason(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        for item in errors():
            field = ".".join(str(part) for part in item.get("loc", ()))
            return f"{field}: {item.get('msg', 'not accepted')}" if field else item["msg"]
    return str(error)
