"""Drugs and leak shadows stepped together give each transport the very numbers it gets
stepped alone, bit for bit, under every sink, on a circulation that moves and on one held."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.physics.mean import MeanStepper
from simulator.physics.transport import Circuit, DrugKinetics, Transport
from simulator.physics.transport_group import GroupMember, step_together

KINETICS = st.builds(
    DrugKinetics,
    st.sampled_from([0.0, 2e-4, 3e-3]),
    st.sampled_from([0.0, 1e-5]),
    st.sampled_from([0.0, 0.3 / 60.0]),
    st.sampled_from([0.5, 2.0]),
)


def _same_state(mine: Transport, theirs: Transport) -> None:
    a, b = mine.state, theirs.state
    assert np.array_equal(a.concentration_mg_ml, b.concentration_mg_ml)
    assert np.array_equal(a.tissue_mg, b.tissue_mg)
    assert np.array_equal(a.volume_ml, b.volume_ml)
    assert a.reservoir_mg_ml == b.reservoir_mg_ml
    assert a.tallies == b.tallies
    assert mine.reservoir_mg() == theirs.reservoir_mg()
    assert np.array_equal(mine.edge_mass_flux_mg_s(), theirs.edge_mass_flux_mg_s())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drugs=st.lists(
        st.tuples(KINETICS, st.booleans(), st.booleans(), st.sampled_from([0.0, 0.2, 0.6])),
        min_size=1,
        max_size=4,
    ),
    circuit_flow=st.sampled_from([0.0, 2.0, 30.0]),
    drained=st.booleans(),
    held=st.booleans(),
    infusion_node=st.integers(0, 10_000),
    dt=st.sampled_from([1.0, 5.0]),
)
def test_stepped_together_each_gets_its_own_numbers(
    circulation, resting, drugs, circuit_flow, drained, held, infusion_node, dt
):
    """Random drugs (clearance, decay, uptake or none), each with or without a leak shadow
    (an absorbing outside) and hepatic first pass, behind one circuit whose filter takes a
    share that differs by drug, on a closed segment refilling (a new field every step) or on a
    field held under one key (the batch's solver reused)."""
    net = circulation.network
    capillary = {bed: nodes[1] for bed, nodes in net.bed_nodes.items()}
    tissue = {bed.id: bed.tissue_mass_g for bed in circulation.atlas.beds}
    liver = [nodes[1] for bed, nodes in net.bed_nodes.items() if "liver" in bed]
    absorbing = np.zeros(net.node_count, dtype=bool)
    absorbing[: net.node_count // 3] = True
    source = np.zeros(net.node_count)
    source[infusion_node % net.node_count] = 3.0
    closed = net.scaled_edges({net.segment_edges["abdominal_aorta_supraceliac"][0]: 0.0})
    stepper = MeanStepper(closed, dt, resting)

    alone, together, inputs = [], [], []
    for kinetics, shadowed, hepatic, extraction in drugs:
        local = None
        if hepatic:
            local = np.zeros(net.node_count)
            local[liver] = 0.2
        for outside in (None, absorbing) if shadowed else (None,):
            alone.append(Transport(net, kinetics, capillary, tissue, resting.volume_ml))
            together.append(Transport(net, kinetics, capillary, tissue, resting.volume_ml))
            inputs.append((outside, local, extraction))
    reservoir_ml = 300.0
    state = stepper.step()
    for i in range(8):
        if not held:
            state = stepper.step()
        if drained:
            reservoir_ml = max(reservoir_ml + dt * 0.5 * circuit_flow, 1.0)
        members = []
        for (outside, local, extraction), transport in zip(inputs, together, strict=True):
            circuits = (
                Circuit(
                    "c",
                    net.node_index("ivc_renal"),
                    net.node_index("svc_origin"),
                    circuit_flow,
                    extraction,
                    reservoir_ml,
                    0.5 * circuit_flow if drained else None,
                ),
            )
            infusion = source if i < 5 else None
            members.append(GroupMember(transport, infusion, circuits, outside, local))
        key = 1 if held and not drained else i
        step_together(dt, state.volume_ml, state.flow_ml_s, members, key, state.pressure_mmHg)
        for member, transport in zip(members, alone, strict=True):
            transport.step(
                dt, state.volume_ml, state.flow_ml_s, member.infusion_mg_s, member.circuits,
                absorbing=member.absorbing, flow_key=key,
                local_elimination_per_s=member.local_elimination_per_s,
                pressure_mmHg=state.pressure_mmHg,
            )  # fmt: skip
        for mine, theirs in zip(together, alone, strict=True):
            _same_state(mine, theirs)
            assert mine.mass_balance_residual() < 1e-9
    assert max(float(np.max(t.state.concentration_mg_ml)) for t in together) > 0.0
    # Members with the same circuits (here: the same extraction) were solved as one batch,
    # not member by member.
    batches: dict[float, list[Transport]] = {}
    for (_, _, extraction), transport in zip(inputs, together, strict=True):
        batches.setdefault(extraction, []).append(transport)
    for batch in batches.values():
        if len(batch) > 1:
            assert batch[0]._group_factor[1] is not None


def test_without_pressures_each_steps_alone_and_a_bad_infusion_is_refused(circulation, resting):
    net = circulation.network
    kinetics = DrugKinetics(2e-4)
    together = [Transport(net, kinetics, {}, {}, resting.volume_ml) for _ in range(2)]
    alone = [Transport(net, kinetics, {}, {}, resting.volume_ml) for _ in range(2)]
    source = np.zeros(net.node_count)
    source[net.node_index("svc_origin")] = 1.0
    step_together(
        1.0, resting.volume_ml, resting.flow_ml_s, [GroupMember(t, source) for t in together]
    )
    for transport in alone:
        transport.step(1.0, resting.volume_ml, resting.flow_ml_s, source)
    for mine, theirs in zip(together, alone, strict=True):
        _same_state(mine, theirs)
    before = together[0].state
    with pytest.raises(ValueError, match="infusion"):
        step_together(
            1.0, resting.volume_ml, resting.flow_ml_s,
            [GroupMember(together[0], source), GroupMember(together[1], -source)],
            pressure_mmHg=resting.pressure_mmHg,
        )  # fmt: skip
    assert together[0].state is before  # refused before any member stepped
