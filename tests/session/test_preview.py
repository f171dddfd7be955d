"""The balloon what-if: for any volume it gives what a full rebuild and solve of the session's
network with the balloon at that volume gives, to solver tolerance, in O(nodes) per volume."""

from __future__ import annotations

import copy
import itertools
from functools import cache

import numpy as np
import pytest

from simulator.anatomy.atlas import load_atlas
from simulator.devices.effects import point_key
from simulator.scenario.library import resolve_plan, resolve_scenario
from simulator.scenario.plan_file import DeflateBalloon, InflateBalloon
from simulator.session.live import _sharing_factorizations
from simulator.session.preview import balloon_previewer, solve_steady_with_circuits
from simulator.session.replay import replay

PRESSURE_TOLERANCE_MMHG = 1e-4
"""The same equations solved two ways in double precision: agreement to 1e-7 .. 1e-5 mmHg is
seen (a rank-one update that opens a sealed gap loses a few digits to the jump in conductance).
The display shows tenths of a mmHg; a wrong gap scale or system is off by whole mmHg."""


@cache
def hap_session_with_circuit():
    """HAP after both balloons are up and the hypoxic circuit runs (expert plan at 250 s)."""
    scenario = resolve_scenario("hap-pancreas")[0]
    atlas = load_atlas()
    session = replay(scenario, resolve_plan(scenario, "expert").actions, atlas, until_s=250.0)
    return scenario, atlas, session


@cache
def hap_session_before_balloons():
    scenario = resolve_scenario("hap-pancreas")[0]
    atlas = load_atlas()
    session = replay(scenario, resolve_plan(scenario, "expert").actions, atlas, until_s=170.0)
    return scenario, atlas, session


def full_solve(session, catheter_id: str, volume_ml: float):
    """The reference: the session's own action and rebuild on a copy, solved from scratch."""
    with _sharing_factorizations():
        trial = copy.deepcopy(session)
    if volume_ml > 0.0:
        trial.apply(InflateBalloon(t_s=trial.time_s, catheter_id=catheter_id, volume_ml=volume_ml))
    else:
        trial.apply(DeflateBalloon(t_s=trial.time_s, catheter_id=catheter_id))
    # The preview holds the reflex tone the snapshot carries; the rebuild takes the newest.
    network = trial.regulation.apply(trial._base_network, tone=session.regulation.applied)
    pressure = solve_steady_with_circuits(
        network, session.snapshot().state.total_volume_ml, trial.devices
    )
    return network, pressure


@pytest.mark.parametrize("volume_ml", [0.0, 1.0, 3.0, 5.4, 7.5, 12.4, 16.0])
@pytest.mark.parametrize("catheter_id", ["aortic", "caval"])
@pytest.mark.parametrize("when", ["circuit", "before_balloons"])
def test_preview_equals_a_full_solve_with_the_balloon_at_that_volume(
    catheter_id: str, volume_ml: float, when: str
) -> None:
    scenario, atlas, session = (
        hap_session_with_circuit() if when == "circuit" else hap_session_before_balloons()
    )
    previewer = balloon_previewer(
        session.snapshot(), scenario, atlas, session.catalog, catheter_id, 0
    )
    network, reference = full_solve(session, catheter_id, volume_ml)
    assert np.max(np.abs(previewer.pressures(volume_ml) - reference)) < PRESSURE_TOLERANCE_MMHG
    preview = previewer.preview(volume_ml)
    edge = network.gap_edges["gap:" + point_key(previewer.point)]
    upstream = reference[network.edge_from[edge]]
    downstream = reference[network.edge_to[edge]]
    flow = 60.0 * network.effective_conductance()[edge] * (upstream - downstream)
    assert preview.pressure_upstream_mmHg == pytest.approx(upstream, abs=PRESSURE_TOLERANCE_MMHG)
    assert preview.pressure_downstream_mmHg == pytest.approx(
        downstream, abs=PRESSURE_TOLERANCE_MMHG
    )
    assert preview.flow_past_ml_min == pytest.approx(flow, rel=1e-6, abs=1e-6)


def test_filling_closes_the_vessel_step_by_step_and_an_empty_balloon_passes_everything() -> None:
    scenario, atlas, session = hap_session_before_balloons()
    previewer = balloon_previewer(session.snapshot(), scenario, atlas, session.catalog, "aortic", 0)
    volumes = np.linspace(0.0, 6.0, 25)
    shares = [previewer.preview(v).passing_share for v in volumes]
    assert shares[0] == pytest.approx(1.0)
    assert all(b <= a + 1e-12 for a, b in itertools.pairwise(shares))
    assert shares[-1] < 0.02
    sealed = previewer.preview(6.0)
    # The aortic balloon's afterload: the pressure above it climbs, below it falls.
    open_ = previewer.preview(0.0)
    assert sealed.pressure_upstream_mmHg > open_.pressure_upstream_mmHg + 20.0
    assert sealed.pressure_downstream_mmHg < open_.pressure_downstream_mmHg - 20.0


def test_geometry_follows_the_catalog_curve_with_overdistension_and_burst() -> None:
    scenario, atlas, session = hap_session_before_balloons()
    previewer = balloon_previewer(session.snapshot(), scenario, atlas, session.catalog, "aortic", 0)
    spec = previewer.spec
    last_volume, last_diameter = spec.volume_diameter_curve[-1]
    at_point = previewer.preview(last_volume)
    assert at_point.diameter_mm == pytest.approx(last_diameter)
    assert at_point.vessel_diameter_mm == pytest.approx(previewer.vessel_diameter_mm)
    # 5.4 mL makes about 19.8 mm in the 18 mm supraceliac aorta: 110 %, not overdistended.
    expert = previewer.preview(5.4)
    assert 1.05 < expert.overdistension_ratio < 1.2 and not expert.overdistended
    assert previewer.preview(spec.burst_volume_ml * 0.99).overdistended
    burst = previewer.preview(spec.burst_volume_ml + 0.5)
    assert burst.burst and burst.passing_share == pytest.approx(1.0)


def test_a_catheter_without_that_balloon_is_refused_by_name() -> None:
    scenario, atlas, session = hap_session_before_balloons()
    snapshot = session.snapshot()
    with pytest.raises(KeyError, match="no catheter 'nowhere'"):
        balloon_previewer(snapshot, scenario, atlas, session.catalog, "nowhere", 0)
    with pytest.raises(KeyError, match="has no balloon 3"):
        balloon_previewer(snapshot, scenario, atlas, session.catalog, "aortic", 3)
