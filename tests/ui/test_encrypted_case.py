"""Encrypted cases in the window: the passphrase dialog (wrong, then right), Encrypt case…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore, encryption
from osint_desk.ui import encrypted_case
from osint_desk.ui.encrypted_case import WRONG, PassphraseDialog
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.settings import AppSettings

PASSPHRASE = "window passphrase ✓"
ACCEPTED, REJECTED = 1, 0


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(AppSettings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    yield win
    win.close_case()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.osintcase"
    with CaseStore.create(path, "Secret case", actor="tester", passphrase=PASSPHRASE) as store:
        store.entities.add("Person", "Hidden Person")
    return path


class Typist:
    """Stands in for the user at each passphrase dialog: types the next answer (None:
    Cancel) and notes what the dialog showed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: list[str | None]) -> None:
        self.answers = iter(answers)
        self.seen: list[dict[str, Any]] = []
        typist = self

        def exec_(dialog: PassphraseDialog) -> int:
            typist.seen.append({
                "intro": dialog.intro.text(), "message": dialog.message.text(),
                "echo": dialog.field.echoMode(), "confirm": dialog.again is not None,
                "title": dialog.windowTitle()})
            answer = next(typist.answers)
            if answer is None:
                return REJECTED
            dialog.field.setText(answer)
            if dialog.again is not None:
                dialog.again.setText(answer)
            return ACCEPTED

        monkeypatch.setattr(PassphraseDialog, "exec", exec_)


def test_a_wrong_passphrase_is_asked_again_then_the_case_opens(
        window: MainWindow, secret: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    typist = Typist(monkeypatch, ["not the one", PASSPHRASE])
    assert window.open_case(secret)
    assert window.session is not None and window.session.store.encrypted
    assert [e.name for e in window.session.store.entities.list()] == ["Hidden Person"]
    first, second = typist.seen
    assert "secret.osintcase" in first["intro"] and first["message"] == ""
    assert first["echo"] == QLineEdit.EchoMode.Password
    assert second["message"] == WRONG
    # Background jobs of the window open the file by path while the case is open...
    with CaseStore.open(secret, read_only=True) as job:
        assert job.entities.count() == 1
    window.close_case()
    # ...and not once it is closed; the passphrase is in no file.
    assert encryption.shared_passphrase(secret) is None
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert PASSPHRASE.encode("utf-8") not in path.read_bytes(), path.name


def test_cancel_leaves_the_window_as_it_was(window: MainWindow, secret: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    typist = Typist(monkeypatch, ["wrong", None])
    assert not window.open_case(secret)
    assert window.session is None
    assert len(typist.seen) == 2


def test_the_new_passphrase_dialog_wants_it_twice(qtbot: QtBot, secret: Path) -> None:
    dialog = PassphraseDialog(secret, confirm=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.again is not None
    dialog.field.setText("one")
    dialog.again.setText("two")
    assert not ok.isEnabled() and dialog.message.text() == "The two passphrases differ."
    dialog.again.setText("one")
    assert ok.isEnabled() and dialog.message.text() == ""
    assert dialog.take() == "one" and dialog.field.text() == "" and dialog.again.text() == ""


def test_encrypt_case_writes_a_checked_copy_and_offers_to_open_it(
        window: MainWindow, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain.osintcase"
    with CaseStore.create(plain, "Plain case", actor="tester") as store:
        store.entities.add("Person", "Known Person")
    assert window.open_case(plain)
    assert window.dialogs.encrypt_action.isEnabled()
    typist = Typist(monkeypatch, [PASSPHRASE, PASSPHRASE])  # new one twice, then to open
    offered: list[str] = []

    def answer_yes(_parent: object, _title: str, text: str, *args: object) -> Any:
        offered.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(encrypted_case.QMessageBox, "question", answer_yes)
    window.dialogs.encrypt_action.trigger()
    target = tmp_path / "plain.encrypted.osintcase"
    qtbot.waitUntil(lambda: window.session is not None and window.session.store.path == target,
                    timeout=30_000)
    assert window.session is not None and window.session.store.encrypted
    assert [e.name for e in window.session.store.entities.list()] == ["Known Person"]
    assert typist.seen[0]["confirm"] and not typist.seen[1]["confirm"]
    assert "plain.osintcase was not changed" in offered[0]
    assert "the case is intact" in offered[0]
    with CaseStore.open(plain, read_only=True) as original:  # kept, plain, the same
        assert not original.encrypted and original.entities.count() == 1


def test_declining_to_open_the_copy_reopens_the_original(
        window: MainWindow, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain.osintcase"
    CaseStore.create(plain, "Plain case", actor="tester").close()
    assert window.open_case(plain)
    Typist(monkeypatch, [PASSPHRASE])
    monkeypatch.setattr(encrypted_case.QMessageBox, "question",
                        lambda *args: QMessageBox.StandardButton.No)
    window.dialogs.encrypt_action.trigger()
    assert window.session is None  # closed while the copy is written
    target = tmp_path / "plain.encrypted.osintcase"
    qtbot.waitUntil(lambda: window.session is not None, timeout=30_000)
    assert window.session is not None and window.session.store.path == plain
    assert not window.session.store.encrypted
    assert encryption.is_encrypted(target)


def test_the_encrypted_demo_case_opens_with_its_passphrase_and_reads_as_the_demo(
        window: MainWindow, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15's acceptance in the window: an encrypted copy of the demo case opens with its
    passphrase (after a wrong one), its source shows in the reader, and sqlite3 reads nothing."""
    import sqlite3

    from osint_desk.core.demo import build_demo_case
    from osint_desk.core.store.encrypt_copy import encrypt_case
    from osint_desk.ui.reader import SourceReader

    plain, secret = tmp_path / "demo.osintcase", tmp_path / "demo.encrypted.osintcase"
    build_demo_case(plain).close()
    encrypt_case(plain, PASSPHRASE, secret)
    with sqlite3.connect(secret) as raw, pytest.raises(sqlite3.DatabaseError,
                                                       match="not a database"):
        raw.execute("SELECT count(*) FROM sources").fetchone()
    typist = Typist(monkeypatch, ["wrong", PASSPHRASE])
    assert window.open_case(secret)
    assert len(typist.seen) == 2 and typist.seen[1]["message"] == WRONG
    session = window.session
    assert session is not None and session.store.encrypted
    with CaseStore.open(plain, read_only=True) as demo:
        assert session.store.meta().title == demo.meta().title
        assert session.store.entities.count() == demo.entities.count() == 21
        [source] = session.store.sources.list()
        assert source.text_sha256 == demo.sources.list()[0].text_sha256
    reader = SourceReader(session, source.id)
    qtbot.addWidget(reader)
    reader.show()
    qtbot.waitExposed(reader)
    assert "North Korea" in reader.view.toPlainText()
    assert session.store.search("Wagner")  # the search index works encrypted
