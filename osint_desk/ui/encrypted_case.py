"""Encrypted cases in the window: the passphrase dialog, opening with it, Encrypt case….

The passphrase is typed into a password field, handed to the store and dropped: the field is
cleared and the dialog deleted as soon as it is read. While the case is open the store shares
it, in memory only, with the window's background jobs (``CaseStore.open(share_passphrase=)``),
which open their own connection to the file; closing the case forgets it. It is never written
to the settings, the recent-files list or the audit log.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.errors import OsintDeskError, WrongPassphraseError
from osint_desk.core.safe_text import for_display
from osint_desk.core.store import encryption

if TYPE_CHECKING:
    from osint_desk.core.store.encrypt_copy import CopyReport
    from osint_desk.ui.main_window import MainWindow
    from osint_desk.ui.tasks import TaskContext

WRONG = "Wrong passphrase, or this file is not an OSINT Desk case. Try again."


class PassphraseDialog(QDialog):
    """Asks for one passphrase (or, ``confirm``, a new one twice); OK only when usable."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, message: str = "",
                 confirm: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("New passphrase" if confirm else "Encrypted case")
        self.setModal(True)
        intro = (f"Choose a passphrase for the encrypted copy of <b>{_html(path.name)}</b>."
                 " It is not stored anywhere: without it, nobody can open the copy — you"
                 " included." if confirm else
                 f"<b>{_html(path.name)}</b> is encrypted. Its passphrase:")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.field = _password_field()
        self.again = _password_field() if confirm else None
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setVisible(bool(message))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Passphrase:", self.field)
        if self.again is not None:
            form.addRow("Again:", self.again)
            self.again.textChanged.connect(self._update)
        self.field.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        typed = self.field.text()
        differ = self.again is not None and bool(self.again.text()) \
            and self.again.text() != typed
        if self.again is not None:
            self.message.setText("The two passphrases differ." if differ else "")
            self.message.setVisible(differ)
        ok = bool(typed) and not differ and (self.again is None or self.again.text() == typed)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def take(self) -> str:
        """The passphrase typed; the fields are emptied (nothing kept in the widgets)."""
        typed = self.field.text()
        self.field.clear()
        if self.again is not None:
            self.again.clear()
        return typed


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(260)
    return field


def _html(text: str) -> str:
    return html.escape(for_display(text))


def ask_passphrase(parent: QWidget | None, path: Path, message: str = "", *,
                   confirm: bool = False) -> str | None:
    """The passphrase typed, or None for Cancel."""
    dialog = PassphraseDialog(path, parent, message=message, confirm=confirm)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            dialog.take()
            return None
        return dialog.take()
    finally:
        dialog.deleteLater()


def open_encrypted(window: MainWindow, path: Path, *, read_only: bool = False) -> bool:
    """Ask for the passphrase until it opens the case, or Cancel; other refusals as usual."""
    from osint_desk.ui.case_refusal import explain_open_failure

    message = ""
    while True:
        passphrase = ask_passphrase(window, path, message)
        if passphrase is None:
            return False
        try:
            window.load_case(path, read_only=read_only, passphrase=passphrase)
            return True
        except WrongPassphraseError:
            message = WRONG
        except OsintDeskError as exc:
            # Refused for another reason (a planted trigger...): Repair needs the passphrase.
            encryption.share_passphrase(path, passphrase)
            try:
                repaired = explain_open_failure(window, path, exc)
            finally:
                encryption.forget_passphrase(path)
            return repaired is not None and window.open_case(repaired)
        finally:
            del passphrase


def encrypt_open_case(window: MainWindow) -> None:
    """Case ▸ Encrypt case…: an encrypted copy beside the open case, then offer to open it.

    The case is closed while the copy is written: SQLCipher reads the plain file with its
    own SQLite library, and two SQLite libraries in one process must not have the same file
    open at once (POSIX locks are per process: one closing its file drops the other's locks).
    The original is opened again if the copy is not wanted or fails.
    """
    from osint_desk.core.store.encrypt_copy import ENCRYPTED_LABEL, encrypt_case
    from osint_desk.core.store.opening import unused_sibling

    if window.session is None:
        return
    store = window.session.store
    if store.encrypted:
        QMessageBox.information(window, "Encrypt case", "This case is already encrypted.")
        return
    if window.tasks.busy():
        QMessageBox.information(window, "Encrypt case", "Wait for the running tasks to"
                                " finish (see the status bar), then encrypt the case.")
        return
    source, read_only = store.path, window.session.read_only
    target = unused_sibling(source, ENCRYPTED_LABEL)
    passphrase = ask_passphrase(window, target, confirm=True)
    if passphrase is None:
        return
    holder = [passphrase]
    del passphrase

    def work(context: TaskContext) -> CopyReport:
        key = holder.pop()  # the closure keeps nothing once the copy is written
        return encrypt_case(source, key, target,
                            progress=lambda step: context.progress(0, 0, step))

    def done(report: CopyReport) -> None:
        window.statusBar().showMessage(f"Wrote the encrypted copy {report.target.name}", 10000)
        answer = QMessageBox.question(
            window, "Encrypted copy written",
            f"Wrote {report.target.name} and checked it: {report.rows:,} rows in"
            f" {report.tables} tables match the case, and {report.verdict[0].lower()}"
            f"{report.verdict[1:]}\n\nThe case {source.name} was not changed; delete it"
            " yourself once you no longer need an unencrypted copy.\n\nOpen the encrypted"
            " copy now?")
        if answer != QMessageBox.StandardButton.Yes or not window.open_case(report.target):
            window.open_case(source, read_only=read_only)

    def failed(message: str) -> None:
        QMessageBox.warning(window, "Encryption failed", for_display(message))
        window.open_case(source, read_only=read_only)

    window.close_case()
    window.statusBar().showMessage(f"Encrypting {source.name}…")
    window.tasks.run(work, what="Encrypting the case", on_done=done, on_failed=failed)
