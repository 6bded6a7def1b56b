"""A read-only view of a Markdown note that renders safely and never fetches anything.

The Markdown is sanitised by :func:`render_markdown` (nh3) before Qt sees it. Qt's text
widgets ask ``loadResource`` for images and style sheets: we answer nothing for anything that
is not already in the document, so a remote image shows as blocked and no connection is made.
Links are not followed; ``linkActivated`` is emitted for http(s) links for the caller to
decide (the app never opens a browser by itself).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget


class MarkdownView(QTextBrowser):
    """Shows sanitised Markdown; remote resources are refused, links only reported."""

    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.blocked: list[str] = []

    def set_markdown_text(self, text: str) -> None:
        from osint_desk.core.markdown_render import render_markdown  # markdown, nh3: on use

        self.blocked.clear()
        self.setHtml(render_markdown(text))

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        """Nothing is loaded from outside the document: not the network, not local files."""
        self.blocked.append(name.toString() if isinstance(name, QUrl) else str(name))
        return None

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            self.link_activated.emit(url.toString())
