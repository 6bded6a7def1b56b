"""One hit shown as the card and the listed entry side by side, with why they matched.

Everything shown comes from outside (card names, list entries) and is escaped: the panel
renders our own HTML table, never the content's markup, and loads nothing. ``escape`` also
gives controls and bidi overrides as visible marks (``core.safe_text.for_display``).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from osint_desk.core.countries import country_name
from osint_desk.core.model import AliasKind
from osint_desk.core.safe_text import for_display
from osint_desk.core.store.records import Entity
from osint_desk.core.store.screening_results import ScreeningHit
from osint_desk.ui.screening.models import STATUS_LABELS


def escape(text: str) -> str:
    """Outside text for our HTML: visible marks for controls, then HTML-escaped."""
    return html.escape(for_display(text))


_STYLE = """
<style>
 h3 { margin-bottom: 2px; }
 th { text-align: left; background-color: rgba(128, 128, 128, 40); }
 td { vertical-align: top; }
 td.what { color: #808080; white-space: nowrap; }
 .weak { color: #808080; }
 .prov { color: #808080; font-size: small; }
</style>"""


def _join(values: Any, weak: Any = ()) -> str:
    parts = [escape(str(v)) for v in values if str(v).strip()]
    parts += [f'<span class="weak">{escape(str(v))} (weak)</span>' for v in weak]
    return "; ".join(parts) or "—"


def _card_values(entity: Entity | None, key: str) -> list[str]:
    if entity is None:
        return []
    value = entity.attributes.get(key)
    values = value if isinstance(value, list) else [value] if value else []
    if key in ("nationality", "country", "jurisdiction", "citizenship"):
        return [f"{country_name(str(v))} ({v})" if len(str(v)) == 2 else str(v)
                for v in values]
    return [str(v) for v in values]


def hit_html(hit: ScreeningHit, entity: Entity | None) -> str:
    """The panel's document for one hit."""
    e = hit.entry
    strong = [a.name for a in entity.aliases if a.kind == AliasKind.STRONG] if entity else []
    list_strong = [a["name"] for a in e.get("aliases", []) if a.get("strength") == "strong"]
    list_weak = [a["name"] for a in e.get("aliases", []) if a.get("strength") != "strong"]
    countries = list(dict.fromkeys([*e.get("nationalities", []), *e.get("countries", []),
                                    *(a["country"] for a in e.get("addresses", [])
                                      if a.get("country"))]))
    addresses = [a["text"] for a in e.get("addresses", []) if a.get("text")]
    identifiers = [f"{i['kind']}: {i['value']}" + (f" ({i['country']})" if i.get("country")
                                                    else "") for i in e.get("identifiers", [])]
    card_countries = (_card_values(entity, "nationality") + _card_values(entity, "country")
                      + _card_values(entity, "jurisdiction"))
    rows = [
        ("Name", escape(hit.entity_name) + f' <span class="weak">({escape(hit.entity_type)})'
         "</span>", escape(e.get("name", hit.listed_name))
         + f' <span class="weak">({escape(str(e.get("schema", "")))})</span>'),
        ("Matched", f"<b>{escape(hit.query)}</b>", f"<b>{escape(hit.matched_name)}</b>"),
        ("Other names", _join(strong), _join([*e.get("original_script_names", []),
                                              *list_strong], list_weak)),
        ("Born", _join(_card_values(entity, "birthDate")), _join(e.get("birth_dates", []))),
        ("Countries", _join(card_countries), _join(countries)),
        ("Addresses", _join(_card_values(entity, "address")), _join(addresses)),
        ("Identifiers", "—", _join(identifiers)),
        ("Programs", "—", _join(e.get("programs", []))),
        ("Listed on", "—", escape(e.get("listed_on") or "—")),
        ("Linked to", "—", _join(e.get("links", []))),
        ("Remarks", "—", escape(e.get("remarks") or "—")),
    ]
    body = "".join(f'<tr><td class="what">{what}</td><td>{card}</td><td>{listed}</td></tr>'
                   for what, card, listed in rows)
    published = escape(hit.list_published or "publication date unknown")
    decision = STATUS_LABELS[hit.status]
    if hit.decided_at:
        decision += f" by {escape(hit.decided_by or '')} on {escape(hit.decided_at[:16])} UTC"
    if hit.note:
        decision += f" — {escape(hit.note)}"
    return (
        f"{_STYLE}<h3>{escape(hit.entity_name)} ↔ {escape(hit.authority)} "
        f"{escape(hit.entry_ref)} &nbsp; score {hit.score:.2f}</h3>"
        f"<p><b>{decision}</b></p>"
        f'<p class="why"><b>Why:</b> {escape(hit.explanation)}</p>'
        '<table class="cmp" width="100%" cellspacing="0" cellpadding="4">'
        "<tr><th></th><th>On the card</th><th>On the list</th></tr>"
        f"{body}</table>"
        f'<p class="prov">{escape(hit.list_name)} ({escape(hit.list_key)}), {published};'
        f" file SHA-256 {escape(hit.list_sha256)}; entry SHA-256"
        f" {escape(hit.entry_sha256)}</p>")


class ComparePanel(QTextBrowser):
    """Read-only; links and resources are never followed or fetched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Card and listed entry side by side")
        self.show_nothing()

    def show_nothing(self, text: str = "Select a hit to compare the card with the listed"
                     " entry.") -> None:
        self.setHtml(f'<p style="color: gray">{escape(text)}</p>')

    def show_hit(self, hit: ScreeningHit, entity: Entity | None) -> None:
        self.setHtml(hit_html(hit, entity))

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Nothing is ever loaded (no images, no style sheets)."""
        return None
