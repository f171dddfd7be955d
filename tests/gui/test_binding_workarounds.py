"""The guard against PySide6 6.12 on Python 3.11 releasing None, True and False."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from simulator.gui.app import application
from simulator.gui.binding_workarounds import (
    GUARDED,
    REFERENCE_FLOOR,
    SingletonReferenceGuard,
    void_calls_release_none,
)


def test_the_application_guards_none_exactly_when_the_binding_needs_it(qapp: QApplication) -> None:
    application(["perfusionsim"])
    application(["perfusionsim"])
    guards = qapp.findChildren(SingletonReferenceGuard)
    assert len(guards) == (1 if void_calls_release_none() else 0)


class Emitter(QObject):
    fired = Signal()


def test_void_calls_and_emits_leave_the_singletons_alive(qapp: QApplication) -> None:
    probe = Emitter()
    for _ in range(REFERENCE_FLOOR // 200):
        probe.setObjectName("probe")
        probe.fired.emit()
    SingletonReferenceGuard.top_up()
    if void_calls_release_none():
        for obj in GUARDED:
            assert sys.getrefcount(obj) >= REFERENCE_FLOOR
