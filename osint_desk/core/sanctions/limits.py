"""Every limit the list importers and the list library enforce, in one place, with why.

A sanctions list comes from outside (a download, a colleague's USB stick), so nothing in it
may cost more than a small multiple of its own size. A file past a limit that makes it
unreadable is refused with ``ListFormatError`` naming the file, the line and the limit; one
over-long value of an entry (a name, an address) is cut, and the import report says so
(``ImportReport.warnings``). The figures for real entries (longest name, most aliases) were
measured on the published OFAC, UN, EU and OpenSanctions samples in the shared test data; file
sizes are rough sizes of the official downloads. The JSON limits are those of
``bounded_json``, shared with ``import-ftm``.
"""

from __future__ import annotations

from osint_desk.core.bounded_json import MAX_DEPTH as MAX_JSON_DEPTH
from osint_desk.core.bounded_json import MAX_LINE_BYTES as MAX_JSON_LINE_BYTES

__all__ = [
    "MAX_ALIASES", "MAX_CSV_BYTES", "MAX_CSV_COLUMNS", "MAX_CSV_FIELD_CHARS", "MAX_CSV_ROW_CHARS",
    "MAX_DATE_CHARS", "MAX_DELETION_CODE", "MAX_ENTRY_NAME_CHARS", "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH", "MAX_JSON_LINE_BYTES", "MAX_LINK_ENDS", "MAX_NAME_CHARS",
    "MAX_PHRASE_CHARS", "MAX_REF_CHARS", "MAX_REMARKS_CHARS", "MAX_VALUES", "MAX_VALUE_CHARS",
    "MAX_WARNINGS", "MAX_XML_BYTES",
]

# -- whole files ---------------------------------------------------------------------------

#: XML is parsed into a tree of about 5-10 times its size. The largest XML list read (EU FSF,
#: OFAC sdn.xml) is about 30 MB; 256 MiB is eight times that and still fits a laptop.
MAX_XML_BYTES = 256 * 2**20
#: CSV lists are read whole and their rows grouped by entry (about 20 times the file in
#: memory); the official ones are 5-30 MB.
MAX_CSV_BYTES = 256 * 2**20
#: FollowTheMoney lines are streamed but the targets are kept until the end (their sanctions
#: and addresses may come later); OpenSanctions' sanctions collection is well under 1 GiB.
MAX_JSON_BYTES = 2 * 2**30

# -- lines and fields ------------------------------------------------------------------------

#: Characters of one CSV field: ``csv.field_size_limit()``'s default, checked by the readers
#: themselves (that setting is process-wide and other libraries change it). A longer field
#: (real ones: 1,600 characters of OFAC remarks) is a damaged file.
MAX_CSV_FIELD_CHARS = 131_072
#: Characters of one CSV row (its lines, when quoted fields hold newlines); real rows are
#: under 20,000. The csv module builds a whole row in memory before it can be checked.
MAX_CSV_ROW_CHARS = 2**20
#: The EU FSF CSV has about 100 columns, the UK list 58; a row of more is not a list.
MAX_CSV_COLUMNS = 1_000
#: Ends of one FtM relationship taken for links (real ones have one owner and one asset);
#: links are pairs of ends, so this keeps one line from making millions of them.
MAX_LINK_ENDS = 100

# -- one entry -------------------------------------------------------------------------------

#: Characters of one name; longer ones are cut (with a warning). The longest real name is
#: 324 characters (UN). Blocking keys grow with a name's length, so this bounds the key rows
#: one name can add to the library.
MAX_NAME_CHARS = 1_000
#: Aliases of one entry; the rest are left out (with a warning). Real maximum: 95 (SDN); a
#: merged OpenSanctions entity has a few hundred.
MAX_ALIASES = 1_000
#: All names of one entry together; past it, further aliases are left out. Real entries have
#: at most about 5,000 characters of names.
MAX_ENTRY_NAME_CHARS = 100_000
#: Values of any other list field of an entry (addresses, identifiers, dates, programmes,
#: links, countries); real maximum about 100.
MAX_VALUES = 1_000
#: Characters of one such value; real addresses are under 200.
MAX_VALUE_CHARS = 2_000
#: Characters of an entry's remarks; real maximum about 3,300 (OpenSanctions notes).
MAX_REMARKS_CHARS = 100_000
#: Characters of an entry reference ("QDi.001", "NK-...", OFAC uid); a longer one cannot be
#: cut without risking two entries with one reference, so the entry is skipped.
MAX_REF_CHARS = 500
#: Warnings kept in one import report; the rest are counted.
MAX_WARNINGS = 50

# -- text the importers parse further ------------------------------------------------------

#: Characters of one ``;`` phrase of OFAC remarks parsed for dates and identifiers (real: under
#: 300); longer phrases stay in the remarks but are not parsed (regexes cost more than linear).
MAX_PHRASE_CHARS = 1_000
#: Characters of a date text examined ("circa 01 Jun 1961 to 1963" is 25).
MAX_DATE_CHARS = 100
#: Phonetic codes longer than this get no deletion keys (one per letter, each as long as the
#: code: the square of its length). The longest real code has 19 letters.
MAX_DELETION_CODE = 32
