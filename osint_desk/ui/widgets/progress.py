"""A window-modal progress dialog for work running on a worker thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SIGNAL, SLOT, QObject, Qt
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget


def worker_progress(parent: QWidget | None, title: str, label: str, maximum: int,
                    bar_format: str, on_cancel: Callable[[], None],
                    minimum_duration: int = 0) -> tuple[QProgressDialog, QProgressBar]:
    """The dialog and its bar. Cancel calls ``on_cancel`` and leaves the dialog up (the
    caller closes it when the worker has stopped); the bar is our own, because
    ``QProgressDialog.setValue()`` spins the event loop when the dialog is modal."""
    dialog = QProgressDialog(label, "Cancel", 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(minimum_duration)
    dialog.setMinimumWidth(460)
    bar = QProgressBar()
    bar.setRange(0, maximum)
    bar.setFormat(bar_format)
    dialog.setBar(bar)
    QObject.disconnect(dialog, SIGNAL("canceled()"), dialog, SLOT("cancel()"))
    dialog.canceled.connect(on_cancel)
    return dialog, bar
