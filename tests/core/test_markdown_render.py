from __future__ import annotations

from osint_desk.core.markdown_render import render_markdown


def test_markdown_is_rendered_and_sanitised() -> None:
    html = render_markdown(
        "**Bold** [ok](https://example.org) [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script><img src=\"http://tracker.example/x.png\">"
        "<a href=\"#\" onclick=\"steal()\">x</a>")
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "javascript:" not in html
    assert "<script" not in html and "alert(1)</script>" not in html
    assert "<img" not in html and "src=" not in html
    assert "onclick" not in html


def test_images_are_shown_as_blocked() -> None:
    html = render_markdown('![map of Bakhmut](https://tracker.example/map.png)\n\n'
                           '<img src="http://evil.example/p.gif" onerror="x()">')
    assert "<img" not in html and "onerror" not in html
    assert "[image not loaded: map of Bakhmut (tracker.example)]" in html
    assert "[image not loaded (evil.example)]" in html
