"""Every capture format through the importer into a case and open in the window: metadata kept,
tampered captures flagged, originals byte-identical, and no connection while they are shown
(the conftest's socket guard fails any)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from capture_files import write_all
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from osint_desk.core.importer import ImportOutcome, import_files
from osint_desk.ui.reader import SourceReader
from osint_desk.ui.session import CaseSession
from osint_desk.ui.source_properties import SourcePropertiesDialog


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every connection attempted, on top of the guard (which would also fail the test)."""
    tried: list[Any] = []
    real = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> Any:
        tried.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return tried


def _jpeg() -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(120, 40, 30))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    return bytes(buffer.data())


def _every(outcome: ImportOutcome) -> list[ImportOutcome]:
    return [outcome, *(o for part in outcome.parts for o in _every(part))]


def test_captures_import_with_their_metadata_and_show_without_a_connection(
        session: CaseSession, qtbot: QtBot, tmp_path: Path, connections: list[Any]) -> None:
    paths = write_all(tmp_path, _jpeg())
    outcomes = {Path(o.path).name: o for o in import_files(session.store, paths.values())}
    assert {name: o.status for name, o in outcomes.items()} == dict.fromkeys(paths, "imported")
    store = session.store
    for name, path in paths.items():  # the evidentiary copy is the file, byte for byte
        assert store.sources.original_bytes(outcomes[name].source_id or "") == path.read_bytes()

    mhtml = store.sources.get(outcomes["kirby.mhtml"].source_id or "")
    assert mhtml.url == "https://news.example/2022/12/22/north-korea-wagner"
    assert mhtml.retrieved == "2022-12-22T18:30:05+01:00"
    assert (mhtml.capture or {})["format"] == "mhtml"

    warc = outcomes["crawl.warc"]
    assert warc.integrity == "mismatch" and len(warc.parts) == 2
    assert [p.integrity for p in warc.parts] == ["valid", "mismatch"]
    # Each part is named with its file, once: "crawl.warc › news.example_2: imported as …".
    assert warc.parts[1].message.startswith("crawl.warc › news.example")
    assert warc.parts[1].message.count("crawl.warc") == 1
    assert any("https://news.example/2" in w and "do not match" in w for w in warc.warnings)
    second = store.sources.get(warc.parts[1].source_id or "")
    assert (second.part_of, second.url, second.integrity) == (
        warc.source_id, "https://news.example/2", "mismatch")
    assert second.retrieved == "2022-12-23T07:00:00Z"

    wacz = outcomes["crawl.wacz"]
    assert wacz.integrity == "mismatch"
    assert any("archive/data.warc" in w for w in wacz.warnings)

    mail = outcomes["tip.eml"]
    [attachment] = mail.parts
    assert store.sources.get(attachment.source_id or "").part_of == mail.source_id
    assert store.sources.original_bytes(attachment.source_id or "") == (
        b"Crates seen on 2022-12-20, Bakhmut rail depot.\n")
    assert store.sources.get(mail.source_id or "").author.startswith("Tipster")  # type: ignore[union-attr]

    log = store.sources.get(outcomes["log.docx"].source_id or "")
    assert "Rail cars arrived" in log.text and log.author == "Field researcher"

    photo = store.sources.get(outcomes["depot.jpg"].source_id or "")
    gps = (photo.capture or {})["gps"]
    assert abs(gps["latitude"] - 48.5946) < 1e-3 and abs(gps["longitude"] - 37.9997) < 1e-3

    # Shown in the reader and in Source properties, each one, with nothing fetched.
    for outcome in (o for top in outcomes.values() for o in _every(top)):
        reader = SourceReader(session, outcome.source_id or "")
        qtbot.addWidget(reader)
        reader.resize(800, 600)
        reader.show()
        qtbot.waitExposed(reader)
        assert reader.view.toPlainText().strip()
        dialog = SourcePropertiesDialog(session, outcome.source_id or "")
        qtbot.addWidget(dialog)
        dialog.show()
        if outcome.integrity == "mismatch":
            assert dialog.capture_box is not None
            assert reader.header.capture.isVisible()
            assert "do not match" in reader.header.capture.text()
        reader.close()
        dialog.close()
    assert connections == []


def test_the_navigator_names_a_part_with_its_file_and_flags_a_mismatch(
        session: CaseSession, tmp_path: Path, qtmodeltester: Any) -> None:
    from capture_files import warc
    from PySide6.QtCore import Qt

    from osint_desk.ui.models.navigator_models import SourcesModel

    path = tmp_path / "crawl.warc"
    path.write_bytes(warc())
    list(import_files(session.store, [path]))
    model = SourcesModel(session)
    qtmodeltester.check(model)
    rows = [model.index(i, 0) for i in range(model.rowCount())]
    labels = {index.data() for index in rows}
    assert {"Kirby briefing — in crawl.warc", "⚠ KCNA denial — in crawl.warc"} <= labels
    bad = next(index for index in rows if index.data().startswith("⚠ KCNA"))
    assert "do NOT match" in bad.data(Qt.ItemDataRole.ToolTipRole)
    assert "Found inside crawl.warc" in bad.data(Qt.ItemDataRole.ToolTipRole)
