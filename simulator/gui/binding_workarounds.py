"""Work-arounds for defects of the Qt binding, each detected at run time and inert without it.

PySide6 6.12.0 on CPython 3.11: every wrapped C++ method returning ``void`` hands Python ``None``
without taking a reference to it. Python 3.12 made ``None`` immortal, so there it is harmless;
on 3.11 each call (``setPen``, ``setVisible``, ...) lowers None's reference count by one, and
after a few thousand calls (a dozen zoom steps on the map) the interpreter aborts with "Fatal
Python error: none_dealloc". PySide6 6.11 does not have the defect.

The guard keeps None's count far from zero: it checks twice a second and, when the count falls
below a floor, raises it by the floor. The added references are never released, so None also
survives interpreter shutdown. It costs nothing where the binding is sound; remove this module
once the project requires Python 3.12 or a PySide6 without the defect.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

REFERENCE_FLOOR = 1 << 20
"""Far more void calls than happen between two checks, even while zooming through every label."""
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


def _add_none_references(count: int) -> None:
    # ob_refcnt is the first field of every object in CPython 3.11 (checked above).
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += count


class NoneReferenceGuard(QObject):
    """Tops up None's reference count while the application runs (see the module doc)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.top_up()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.top_up)
        self._timer.start()

    @staticmethod
    def top_up() -> None:
        if sys.getrefcount(None) < REFERENCE_FLOOR:
            _add_none_references(REFERENCE_FLOOR)


def install_none_reference_guard(parent: QObject) -> NoneReferenceGuard | None:
    """Start the guard, owned by ``parent`` (the application), if this binding needs it."""
    if not void_calls_release_none():
        return None
    return NoneReferenceGuard(parent)
