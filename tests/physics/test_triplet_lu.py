"""The transport's direct factorization is SciPy's ``splu``, bit for bit."""

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse.linalg import splu

from simulator.physics.triplet_lu import factorize_triplets


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
