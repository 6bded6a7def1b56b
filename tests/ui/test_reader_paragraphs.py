"""A web page's paragraphs (one line each, no blank line between) are spaced in the reader
as on the page; text with blank lines, or hard-wrapped lines, is shown as it is; the
characters, and so every offset, never change."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from shared_data import SHARED

from osint_desk.core.importer import import_files
from osint_desk.ui.reader.text_view import SourceTextView, paragraphs_without_gaps
from osint_desk.ui.session import CaseSession

PARAGRAPH = ("El continente helado sigue siendo un lugar tan remoto e inaccesible para la"
             " inmensa mayoría de personas que se tiende a verlo como un todo.")
WRAPPED = "\n".join(["North Korea has delivered weapons to Russia's private military",
                     "group Wagner, the White House said Thursday, calling the",
                     "mercenary project a competitor of the Defense Department."] * 4)


def test_which_texts_are_spaced() -> None:
    assert paragraphs_without_gaps("\n".join([PARAGRAPH] * 5))
    assert not paragraphs_without_gaps("\n\n".join([PARAGRAPH] * 5))  # gaps of its own
    assert not paragraphs_without_gaps(WRAPPED)  # a .txt or a PDF's lines
    assert not paragraphs_without_gaps(PARAGRAPH)  # one paragraph
    assert not paragraphs_without_gaps("")


def _bottom_margins(view: SourceTextView) -> list[float]:
    block, found = view.document().begin(), []
    while block.isValid():
        found.append(block.blockFormat().bottomMargin())
        block = block.next()
    return found


@pytest.mark.parametrize(("text", "spaced"), [("\n".join([PARAGRAPH] * 5), True),
                                              ("\n\n".join([PARAGRAPH] * 5), False),
                                              (WRAPPED, False)])
def test_the_view_spaces_only_gapless_paragraphs(qtbot: QtBot, text: str,
                                                 spaced: bool) -> None:
    view = SourceTextView()
    qtbot.addWidget(view)
    view.set_source_text(text)
    assert view.offsets_ok and view.toPlainText() == text
    margins = _bottom_margins(view)
    assert all(m > 0 for m in margins) if spaced else all(m == 0 for m in margins)


PAGE = SHARED / "data" / "real-world" / "html" / "hd_elpais.com.ciencia.html"


@pytest.mark.skipif(not PAGE.is_file(), reason=f"the real-world page {PAGE} is not here")
def test_a_real_page_reads_in_paragraphs(qtbot: QtBot, session: CaseSession) -> None:
    (outcome,) = list(import_files(session.store, [PAGE]))
    assert outcome.source_id is not None
    text = session.store.sources.get(outcome.source_id).text
    view = SourceTextView()
    qtbot.addWidget(view)
    view.set_source_text(text)
    assert view.offsets_ok and all(m > 0 for m in _bottom_margins(view))
