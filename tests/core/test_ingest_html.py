"""Saved web pages: main text without the clutter, metadata from the page, and no network."""

from __future__ import annotations

from pathlib import Path

import pytest

from osint_desk.core.dates import Precision
from osint_desk.core.ingest import read_source_file
from osint_desk.core.model import SourceKind

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BODY = (
    "<p>North Korea completed an initial weapons delivery to the Wagner Group, the White "
    "House said, adding that the shipment included infantry rockets and missiles.</p>"
    "<p>KCNA denied the report and called it a groundless rumour.</p>"
)


pytestmark = pytest.mark.usefixtures("no_network")  # tests/core/conftest.py


def _page(tmp_path: Path, head: str = "", body: str = BODY, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")
    return path


def test_news_article_text_keeps_paragraphs_and_drops_clutter() -> None:
    captured = read_source_file(FIXTURES / "news_article.html")
    text = captured.text
    assert "North Korea completed an initial weapons delivery to the Wagner Group" in text
    assert "denied the report and called it a groundless rumour" in text
    assert "linked to the Internet Research Agency" in text
    assert "Wagner Group | United States, European Union" in text  # tables are kept
    for clutter in (
        "NAV_WORLD_LINK",
        "Subscribe today",
        "ADVERT_TOP_BANNER",
        "ADVERT_INLINE_PROMO",
        "COOKIE_BANNER_TEXT",
        "Accept all cookies",
        "TRACKING_PIXEL_FIRED",
        "SCRIPT_SECRET_TOKEN",
        "min-height",
        "RELATED_STORY_ONE",
        "FOOTER_COPYRIGHT",
        "Privacy policy",
    ):
        assert clutter not in text, clutter
    assert "\r" not in text and not text.startswith("\n") and not text.endswith("\n")


def test_news_article_metadata() -> None:
    path = FIXTURES / "news_article.html"
    captured = read_source_file(path)
    assert captured.filename == "news_article.html"
    assert captured.kind is SourceKind.ARTICLE
    assert captured.media_type == "text/html"
    assert captured.original == path.read_bytes()
    assert captured.title == "North Korea delivered weapons to Wagner, White House says"
    assert captured.author == "Hana Kim"
    assert captured.outlet == "The Daily Ledger"
    assert captured.url == (
        "https://www.dailyledger.example/world/2022/12/22/north-korea-wagner-weapons"
    )
    assert captured.language == "en-GB"
    assert captured.published is not None
    assert captured.published.value == "2022-12-22T18:30:00+09:00"
    assert captured.published.precision is Precision.SECOND
    assert captured.published.utc() == "2022-12-22T09:30:00Z"
    assert captured.page_map is None
    assert captured.warnings == ()


def test_date_author_outlet_and_kind_from_json_ld_only() -> None:
    captured = read_source_file(FIXTURES / "jsonld_date.html")
    assert captured.published is not None
    assert captured.published.value == "2023-01-26T07:15:00+01:00"  # "+0100" normalised
    assert captured.kind is SourceKind.ARTICLE  # no og:type, no <article>: JSON-LD says so
    assert captured.outlet == "Nordkurier Beispiel"
    assert captured.author == "Jonas Weber"
    assert captured.title == "Sanktionen gegen Söldnergruppe verschärft"
    assert captured.url == "https://nordkurier.example/politik/wagner-sanktionen"
    assert captured.language == "de"
    assert "Pjöngjang bestreitet die Lieferungen" in captured.text
    assert "MENU_POLITIK" not in captured.text and "FOOTER_IMPRESSUM" not in captured.text


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<meta name="pubdate" content="2022-12-22T18:30:00+0900">',
            BODY,
            "2022-12-22T18:30:00+09:00",
        ),
        ('<meta name="DC.date.issued" content="2022-12-22">', BODY, "2022-12-22"),
        ('<meta name="dcterms.created" content="2022-12">', BODY, "2022-12"),
        (
            '<meta itemprop="datePublished" content="2022-12-22T09:30:00Z">',
            BODY,
            "2022-12-22T09:30:00Z",
        ),
        (
            "",
            f'<article><time datetime="2022-12-22 18:30 +09:00">Dec 22</time>{BODY}</article>',
            "2022-12-22T18:30+09:00",
        ),
        (
            '<meta name="date" content="Thu, 22 Dec 2022 18:30:00 +0900">',
            BODY,
            "2022-12-22T18:30:00+09:00",
        ),
        (
            '<script type="application/ld+json">[{"@type": "WebPage", "name": "x"}, '
            '{"@type": "Article", "datePublished": "2022-12-22T18:30:00.000+09:00"}]</script>',
            BODY,
            "2022-12-22T18:30:00+09:00",
        ),
        # The most explicit markup wins over JSON-LD and <time>.
        (
            '<meta property="article:published_time" content="2022-12-22T18:30:00+09:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-01-01"}</script>',
            f'<article><time datetime="2019-05-05">x</time>{BODY}</article>',
            "2022-12-22T18:30:00+09:00",
        ),
    ],
)
def test_publication_date_sources(tmp_path: Path, head: str, body: str, expected: str) -> None:
    captured = read_source_file(_page(tmp_path, head, body))
    assert captured.published is not None
    assert captured.published.value == expected
    assert captured.warnings == ()


def test_unparseable_dates_fall_back_to_trafilatura_day(tmp_path: Path) -> None:
    head = (
        '<meta name="pubdate" content="last Thursday">'
        '<link rel="canonical" href="https://news.example/2022/12/22/story.html">'
    )
    captured = read_source_file(_page(tmp_path, head))
    assert captured.published is not None
    assert captured.published.value == "2022-12-22"
    assert captured.published.precision is Precision.DAY
    assert any("estimated" in w for w in captured.warnings)


def test_dates_in_running_text_are_not_guessed(tmp_path: Path) -> None:
    body = BODY + "<p>The group was founded in 2014 and expanded in 2017.</p>"
    captured = read_source_file(_page(tmp_path, "<title>Profile</title>", body))
    assert captured.published is None


def test_plain_page_is_a_web_page(tmp_path: Path) -> None:
    head = "<title>About us - Example Org</title>"
    body = (
        "<div class='nav'><a href='/'>Home</a></div><div><h2>About us</h2>"
        "<p>Example Org is a research group that studies open-source intelligence methods "
        "and publishes guides for journalists and students.</p></div>"
    )
    captured = read_source_file(_page(tmp_path, head, body, name="about.htm"))
    assert captured.kind is SourceKind.WEB_PAGE
    assert captured.media_type == "text/html"
    assert "Example Org is a research group" in captured.text
    assert captured.url is None and captured.outlet is None and captured.published is None


def test_og_type_article_makes_an_article(tmp_path: Path) -> None:
    captured = read_source_file(_page(tmp_path, '<meta property="og:type" content="article">'))
    assert captured.kind is SourceKind.ARTICLE


def test_relative_canonical_is_not_invented_into_a_url(tmp_path: Path) -> None:
    captured = read_source_file(_page(tmp_path, '<link rel="canonical" href="/story/1">'))
    assert captured.url is None


def test_meta_charset_is_honoured(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="windows-1252"></head><body><p>Café über 5 €. {BODY}'
    path = tmp_path / "cp1252.html"
    path.write_bytes(html.encode("cp1252"))
    captured = read_source_file(path)
    assert "Café über 5 €." in captured.text
    assert captured.warnings == ()


def test_declared_windows_1252_reads_its_undefined_bytes_as_latin1(tmp_path: Path) -> None:
    html = b'<html><head><meta charset="windows-1252"></head><body><p>5 \x80 and \x81.</p>'
    path = tmp_path / "lenient.html"
    path.write_bytes(html + BODY.encode())
    captured = read_source_file(path)
    assert "5 € and" in captured.text  # the extractor drops the C1 control U+0081 itself
    assert captured.warnings == ()  # no "declares windows-1252 but is not valid" fallback


def test_latin1_label_means_windows_1252(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"</head><body><p>“Quoted” price: 5 €.</p>{BODY}</body></html>"
    )
    path = tmp_path / "latin1.html"
    path.write_bytes(html.encode("cp1252"))
    assert "“Quoted” price: 5 €." in read_source_file(path).text


def test_undeclared_legacy_encoding_is_guessed_and_reported(tmp_path: Path) -> None:
    html = f"<html><body><p>Café déjà vu, Müller zahlt 5 € für “Äpfel”.</p>{BODY}</body></html>"
    path = tmp_path / "guess.html"
    path.write_bytes(html.encode("cp1252"))
    captured = read_source_file(path)
    assert "Café déjà vu, Müller zahlt 5 € für “Äpfel”." in captured.text
    assert captured.warnings == ("encoding guessed as cp1252",)


def test_utf16_page_with_bom(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="utf-16"></head><body><p>Пхеньян отрицает.</p>{BODY}'
    path = tmp_path / "utf16.html"
    path.write_bytes(b"\xff\xfe" + html.replace("\n", "\r\n").encode("utf-16-le"))
    captured = read_source_file(path)
    assert "Пхеньян отрицает." in captured.text
    assert "\ufeff" not in captured.text


def test_page_resources_and_entities_are_never_fetched(tmp_path: Path) -> None:
    html = (
        '<?xml version="1.0"?><!DOCTYPE html SYSTEM "http://dtd.example/x.dtd" '
        '[<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<html><head><link rel="stylesheet" href="http://css.example/a.css">'
        '<script src="http://js.example/a.js"></script></head>'
        '<body><img src="http://img.example/pixel.gif"><iframe src="http://frame.example/">'
        f"</iframe><p>Entity: &xxe; stays unresolved.</p>{BODY}</body></html>"
    )
    path = tmp_path / "hostile.html"
    path.write_text(html)
    captured = read_source_file(path)  # the autouse fixture fails on any connection
    assert "root:" not in captured.text
    assert "groundless rumour" in captured.text


def test_a_page_that_is_just_a_url_is_not_downloaded(tmp_path: Path) -> None:
    # htmldate downloads a *string* that looks like a URL; we only ever hand over a tree.
    path = tmp_path / "link.html"
    path.write_text("https://news.example/2022/12/22/story")
    captured = read_source_file(path)
    assert captured.text == "https://news.example/2022/12/22/story"


def test_json_ld_authors_and_publisher_when_meta_is_missing(tmp_path: Path) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "ReportageNewsArticle", '
        '"author": [{"@type": "Person", "name": "Jane Roe"}, {"@type": "Person", '
        '"name": "John Doe"}], "publisher": {"@type": "Organization", "name": "The Ledger"}}'
        "</script>"
    )
    captured = read_source_file(_page(tmp_path, head))
    assert captured.author == "Jane Roe, John Doe"
    assert captured.outlet == "The Ledger"
    assert captured.kind is SourceKind.ARTICLE


def test_site_name_is_kept_as_the_page_writes_it(tmp_path: Path) -> None:
    # trafilatura would title-case this to "Ledger"; the page's own spelling is the record.
    head = '<meta property="og:site_name" content="ledger">'
    assert read_source_file(_page(tmp_path, head)).outlet == "ledger"


def test_broken_json_ld_is_ignored(tmp_path: Path) -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", oops</script>'
    captured = read_source_file(_page(tmp_path, head))
    assert "groundless rumour" in captured.text
    assert captured.published is None


@pytest.mark.parametrize(("head", "body", "author"), [
    ("", "<article><span class='author'>Фото из Инстаграма Лукаша Подольски</span>"
     f"{BODY}</article>", None),
    ("<meta name='author' content='孔德明'>",
     f"<article><div class='editor'>责任编辑：孔德明</div>{BODY}</article>", "孔德明"),
    ("", f"<article>{BODY}<div>责任编辑： 焦鹏 </div></article>", "焦鹏"),
    ("<meta property='og:site_name' content='BBC News'><meta name='author' content='BBC News'>",
     f"<article>{BODY}</article>", None),
    ("<meta name='author' content='Rob Picheta, CNN'><meta property='og:site_name' "
     "content='CNN'>", f"<article>{BODY}</article>", "Rob Picheta"),
    ("<meta property='og:site_name' content='tagesschau.de'>",
     "<article><p class='autorenzeile'>Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt "
     "Strunz, "
      "NDR</p>{BODY}</article>", "Volkmar Kabisch, Jan Lukas Strozyk, Benedikt Strunz, NDR"),
    ("<meta property='article:author' content='https://www.facebook.com/bbcnews'>",
     f"<article><p class='byline'>Photo: Getty Images</p>{BODY}</article>", None),
])
def test_the_author_is_a_name_never_a_caption_label_or_the_outlet(
        tmp_path: Path, head: str, body: str, author: str | None) -> None:
    assert read_source_file(_page(tmp_path, head, body)).author == author


@pytest.mark.parametrize(("head", "h1", "title"), [
    ("<title>Bohren, bis es heiß wird | ZEIT ONLINE</title><meta property='og:site_name' "
     "content='ZEIT ONLINE'>", "<h1><span class='article-heading__kicker'>Klimaschutz</span>"
     "<span class='article-heading__title'>Bohren, bis es heiß wird</span></h1>",
     "Bohren, bis es heiß wird"),
    ("<title>武汉的声音：有英勇的你，才有英雄的城！-新华网</title>", "",
     "武汉的声音：有英勇的你，才有英雄的城！"),
    ("<title>AI Can Do Great Things | WIRED</title><meta property='og:site_name' content='Wired'>",
     "<h1>WIRED</h1>", "AI Can Do Great Things"),
    ("<title>x</title><meta property='og:title' content='NEWS WEB EASY|子どもへの法律ができる'>"
     "<meta property='og:site_name' content='NEWS WEB EASY'>",
     "<h1><ruby>子<rt>こ</rt></ruby>どもへの法律ができる</h1>", "子どもへの法律ができる"),
    ("<title>Brexit vote fails again | Politics | The Guardian</title>", "<h1>Politics</h1>",
     "Brexit vote fails again | Politics | The Guardian"),
])
def test_the_title_is_the_headline_without_site_name_kicker_or_ruby(
        tmp_path: Path, head: str, h1: str, title: str) -> None:
    captured = read_source_file(_page(tmp_path, head, f"<article>{h1}{BODY}</article>"))
    assert captured.title == title
