"""The case's map as SVG, without Qt: the report's "Map" figure.

The same projection as the map view (``DEFAULT_PROJECTION``), cropped to the inhabited
latitudes, countries filled in grey with the countries of the case's cards shaded, a marker
per located card coloured by FtM type (the view's colours, ``ui/chart/style.py``) with its
name, and the two notes every map carries: borders without a position on disputed territory,
and the data's credits. SVG Tiny only (Qt's renderer draws the PDF and ODT copies): no CSS, no
``paint-order``. Every text is escaped, since names come from the case. Deterministic.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from osint_desk.core.geo.basemap import ATTRIBUTION, DISPUTED_BORDERS_NOTE, Basemap
from osint_desk.core.geo.case_map import MapCard
from osint_desk.core.geo.projection import DEFAULT_PROJECTION, Projection

WIDTH = 960.0
#: The latitudes shown: the inhabited world, without the stretched polar Mercator edges.
NORTH, SOUTH = 78.0, -58.0
LABEL_CHARS = 30
MAX_LABELS = 60  # beyond this, markers only: names would cover the map
LAND, SHADED, BORDER, SEA = "#e4e6ea", "#f2c18d", "#ffffff", "#f5f8fb"
#: FtM type → marker colour, as ``ui/chart/style.TYPE_LOOK`` has them (core has no Qt).
TYPE_COLOURS = {
    "Person": "#3b73c4", "Organization": "#16877d", "Company": "#c07a12",
    "PublicBody": "#7a4fb8", "LegalEntity": "#5f6b7a", "Vessel": "#1689b4",
    "Airplane": "#2f8fa8", "Asset": "#8a6d3b", "Event": "#c2412d", "Address": "#3f8f3a",
}
OTHER_COLOUR = "#6b7280"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


class _Frame:
    """Plane → picture: the world's width across ``WIDTH``, the latitudes cropped."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        west, _, east, _ = projection.bounds
        _, top = projection.forward(0.0, NORTH)
        _, bottom = projection.forward(0.0, SOUTH)
        self.left, self.top = west, top
        self.scale = WIDTH / (east - west)
        self.height = (bottom - top) * self.scale

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.projection.forward(lon, lat)
        return (x - self.left) * self.scale, (y - self.top) * self.scale


def _country_path(frame: _Frame, rings: Sequence[Sequence[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        points = [frame.point(lon, lat) for lon, lat in ring]
        kept = [points[0]]
        for x, y in points[1:]:  # a 1:50m ring has more points than a figure shows
            if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= 1.2:
                kept.append((x, y))
        if len(kept) >= 3:
            parts.append("M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + " Z")
    return " ".join(parts)


def map_svg(basemap: Basemap, cards: Collection[MapCard], shaded: Collection[str], *,
            title: str = "", projection: Projection = DEFAULT_PROJECTION) -> str:
    """The drawing: *cards* with a position become markers, *shaded* country codes (lower
    or upper case) are filled in the shading colour."""
    frame = _Frame(projection)
    width, height = WIDTH, frame.height
    notes_height = 40.0
    wanted = {code.upper() for code in shaded}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny"'
           f' width="{width:.0f}" height="{height + notes_height:.0f}"'
           f' viewBox="0 0 {width:.0f} {height + notes_height:.0f}">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    out.append(f'<rect x="0" y="0" width="{width:.0f}" height="{height:.1f}" fill="{SEA}"/>')
    for country in basemap:
        path = _country_path(frame, country.rings)
        if not path:
            continue
        fill = SHADED if country.code in wanted else LAND
        out.append(f'<path d="{path}" fill="{fill}" fill-rule="evenodd" stroke="{BORDER}"'
                   f' stroke-width="0.5"/>')
    located = sorted((c for c in cards if c.located), key=lambda c: (c.name.casefold(), c.id))
    for card in located:
        assert card.lon is not None and card.lat is not None
        x, y = frame.point(card.lon, card.lat)
        colour = TYPE_COLOURS.get(card.type, OTHER_COLOUR)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"'
                   f' stroke="#ffffff" stroke-width="1.5"/>')
    if len(located) <= MAX_LABELS:
        for card in located:
            assert card.lon is not None and card.lat is not None
            x, y = frame.point(card.lon, card.lat)
            body = escape(_short(card.name))
            common = f'x="{x + 7:.1f}" y="{y + 4:.1f}" font-size="11"'
            out.append(f'<text {common} fill="#ffffff" stroke="#ffffff"'
                       f' stroke-width="3">{body}</text>'
                       f'<text {common} fill="#1f2328">{body}</text>')
    for number, note in enumerate((DISPUTED_BORDERS_NOTE, ATTRIBUTION)):
        out.append(f'<text x="4" y="{height + 15 + 16 * number:.1f}" font-size="10"'
                   f' fill="#5b6470">{escape(note)}</text>')
    out.append("</svg>")
    return "\n".join(out)
