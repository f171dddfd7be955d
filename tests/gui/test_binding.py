"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call and aborts the
interpreter within seconds of use; pyproject.toml pins the binding below 6.12. This guards the
pin: a void call must not cost None a reference."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_calls_keep_their_reference_to_none() -> None:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(256):
        probe.setObjectName("probe")
    assert before - sys.getrefcount(None) < 128
