"""Tooltips from untrusted text are escaped exactly as ``html.escape`` would."""

from __future__ import annotations

import html

import pytest

from osint_desk.ui.models.paged import tooltip_html


@pytest.mark.parametrize("text", [
    "<img src=http://x/a.png>", "Tom & Jerry's \"bar\"", "&amp; already", "plain", "",
    "<script>alert(1)</script>", "Пригожин <b>", "a'b\"c<d>e&f",
])
def test_a_tooltip_escapes_title_and_lines_as_html_escape(text: str) -> None:
    body = "".join(f"<br>{html.escape(line)}" for line in (text, "", "x") if line)
    assert tooltip_html(text, text, "", "x") == f"<qt><b>{html.escape(text)}</b>{body}</qt>"
