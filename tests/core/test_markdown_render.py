from __future__ import annotations

from lxml import html as lxml_html

from osint_desk.core.markdown_render import inert_problems, render_markdown


def _text(rendered: str) -> str:
    return lxml_html.fragment_fromstring(rendered, create_parent="div").text_content()


def test_markdown_is_rendered_and_sanitised() -> None:
    html = render_markdown(
        "**Bold** [ok](https://example.org) [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script><img src=\"http://tracker.example/x.png\">"
        "<a href=\"#\" onclick=\"steal()\">x</a>")
    assert "<strong>Bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert inert_problems(html) == []
    # Raw HTML is shown as the text it is (escaped), never as markup: no script element, no
    # image, no handler — the words stay visible.
    doc = lxml_html.fragment_fromstring(html, create_parent="div")
    assert not doc.xpath("//script|//img|//@onclick|//@src")
    assert "javascript:" not in "".join(doc.xpath("//@href"))
    assert '<script>alert(1)</script><img src="http://tracker.example/x.png">' in _text(html)


def test_images_are_shown_as_blocked() -> None:
    html = render_markdown('![map of Bakhmut](https://tracker.example/map.png)\n\n'
                           '<img src="http://evil.example/p.gif" onerror="x()">')
    assert "<img" not in html and inert_problems(html) == []
    assert "[image not loaded: map of Bakhmut (tracker.example)]" in html
    # A raw <img> is text now (it was never loaded): shown as typed, so the reader sees it.
    assert '<img src="http://evil.example/p.gif" onerror="x()">' in _text(html)
