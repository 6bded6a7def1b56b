"""E-mail (.eml, RFC 5322): who wrote to whom and when, the body, and the attachments.

A tip arrives as a mail; the whole file is kept byte for byte as the evidentiary copy, so
nothing is lost whatever is read from it. The text is a short header block and the body (plain
text preferred, else the HTML read as a page). Each attachment of a type we read becomes a part
(a source of its own, linked to the mail); the others are listed in the capture metadata with
the reason, and a warning says so. Attached mails are read the same way, a bounded number of
levels deep, counted across every reader in between (a mail in a WACZ in a mail).
"""

from __future__ import annotations

import base64
import codecs
import dataclasses
import email.policy
import email.utils
import hashlib
import mimetypes
import quopri
from contextvars import ContextVar
from pathlib import Path

from osint_desk.core.errors import IngestError
from osint_desk.core.ingest.captured import CapturedSource
from osint_desk.core.ingest.html_pages import read_html_page
from osint_desk.core.ingest.limits import MAX_FILE_BYTES
from osint_desk.core.ingest.limits import megabytes as _megabytes
from osint_desk.core.ingest.mhtml import (
    Message,
    children,
    clean_text,
    decode_words,
    decoded_payload,
    header_date,
    header_text,
    html_for_reader,
    parse_mime,
    raw_header,
)
from osint_desk.core.ingest.text_files import check_text, decode_bytes, finish_text, sniff_binary
from osint_desk.core.model import SourceKind

#: Attachments of one mail; more is a mass mailing or an attack, not a tip.
MAX_ATTACHMENTS = 200
#: Mails attached inside mails (a forward of a forward…); each level is parsed once more.
MAX_ATTACHED_MAIL_DEPTH = 5
#: MIME parts of one mail, all levels together: 200 attachments and a few parts each.
MAX_MAIL_PARTS = 2_000
#: Nesting of MIME parts, attached mails included: each mail may add message/rfc822,
#: mixed, alternative and related levels; 32 covers the attached-mail bound and then some.
MAX_MAIL_MIME_DEPTH = 32
#: Addresses read from one header, the characters read of it (the stdlib's address parser
#: is linear, its header-object parser quadratic, so addresses are split first, then
#: decoded), and the length kept of one name or address, Message-ID or file name.
MAX_ADDRESSES = 1_000
MAX_ADDRESS_HEADER_CHARS = 256 * 1024
MAX_ADDRESS_CHARS = 500
MAX_ID_CHARS = 998
MAX_FILENAME_CHARS = 200

_MESSAGE_TYPES = ("message/rfc822", "message/global")
_WRITE_BACK = email.policy.default.clone(refold_source="none", max_line_length=0)
# How many attached mails are open around the one being read, whoever read them.
_DEPTH: ContextVar[int] = ContextVar("osint_desk_attached_mail_depth", default=0)


def _addresses(part: Message, header: str) -> list[str]:
    """"Name <address>" for each address of ``header``, names' encoded words decoded."""
    raw = raw_header(part, header)
    if not raw:
        return []
    found: list[str] = []
    for display, address in email.utils.getaddresses([raw[:MAX_ADDRESS_HEADER_CHARS]]):
        name = clean_text(decode_words(display), MAX_ADDRESS_CHARS) if display else None
        addr = clean_text(address, MAX_ADDRESS_CHARS)
        shown = f"{name} <{addr}>" if name and addr and name != addr else name or addr
        if shown:
            found.append(shown)
        if len(found) >= MAX_ADDRESSES:
            break
    return found


def _leaves(message: Message) -> list[Message]:
    """The mail's own parts in file order: multiparts opened, attached mails left whole."""
    found: list[Message] = []
    stack = [message]
    while stack:
        part = stack.pop()
        inner = children(part) if part.get_content_maintype() == "multipart" else []
        if inner:
            stack.extend(reversed(inner))
        else:
            found.append(part)
    return found


def _filename(part: Message) -> str | None:
    try:
        raw = part.get_filename()
    except Exception:  # a malformed Content-Disposition: the part is unnamed
        return None
    if not raw:
        return None
    text = clean_text(str(raw).replace("\\", "/").rsplit("/", 1)[-1], 10 * MAX_FILENAME_CHARS)
    if text and len(text) > MAX_FILENAME_CHARS:  # keep the suffix, which says how to read it
        dot = text.rfind(".")
        suffix = text[dot:] if dot > 0 and len(text) - dot <= 16 else ""
        text = text[: MAX_FILENAME_CHARS - len(suffix)] + suffix
    return text


def _is_attachment(part: Message) -> bool:
    return (part.get_content_disposition() == "attachment" or _filename(part) is not None
            or part.get_content_type() in _MESSAGE_TYPES)


def _body_part(leaves: list[Message]) -> Message | None:
    """The first text/plain part that is not an attachment, else the first text/html one."""
    texts = [part for part in leaves if part.get_content_maintype() == "text"
             and part.get_content_disposition() != "attachment" and _filename(part) is None]
    for subtype in ("plain", "html"):
        for part in texts:
            if part.get_content_subtype() == subtype:
                return part
    return None


def _body_text(name: str, part: Message, warnings: list[str]) -> str:
    """The body as text; one that cannot be read leaves a warning (it stays in the original)."""
    if part.get_content_subtype() == "html":
        try:
            page = read_html_page(name, html_for_reader(part, warnings))
        except IngestError as exc:
            warnings.append(f"the HTML body could not be read ({_reason(name, exc)}); it is "
                            "kept in the original")
            return ""
        warnings.extend(page.warnings)
        return page.text
    data = decoded_payload(part)
    charset = part.get_content_charset()
    try:
        if charset:
            try:
                return check_text(name, data.decode(codecs.lookup(charset).name), "a mail body")
            except (LookupError, UnicodeDecodeError):
                if charset not in ("us-ascii", "ascii"):
                    warnings.append(f"the body declares the charset {clean_text(charset, 60)}, "
                                    "which does not decode it; its encoding was guessed")
        text, guessed = decode_bytes(name, data, "a mail body")
    except IngestError as exc:
        warnings.append(f"the body could not be read as text ({_reason(name, exc)}); it is "
                        "kept in the original")
        return ""
    warnings.extend(f"the body's {note}" for note in guessed)
    return text


def _reason(name: str, exc: Exception) -> str:
    message = " ".join(str(exc).split())
    return message.removeprefix(f"{name}:").strip() or type(exc).__name__


def _payload(part: Message) -> bytes:
    """An attachment's bytes: its transfer encoding undone; an attached mail written out."""
    inner = children(part)
    if not inner:
        return decoded_payload(part)
    # Parsed as a message: written back as it was read, headers not refolded. A mail sent
    # base64- or QP-encoded (which RFC 2046 forbids, and some programs do) was "parsed" as
    # a body of encoded lines; written back, those lines are decoded here.
    written = inner[0].as_bytes(policy=_WRITE_BACK)
    encoding = (raw_header(part, "Content-Transfer-Encoding") or "").lower()
    if encoding == "base64":
        return base64.b64decode(written)
    if encoding == "quoted-printable":
        return quopri.decodestring(written)
    return written


def _unreadable(filename: str, payload: bytes) -> str | None:
    """Why the attachment is not even offered to a reader, or None."""
    from osint_desk.core.ingest.reader import SUPPORTED_SUFFIXES, suffix_of

    suffix = suffix_of(filename)
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported file type ('{suffix}')" if suffix else "no file type (no suffix)"
    if not payload:
        return "the attachment is empty (0 bytes)"
    if len(payload) > MAX_FILE_BYTES:
        return (f"the attachment is too large ({_megabytes(len(payload))}; the limit is "
                f"{_megabytes(MAX_FILE_BYTES)})")
    return None


def _attachment(index: int, part: Message, message_id: str | None, depth: int,
                warnings: list[str]) -> tuple[dict[str, object], CapturedSource | None]:
    """The attachment's listing in the mail's capture and, if it could be read, its source."""
    from osint_desk.core.ingest.reader import read_source_bytes

    media_type = clean_text(part.get_content_type(), 200) or "application/octet-stream"
    is_mail = media_type in _MESSAGE_TYPES
    filename = _filename(part) or f"attachment-{index}" + (
        ".eml" if is_mail else mimetypes.guess_extension(media_type) or "")
    if is_mail and not filename.lower().endswith(".eml"):
        filename += ".eml"
    captured: CapturedSource | None = None
    reason: str | None
    try:
        payload = _payload(part)
    except Exception as exc:  # the stdlib writing back a malformed attached mail
        payload, reason = b"", f"it could not be taken out of the mail ({_reason('', exc)})"
    else:
        reason = _unreadable(filename, payload)
    listing: dict[str, object] = {
        "filename": filename, "media_type": media_type, "size": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    if reason is None:
        token = _DEPTH.set(depth + 1)
        try:
            captured = read_source_bytes(filename, payload)
        except Exception as exc:  # IngestError, or a reader's bug on this one attachment
            reason = _reason(filename, exc)
            if not isinstance(exc, IngestError):
                reason = f"unexpected {type(exc).__name__}: {reason}"[:300]
        finally:
            _DEPTH.reset(token)
    listing["imported"] = captured is not None
    if captured is None:
        listing["reason"] = reason
        warnings.append(f"attachment {filename} was not imported: {reason}; it is kept in the "
                        "mail's original")
        return listing, None
    capture: dict[str, object] = {"format": "eml-attachment", **listing,
                                  "mail_message_id": message_id}
    del capture["imported"]
    if captured.capture:
        capture["file_capture"] = dict(captured.capture)
    return listing, dataclasses.replace(captured, capture=capture)


def read_eml(name: str, data: bytes) -> CapturedSource:
    """A mail: header block and body as text, attachments as parts, the file as the original."""
    depth = _DEPTH.get()
    if depth > MAX_ATTACHED_MAIL_DEPTH:
        raise IngestError(f"{name}: mails are attached inside mails more than "
                          f"{MAX_ATTACHED_MAIL_DEPTH} levels deep (the limit)")
    label = sniff_binary(data)
    if label:
        raise IngestError(f"{name}: not an e-mail message (binary data: {label})")
    message = parse_mime(name, data, MAX_MAIL_PARTS, MAX_MAIL_MIME_DEPTH)
    senders, to, cc = (_addresses(message, header) for header in ("From", "To", "Cc"))
    date_text, published = header_date(message)
    subject = header_text(message, "Subject")
    if not (senders or to or date_text or subject):
        raise IngestError(f"{name}: not an e-mail message (it has no From, To, Date or "
                          "Subject header)")
    message_id = clean_text(raw_header(message, "Message-ID"), MAX_ID_CHARS)
    warnings: list[str] = []
    leaves = _leaves(message)
    body_part = _body_part(leaves)
    attachments = [part for part in leaves if part is not body_part and _is_attachment(part)]
    if len(attachments) > MAX_ATTACHMENTS:
        raise IngestError(f"{name}: the mail has {len(attachments):,} attachments (the limit "
                          f"is {MAX_ATTACHMENTS}); refused")
    body = _body_text(name, body_part, warnings) if body_part is not None else ""
    if not body.strip():
        warnings.append("the mail has no readable text body; its text is the header block")
    if date_text and published is None:
        warnings.append(f"the mail's Date header ({date_text}) is not a date")
    listed: list[dict[str, object]] = []
    parts: list[CapturedSource] = []
    for index, part in enumerate(attachments, 1):
        listing, captured = _attachment(index, part, message_id, depth, warnings)
        listed.append(listing)
        if captured is not None:
            parts.append(captured)
    block = [f"{label}: {value}" for label, value in (
        ("From", ", ".join(senders)), ("To", ", ".join(to)), ("Cc", ", ".join(cc)),
        ("Date", date_text), ("Subject", subject)) if value]
    text = "\n".join(block) + (f"\n\n{body}" if body.strip() else "")
    return CapturedSource(
        filename=name,
        kind=SourceKind.DOCUMENT,
        media_type="message/rfc822",
        original=data,
        text=finish_text(name, text),
        title=subject or Path(name).stem or None,
        author="; ".join(senders) or None,
        published=published,
        warnings=tuple(warnings),
        capture={
            "format": "eml",
            "from": "; ".join(senders) or None,
            "to": to,
            "cc": cc,
            "date": published.value if published else None,
            "date_text": date_text,
            "subject": subject,
            "message_id": message_id,
            "in_reply_to": clean_text(raw_header(message, "In-Reply-To"), MAX_ID_CHARS),
            "attachments": listed,
        },
        parts=tuple(parts),
    )
