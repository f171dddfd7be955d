"""The solve along an order: a matrix lower triangular but for a few columns, against a dense
solve, and the cases it leaves to a factorization."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.physics.ordered_solve import MAX_FEEDBACK_COLUMNS, Pattern


def _m_matrix(rng, size, feedback_columns, order):
    """Off-diagonal entries (negative) of a random matrix lower triangular in ``order`` but for
    entries above the diagonal in ``feedback_columns`` (places in the order), and a diagonal
    that dominates every column, as the transport's does."""
    rows, cols, values = [], [], []
    place = np.empty(size, dtype=np.int64)
    place[order] = np.arange(size)
    for _ in range(3 * size):
        i, j = rng.integers(0, size, 2)
        if place[i] > place[j]:
            rows.append(i)
            cols.append(j)
            values.append(-rng.uniform(0.0, 5.0))
    for placed_col in feedback_columns:
        col = order[placed_col]
        for _ in range(2):
            row = order[rng.integers(0, max(placed_col, 1))]
            if row != col:
                rows.append(row)
                cols.append(col)
                values.append(-rng.uniform(0.0, 5.0))
    # A duplicate: entries at one place are added.
    if rows:
        rows.append(rows[0])
        cols.append(cols[0])
        values.append(-1.0)
    rows, cols, values = np.array(rows, int), np.array(cols, int), np.array(values, float)
    column_sum = np.zeros(size)
    np.add.at(column_sum, cols, -values)
    diagonal = column_sum + rng.uniform(0.01, 3.0, size)
    return rows, cols, values, diagonal, place


def _dense(size, rows, cols, values, diagonal):
    matrix = np.diag(diagonal)
    np.add.at(matrix, (rows, cols), values)
    return matrix


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 40),
    feedback=st.integers(0, 5),
    seed=st.integers(0, 2**32 - 1),
    columns=st.integers(1, 3),
)
def test_solves_like_a_dense_solve(size, feedback, seed, columns):
    rng = np.random.default_rng(seed)
    order = rng.permutation(size)
    feedback_columns = rng.choice(size, min(feedback, size), replace=False)
    rows, cols, values, diagonal, place = _m_matrix(rng, size, feedback_columns, order)
    pattern = Pattern(size, rows, cols, values, place)
    assert pattern.suitable
    system = pattern.system(diagonal)
    assert system is not None
    assert system.feedback_count <= len(feedback_columns)
    matrix = _dense(size, rows, cols, values, diagonal)
    for _ in range(columns):
        rhs = rng.uniform(0.0, 10.0, size)
        x = system.solve(rhs)
        expected = np.linalg.solve(matrix, rhs)
        assert np.max(np.abs(x - expected)) <= 1e-11 * max(np.max(np.abs(expected)), 1e-300)
        assert np.max(np.abs(matrix @ x - rhs)) <= 1e-11 * np.max(np.abs(rhs))


def test_the_same_pattern_serves_another_diagonal():
    rng = np.random.default_rng(7)
    size = 25
    order = rng.permutation(size)
    rows, cols, values, diagonal, place = _m_matrix(rng, size, [3, 10], order)
    pattern = Pattern(size, rows, cols, values, place)
    rhs = rng.uniform(0.0, 1.0, size)
    for scale in (1.0, 2.5, 40.0):
        other = diagonal * scale
        x = pattern.system(other).solve(rhs)
        np.testing.assert_allclose(
            x, np.linalg.solve(_dense(size, rows, cols, values, other), rhs), rtol=1e-12
        )


def test_too_many_columns_above_the_diagonal_are_left_to_a_factorization():
    size = 2 * MAX_FEEDBACK_COLUMNS + 4
    # A cycle through every unknown: in the identity order each column but the last has an
    # entry above the diagonal.
    rows = np.arange(size)
    cols = (rows + 1) % size
    values = -np.ones(size)
    pattern = Pattern(size, rows, cols, values, np.arange(size))
    assert not pattern.suitable
    assert pattern.system(np.full(size, 3.0)) is None
    # Ordered the other way round only the closing entry lies above the diagonal.
    reverse = np.arange(size)[::-1].copy()
    pattern = Pattern(size, rows, cols, values, reverse)
    assert pattern.suitable
    system = pattern.system(np.full(size, 3.0))
    assert system.feedback_count == 1
    rhs = np.linspace(1.0, 2.0, size)
    np.testing.assert_allclose(
        system.solve(rhs),
        np.linalg.solve(_dense(size, rows, cols, values, np.full(size, 3.0)), rhs),
        rtol=1e-12,
    )


def test_entries_that_are_zero_above_the_diagonal_are_no_feedback():
    rows, cols = np.array([0, 1]), np.array([1, 0])
    pattern = Pattern(2, rows, cols, np.array([0.0, -1.0]), np.arange(2))
    assert pattern.system(np.array([2.0, 2.0])).feedback_count == 0


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan, np.inf])
def test_a_diagonal_not_positive_and_finite_is_left_to_a_factorization(bad):
    rows, cols = np.array([1]), np.array([0])
    pattern = Pattern(2, rows, cols, np.array([-1.0]), np.arange(2))
    assert pattern.system(np.array([2.0, bad])) is None
    assert pattern.system(np.array([2.0, 3.0])) is not None


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(1, 30),
    feedback=st.integers(0, 4),
    count=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_matrices_solved_stacked_get_the_numbers_each_gets_alone(size, feedback, count, seed):
    """One block-diagonal solve for several diagonals of a pattern: each block's solution is
    the one :meth:`Pattern.system` gives it, bit for bit."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(size)
    feedback_columns = rng.choice(size, min(feedback, size), replace=False)
    rows, cols, values, diagonal, place = _m_matrix(rng, size, feedback_columns, order)
    pattern = Pattern(size, rows, cols, values, place)
    diagonals = diagonal * rng.uniform(1.0, 50.0, (count, 1)) ** rng.integers(0, 2, (count, 1))
    stacked = pattern.stacked_system(diagonals)
    assert stacked is not None
    rhs = rng.uniform(0.0, 10.0, (count, size)) * 10.0 ** rng.integers(-30, 3, (count, size))
    together = stacked.solve(rhs)
    for block in range(count):
        alone = pattern.system(diagonals[block]).solve(rhs[block])
        assert np.array_equal(together[block], alone)


def test_a_stack_with_one_bad_diagonal_is_left_to_a_factorization():
    rows, cols = np.array([1]), np.array([0])
    pattern = Pattern(2, rows, cols, np.array([-1.0]), np.arange(2))
    assert pattern.stacked_system(np.array([[2.0, 3.0], [2.0, np.nan]])) is None
    assert pattern.stacked_system(np.array([[2.0, 3.0], [2.0, 4.0]])) is not None
