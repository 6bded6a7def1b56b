"""Importing from the GUI: background worker, summary, one undo step, cancel, drop, paste."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QThread, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from osint_desk.core.store import CaseStore
from osint_desk.ui.importing.controller import ImportController
from osint_desk.ui.importing.drop import accepts, paths_from_mime
from osint_desk.ui.importing.paste_dialog import PasteSourceDialog
from osint_desk.ui.importing.worker import run_import
from osint_desk.ui.session import CaseSession
from osint_desk.ui.tasks import TaskContext, TaskRunner

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _texts(folder: Path, count: int, size: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"note-{number:02d}.txt"
        body = f"Unique field note number {number} about the Kirby briefing.\n" * size
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def _whole(store: CaseStore, source_id: str, path: Path) -> bool:
    """The source holds the file's text, its original bytes, and is found by search."""
    source = store.sources.get(source_id)
    found = {hit.id for hit in store.search(f'"{source.text.splitlines()[0]}"', limit=200)}
    return (source.text == path.read_text("utf-8").strip()
            and store.sources.original_bytes(source_id) == path.read_bytes()
            and source_id in found)


@pytest.fixture
def controller(session: CaseSession, qtbot: QtBot) -> Iterator[ImportController]:
    made = ImportController(session, TaskRunner(), None)
    yield made
    made.shutdown()
    for dialog in (made.summary_dialog, made.progress_dialog):
        if dialog is not None:
            dialog.close()


def test_good_and_bad_file_summary_and_one_undo_step(
        session: CaseSession, controller: ImportController, qtbot: QtBot,
        tmp_path: Path) -> None:
    store = session.store
    before = store.sources.count()
    good = _texts(tmp_path / "in", 1)[0]
    bad = tmp_path / "in" / "photo.html"
    bad.write_bytes(PNG)
    with qtbot.waitSignal(controller.finished, timeout=20000) as blocker:
        assert controller.import_files([good, bad])
        assert controller.progress_dialog is not None  # more than one file: a progress dialog
        assert controller.progress_dialog.windowModality() == Qt.WindowModality.WindowModal
    summary = blocker.args[0]
    assert "imported 1 source" in summary.lower() and "1 failed" in summary
    assert store.sources.count() == before + 1
    imported = next(o for o in controller.outcomes if o.status == "imported")
    assert _whole(store, str(imported.source_id), good)

    dialog = controller.summary_dialog
    assert dialog is not None and dialog.isVisible()
    failure = next(o for o in controller.outcomes if o.status == "failed")
    lines = dialog.lines()
    assert any(line.startswith("photo.html — Failed: ") for line in lines)
    assert any(failure.message.removeprefix("photo.html: ") in line for line in lines)
    assert any(line.startswith("note-00.txt — Imported as") for line in lines)

    stack = session.undo_stack
    assert stack.undoText() == "Import 1 source"
    stack.undo()
    assert store.sources.count() == before
    stack.redo()
    assert store.sources.count() == before + 1
    assert _whole(store, str(imported.source_id), good)


def test_one_file_needs_no_progress_dialog_and_a_duplicate_is_named(
        session: CaseSession, controller: ImportController, qtbot: QtBot,
        tmp_path: Path) -> None:
    path = tmp_path / "again.txt"
    existing = session.store.sources.list()[0]
    path.write_text(existing.text, encoding="utf-8")
    count = session.undo_stack.count()
    with qtbot.waitSignal(controller.finished, timeout=20000) as blocker:
        controller.import_files([path])
        assert controller.progress_dialog is None
    assert "1 already in the case" in blocker.args[0]
    assert session.undo_stack.count() == count  # nothing imported, nothing to undo
    assert controller.summary_dialog is not None
    assert f"Duplicate of “{existing.title}”" in controller.summary_dialog.lines()[0]


def test_the_gui_thread_stays_free_and_the_session_notices(
        session: CaseSession, controller: ImportController, qtbot: QtBot,
        tmp_path: Path) -> None:
    paths = _texts(tmp_path / "many", 6)
    progress: list[tuple[int, int, str]] = []
    with qtbot.waitSignal(session.reloaded, timeout=20000), \
            qtbot.waitSignal(controller.finished, timeout=20000) as blocker:
        controller.import_files(paths)
        task = controller.task
        assert task is not None and controller.running
        task.progressed.connect(lambda *args: progress.append(args))
        assert task._thread is not QThread.currentThread()
    assert blocker.args == ["Imported 6 sources"]
    assert progress[-1] == (6, 6, "")
    assert controller.summary_dialog is None  # all good: no summary dialog
    assert session.undo_stack.undoText() == "Import 6 sources"
    assert not controller.running


def test_worker_cancel_after_the_first_progress_keeps_whole_files_only(
        session: CaseSession, tmp_path: Path, qtbot: QtBot) -> None:
    store = session.store
    before = store.sources.count()
    paths = _texts(tmp_path / "twenty", 20, size=50)
    cancel = threading.Event()
    # Cancel lands at the first progress report, while the first file is in hand.
    context = TaskContext(lambda done, total, name: cancel.set(), cancel)
    run = run_import(context, store.path, store.actor, paths)
    outcomes = run.outcomes
    assert run.error == ""
    assert [o.status for o in outcomes] == ["imported"]  # the file in hand finished whole
    assert store.sources.count() == before + 1
    assert _whole(store, str(outcomes[0].source_id), paths[0])
    assert store.integrity_check() == "ok"


def test_cancel_from_the_progress_dialog(
        session: CaseSession, controller: ImportController, qtbot: QtBot,
        tmp_path: Path) -> None:
    store = session.store
    before = store.sources.count()
    paths = _texts(tmp_path / "twenty", 20, size=4000)
    with qtbot.waitSignal(controller.finished, timeout=60000) as blocker:
        controller.import_files(paths)
        dialog = controller.progress_dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.labelText().startswith("Importing "), timeout=10000)
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    imported = [o for o in controller.outcomes if o.status == "imported"]
    assert 1 <= len(imported) < 20
    assert blocker.args[0].startswith("Import cancelled")
    assert store.sources.count() == before + len(imported)
    by_path = {Path(o.path): o for o in imported}
    for path in paths:
        if path in by_path:  # each imported file is whole, with its search entry
            assert _whole(store, str(by_path[path].source_id), path)
        else:
            assert store.sources.find_duplicate(original=path.read_bytes()) is None
    assert store.integrity_check() == "ok"
    assert session.undo_stack.undoText() == f"Import {len(imported)} source" + (
        "s" if len(imported) > 1 else "")


def test_read_only_case_is_refused_clearly(demo_path: Path, qtbot: QtBot,
                                           tmp_path: Path) -> None:
    session = CaseSession(CaseStore.open(demo_path, read_only=True, actor="tester"))
    try:
        controller = ImportController(session, TaskRunner(), None)
        with qtbot.waitSignal(controller.finished, timeout=1000) as blocker:
            assert not controller.import_files(_texts(tmp_path, 2))
        assert "read-only" in blocker.args[0]
        assert controller.message_box is not None
        assert "read-only" in controller.message_box.text()
        controller.message_box.close()
        assert not controller.running
    finally:
        session.close()


# -- drag and drop -----------------------------------------------------------------------

def test_paths_from_a_drop(tmp_path: Path) -> None:
    single = tmp_path / "story.pdf"
    single.write_bytes(b"%PDF-1.4")
    odd = tmp_path / "table.xlsx"
    odd.write_bytes(b"PK")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "b.HTML").write_text("<p>b</p>")
    (folder / "a.txt").write_text("a")
    (folder / "skip.xlsx").write_text("x")
    (folder / "mail.eml").write_text("x")
    (folder / "crawl.WARC.gz").write_bytes(b"x")
    (folder / ".hidden.txt").write_text("x")
    (folder / "deeper").mkdir()
    (folder / "deeper" / "c.txt").write_text("c")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(single)), QUrl("https://example.com/page.html"),
                  QUrl.fromLocalFile(str(folder)), QUrl.fromLocalFile(str(odd)),
                  QUrl.fromLocalFile(str(single))])
    assert paths_from_mime(mime) == [single, folder / "a.txt", folder / "b.HTML",
                                     folder / "crawl.WARC.gz", folder / "mail.eml", odd]
    assert accepts(mime)

    remote = QMimeData()
    remote.setUrls([QUrl("http://example.com/a.txt")])
    assert paths_from_mime(remote) == [] and not accepts(remote)
    text = QMimeData()
    text.setText("just words")
    assert not accepts(text)


# -- paste as new source -----------------------------------------------------------------

def test_paste_dialog_validates_then_adds_an_undoable_source(
        session: CaseSession, qtbot: QtBot) -> None:
    QGuiApplication.clipboard().setText("Statement: the DPRK never sold arms to Wagner.")
    dialog = PasteSourceDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.text.toPlainText().startswith("Statement: the DPRK")  # from the clipboard
    assert dialog.retrieved.text().endswith("Z")  # now, UTC
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no title yet
    assert dialog.errors["title"].isVisible()
    qtbot.keyClicks(dialog.title, "KCNA denial")
    qtbot.keyClicks(dialog.url, "https://kcna.example/denial")
    qtbot.keyClicks(dialog.outlet, "KCNA")
    qtbot.keyClicks(dialog.author, "DPRK foreign ministry")
    qtbot.keyClicks(dialog.published, "2022-13")
    qtbot.keyClicks(dialog.language, "en")
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("E"))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert not dialog.errors["title"].isVisible()
    assert dialog.errors["published"].isVisible()
    assert "2022-13" in dialog.errors["published"].text()

    dialog.published.clear()
    assert not dialog.errors["published"].isVisible()  # editing the field clears its error
    qtbot.keyClicks(dialog.published, "2022-12-23")
    dialog.resize(680, 620)
    qtbot.wait(50)
    assert dialog.grab().save("/tmp/paste_source.png")
    with qtbot.waitSignal(dialog.source_created, timeout=1000) as blocker:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    source = session.store.sources.get(blocker.args[0])
    assert (source.title, source.url, source.outlet, source.author, source.published,
            source.language, source.reliability) == (
        "KCNA denial", "https://kcna.example/denial", "KCNA", "DPRK foreign ministry",
        "2022-12-23", "en", "E")
    assert source.retrieved is not None and source.text.startswith("Statement")
    assert session.undo_stack.undoText() == "New source “KCNA denial”"
    count = session.store.sources.count()
    session.undo_stack.undo()
    assert session.store.sources.count() == count - 1


def test_paste_dialog_names_the_existing_source_for_duplicate_text(
        session: CaseSession, qtbot: QtBot) -> None:
    existing = session.store.sources.list()[0]
    QGuiApplication.clipboard().setText(existing.text)
    dialog = PasteSourceDialog(session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Same again")
    stack_size = session.undo_stack.count()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert existing.title in dialog.errors["text"].text()
    assert existing.id in dialog.errors["text"].text()
    assert session.undo_stack.count() == stack_size  # nothing pushed
    dialog.text.setPlainText("")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.errors["text"].text() == "Paste or type the text of the source."
