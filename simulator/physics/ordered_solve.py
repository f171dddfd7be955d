"""Solving a system that is lower triangular in a given order of its unknowns but for a few
columns, without a factorization.

The drug transport's matrix has each cell's outflow on its diagonal and each inflow off it, at
(downstream cell, upstream cell). Blood runs from higher to lower pressure everywhere but
through a pump (a ventricle's beat-mean law, a circuit's roller pump), so with the cells
ordered by the field's pressure, highest first, every inflow comes from an earlier cell: the
matrix is lower triangular except in the columns of the few cells whose outflow runs uphill.
Writing it M = T + E, with T the lower triangle (diagonal included) and E the entries above
it, nonzero only in those m feedback columns F,

    y = T^-1 b,   W = T^-1 E[:, F],   (I + W[F]) x[F] = y[F],   x = y - W x[F]

(the Sherman-Morrison-Woodbury identity). Making the system costs m triangular solves for W
and the inverse of the m x m capacitance I + W[F]; each right-hand side then costs one
triangular solve (SuperLU's own, as ``spsolve_triangular`` calls it), an m x m product and one
with that n x m matrix. Several matrices of a pattern (the drugs on one flow field) are solved
as the blocks of one block-diagonal matrix, their corrections as one stack. A
general sparse LU of the same matrix (a few hundred cells) costs several times more, nearly all
of it bookkeeping.

The answer is the system's to round-off, not SuperLU's bit for bit: the operations are
different ones. With many feedback columns the dense part would grow, so then
``Pattern.system`` returns None and the caller factorizes as usual.
"""

from __future__ import annotations

import numpy as np

try:  # the kernel of ``np.linalg.inv``, called without its per-call checks
    from numpy.linalg import _umath_linalg
except ImportError:  # pragma: no cover - a NumPy that moved it
    _umath_linalg = None

try:  # the triangular solve behind ``spsolve_triangular``; stable since SciPy 1.0
    from scipy.sparse.linalg._dsolve import _superlu
except ImportError:  # pragma: no cover - a SciPy that moved it: callers factorize instead
    _superlu = None

MAX_FEEDBACK_COLUMNS = 12
"""More columns above the diagonal than this and the caller's factorization is cheaper."""

_NO_ENTRIES = np.zeros(0)
_NO_INDICES = np.zeros(0, dtype=np.intc)


class OrderedSystem:
    """One matrix of a pattern, ready to solve: made by :meth:`Pattern.system`, a stack of one
    (so that a matrix solved alone and in a stack gets the same numbers)."""

    def __init__(self, stacked: StackedSystem):
        self._stacked = stacked
        self.size = stacked.size

    @property
    def feedback_count(self) -> int:
        return len(self._stacked._feedback)

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        return self._stacked.solve(np.asarray(rhs, dtype=float)[None, :])[0]


class Pattern:
    """The off-diagonal entries shared by a family of matrices that differ only on their
    diagonal (every drug on one flow field), placed in the order once: ``values`` at (``rows``,
    ``cols``), none of them on the diagonal; ``position[i]`` is unknown i's place."""

    def __init__(
        self,
        size: int,
        rows: np.ndarray,
        cols: np.ndarray,
        values: np.ndarray,
        position: np.ndarray,
    ):
        self.size = size
        self.position = np.asarray(position, dtype=np.int64)
        placed_rows = self.position[rows]
        placed_cols = self.position[cols]
        above = (placed_rows < placed_cols) & (values != 0.0)
        self.feedback = np.unique(placed_cols[above])
        self.suitable = _superlu is not None and len(self.feedback) <= MAX_FEEDBACK_COLUMNS
        self._uppers: dict[int, np.ndarray] = {}
        if not self.suitable:
            return
        self._upper = (
            placed_rows[above],
            np.searchsorted(self.feedback, placed_cols[above]),
            values[above],
        )
        # The lower triangle in SuperLU's form: column by column, the diagonal first, then
        # the rows below it in order.
        below = placed_rows > placed_cols
        below_rows, below_cols = placed_rows[below], placed_cols[below]
        order = np.argsort(below_cols * size + below_rows, kind="stable")
        self._below_cols = below_cols[order]
        self._below_values = values[below][order]
        counts = np.bincount(below_cols, minlength=size) + 1
        self._indptr = np.zeros(size + 1, dtype=np.intc)
        np.cumsum(counts, out=self._indptr[1:])
        nonzeros = int(self._indptr[-1])
        self._diagonal_slots = self._indptr[:-1]
        # In column order, the k-th entry below the diagonal comes after the diagonals of its
        # own column and of every column before it.
        self._below_slots = np.arange(1, len(order) + 1) + self._below_cols
        indices = np.empty(nonzeros, dtype=np.intc)
        indices[self._diagonal_slots] = np.arange(size)
        indices[self._below_slots] = below_rows[order]
        self._indices = indices
        self._blocks: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def system(self, diagonal: np.ndarray) -> OrderedSystem | None:
        """The matrix with this ``diagonal`` (per unknown, in the unknowns' own order) ready to
        solve, or None when the pattern does not suit or the diagonal is not positive and
        finite."""
        stacked = self.stacked_system(np.asarray(diagonal, dtype=float)[None, :])
        return None if stacked is None else OrderedSystem(stacked)

    def stacked_system(
        self, diagonals: np.ndarray, rhs: np.ndarray | None = None
    ) -> StackedSystem | None:
        """Several matrices of this pattern at once, one per row of ``diagonals`` (each in the
        unknowns' own order), or None as :meth:`system` would say for any of them.

        Their triangles are the blocks of one block-diagonal matrix, solved by one triangular
        solve: a block's unknowns depend on nothing outside it, so each gets the very
        operations, in the same order, that :meth:`system` gives it alone (the same numbers,
        bit for bit); the Woodbury corrections are one stack of small products.

        With ``rhs`` (one row per matrix), its solutions are found in the same triangular pass
        as the corrections' columns and kept as ``first_solution``: the numbers
        :meth:`StackedSystem.solve` gives, one SuperLU call fewer."""
        if not self.suitable:
            return None
        count, size = diagonals.shape
        indices, indptr, placing = self._block_structure(count)
        placed = np.empty(count * size)
        placed[placing] = diagonals.reshape(-1)
        if not (np.isfinite(placed).all() and (placed > 0.0).all()):
            return None
        inverse_diagonal = (1.0 / placed).reshape(count, size)
        data = np.empty((count, len(self._indices)))
        data[:, self._diagonal_slots] = 1.0
        data[:, self._below_slots] = self._below_values * np.take(
            inverse_diagonal, self._below_cols, axis=1
        )
        system = StackedSystem(
            count, size, placing, (data.reshape(-1), indices, indptr), inverse_diagonal,
            self.feedback,
        )  # fmt: skip
        m = len(self.feedback)
        if rhs is None:
            if m:
                w = system.lower_solve(self._stacked_upper(count)).reshape(count, size, m)
                if not system.correct(w, self.feedback):
                    return None
            return system
        # One pass for the corrections' columns and the right-hand sides (SuperLU solves each
        # column by itself: the numbers are those of two passes).
        columns = np.empty((count * size, m + 1), order="F")
        if m:
            columns[:, :m] = self._stacked_upper(count)
        columns[placing, m] = rhs.reshape(-1)
        solved = system.lower_solve(columns)
        if m and not system.correct(solved[:, :m].reshape(count, size, m), self.feedback):
            return None
        system.first_solution = system.solve_lowered(np.ascontiguousarray(solved[:, m]))
        return system

    def _stacked_upper(self, count: int) -> np.ndarray:
        """E[:, F], the entries above the diagonal, ``count`` times one under another."""
        held = self._uppers.get(count)
        if held is None:
            rows, column_of, values = self._upper
            upper = np.zeros((self.size, len(self.feedback)))
            np.add.at(upper, (rows, column_of), values)
            held = np.asfortranarray(np.tile(upper, (count, 1)))
            self._uppers[count] = held
        return held

    def _block_structure(self, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row indices and column starts of ``count`` copies of the triangle on a diagonal,
        and each stacked unknown's place in them."""
        held = self._blocks.get(count)
        if held is None:
            nonzeros = len(self._indices)
            block = np.arange(count, dtype=np.intc)[:, None]
            indices = self._indices[None, :] + self.size * block
            indptr = np.empty(count * self.size + 1, dtype=np.intc)
            indptr[:-1] = (self._indptr[None, :-1] + nonzeros * block).reshape(-1)
            indptr[-1] = count * nonzeros
            placing = (self.position[None, :] + self.size * block).reshape(-1)
            held = (indices.reshape(-1), indptr, placing)
            self._blocks[count] = held
        return held


def _inverse(matrices: np.ndarray) -> np.ndarray | None:
    """The inverse of each of a stack of small matrices, None when any is singular."""
    if _umath_linalg is None:  # pragma: no cover
        try:
            return np.linalg.inv(matrices)
        except np.linalg.LinAlgError:
            return None
    with np.errstate(all="ignore"):  # a singular matrix shows as non-finite numbers
        inverse = _umath_linalg.inv(matrices, signature="d->d")
    return inverse if np.all(np.isfinite(inverse)) else None


class StackedSystem:
    """``count`` matrices of one pattern, ready to solve together: made by
    :meth:`Pattern.stacked_system`."""

    def __init__(
        self,
        count: int,
        size: int,
        placing: np.ndarray,
        unit_lower: tuple[np.ndarray, np.ndarray, np.ndarray],
        inverse_diagonal: np.ndarray,
        feedback: np.ndarray,
    ):
        self.count = count
        self.size = size
        self._placing = placing  # each stacked unknown's place in the block diagonal
        self._unit_lower = unit_lower
        self._inverse_diagonal = inverse_diagonal.reshape(-1)
        self._feedback = feedback
        self._w: np.ndarray | None = None  # per matrix, W = T^-1 E[:, F]
        self._capacitance_inverse: np.ndarray | None = None  # per matrix, (I + W[F])^-1
        self._empty_upper = np.zeros(count * size + 1, dtype=np.intc)
        self.first_solution: np.ndarray | None = None
        """With :meth:`Pattern.stacked_system`'s ``rhs``: the solutions of those right-hand
        sides."""

    def correct(self, w: np.ndarray, feedback: np.ndarray) -> bool:
        """Take W = T^-1 E[:, F] (per matrix) as the correction; False when a capacitance
        I + W[F] is singular."""
        inverse = _inverse(np.eye(len(feedback)) + w[:, feedback, :])
        if inverse is None:
            return False
        self._w = w
        self._capacitance_inverse = inverse
        return True

    def lower_solve(self, rhs: np.ndarray) -> np.ndarray:
        """T^-1 rhs for the whole block diagonal, in the order's coordinates."""
        data, indices, indptr = self._unit_lower
        n = self.count * self.size
        solution, info = _superlu.gstrs(
            "N", n, len(data), data, indices, indptr,
            n, 0, _NO_ENTRIES, _NO_INDICES, self._empty_upper,
            rhs,
        )  # fmt: skip
        if info:  # pragma: no cover - the diagonal was checked positive
            raise FloatingPointError("triangular solve failed")
        if solution.ndim == 1:
            return solution * self._inverse_diagonal
        return solution * self._inverse_diagonal[:, None]

    def solve(self, rhs: np.ndarray) -> np.ndarray:
        """The solutions, one row per matrix, of the right-hand sides ``rhs`` (one row each)."""
        ordered = np.empty(self.count * self.size)
        ordered[self._placing] = rhs.reshape(-1)
        return self.solve_lowered(self.lower_solve(ordered))

    def solve_lowered(self, y: np.ndarray) -> np.ndarray:
        """The solutions from ``y`` = T^-1 rhs (in the order's coordinates; changed in place)."""
        if self._w is not None:
            # x = y - W (I + W[F])^-1 y[F], every matrix at once.
            blocks = y.reshape(self.count, self.size)
            z = np.matmul(self._capacitance_inverse, blocks[:, self._feedback, None])
            blocks -= np.matmul(self._w, z)[:, :, 0]
        return y[self._placing].reshape(self.count, self.size)
