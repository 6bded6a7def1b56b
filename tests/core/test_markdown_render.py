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
    assert "<img" not in html and "tracker.example" not in html
    assert "onclick" not in html
