"""Notes with hostile content render neutralised and fetch nothing."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot
from qt_document_checks import active_parts, links

from osint_desk.ui.markdown_view import MarkdownView

HOSTILE = """# Note

<script>alert('x')</script>
<img src="http://tracker.example/pixel.png" onerror="alert(1)">
![remote](https://tracker.example/image.png)
[click me](javascript:alert(1)) and [a real link](https://example.org/page)
<a href="#" onclick="steal()">handler</a>
<link rel="stylesheet" href="http://tracker.example/style.css">
"""


def test_hostile_note_is_neutralised(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown_text(HOSTILE)
    # Raw HTML reads as the text that was typed; nothing in it is an element any more.
    assert active_parts(view.document()) == []
    assert links(view.document()) == ["https://example.org/page"]
    text = view.toPlainText()
    assert "<script>alert('x')</script>" in text and 'onclick="steal()"' in text
    assert "[image not loaded: remote (tracker.example)]" in text
    assert "a real link" in text


def test_links_are_reported_not_followed(qtbot: QtBot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown_text("[site](https://example.org/x)")
    with qtbot.waitSignal(view.link_activated) as blocker:
        view.anchorClicked.emit(QUrl("https://example.org/x"))
    assert blocker.args == ["https://example.org/x"]
    assert view.source().isEmpty()
