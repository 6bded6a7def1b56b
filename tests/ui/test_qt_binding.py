"""The Qt binding itself must not corrupt reference counts (PySide6 6.12.0 did on 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_signals_keep_reference_counts(qapp: object) -> None:
    timer = QTimer()
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        timer.stop()
        emitter.fired.emit()
    # Other threads may move these counts a little; a leak of one per call moves them by 1000.
    assert abs(sys.getrefcount(None) - none_before) < 100
    assert abs(sys.getrefcount(True) - true_before) < 100
