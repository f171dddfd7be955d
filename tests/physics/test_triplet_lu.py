"""The transport's direct factorization is SciPy's ``splu``, bit for bit."""

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.linalg import splu

from simulator.physics.mean import mean_operator
from simulator.physics.triplet_lu import factorize_diagonal_minus, factorize_triplets


def _dominant_triplets(rng, size, extra, duplicates):
    rows = rng.integers(0, size, extra)
    cols = rng.integers(0, size, extra)
    values = -rng.random(extra)
    # Pairs at the same place, as parallel edges give.
    rows = np.concatenate([rows, rows[:duplicates]])
    cols = np.concatenate([cols, cols[:duplicates]])
    values = np.concatenate([values, -rng.random(duplicates)])
    column_sum = np.bincount(cols, weights=np.abs(values), minlength=size)
    diagonal = column_sum + rng.random(size) + 0.1
    return (
        np.concatenate([np.arange(size), rows]),
        np.concatenate([np.arange(size), cols]),
        np.concatenate([diagonal, values]),
    )


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("duplicates", [0, 40])
def test_same_factorization_as_splu(seed, duplicates):
    rng = np.random.default_rng(seed)
    size = 300
    rows, cols, values = _dominant_triplets(rng, size, 900, duplicates)
    expected = splu(sparse.csc_matrix((values, (rows, cols)), shape=(size, size)))
    found = factorize_triplets(size, rows, cols, values)
    rhs = rng.random(size)
    assert np.array_equal(found.solve(rhs), expected.solve(rhs))
    assert np.array_equal(found.perm_c, expected.perm_c)
    assert (found.L != expected.L).nnz == 0 and (found.U != expected.U).nnz == 0


def test_three_entries_at_one_place_take_the_ordinary_way():
    size = 4
    rows = np.array([0, 1, 2, 3, 1, 1, 1])
    cols = np.array([0, 1, 2, 3, 0, 0, 0])
    values = np.array([4.0, 4.0, 4.0, 4.0, -0.1, -0.2, -0.3])
    expected = splu(sparse.csc_matrix((values, (rows, cols)), shape=(size, size)))
    found = factorize_triplets(size, rows, cols, values)
    rhs = np.arange(1.0, 5.0)
    assert np.array_equal(found.solve(rhs), expected.solve(rhs))


def test_explicit_zeros_stay_in_the_pattern():
    """A flow of exactly zero still gives an entry; its place in the pattern must not move."""
    size = 3
    rows = np.array([0, 1, 2, 1, 2])
    cols = np.array([0, 1, 2, 0, 1])
    values = np.array([2.0, 2.0, 2.0, -0.0, -1.0])
    expected = splu(sparse.csc_matrix((values, (rows, cols)), shape=(size, size)))
    found = factorize_triplets(size, rows, cols, values)
    assert found.L.nnz == expected.L.nnz
    rhs = np.array([1.0, 2.0, 3.0])
    assert np.array_equal(found.solve(rhs), expected.solve(rhs))


def _assert_same_factorization(found, expected, rng, size):
    rhs = rng.random(size)
    assert np.array_equal(found.solve(rhs), expected.solve(rhs))
    assert np.array_equal(found.perm_c, expected.perm_c)
    assert np.array_equal(found.perm_r, expected.perm_r)
    for mine, theirs in ((found.L, expected.L), (found.U, expected.U)):
        assert np.array_equal(mine.indptr, theirs.indptr)
        assert np.array_equal(mine.indices, theirs.indices)
        assert np.array_equal(mine.data, theirs.data)


def _cycle_mean_case(circulation, saturated, controlled):
    net = circulation.network
    operator, _offset = mean_operator(net, saturated)
    coupling = None
    if controlled:
        n = net.node_count
        a, b = net.node_index("ivc_renal"), net.node_index("svc_origin")
        # Two flows sensing one node: entries at one place, added.
        coupling = sparse.csc_matrix(
            ([0.3, -0.3, 0.25], ([a, b, a], [b, b, b])), shape=(n, n)
        )
    return net.node_compliance / 1.0, operator, coupling


@pytest.mark.parametrize("saturated", [(), (0,), (0, 1)])
@pytest.mark.parametrize("controlled", [False, True])
def test_the_cycle_mean_matrix_factorizes_as_splu_of_scipys_arithmetic(
    circulation, saturated, controlled
):
    diagonal, operator, coupling = _cycle_mean_case(circulation, saturated, controlled)
    matrix = sparse.diags(diagonal) - operator
    if coupling is not None:
        matrix = matrix - coupling
    expected = splu(matrix.tocsc())
    found = factorize_diagonal_minus(diagonal, operator, coupling)
    _assert_same_factorization(found, expected, np.random.default_rng(1), len(diagonal))


@pytest.mark.parametrize("seed", range(4))
def test_zeros_and_cancellations_drop_as_scipy_drops_them(seed):
    """A diagonal with zeros, an operator entry equal to its diagonal (d - a = 0), explicit
    zeros kept in the operator and a coupling entry that cancels what is left: the structure
    SuperLU sees, and so the factorization, is SciPy's."""
    rng = np.random.default_rng(seed)
    size = 60
    rows, cols, values = _dominant_triplets(rng, size, 200, 20)
    operator = -sparse.csc_matrix((values, (rows, cols)), shape=(size, size))
    diagonal = rng.random(size) + 0.5
    diagonal[::7] = 0.0
    diagonal[3] = operator[3, 3]  # (3, 3) cancels exactly
    small = (operator.data > 0.0) & (operator.data < 0.05)
    assert small.any()
    operator.data[small] = 0.0  # explicit zeros, still stored
    assert operator.has_canonical_format
    off = operator.indptr[1] - 1  # the last entry of column 0, off the diagonal
    row = int(operator.indices[off])
    coupling = sparse.csc_matrix(
        ([-float(operator.data[off]), 0.5], ([row, 5], [0, 0])), shape=(size, size)
    )
    matrix = (sparse.diags(diagonal) - operator - coupling).tocsc()
    assert matrix[row, 0] == 0.0 and matrix[3, 3] == 0.0
    try:
        expected = splu(matrix)
    except RuntimeError as singular:
        # Some draws are exactly singular once the zeros drop: then ours must say so too.
        with pytest.raises(RuntimeError, match=str(singular)):
            factorize_diagonal_minus(diagonal, operator, coupling)
        return
    found = factorize_diagonal_minus(diagonal, operator, coupling)
    _assert_same_factorization(found, expected, rng, size)
