"""Work-arounds for defects of the Qt binding, each detected at run time and inert without it.

PySide6 6.12.0 on CPython 3.11 hands Python the singletons ``None``, ``True`` and ``False``
without taking a reference to them: every wrapped C++ method returning ``void`` (``setPen``,
``setVisible``, ...) costs ``None`` one reference, every ``Signal.emit`` costs ``True`` one, a
failed ``disconnect`` costs ``False`` one. Python 3.12 made these objects immortal, so there it
is harmless; on 3.11 the count reaches zero after a few thousand calls (a dozen zoom steps on
the map) and the interpreter aborts with "Fatal Python error: none_dealloc" (or bool_dealloc).
PySide6 6.11 does not have the defect.

The guard keeps their counts far from zero: it checks twice a second and, when a count falls
below a floor, raises it by the floor. The added references are never released, so the
singletons also survive interpreter shutdown. It does nothing where the binding is sound;
remove this module once the project requires Python 3.12 or a PySide6 without the defect.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

GUARDED = (None, True, False)
REFERENCE_FLOOR = 1 << 20
"""Far more calls than happen between two checks, even while zooming through every label."""
CHECK_INTERVAL_MS = 500
PROBE_CALLS = 64


def void_calls_release_none() -> bool:
    """Whether calling a void method of the binding costs ``None`` a reference."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= PROBE_CALLS // 2


def _add_references(obj: object, count: int) -> None:
    # ob_refcnt is the first field of every object in CPython before 3.12 (checked above).
    refcount = ctypes.c_ssize_t.from_address(id(obj))
    refcount.value += count


class SingletonReferenceGuard(QObject):
    """Tops up the reference counts of None, True and False (see the module doc)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.top_up()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.top_up)
        self._timer.start()

    @staticmethod
    def top_up() -> None:
        for obj in GUARDED:
            if sys.getrefcount(obj) < REFERENCE_FLOOR:
                _add_references(obj, REFERENCE_FLOOR)


def install_singleton_reference_guard(parent: QObject) -> SingletonReferenceGuard | None:
    """Start the guard, owned by ``parent`` (the application), if this binding needs it."""
    if not void_calls_release_none():
        return None
    return SingletonReferenceGuard(parent)
