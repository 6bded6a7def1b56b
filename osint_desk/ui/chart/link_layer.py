"""Every link of the chart drawn in one item: lines batched by pen, arrows by colour, labels
only where exposed.

A chart of 5,000 links painted as 5,000 items costs a Python ``paint`` call, a painter state
and an antialiased stroke per link on every frame (about 0.25 s per full repaint at a
readable zoom on a 2-core machine); batched it is a few ``drawLines`` calls, and the batches
are made once per change of the links (``forget``), not per frame: a pan step repaints a
strip, and Qt clips the batches to it. The ``LinkItem``s
stay in the scene for selection, hovering and hit tests, with ``ItemHasNoContents``; the
layer reads their geometry and draws the selected ones on top, in the selection colour.

Past ``DENSE_LINKS`` a chart is crowded: at reading zoom a 5,000-link chart put 2,500 labels
in one window, on top of each other — unreadable, and 130 ms a frame. Then a label is drawn
only where it does not cover one drawn before it, the links with the most evidence first
(contradicted ones before them): ``legible_labels`` decides once per change of the links,
in scene units, so the same labels show at every zoom and in every part of a repaint.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import cast

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from osint_desk.ui.chart import style
from osint_desk.ui.chart.link_item import COUNT_SIZE, LABEL_SIZE, LINK_Z, LinkItem

DENSE_LINKS = 1500  # links on a chart past which they are drawn without antialiasing
NO_BRUSH, NO_PEN = Qt.BrushStyle.NoBrush, Qt.PenStyle.NoPen
CENTRED = Qt.AlignmentFlag.AlignCenter
ANTIALIASING = QPainter.RenderHint.Antialiasing
WHITE = QColor("#ffffff")
REACH = 1e6  # scene units: the layer covers any place a link can be dragged to
LABEL_CELL = 120.0  # scene units: the grid that finds overlapping labels
LABEL_ROOM = 6.0  # scene units kept free around a drawn label on a crowded chart
TILE = 1500.0  # scene units: links are batched by the square their middle is in
PenKey = tuple[int | None, bool, bool]  # confidence, contradicted, selected
Coords = tuple[float, float, float, float]  # left, top, right, bottom
_Batch = tuple[dict[PenKey, QPen], dict[PenKey, list[QLineF]], dict[PenKey, QPainterPath],
               dict[int, QPainterPath]]


def _empty() -> _Batch:
    return {}, defaultdict(list), defaultdict(QPainterPath), defaultdict(QPainterPath)


@dataclass(slots=True)
class _Tile:
    """The unselected links whose middle is in one square of ``TILE`` scene units, batched;
    *bounds* holds all of them, so a paint skips the tiles it does not expose."""

    bounds: QRectF
    batch: _Batch


class _LabelFitter:
    """The greedy pass of ``legible_labels``: links by evidence (contradicted first), each
    label kept when it (with ``LABEL_ROOM`` around it) covers none kept before it."""

    def __init__(self, links: Iterable[LinkItem]) -> None:
        self.ranked = sorted(links, key=lambda item: (
            -item.link.contradicts, -(item.link.supports + item.link.contradicts),
            item.link.id))
        self._taken: dict[tuple[int, int], list[Coords]] = defaultdict(list)
        self._kept: list[str] = []

    def fit(self, first: int, end: int) -> None:
        taken, cell = self._taken, LABEL_CELL
        for item in self.ranked[first:end]:  # in plain numbers, not Qt calls: 4× faster
            left, top, right, bottom = cast(Coords, item.label_rect.adjusted(
                -LABEL_ROOM, -LABEL_ROOM, LABEL_ROOM, LABEL_ROOM).getCoords())
            cells = [(x, y) for x in range(int(left // cell), int(right // cell) + 1)
                     for y in range(int(top // cell), int(bottom // cell) + 1)]
            if any(left < r and ol < right and top < b and ot < bottom
                   for c in cells for ol, ot, r, b in taken.get(c, ())):
                continue
            for c in cells:
                taken[c].append((left, top, right, bottom))
            self._kept.append(item.link.id)

    def kept(self) -> frozenset[str]:
        return frozenset(self._kept)


class LinkLayer(QGraphicsItem):
    def __init__(self, links: Mapping[str, LinkItem], palette: style.Palette) -> None:
        super().__init__()
        self.links = links  # the scene's dict, read at each paint
        self.colours = palette
        self.setZValue(LINK_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._bounds = QRectF(-REACH, -REACH, 2 * REACH, 2 * REACH)
        self._legible: frozenset[str] | None = None  # see legible_labels; None: not known
        # The lines, curves and arrows of every link batched by pen (unselected ones by tile,
        # selected ones),
        # and the hairlines seen from far out: made at the first paint after a change.
        self._near: tuple[dict[tuple[int, int], _Tile], _Batch] | None = None
        self._far: list[tuple[QPen, list[QLineF]]] | None = None
        self._made = 0  # counts forget(): batches being made in steps are for this one

    def forget(self, *, moved: bool = True) -> None:
        """A link was selected or not (or, *moved*, it moved, came or went, or the colours
        changed): its batches, and which labels fit, are made again at the next paint."""
        self._near = self._far = None
        self._made += 1
        if moved:
            self._legible = None

    def fit_label_steps(self, size: int = 1500) -> list[Callable[[], None]]:
        """``legible_labels`` decided *size* links at a time, as turns of a large sync (all
        of it in one turn took up to 80 ms at 5,000 links); a change meanwhile makes the
        rest do nothing, and the next paint decides anew."""
        if len(self.links) <= DENSE_LINKS:
            return []
        made = self._made
        fitter = _LabelFitter(self.links.values())

        def part(first: int) -> None:
            if self._made == made:
                fitter.fit(first, first + size)

        def done() -> None:
            if self._made == made:
                self._legible = fitter.kept()

        return [partial(part, first) for first in range(0, len(fitter.ranked), size)] + [done]

    def prepare(self) -> None:
        """Make the batches now, if a change forgot them."""
        if self._near is None:
            plain: dict[tuple[int, int], _Tile] = {}
            chosen = _empty()
            for link in self.links.values():
                self._sort(plain, chosen, link)
            self._near = (plain, chosen)

    def _sort(self, plain: dict[tuple[int, int], _Tile], chosen: _Batch,
              link: LinkItem) -> None:
        """A selected link into *chosen*; any other into the tile of its middle."""
        if link.isSelected():
            self._add(chosen, link)
            return
        bounds = link.bounds
        middle = bounds.center()
        key = (int(middle.x() // TILE), int(middle.y() // TILE))
        tile = plain.get(key)
        if tile is None:
            tile = plain[key] = _Tile(QRectF(bounds), _empty())
        else:
            tile.bounds = tile.bounds.united(bounds)
        self._add(tile.batch, link)

    def prepare_steps(self, size: int = 1000) -> list[Callable[[], None]]:
        """The batches made *size* links at a time, as turns of a large sync; a change
        meanwhile (``forget``) makes the rest do nothing and the paint make them anew."""
        links = list(self.links.values())
        plain: dict[tuple[int, int], _Tile] = {}
        chosen = _empty()
        made = self._made

        def part(first: int) -> None:
            if self._made == made:
                for link in links[first:first + size]:
                    self._sort(plain, chosen, link)

        def done() -> None:
            if self._made == made:
                self._near = (plain, chosen)

        return [partial(part, first) for first in range(0, len(links), size)] + [done]

    def legible_labels(self) -> frozenset[str] | None:
        """The links whose label is drawn on a crowded chart (None: every one)."""
        if len(self.links) <= DENSE_LINKS:
            return None
        if self._legible is None:
            fitter = _LabelFitter(self.links.values())
            fitter.fit(0, len(fitter.ranked))
            self._legible = fitter.kept()
        return self._legible

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return QPainterPath()  # never hit: clicks go to the links and nodes

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if not self.links:
            return
        exposed = option.exposedRect
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        if detail < style.LABEL_MIN_DETAIL / 2:  # far out: hairlines, one call per colour
            if self._far is None:
                self._far = self._hairlines()
            for pen, lines in self._far:
                painter.setPen(pen)
                painter.drawLines(lines)
            return
        dense = detail < 1.0 and len(self.links) > DENSE_LINKS
        if dense:  # thousands of links: smooth edges would cost more than they show
            painter.setRenderHint(ANTIALIASING, False)
        self.prepare()
        assert self._near is not None
        tiles, selected = self._near
        for tile in tiles.values():  # the tiles in view; Qt clips them to the exposed part
            if tile.bounds.intersects(exposed):
                self._draw_lines(painter, tile.batch)
        self._draw_lines(painter, selected)  # the selected ones over the others
        if dense:
            painter.setRenderHint(ANTIALIASING, True)
        if detail < style.LABEL_MIN_DETAIL:
            return
        legible = self.legible_labels()
        candidates = self.links.values() if legible is None else [
            self.links[key] for key in legible if key in self.links]
        scene = self.scene()
        # A selected link always says what it is, on top of the others (asked of the
        # scene's few selected items, not of 5,000 links).
        chosen = [item for item in (scene.selectedItems() if scene is not None else ())
                  if isinstance(item, LinkItem)]
        picked = {id(link) for link in chosen}
        for link in candidates:
            if id(link) not in picked and link.label_rect.intersects(exposed):
                self._draw_label(painter, link)
        for link in chosen:
            if link.label_rect.intersects(exposed):
                self._draw_label(painter, link)

    def _hairlines(self) -> list[tuple[QPen, list[QLineF]]]:
        pal = self.colours
        by_colour: dict[int, list[QLineF]] = defaultdict(list)
        pens: dict[int, QPen] = {}
        for link in self.links.values():
            pen = style.hairline(style.link_pen(pal, link.link.confidence,
                                                link.contradicted, link.isSelected()))
            key = pen.color().rgba()
            pens[key] = pen
            by_colour[key].append(link.ends)
        return [(pens[key], lines) for key, lines in by_colour.items()]

    def _add(self, batch: _Batch, link: LinkItem) -> None:
        """*link*'s line or curve and arrow into *batch*, grouped by pen."""
        pens, lines, curves, arrows = batch
        key = (link.link.confidence, link.contradicted, link.isSelected())
        pen = pens.get(key)
        if pen is None:
            pen = pens[key] = style.link_pen(self.colours, *key)
        if link.offset:
            curves[key].addPath(link.path)
        else:
            lines[key].append(link.ends)
        arrows[pen.color().rgba()].addPolygon(link.arrow)

    @staticmethod
    def _draw_lines(painter: QPainter, batch: _Batch) -> None:
        pens, lines, curves, arrows = batch
        painter.setBrush(NO_BRUSH)
        for key, pen in pens.items():
            painter.setPen(pen)
            if key in lines:
                painter.drawLines(lines[key])
            if key in curves:
                painter.drawPath(curves[key])
        painter.setPen(NO_PEN)
        for rgba, path in arrows.items():
            painter.setBrush(QColor.fromRgba(rgba))
            painter.drawPath(path)

    def _draw_label(self, painter: QPainter, link: LinkItem) -> None:
        pal = self.colours
        selected = link.isSelected()
        painter.setPen(pal.contradicted if link.contradicted and not selected else NO_PEN)
        painter.setBrush(pal.selected if selected else pal.label_back)
        rect = link.label_rect
        painter.drawRoundedRect(rect, 3, 3)
        text = pal.text if not selected else WHITE
        painter.setPen(text)
        painter.setFont(link.font)
        line = style.line_height(LABEL_SIZE)
        style.draw_centred(painter, QRectF(rect.left(), rect.top() + 1, rect.width(), line),
                           style.static_text(link.predicate, LABEL_SIZE))
        if link.counts:
            painter.setFont(style.label_font(COUNT_SIZE, bold=True))
            painter.setPen(pal.contradicted if link.contradicted and not selected else text)
            style.draw_centred(painter, QRectF(rect.left(), rect.top() + 1 + line,
                                               rect.width(), rect.height() - 1 - line),
                               style.static_text(link.counts, COUNT_SIZE, bold=True))
