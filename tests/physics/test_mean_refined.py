"""A cycle-mean stepper on a retoned network solves with the previous tone's factorization and
iterative refinement: the exact stepper's answer to round-off, and a factorization of its own
whenever that stops paying."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.physics.mean import (
    REFINED_STEPS_BEFORE_FACTORIZING,
    ControlledFlow,
    MeanStepper,
)
from simulator.physics.reflex import REGULATED_GROUPS, VascularTone, apply_tone, bed_groups
from simulator.scenario.physiology_file import load_baroreflex

GROUPS_OF = load_baroreflex()


def tone(factor: float, heart_rate: float = 1.0, bed_factors: dict | None = None) -> VascularTone:
    return VascularTone(
        heart_rate,
        1.0,
        1.0,
        dict.fromkeys(REGULATED_GROUPS, factor),
        dict.fromkeys(REGULATED_GROUPS, 1.0),
        bed_factors or {},
    )


@pytest.fixture(scope="module")
def groups(circulation):
    return bed_groups(GROUPS_OF, circulation.network.bed_nodes)


def source(network) -> np.ndarray:
    """A transfusion into the right atrium, so that the pressures move from step to step."""
    rates = np.zeros(network.node_count)
    rates[network.node_index("right_atrium")] = 5.0
    return rates


def test_a_retoned_stepper_gives_the_exact_answer_and_then_factorizes(
    circulation, resting, groups
):
    base = circulation.network
    before = MeanStepper(apply_tone(base, tone(1.0), groups), 1.0, resting)
    retoned = apply_tone(base, tone(1.004, heart_rate=0.997, bed_factors={"liver_right": 1.01}), groups)
    exact = MeanStepper(retoned, 1.0, resting)
    refined = MeanStepper(retoned, 1.0, resting, reference=before)
    assert exact.exact and not refined.exact
    for step in range(REFINED_STEPS_BEFORE_FACTORIZING + 2):
        expected = exact.step(source(retoned)).pressure_mmHg
        got = refined.step(source(retoned)).pressure_mmHg
        scale = np.max(np.abs(expected))
        assert np.max(np.abs(got - expected)) <= 1e-11 * scale  # the direct solve's round-off
        # It solves with the old factorization for its first steps, then with its own.
        assert refined.exact == (step >= REFINED_STEPS_BEFORE_FACTORIZING)
    assert refined.factorization is not before.factorization


def test_controlled_flows_are_part_of_the_refined_operator(circulation, resting, groups):
    """A line held at a pressure-limited flow couples two nodes: the refined solve includes it."""
    base = circulation.network
    line = (
        ControlledFlow(
            base.node_index("right_atrium"),
            base.node_index("ivc_infrahepatic"),
            2.0,
            base.node_index("ivc_infrahepatic"),
            0.05,
        ),
    )
    before = MeanStepper(base, 1.0, resting, line)
    retoned = apply_tone(base, tone(0.995), groups)
    exact = MeanStepper(retoned, 1.0, resting, line)
    refined = MeanStepper(retoned, 1.0, resting, line, reference=before)
    assert not refined.exact
    expected = exact.step().pressure_mmHg
    assert np.max(np.abs(refined.step().pressure_mmHg - expected)) <= 1e-11 * np.max(expected)


def test_a_rebuilt_network_or_other_lines_are_no_reference(circulation, resting):
    base = circulation.network
    before = MeanStepper(base, 1.0, resting)
    rebuilt = base.with_conductance_scale(np.ones(base.edge_count))  # new arrays, as a rebuild
    assert MeanStepper(rebuilt, 1.0, resting, reference=before).exact
    assert MeanStepper(base, 0.5, resting, reference=before).exact
    held = (ControlledFlow(base.node_index("right_atrium"), -1, 1.0),)
    assert MeanStepper(base, 1.0, resting, held, reference=before).exact


def test_a_tone_far_from_the_reference_is_factorized_at_once(circulation, resting, groups):
    """Refinement that would converge slowly is not tried to the end: the step factorizes and
    gives the exact stepper's answer bit for bit."""
    base = circulation.network
    before = MeanStepper(base, 1.0, resting)
    far = apply_tone(base, tone(0.2, heart_rate=1.8), groups)
    refined = MeanStepper(far, 1.0, resting, reference=before)
    assert not refined.exact
    got = refined.step(source(far)).pressure_mmHg
    assert refined.exact
    assert np.array_equal(got, MeanStepper(far, 1.0, resting).step(source(far)).pressure_mmHg)


def test_apply_tone_scales_each_bed_by_its_group_and_its_own_factor(circulation, groups):
    base = circulation.network
    beds = sorted(base.bed_nodes)
    own = {bed: 1.0 + 0.01 * i for i, bed in enumerate(beds[::3])}
    given = VascularTone(
        1.0, 1.0, 1.0, {"splanchnic": 1.3, "extrasplanchnic": 0.8}, {"splanchnic": 0.9}, own
    )
    toned = apply_tone(base, given, groups)
    for bed, (_arterial, venous, _outlet) in base.bed_nodes.items():
        group = groups.get(bed, "unregulated")
        edge = base.bed_edges[bed][0]
        expected = base.edge_resistance[edge] * (
            given.resistance.get(group, 1.0) * own.get(bed, 1.0)
        )
        if base.edge_kind[edge] == 1:  # an arteriolar bed edge
            assert toned.edge_resistance[edge] == expected
        assert toned.node_unstressed_volume[venous] == (
            base.node_unstressed_volume[venous] * given.unstressed_volume.get(group, 1.0)
        )
