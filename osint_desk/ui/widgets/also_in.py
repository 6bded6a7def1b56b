""""Also in: Case B (card X)" on a card: the same person or company in the user's other cases.

Read from the cross-case index (``core.xref``: names, aliases and identifiers of the cards
of the cases the user has opened; no text). A link opens that case read-only in a window
of its own, on that card: a separate process, as ``osint-desk open CASE --read-only
--show card:ID``, so the case open here is not touched and nothing of one case is written
into the other.
"""

from __future__ import annotations

import html
import logging
import sqlite3
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.ui.session import CaseSession

_log = logging.getLogger(__name__)
MAX_SHOWN = 8


def open_command(path: str, card_id: str) -> tuple[str, list[str]]:
    """The program and arguments that open ``path`` read-only on ``card_id`` (the frozen
    app is its own CLI; otherwise this Python runs the package)."""
    args = ["open", path, "--read-only", "--show", f"card:{card_id}"]
    if getattr(sys, "frozen", False):
        return sys.executable, args
    return sys.executable, ["-m", "osint_desk", *args]


def open_read_only(path: str, card_id: str) -> bool:
    """Start another OSINT Desk window on that case and card; False when it cannot start."""
    program, args = open_command(path, card_id)
    started, _pid = QProcess.startDetached(program, args)
    return bool(started)


class AlsoIn(QWidget):
    """The card's matches in the index, as links; hidden when there are none."""

    def __init__(self, session: CaseSession, card_id: str, index: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.card_id = card_id
        self.index = index  # None: the user data folder's index
        self.targets: list[tuple[str, str]] = []  # (case path, card id) per link
        self.label = QLabel()
        self.label.setObjectName("alsoIn")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self._open_link)
        self.label.setAccessibleName("Also in other cases")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.label)
        self.hide()

    def refresh(self) -> None:
        """Look the card up in the index again (a few indexed queries)."""
        from osint_desk.core.xref import also_in

        try:
            found = also_in(self.session.store, self.card_id, index=self.index)
        except (OsintDeskError, OSError, sqlite3.Error) as exc:  # a damaged or locked index
            _log.warning("the cross-case index could not be read: %s", exc)
            found = []
        self.targets = [(x.other_path, x.other_card_id) for x in found[:MAX_SHOWN]]
        links = []
        for number, xref in enumerate(found[:MAX_SHOWN]):
            why = "by identifier" if xref.matched_on == "identifier" else "by name"
            links.append(
                f'<a href="{number}">{html.escape(for_display(xref.other_title))}</a>'
                f" (card “{html.escape(for_display(xref.other_card_name))}”, {why})")
        more = len(found) - MAX_SHOWN
        text = " · ".join(links) + (f" · and {more} more" if more > 0 else "")
        self.label.setText(f"<b>Also in:</b> {text}" if links else "")
        self.label.setToolTip("Cards of your other cases with the same name, alias or"
                              " identifier; a link opens that case read-only on its card")
        self.setVisible(bool(links))

    def _open_link(self, link: str) -> None:
        try:
            path, card_id = self.targets[int(link)]
        except (ValueError, IndexError):
            return
        if not open_read_only(path, card_id):
            self.label.setToolTip(f"OSINT Desk could not be started on {path}")
