"""The case's map in the report: the drawing, and a table of the places it shows.

The section carries the figure marker ``{{chart:case-map}}`` (``figures.MAP_FIGURE_ID``), so
the drawing is made fresh from the case when the report is written, like a chart's:
``map_figures`` draws it (``core.geo.svg``) when the text marks it, and the renderers put it
where the marker is. Empty when no card of the case has a position or a country.
"""

from __future__ import annotations

from osint_desk.core.countries import country_name
from osint_desk.core.geo.basemap import ATTRIBUTION, DISPUTED_BORDERS_NOTE, load_basemap
from osint_desk.core.geo.case_map import CaseMap, load_case_map
from osint_desk.core.geo.svg import map_svg
from osint_desk.core.report.figures import FIGURE, MAP_FIGURE_ID, Figure, marker
from osint_desk.core.report.mdtext import cell, text
from osint_desk.core.store import CaseStore

MAP_TITLE = "Places of the case"


def map_figures(store: CaseStore, markdown: str) -> dict[str, Figure]:
    """The map's drawing when the text marks it, else nothing (the basemap is not read)."""
    if MAP_FIGURE_ID not in FIGURE.findall(markdown or ""):
        return {}
    case_map = load_case_map(store)
    svg = map_svg(load_basemap(), case_map.located, case_map.shaded(), title=MAP_TITLE)
    return {MAP_FIGURE_ID: Figure(MAP_TITLE, svg)}


def map_section(store: CaseStore) -> str:
    """## Map: the drawing, the located cards with their coordinates, the shaded countries."""
    case_map = load_case_map(store)
    located = sorted(case_map.located, key=lambda c: c.name.casefold())
    shaded = case_map.shaded()
    if not located and not shaded:
        return ""
    lines = ["## Map", "", marker(MAP_FIGURE_ID), "",
             f"*{text(DISPUTED_BORDERS_NOTE)} {text(ATTRIBUTION)}*", ""]
    if located:
        lines += ["| Card | Type | Country | Latitude | Longitude |", "|---|---|---|---|---|"]
        for card in located:
            country = ", ".join(country_name(code.upper()) for code in card.countries) or "—"
            lines.append(f"| {cell(card.name)} | {cell(card.type)} | {cell(country)}"
                         f" | {card.lat:.4f} | {card.lon:.4f} |")
        lines.append("")
    lines += [_shaded_line(case_map, shaded), ""]
    return "\n".join(lines)


def _shaded_line(case_map: CaseMap, shaded: dict[str, list[str]]) -> str:
    if not shaded:
        return "*No card names a country.*"
    parts = []
    for code in sorted(shaded, key=lambda c: country_name(c.upper()).casefold()):
        names = sorted(case_map.cards[c].name for c in shaded[code])
        parts.append(f"{text(country_name(code.upper()))} ({text(', '.join(names))})")
    return "Countries shaded, with the cards that name them: " + "; ".join(parts) + "."
