"""Drug transport against mathematics: well-mixed washout, transit delay, and exact mass
bookkeeping with every kind of source and sink."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.physics.mean import MeanStepper
from simulator.physics.transport import (
    Circuit,
    DrugKinetics,
    Transport,
    _AlongTheFlow,
    balance_residual,
)
from tests.physics.helpers import chain_network

NO_KINETICS = DrugKinetics(elimination_per_s=0.0)


def _chain_transport(volumes, kinetics=NO_KINETICS):
    n = len(volumes)
    net = chain_network([1.0] * (n - 1), [0.0] * n)
    return net, Transport(net, kinetics, {}, {}, np.array(volumes, dtype=float))


def _washout_error(dt: float) -> float:
    """Clean blood at Q through a mixed cell of volume V: c(t) = c0 exp(-Q t / V)."""
    volume, flow, t_end = 100.0, 5.0, 40.0
    net, transport = _chain_transport([1e-9, volume, 1e12])
    transport.state.concentration_mg_ml[1] = 1.0
    volumes = transport.state.volume_ml.copy()
    flows = np.full(net.edge_count, flow)
    for _ in range(round(t_end / dt)):
        transport.step(dt, volumes, flows)
    return abs(transport.state.concentration_mg_ml[1] - math.exp(-flow * t_end / volume))


def test_well_mixed_washout_converges_to_the_exponential():
    errors = [_washout_error(dt) for dt in (1.0, 0.5, 0.25, 0.125)]
    assert errors[-1] < 2e-3
    orders = [math.log2(errors[i] / errors[i + 1]) for i in range(3)]
    assert all(0.85 < order < 1.15 for order in orders)


def test_transit_delay_through_a_chain_is_volume_over_flow():
    """A short bolus into 40 cells of 10 mL at 5 mL/s arrives, on average, 80 s later."""
    cells, volume, flow, dt = 40, 10.0, 5.0, 0.5
    net, transport = _chain_transport([volume] * cells + [1e12])
    volumes = transport.state.volume_ml.copy()
    flows = np.full(net.edge_count, flow)
    arrival_weighted = arrived = 0.0
    for step in range(1200):
        infusion = np.zeros(net.node_count)
        if step == 0:
            infusion[0] = 1.0 / dt  # 1 mg in the first step
        before = transport.state.concentration_mg_ml[-1] * volumes[-1]
        transport.step(dt, volumes, flows, infusion)
        gained = transport.state.concentration_mg_ml[-1] * volumes[-1] - before
        arrival_weighted += gained * (step + 1) * dt
        arrived += gained
    mean_transit = arrival_weighted / arrived
    assert arrived == pytest.approx(1.0, rel=1e-6)
    assert mean_transit == pytest.approx(cells * volume / flow, rel=0.02)


def test_reversed_flow_carries_drug_upstream():
    net, transport = _chain_transport([10.0, 10.0, 10.0])
    transport.state.concentration_mg_ml[2] = 1.0
    volumes = transport.state.volume_ml.copy()
    transport.step(1.0, volumes, np.full(net.edge_count, -5.0))
    assert transport.state.concentration_mg_ml[1] > 0.0
    assert transport.state.concentration_mg_ml[0] > 0.0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    elimination=st.floats(0.0, 0.01),
    decay=st.sampled_from([0.0, 1e-4]),
    uptake=st.floats(0.0, 0.05),
    partition=st.floats(0.1, 10.0),
    extraction=st.floats(0.0, 1.0),
    circuit_flow=st.floats(0.0, 20.0),
    return_share=st.one_of(st.none(), st.floats(0.0, 2.0)),
    infusion_node=st.integers(0, 10_000),
    dt=st.sampled_from([0.1, 1.0, 5.0]),
)
def test_mass_balance_closes_on_the_full_atlas(
    circulation,
    resting,
    elimination,
    decay,
    uptake,
    partition,
    extraction,
    circuit_flow,
    return_share,
    infusion_node,
    dt,
):
    net = circulation.network
    capillary = {bed: nodes[1] for bed, nodes in net.bed_nodes.items()}
    tissue = {bed.id: bed.tissue_mass_g for bed in circulation.atlas.beds}
    kinetics = DrugKinetics(elimination, decay, uptake, partition)
    transport = Transport(net, kinetics, capillary, tissue, resting.volume_ml)
    source = np.zeros(net.node_count)
    node = infusion_node % net.node_count
    source[node] = 2.0
    # A gravity-drained reservoir returns ``return_share`` of what drains in; its level moves
    # by the difference.
    returned = None if return_share is None else return_share * circuit_flow
    reservoir_ml = 300.0
    along = Transport(net, kinetics, capillary, tissue, resting.volume_ml)
    stepper = MeanStepper(net, dt, resting)
    for i in range(20):
        if returned is not None:
            reservoir_ml = max(reservoir_ml + dt * (circuit_flow - returned), 1.0)
        circuits = (
            Circuit(
                "c",
                net.node_index("ivc_renal"),
                net.node_index("svc_origin"),
                circuit_flow,
                extraction,
                reservoir_ml,
                returned,
            ),
        )
        state = stepper.step()
        infusion = source if i < 10 else None
        transport.step(dt, state.volume_ml, state.flow_ml_s, infusion, circuits)
        assert transport.mass_balance_residual() < 1e-9
        along.step(
            dt, state.volume_ml, state.flow_ml_s, infusion, circuits,
            pressure_mmHg=state.pressure_mmHg,
        )  # fmt: skip
        assert along.mass_balance_residual() < 1e-9
    assert np.all(np.isfinite(transport.state.concentration_mg_ml))
    assert transport.state.tallies.infused_mg == pytest.approx(20.0 * dt)
    # Solved along the flow: the same system, to round-off.
    assert isinstance(along._factor, _AlongTheFlow)
    # Judged against the blood's largest concentration: a reservoir that returns nothing holds
    # only subnormal traces, whose relative round-off means nothing.
    scale = max(float(np.max(transport.state.concentration_mg_ml)), 1e-300)
    for mine, theirs in (
        (along.state.concentration_mg_ml, transport.state.concentration_mg_ml),
        (along.state.tissue_mg, transport.state.tissue_mg),
        (along.state.reservoir_mg_ml["c"], transport.state.reservoir_mg_ml["c"]),
    ):
        np.testing.assert_allclose(mine, theirs, rtol=1e-11, atol=1e-12 * scale)


def test_solving_along_the_flow_agrees_with_the_factorization_under_every_sink(
    circulation, resting
):
    """Hepatic first pass, an absorbing outside (the leak shadow), uptake and a filtering
    circuit, stepped on a circulation that moves (a closed segment refilling): the transport
    ordered by the field's pressure gives the factorization's answer to round-off."""
    net = circulation.network
    capillary = {bed: nodes[1] for bed, nodes in net.bed_nodes.items()}
    tissue = {bed.id: bed.tissue_mass_g for bed in circulation.atlas.beds}
    kinetics = DrugKinetics(2e-4, 1e-5, 0.3 / 60.0, 2.0)
    factorized = Transport(net, kinetics, capillary, tissue, resting.volume_ml)
    along = Transport(net, kinetics, capillary, tissue, resting.volume_ml)
    hepatic = np.zeros(net.node_count)
    hepatic[[nodes[1] for bed, nodes in net.bed_nodes.items() if "liver" in bed]] = 0.2
    absorbing = np.zeros(net.node_count, dtype=bool)
    absorbing[: net.node_count // 3] = True
    source = np.zeros(net.node_count)
    source[net.node_index("svc_origin")] = 5.0
    circuits = (
        Circuit("c", net.node_index("ivc_renal"), net.node_index("svc_origin"), 4.0, 0.2, 300.0),
    )
    closed = net.scaled_edges({net.segment_edges["abdominal_aorta_supraceliac"][0]: 0.0})
    stepper = MeanStepper(closed, 1.0, resting)
    for i in range(15):
        state = stepper.step()
        for transport, pressure in ((factorized, None), (along, state.pressure_mmHg)):
            transport.step(
                1.0, state.volume_ml, state.flow_ml_s, source if i < 8 else None, circuits,
                absorbing=absorbing, local_elimination_per_s=hepatic, pressure_mmHg=pressure,
            )  # fmt: skip
            assert transport.mass_balance_residual() < 1e-9
    assert isinstance(along._factor, _AlongTheFlow)
    assert not isinstance(factorized._factor, _AlongTheFlow)
    scale = np.max(factorized.state.concentration_mg_ml)
    assert scale > 0.0
    np.testing.assert_allclose(
        along.state.concentration_mg_ml,
        factorized.state.concentration_mg_ml,
        rtol=1e-11,
        atol=1e-13 * scale,
    )
    np.testing.assert_allclose(along.state.tissue_mg, factorized.state.tissue_mg, rtol=1e-11)
    assert along.state.tallies.absorbed_mg == pytest.approx(
        factorized.state.tallies.absorbed_mg, rel=1e-12
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    flows=st.lists(st.floats(-1.0e4, 1.0e4), min_size=7, max_size=7),
    volumes=st.lists(
        st.one_of(st.floats(-100.0, 0.0), st.floats(0.0, 1.0e-3), st.floats(1e-3, 1e4)),
        min_size=8,
        max_size=8,
    ),
    circuit_flow=st.floats(0.0, 1.0e4),
    returned=st.one_of(st.none(), st.floats(0.0, 1.0e4)),
    reservoirs=st.lists(st.floats(0.01, 1.0e4), min_size=3, max_size=3),
    extraction=st.floats(0.0, 1.0),
    infusion=st.floats(0.0, 1.0e6),
    dt=st.sampled_from([0.01, 1.0, 60.0]),
)
@pytest.mark.parametrize("ordered", [False, True])
def test_no_concentration_goes_negative_whatever_the_flows_and_volumes(
    ordered, flows, volumes, circuit_flow, returned, reservoirs, extraction, infusion, dt
):
    """Flows that do not balance, volumes the circulation drove to zero or below, a circuit far
    faster than its cells, a reservoir whose level jumps as a gravity drain and its pump
    disagree: the M-matrix keeps every concentration at or above zero, and the balance stays
    exact on the volumes the transport used."""
    net, transport = _chain_transport([1.0] * 8)  # 8 cells, 7 edges
    source = np.zeros(net.node_count)
    source[3] = infusion
    # Pressures the flows need not follow: solved along this order, most columns may have
    # entries above the diagonal.
    pressure = np.linspace(10.0, 0.0, 8)[[3, 1, 7, 0, 5, 2, 6, 4]] if ordered else None
    for reservoir in reservoirs:
        circuits = (Circuit("c", 6, 1, circuit_flow, extraction, reservoir, returned),)
        transport.step(
            dt, np.array(volumes), np.array(flows), source, circuits, pressure_mmHg=pressure
        )
        state = transport.state
        assert np.all(state.concentration_mg_ml >= 0.0)
        assert np.all(np.isfinite(state.concentration_mg_ml))
        assert all(c >= 0.0 for c in state.reservoir_mg_ml.values())
        assert transport.mass_balance_residual() < 1e-9


def test_the_residual_sees_a_lost_or_an_infinite_dose():
    net, transport = _chain_transport([10.0, 10.0, 10.0])
    source = np.array([1.0, 0.0, 0.0])
    transport.step(1.0, transport.state.volume_ml.copy(), np.full(net.edge_count, 1.0), source)
    assert transport.mass_balance_residual() < 1e-12
    transport.state.concentration_mg_ml[1] *= 0.5  # drug lost from one cell
    assert transport.mass_balance_residual() > 1e-3
    transport.state.concentration_mg_ml[1] = math.nan
    assert transport.mass_balance_residual() == math.inf
    assert balance_residual(math.inf, [math.inf]) == math.inf
    assert balance_residual(0.0, [0.0]) == 0.0
    with pytest.raises(ValueError, match="infusion"):
        transport.step(1.0, transport.state.volume_ml, np.full(net.edge_count, 1.0), -source)
