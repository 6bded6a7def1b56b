"""New case: the file name follows the title, problems are shown in the dialog, nothing lost."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.ui.dialogs import NewCaseDialog, case_file_name


def test_file_name_follows_the_title_until_edited(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewCaseDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Wagner: DPRK arms / 2022")
    assert Path(dialog.path.text()) == tmp_path / "Wagner-DPRK-arms-2022.osintcase"
    qtbot.keyClicks(dialog.path, "x")
    qtbot.keyClicks(dialog.title, " more")
    assert dialog.path.text().endswith(".osintcasex")


def test_the_file_label_is_a_mnemonic_not_a_literal_ampersand(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    dialog = NewCaseDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    labels = {label.text(): label for label in dialog.findChildren(QLabel)}
    assert labels["&File:"].buddy() is dialog.path


def test_a_missing_folder_keeps_the_dialog_and_what_was_typed(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    dialog = NewCaseDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Kept title")
    qtbot.keyClicks(dialog.author, "Analyst A")
    dialog.path.setText(str(tmp_path / "no" / "such" / "case.osintcase"))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.created_path is None
    assert "does not exist" in dialog.error.text()
    assert dialog.title.text() == "Kept title" and dialog.author.text() == "Analyst A"
    dialog.path.setText(str(tmp_path / "case.osintcase"))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.created_path == tmp_path / "case.osintcase"
    with CaseStore.open(dialog.created_path) as store:
        assert store.meta().title == "Kept title" and store.meta().author == "Analyst A"


def test_case_file_names_keep_any_script() -> None:
    assert case_file_name("Пригожин и «Вагнер»") == "Пригожин-и-«Вагнер».osintcase"
    assert case_file_name("  ") == "new-case.osintcase"
    assert case_file_name("a/b\\c:d") == "a-b-c-d.osintcase"
