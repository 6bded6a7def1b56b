"""Mail (.eml): headers, body and attachments read; the whole mail kept; bad mail refused."""

from __future__ import annotations

import base64
import hashlib
from email.message import EmailMessage
from pathlib import Path

import pytest

from osint_desk.core.errors import IngestError
from osint_desk.core.importer import import_files
from osint_desk.core.ingest import CapturedSource, read_source_bytes, read_source_file
from osint_desk.core.model import SourceKind
from osint_desk.core.safe_text import has_hidden_controls
from osint_desk.core.store import CaseStore

BODY = (
    "Hello,\n\nthe shipment left Nampo on 14 December aboard the MV Example Star.\n"
    "Photos and the manifest are attached.\n\n-- \nA friend"
)
HTML_BODY = (
    "<html><body><p>The shipment left Nampo on 14 December aboard the MV Example Star, a "
    "source in the port said, adding that the containers were sealed.</p>"
    "<p>Photos and the manifest are attached.</p></body></html>"
)
RAW_HEADERS = (
    b'From: "Jane Roe" <jane.roe@example.org>\r\n'
    b"To: desk@osint.example, Tom <tom@osint.example>\r\n"
    b"Cc: editor@osint.example\r\n"
    b"Date: Thu, 22 Dec 2022 18:30:05 +0100\r\n"
    b"Subject: Shipment from Nampo\r\n"
    b"Message-ID: <tip-1@example.org>\r\n"
    b"In-Reply-To: <question-7@osint.example>\r\n"
    b"MIME-Version: 1.0\r\n"
)


pytestmark = pytest.mark.usefixtures("no_network")  # tests/core/conftest.py


def _mail(body: str = BODY, *, subject: str = "Shipment from Nampo",
          cte: str | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = "Jane Roe <jane.roe@example.org>"
    mail["To"] = "desk@osint.example"
    mail["Date"] = "Thu, 22 Dec 2022 18:30:05 +0100"
    mail["Subject"] = subject
    mail["Message-ID"] = "<tip-1@example.org>"
    mail.set_content(body, cte=cte)
    return mail


def _write(tmp_path: Path, data: bytes | EmailMessage, name: str = "tip.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(data.as_bytes() if isinstance(data, EmailMessage) else data)
    return path


def test_plain_mail_headers_body_and_original(tmp_path: Path) -> None:
    data = RAW_HEADERS + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + BODY.replace(
        "\n", "\r\n").encode()
    captured = read_source_file(_write(tmp_path, data))
    assert captured.original == data
    assert captured.filename == "tip.eml"
    assert captured.kind is SourceKind.DOCUMENT
    assert captured.media_type == "message/rfc822"
    assert captured.text == (
        "From: Jane Roe <jane.roe@example.org>\n"
        "To: desk@osint.example, Tom <tom@osint.example>\n"
        "Cc: editor@osint.example\n"
        "Date: Thu, 22 Dec 2022 18:30:05 +0100\n"
        "Subject: Shipment from Nampo\n\n" + BODY
    )
    assert captured.title == "Shipment from Nampo"
    assert captured.author == "Jane Roe <jane.roe@example.org>"
    assert captured.published is not None
    assert captured.published.value == "2022-12-22T18:30:05+01:00"
    assert captured.retrieved is None and captured.url is None
    assert captured.parts == () and captured.warnings == ()
    assert captured.capture == {
        "format": "eml",
        "from": "Jane Roe <jane.roe@example.org>",
        "to": ["desk@osint.example", "Tom <tom@osint.example>"],
        "cc": ["editor@osint.example"],
        "date": "2022-12-22T18:30:05+01:00",
        "date_text": "Thu, 22 Dec 2022 18:30:05 +0100",
        "subject": "Shipment from Nampo",
        "message_id": "<tip-1@example.org>",
        "in_reply_to": "<question-7@osint.example>",
        "attachments": [],
    }


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_encoded_bodies_are_decoded(tmp_path: Path, cte: str) -> None:
    body = "Müller says the “Example Star” left Nampo; " + "long line " * 20
    mail = _mail(body, cte=cte)
    assert cte in mail.as_string()
    captured = read_source_file(_write(tmp_path, mail))
    assert captured.text.endswith(body)
    assert captured.warnings == ()


def test_non_utf8_charset_body(tmp_path: Path) -> None:
    data = (RAW_HEADERS + b"Content-Type: text/plain; charset=koi8-r\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n" + "Пхеньян отрицает поставки.".encode(
                "koi8-r"))
    captured = read_source_file(_write(tmp_path, data))
    assert captured.text.endswith("Пхеньян отрицает поставки.")
    assert captured.warnings == ()


def test_encoded_word_headers_are_decoded(tmp_path: Path) -> None:
    data = (b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller=2C_Hafen?= <jm@example.de>\r\n"
            b"To: =?iso-8859-1?b?Suly9G1l?= <j@example.fr>\r\n"
            b"Date: Thu, 22 Dec 2022 18:30:05 +0100\r\n"
            b"Subject: =?utf-8?b?UGhvdG9zIGZyb20g?= =?utf-8?q?Nampo_=E2=80=93_caf=C3=A9?=\r\n"
            b"\r\nSee below.\r\n")
    captured = read_source_file(_write(tmp_path, data))
    assert captured.title == "Photos from Nampo – café"
    assert captured.author == "Jürgen Müller, Hafen <jm@example.de>"
    assert captured.capture is not None and captured.capture["to"] == ["Jérôme <j@example.fr>"]
    assert "Subject: Photos from Nampo – café\n" in captured.text


def test_controls_and_bidi_in_headers_are_shown_not_obeyed(tmp_path: Path) -> None:
    data = (b"From: =?utf-8?q?Bank=E2=80=AEknab?= <x@example.org>\r\n"
            b"Subject: =?utf-8?q?Urgent=1B]0;pwned=07_invoice?=\r\n\r\nBody.\r\n")
    captured = read_source_file(_write(tmp_path, data))
    assert captured.title == "Urgent\u241b]0;pwned\u2407 invoice"
    assert captured.author == "Bank\u21c4knab <x@example.org>"
    assert not has_hidden_controls(captured.text)


def test_html_only_body_is_read_as_a_page(tmp_path: Path) -> None:
    mail = _mail()
    mail.set_content(HTML_BODY, subtype="html")
    captured = read_source_file(_write(tmp_path, mail))
    assert "the containers were sealed" in captured.text
    assert "<p>" not in captured.text
    assert captured.text.startswith("From: Jane Roe <jane.roe@example.org>\n")


def test_plain_text_is_preferred_to_its_html_alternative(tmp_path: Path) -> None:
    mail = _mail()
    mail.add_alternative(HTML_BODY.replace("sealed", "HTML_ONLY"), subtype="html")
    captured = read_source_file(_write(tmp_path, mail))
    assert captured.text.endswith(BODY) and "HTML_ONLY" not in captured.text
    assert captured.parts == () and captured.warnings == ()


def _with_attachments(tmp_path: Path) -> tuple[Path, EmailMessage]:
    mail = _mail()
    mail.add_attachment(b"Manifest: 40 containers, sealed.\n", maintype="text",
                        subtype="plain", filename="manifest.txt")
    mail.add_attachment(HTML_BODY.encode(), maintype="text", subtype="html",
                        filename="report.html")
    mail.add_attachment(b"MZ\x90\x00" + bytes(100), maintype="application",
                        subtype="octet-stream", filename="tool.exe")
    return _write(tmp_path, mail), mail


def test_attachments_become_parts_and_unreadable_ones_are_listed(tmp_path: Path) -> None:
    path, _mail_message = _with_attachments(tmp_path)
    captured = read_source_file(path)
    assert captured.original == path.read_bytes()
    assert captured.text.endswith(BODY)  # the .txt attachment is not the body
    manifest, report = captured.parts
    assert isinstance(manifest, CapturedSource)
    assert manifest.filename == "manifest.txt"
    assert manifest.text == "Manifest: 40 containers, sealed."
    assert manifest.original == b"Manifest: 40 containers, sealed.\n"
    assert manifest.capture == {
        "format": "eml-attachment", "filename": "manifest.txt", "media_type": "text/plain",
        "size": 33, "sha256": hashlib.sha256(manifest.original).hexdigest(),
        "mail_message_id": "<tip-1@example.org>",
    }
    assert report.filename == "report.html" and report.media_type == "text/html"
    assert "the containers were sealed" in report.text
    assert captured.capture is not None
    listed = captured.capture["attachments"]
    assert isinstance(listed, list)
    assert [(a["filename"], a["imported"]) for a in listed] == [
        ("manifest.txt", True), ("report.html", True), ("tool.exe", False)]
    exe = listed[2]
    assert exe["reason"] == "unsupported file type ('.exe')"
    assert exe["size"] == 104 and exe["media_type"] == "application/octet-stream"
    assert exe["sha256"] == hashlib.sha256(b"MZ\x90\x00" + bytes(100)).hexdigest()
    assert captured.warnings == (
        "attachment tool.exe was not imported: unsupported file type ('.exe'); it is kept "
        "in the mail's original",)


def test_attachment_that_fails_to_read_is_listed_with_its_reason(tmp_path: Path) -> None:
    mail = _mail()
    mail.add_attachment(b"%PDF-1.7 this is not really a PDF", maintype="text",
                        subtype="plain", filename="notes.txt")
    captured = read_source_file(_write(tmp_path, mail))
    assert captured.parts == ()
    assert captured.capture is not None
    listed = captured.capture["attachments"]
    assert isinstance(listed, list) and len(listed) == 1
    listing = listed[0]
    assert listing["imported"] is False
    assert listing["reason"] == "not a text file (binary data: PDF document)"
    assert any("notes.txt was not imported" in w for w in captured.warnings)


def test_attachment_file_names_are_made_safe(tmp_path: Path) -> None:
    mail = _mail()
    mail.add_attachment(b"Seen in the port.\n", maintype="text", subtype="plain",
                        filename="..\\..\\Users\\analyst/\u202etxt.exe.txt")
    mail.add_attachment(b"No name given.\n", maintype="text", subtype="plain")
    captured = read_source_file(_write(tmp_path, mail))
    named, unnamed = captured.parts
    assert named.filename == "\u21c4txt.exe.txt"
    assert unnamed.filename == "attachment-2.txt"


def test_attached_mail_is_read_with_its_own_attachments(tmp_path: Path) -> None:
    inner = _mail("The forwarded tip itself.", subject="Original tip")
    inner.replace_header("Message-ID", "<inner@example.org>")
    inner.add_attachment(b"Inner note.\n", maintype="text", subtype="plain",
                         filename="inner.txt")
    outer = _mail("Forwarding this.", subject="Fwd: Original tip")
    outer.add_attachment(inner, filename="original.eml")
    captured = read_source_file(_write(tmp_path, outer))
    [forwarded] = captured.parts
    assert forwarded.filename == "original.eml" and forwarded.media_type == "message/rfc822"
    assert forwarded.title == "Original tip"
    assert forwarded.text.endswith("The forwarded tip itself.")
    assert [part.filename for part in forwarded.parts] == ["inner.txt"]
    assert forwarded.capture is not None
    assert forwarded.capture["format"] == "eml-attachment"
    inner_capture = forwarded.capture["file_capture"]
    assert isinstance(inner_capture, dict) and inner_capture["message_id"] == "<inner@example.org>"


def test_base64_encoded_attached_mail_is_decoded(tmp_path: Path) -> None:
    # RFC 2046 forbids encoding a message/rfc822 part; some mail programs do it anyway.
    inner = base64.encodebytes(b"From: x@example.org\r\nSubject: Inner tip\r\n\r\nInner body.\r\n")
    data = (b"From: a@example.org\r\nSubject: Fwd\r\n"
            b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
            b"Content-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
            b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment\r\n\r\n" + inner + b"--b--\r\n")
    captured = read_source_file(_write(tmp_path, data))
    [forwarded] = captured.parts
    assert forwarded.filename == "attachment-1.eml"
    assert forwarded.title == "Inner tip" and forwarded.text.endswith("Inner body.")
    assert captured.warnings == ()


def test_attached_mails_nested_too_deep_stop_at_the_limit(tmp_path: Path) -> None:
    mail = _mail("Level 7.", subject="level 7")
    for level in range(6, -1, -1):
        outer = _mail(f"Level {level}.", subject=f"level {level}")
        outer.add_attachment(mail, filename=f"level{level + 1}.eml")
        mail = outer
    captured = read_source_bytes("tip.eml", mail.as_bytes())
    depth = 0
    while captured.parts:
        [captured] = captured.parts
        depth += 1
    assert depth == 5  # five levels of attached mail are read
    assert captured.title == "level 5" and captured.capture is not None
    level5 = captured.capture["file_capture"]
    assert isinstance(level5, dict)
    [listing] = level5["attachments"]
    assert listing["filename"] == "level6.eml" and listing["imported"] is False
    assert "more than 5 levels deep" in listing["reason"]


def test_too_many_attachments_are_refused() -> None:
    mail = _mail()
    for index in range(201):
        mail.add_attachment(b"x", maintype="application", subtype="octet-stream",
                            filename=f"f{index}.bin")
    with pytest.raises(IngestError, match=r"^many\.eml: the mail has 201 attachments"):
        read_source_bytes("many.eml", mail.as_bytes())


@pytest.mark.parametrize(("data", "expected"), [
    (b"Just some notes I typed.\nNothing else.\n", "not an e-mail message (it has no From"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "not an e-mail message (binary data: PNG image)"),
    (b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
     + b"--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n" * 2_001, "more than 2,000 MIME parts"),
    (b"From: a@example.org\r\n" + b"Content-Type: message/rfc822\r\n\r\n" * 3_000 + b"\r\nx",
     "nested too deep"),
])
def test_broken_mail_is_refused_naming_the_file(tmp_path: Path, data: bytes,
                                                expected: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_source_file(_write(tmp_path, data, "broken.eml"))
    message = str(caught.value)
    assert message.startswith("broken.eml: ") and expected in message
    assert str(tmp_path) not in message


def test_mail_without_body_keeps_its_headers(tmp_path: Path) -> None:
    data = (b"From: a@example.org\r\nSubject: Only an attachment\r\n"
            b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
            b"Content-Type: application/octet-stream\r\n"
            b'Content-Disposition: attachment; filename="data.bin"\r\n\r\nxyz\r\n--b--\r\n')
    captured = read_source_file(_write(tmp_path, data))
    assert captured.text == "From: a@example.org\nSubject: Only an attachment"
    assert any("no readable text body" in w for w in captured.warnings)
    assert any("data.bin was not imported" in w for w in captured.warnings)


def test_import_stores_the_mail_and_its_attachments(tmp_path: Path, store: CaseStore) -> None:
    path, _mail_message = _with_attachments(tmp_path)
    [outcome] = list(import_files(store, [path]))
    assert outcome.status == "imported", outcome.message
    sources = store.sources.list()
    assert sorted(source.title for source in sources) == [
        "Shipment from Nampo", "manifest", "report"]
    assert [part.status for part in outcome.parts] == ["imported", "imported"]
    assert any("tool.exe was not imported" in w for w in outcome.warnings)
