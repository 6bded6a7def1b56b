"""Every bound ingest puts on a file, in one place, each with the reason for its value.

A file to import is hostile input until read (issue 11): a small file can still ask for hours
of work (one 50 MB content stream shared by 2,000 PDF pages) or for quadratic parsing (a
2-million-element JSON-LD array). Each bound below either refuses the file with an
``IngestError`` naming the limit, or, for page metadata, drops what is over the limit and keeps
the body (a page is still useful without its metadata) with a warning.
"""

from __future__ import annotations

_MIB = 1024 * 1024

#: Any file, checked with stat before it is read. PDFs are the big ones (scans, embedded
#: images); 64 MiB keeps a whole file, its stored copy and its parse comfortably in memory.
MAX_FILE_BYTES = 64 * _MIB

#: A .txt or .md file, and the text any source may yield. The store holds a source's text
#: several times over while importing it (hash, search index, audit row) and the reader shows
#: it whole, so a 63 MB text took 1 GB to import. 16 MiB is about 8,000 pages of prose, more
#: than any single document an analyst cites; a bigger dump should be split first.
MAX_TEXT_BYTES = 16 * _MIB
MAX_TEXT_CHARS = MAX_TEXT_BYTES

#: One JSON-LD (or settings+json) block. Real ones are a few KB, 100 KB with a full
#: ``articleBody``; trafilatura's fallback regexes are quadratic in a broken block's size (a
#: 2 MB one ran for over 6 minutes). Larger blocks are removed before trafilatura sees the page.
MAX_JSON_LD_CHARS = 512 * 1024
#: Blocks that are not valid JSON go to those regexes; 16 KB of them in all (per page) take
#: under 0.1 s, and a broken block that large has nothing left worth salvaging.
MAX_BROKEN_JSON_LD_CHARS = 16 * 1024
#: All JSON-LD of one page together, and how many blocks we read.
MAX_JSON_LD_TOTAL_CHARS = 1024 * 1024
MAX_JSON_LD_BLOCKS = 64
#: Values (objects, arrays, scalars) in one block. A news article's graph has tens to a few
#: hundred; a product catalogue maybe thousands. Walking more is where quadratic time hid.
MAX_JSON_LD_NODES = 20_000
#: Nesting of a JSON-LD block; real graphs are under 10 deep. Deeper ones are refused as
#: metadata, well before any recursive walker (ours, trafilatura's) nears Python's limit.
MAX_JSON_LD_DEPTH = 32

#: ``<meta>`` elements read from one page (real pages have tens) and the length kept of each
#: ``content`` (a date, a title or a description never needs more).
MAX_META_TAGS = 1_000
MAX_META_CONTENT_CHARS = 4_096
#: Elements offered as a publication date (``itemprop=datePublished``, ``<time>`` in an
#: article): the first one that parses wins, and a real page has a handful.
MAX_DATE_CANDIDATES = 100

#: Elements of one page. trafilatura's main extractor grows faster than linearly with the
#: tree (100,000 paragraphs: 20 s, 400,000: over 5 minutes); the 40 real-world pages of the
#: shared data have at most 3,100 elements, and 30,000 read in about 3 s at worst. A page over
#: it is refused (save it as text or PDF instead).
MAX_HTML_ELEMENTS = 30_000
#: Block elements (justext's paragraph tags) up to which trafilatura may run its fallback
#: extractors, readability and justext. justext compares each short block with its
#: neighbours, quadratic in a run of them (30,000 short divs: 93 s, 5,000: 3 s); real pages
#: have at most 1,300. Past it the page is read in trafilatura's fast mode, with a warning.
MAX_HTML_FALLBACK_BLOCKS = 5_000

#: Pages of one PDF. Long reports run to a few hundred pages, court bundles to a couple of
#: thousand; 3,000 pages of text also stays within the time limit below.
MAX_PDF_PAGES = 3_000
#: Decompressed content-stream bytes text extraction may parse, summed over pages (a stream
#: shared by many pages counts once per page, as it is parsed once per page). Text-heavy pages
#: have 5-50 KB each, so 128 MiB covers thousands of dense pages; pypdf keeps the decoded
#: streams in memory while it reads the document, so this also bounds memory.
MAX_PDF_CONTENT_BYTES = 128 * _MIB
#: One decompressed stream (pypdf's own bound, lowered from its 75 MB default): a page's
#: contents past 32 MiB are vector art, not text.
MAX_PDF_STREAM_BYTES = 32 * _MIB
#: Operands and operators pypdf may parse in one content stream (its default, 2 million, took
#: 25 s and 300 MB for one page); dense text pages have tens of thousands. A page over it is
#: skipped with a warning (a detailed map or chart), not the whole PDF.
MAX_PDF_STREAM_OPERATIONS = 250_000
#: Wall time for one PDF's text extraction, checked between content-stream operators. pypdf
#: reads 20-100 ordinary pages a second, so 60 s is over a thousand pages, and an import
#: (CLI or GUI worker) is never held for longer by one file.
MAX_PDF_SECONDS = 60.0


def megabytes(size: int) -> str:
    """``200 MB``, ``64 MB``, ``1.5 MB``, ``0.01 MB``: readable without hiding small limits."""
    value = size / _MIB
    text = f"{value:.1f}" if value >= 1 else f"{value:.2g}"
    return f"{text.removesuffix('.0')} MB"
