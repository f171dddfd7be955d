"""Sparse LU of a small matrix given as triplets, without SciPy's per-call bookkeeping.

The drug transport factorizes a matrix of a few hundred cells for every drug on most steps
while the circulation moves. ``splu(csc_matrix((values, (rows, cols))))`` spends about a third
of that in Python: index-type checks, format checks and conversions, each done twice. Here the
compressed-column arrays are made directly, in SciPy's canonical form (rows sorted within each
column, duplicates summed), and handed to the same SuperLU routine with the same options, so the
factorization is the same, bit for bit. Two duplicates sum to the same double in either order,
as SciPy sums them; a matrix with three entries at one place (never the transport's) goes the
ordinary way, since the order of their sum could differ.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import splu

try:  # the routine behind ``splu``; its signature has been stable since SciPy 1.0
    from scipy.sparse.linalg._dsolve import _superlu
except ImportError:  # pragma: no cover - a SciPy that moved it: the ordinary way still works
    _superlu = None

_SPLU_DEFAULTS = {"DiagPivotThresh": None, "ColPerm": None, "PanelSize": None, "Relax": None}
"""What ``splu`` passes when called with no options."""


def factorize_triplets(size: int, rows: np.ndarray, cols: np.ndarray, values: np.ndarray):
    """The SuperLU factorization of the ``size`` x ``size`` matrix with ``values`` at
    (``rows``, ``cols``), entries at the same place added; what ``splu`` returns."""
    position = cols.astype(np.int64) * size + rows
    order = np.argsort(position, kind="stable")
    position = position[order]
    ordered = values[order]
    repeated = position[1:] == position[:-1]
    if repeated.any():
        if (repeated[1:] & repeated[:-1]).any() or _superlu is None:
            return _ordinary(size, rows, cols, values)
        first = np.flatnonzero(~np.concatenate(([False], repeated)))
        ordered = np.add.reduceat(ordered, first)
        position = position[first]
    elif _superlu is None:
        return _ordinary(size, rows, cols, values)
    indices = (position % size).astype(np.intc)
    indptr = np.searchsorted(position, np.arange(size + 1, dtype=np.int64) * size).astype(np.intc)
    data = np.ascontiguousarray(ordered, dtype=np.float64)
    return _superlu.gstrf(
        size,
        len(data),
        data,
        indices,
        indptr,
        csc_construct_func=sparse.csc_array,
        ilu=False,
        options=dict(_SPLU_DEFAULTS),
    )


def _ordinary(size: int, rows: np.ndarray, cols: np.ndarray, values: np.ndarray):
    return splu(sparse.csc_matrix((values, (rows, cols)), shape=(size, size)))


def factorize_diagonal_minus(
    diagonal: np.ndarray, operator: sparse.csc_matrix, coupling: sparse.csc_matrix | None = None
):
    """``splu((sparse.diags(diagonal) - operator - coupling).tocsc())``, bit for bit, without
    SciPy's sparse arithmetic (about half the cost of the cycle-mean stepper's matrix).

    ``operator`` and ``coupling`` must be in canonical form (as SciPy builds them from
    triplets). SciPy's subtraction computes each entry as (d - a) - c, an entry missing from an
    operand counting as 0, and drops the entries that come out exactly zero at each step; so do
    these lines, the same IEEE operations in the same order, and the factorization is the same
    call on the same arrays."""
    n = len(diagonal)
    operands = [operator] if coupling is None else [operator, coupling]
    if _superlu is None or not all(m.has_canonical_format for m in operands):
        matrix = sparse.diags(diagonal) - operator
        if coupling is not None:
            matrix = matrix - coupling
        return splu(matrix.tocsc())
    keys = [np.arange(n, dtype=np.int64) * (n + 1)]
    for matrix in operands:
        columns = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr))
        keys.append(columns * n + matrix.indices)
    unique, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    start = n
    values = np.zeros(len(unique))
    values[inverse[:n]] = diagonal
    for matrix in operands:
        term = np.zeros(len(unique))
        term[inverse[start : start + matrix.nnz]] = matrix.data
        start += matrix.nnz
        values = values - term
    kept = values != 0.0
    unique, values = unique[kept], values[kept]
    indices = (unique % n).astype(np.intc)
    indptr = np.searchsorted(unique, np.arange(n + 1, dtype=np.int64) * n).astype(np.intc)
    return _superlu.gstrf(
        n,
        len(values),
        np.ascontiguousarray(values, dtype=np.float64),
        indices,
        indptr,
        csc_construct_func=sparse.csc_array,
        ilu=False,
        options=dict(_SPLU_DEFAULTS),
    )
