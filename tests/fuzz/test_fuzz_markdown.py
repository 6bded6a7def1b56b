"""Random Markdown and raw-HTML mixes through both renderers (issue 11).

For any note: rendering returns (no exception, within the time bound), the output is inert
(no element, attribute or link outside the report's set, checked with lxml rather than by
the sanitiser itself), and a sentinel paragraph written after the generated text survives.
"""

from __future__ import annotations

import re

from fuzz_support import expect_result_or_user_error, fuzz_settings
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from osint_desk.core.markdown_render import render_markdown
from osint_desk.core.report.html import body_html

SENTINEL = "zqxsentinelxqz"
ALLOWED = {"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "del", "code", "pre",
           "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table",
           "thead", "tbody", "tr", "th", "td", "sup", "sub", "abbr", "div", "section", "span"}
SAFE_ATTRIBUTES = {"href", "title", "id", "class", "align", "rel"}

TAGS = ["style", "template", "script", "noscript", "textarea", "title", "xmp", "iframe",
        "plaintext", "svg", "math", "mglyph", "malignmark", "img", "a", "b", "div", "p",
        "table", "object", "embed", "base", "meta", "link", "form", "select", "option",
        "noembed", "noframes", "frameset", "image", "video", "audio", "source", "details"]
ATTRIBUTES = [" onerror=alert(1)", " onload=x()", ' src="http://t.example/x"',
              " href=javascript:alert(1)", ' style="display:none"', " class=footnote",
              ' title="</style>"', " id=fn-1", " srcdoc='<script>x</script>'"]
MARKUP = ["<!--", "-->", "<![CDATA[", "]]>", "<![endif]-->", "<!--[if IE]>", "<?", "?>",
          "<!DOCTYPE html>", "&lt;", "&#60;", "&#x3C;", "&amp", "&", "<", ">", "</", "/>",
          "'", '"', "=", "\\"]
MARKDOWN = ["\n", "\n\n", "- ", "* ", "1. ", "> ", "    ", "\t", "```", "~~~", "`", "**",
            "*", "_", "__", "[", "]", "](", ")", "(", "![", "#", "## ", "|", "| --- |",
            "---", "===", "[^1]", "[^1]: ", "[x]: http://e.example", "<https://e.example>",
            "<mailto:a@b.example>", "javascript:alert(1)", "data:text/html,x", "[cite:x]",
            "\\[", "\u200b", "\u202e", "\x00", "\r", "\r\n"]


def _tag(name: str, attrs: list[str], closing: bool, unclosed: bool) -> str:
    tag = f"</{name}" if closing else f"<{name}{''.join(attrs)}"
    return tag if unclosed else tag + ">"


tags = st.builds(_tag, st.sampled_from(TAGS), st.lists(st.sampled_from(ATTRIBUTES), max_size=2),
                 st.booleans(), st.integers(0, 9).map(lambda n: n == 0))
nesting = st.builds(lambda marker, depth: "".join(f"{'  ' * i}{marker}x\n" for i in range(depth)),
                    st.sampled_from(["- ", "1. ", "> "]), st.integers(1, 150))
pieces = st.one_of(tags, st.sampled_from(MARKUP), st.sampled_from(MARKDOWN),
                   st.text(max_size=12), nesting)
notes = st.lists(pieces, max_size=40).map("".join)


def inert_problems(fragment: str) -> list[str]:
    problems = [f"tag {name}" for name in re.findall(r"<\s*/?\s*([A-Za-z][^\s/>]*)", fragment)
                if name.lower() not in ALLOWED]
    if "<!" in fragment or "<?" in fragment:
        problems.append("markup declaration or comment")
    root = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):
            problems.append("comment or processing instruction")
            continue
        problems += [f"element {element.tag}"] if element.tag not in ALLOWED else []
        for key, value in element.attrib.items():
            if key not in SAFE_ATTRIBUTES:
                problems.append(f"attribute {key} on {element.tag}")
            if key == "href" and not re.match(r"(https?:|mailto:|#)", value.strip(), re.I):
                problems.append(f"link {value!r}")
    return problems


def _check(render: object, note: str) -> None:
    assert callable(render)
    text = f"{note}\n\n{SENTINEL}\n"
    rendered = expect_result_or_user_error(lambda: render(text), seconds=10)
    assert isinstance(rendered, str), rendered
    assert inert_problems(rendered) == [], (note, rendered)
    words = lxml_html.fragment_fromstring(rendered, create_parent="div").text_content()
    assert SENTINEL in words, (note, rendered)


@fuzz_settings()
@given(notes)
def test_notes_render_inert_and_keep_what_follows(note: str) -> None:
    _check(render_markdown, note)


@fuzz_settings()
@given(notes)
def test_report_body_renders_inert_and_keeps_what_follows(note: str) -> None:
    _check(body_html, note)
