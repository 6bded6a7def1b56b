"""A card (or a collapsed group of cards) on the chart: a shape by FtM type with its letter,
the name underneath, an authority badge when sanctioned, a "+N" badge for neighbours not on
the chart yet, and a pin when layouts must leave it alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from osint_desk.core.safe_text import for_display
from osint_desk.ui.chart import style

if TYPE_CHECKING:
    from osint_desk.ui.chart.group_item import GroupFrame
    from osint_desk.ui.chart.link_item import LinkItem

LABEL_WIDTH = 150.0
BADGE_SIZE = 7.0  # points
NAME_SIZE = 9.0  # points
# Made once: combining Qt's enum flags in Python costs more than the item itself.
NODE_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsMovable
              | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
              | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
              | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
POSITION_CHANGED = QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
WHITE = QColor("#ffffff")
WRAP_CENTRED = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
NODE_Z = 10.0
CARD, GROUP = "card", "group"


@dataclass(frozen=True)
class NodeLook:
    """What a node item shows; the scene makes one from a ``NodeRow`` or a group."""

    key: str  # card id or group id
    kind: str  # CARD or GROUP
    name: str
    schema: str  # FtM type ("" for a group)
    mentions: int = 0
    authorities: tuple[str, ...] = ()
    hidden_neighbours: int = 0
    pinned: bool = False
    members: int = 0  # of a group


def _tooltip(look: NodeLook) -> str:
    if look.kind == GROUP:
        return f"Group “{look.name}”: {look.members} cards (double-click to open)"
    lines = [look.name, style.type_label(look.schema),
             f"Mentioned in {look.mentions} excerpt{'s' * (look.mentions != 1)}"]
    if look.authorities:
        lines.append(f"Sanctioned: {', '.join(look.authorities)}")
    if look.hidden_neighbours:
        lines.append(f"{look.hidden_neighbours} linked card"
                     f"{'s' * (look.hidden_neighbours != 1)} not on the chart")
    if look.pinned:
        lines.append("Pinned: layouts leave it where it is")
    return for_display("\n".join(lines))


class NodeItem(QGraphicsItem):
    """Movable and selectable; tells its links when it moves."""

    def __init__(self, look: NodeLook, palette: style.Palette) -> None:
        super().__init__()
        self.links: list[LinkItem] = []
        self.frame: GroupFrame | None = None  # the open group drawn around it
        self.place = (0.0, 0.0)  # pos() as a tuple, kept by itemChange
        self.colours = palette
        self.setFlags(NODE_FLAGS)
        self.setZValue(NODE_Z)
        self.setAcceptHoverEvents(True)
        self.look = look
        self.set_look(look)

    @property
    def key(self) -> str:
        return self.look.key

    @property
    def is_group(self) -> bool:
        return self.look.kind == GROUP

    def set_look(self, look: NodeLook) -> None:
        self.prepareGeometryChange()
        self.look = look
        if look.kind == GROUP:
            self.radius = style.BASE_RADIUS + 8
            self.shape_name, self.colour, self.letter = "rounded", QColor("#55657a"), \
                str(look.members)
        else:
            self.radius = style.node_radius(look.mentions)
            self.shape_name, self.colour, self.letter = style.type_look(look.schema)
        self.outline = style.shape_path(self.shape_name, self.radius)
        self.font = style.label_font(NAME_SIZE, bold=look.kind == GROUP)
        self.badge_font = style.label_font(BADGE_SIZE, bold=True)
        self.name = for_display(look.name)
        metrics = QFontMetricsF(self.font)
        text_rect = metrics.boundingRect(QRectF(0, 0, LABEL_WIDTH, 400), WRAP_CENTRED, self.name)
        width = text_rect.width() + 8
        self.label_rect = QRectF(-width / 2, self.radius + 4, width, text_rect.height() + 2)
        badge_height = style.line_height(BADGE_SIZE, bold=True)
        self.sanction_text = self._sanction_text()
        self.sanction_rect = QRectF()
        if self.sanction_text:
            w = style.text_width(self.sanction_text, BADGE_SIZE, bold=True) + 8
            self.sanction_rect = QRectF(self.radius * 0.55, -self.radius - 7, w,
                                        badge_height + 3)
        self.hidden_text = f"+{look.hidden_neighbours}" if look.hidden_neighbours else ""
        self.hidden_rect = QRectF()
        if self.hidden_text:
            w = max(badge_height + 3,
                    style.text_width(self.hidden_text, BADGE_SIZE, bold=True) + 8)
            self.hidden_rect = QRectF(-self.radius - w * 0.45, -self.radius - 5, w,
                                      badge_height + 3)
        box = QRectF(-self.radius - 4, -self.radius - 4, 2 * self.radius + 16,
                     2 * self.radius + 16)  # room for the pin at the lower right
        self._bounds = box.united(self.label_rect).united(self.sanction_rect).united(
            self.hidden_rect).adjusted(-2, -2, 2, 2)
        drawn = QRectF(-self.radius, -self.radius, 2 * self.radius, 2 * self.radius).united(
            self.label_rect).united(self.sanction_rect).united(self.hidden_rect)
        self._box = (drawn.left(), drawn.top(), drawn.right(), drawn.bottom())
        self.setToolTip(_tooltip(look))
        self.setData(0, look.key)
        self.update()

    def _sanction_text(self) -> str:
        authorities = self.look.authorities
        if not authorities:
            return ""
        return authorities[0] + (f" +{len(authorities) - 1}" if len(authorities) > 1 else "")

    def badges_rect(self) -> QRectF:
        """The shape with its badges (not the name)."""
        return QRectF(-self.radius, -self.radius, 2 * self.radius, 2 * self.radius).united(
            self.sanction_rect).united(self.hidden_rect)

    def box(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom of the shape, name and badges around the centre (a
        layout of 2,000 cards asks for every one on the GUI thread: made in set_look)."""
        return self._box

    # -- geometry ---------------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds  # asked for on every paint and index update: made in set_look

    def shape(self) -> QPainterPath:
        path = QPainterPath(self.outline)
        path.addRect(self.label_rect)
        return path

    def prepare_text(self) -> None:
        """Lay out the name now (a turn of a large build), not in the first paint."""
        style.static_text(self.name, NAME_SIZE, self.is_group, self.label_rect.width())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == POSITION_CHANGED:
            self.place = (value.x(), value.y())  # compared by every sync, without a Qt call
            for link in self.links:
                link.adjust()
            if self.frame is not None:
                self.frame.adjust()
        return super().itemChange(change, value)

    # -- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        pal = self.colours
        detail = option.levelOfDetailFromTransform(painter.worldTransform())
        selected = self.isSelected()
        if detail < 0.2:  # far out: a dot of the type's colour
            painter.fillRect(QRectF(-self.radius, -self.radius, 2 * self.radius,
                                    2 * self.radius), pal.selected if selected else self.colour)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.is_group:  # a stack: two offset outlines behind the front one
            for shift in (6.0, 3.0):
                painter.setPen(QPen(pal.background, 1.5))
                painter.setBrush(self.colour.lighter(130 if pal.dark else 150))
                painter.drawPath(self.outline.translated(shift, -shift))
        border = pal.selected if selected else self.colour.darker(150 if not pal.dark else 60)
        painter.setPen(QPen(border, 3.0 if selected else 1.4))
        painter.setBrush(QBrush(self.colour))
        painter.drawPath(self.outline)
        if detail < 0.25:
            return
        painter.setPen(WHITE)
        letter_size = max(8.0, self.radius * 0.55)
        painter.setFont(style.label_font(letter_size, bold=True))
        style.draw_centred(painter, QRectF(-self.radius, -self.radius, 2 * self.radius,
                                           2 * self.radius),
                           style.static_text(self.letter, letter_size, bold=True))
        if self.look.pinned:
            self._paint_pin(painter)
        if detail < style.LABEL_MIN_DETAIL:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.selected if selected else pal.label_back)
        painter.drawRoundedRect(self.label_rect, 3, 3)
        painter.setPen(WHITE if selected else pal.text)
        painter.setFont(self.font)
        painter.drawStaticText(self.label_rect.topLeft(), style.static_text(
            self.name, NAME_SIZE, self.is_group, self.label_rect.width()))
        painter.setFont(self.badge_font)
        if self.sanction_text:
            self._badge(painter, self.sanction_rect, pal.sanction, self.sanction_text)
        if self.hidden_text:
            self._badge(painter, self.hidden_rect, pal.muted, self.hidden_text)

    @staticmethod
    def _badge(painter: QPainter, rect: QRectF, colour: QColor, text: str) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(WHITE)
        style.draw_centred(painter, rect, style.static_text(text, BADGE_SIZE, bold=True))

    def _paint_pin(self, painter: QPainter) -> None:
        """A push-pin at the lower right: needle, then a round head with a white rim."""
        head = QPointF(self.radius * 0.72, self.radius * 0.72)
        painter.setPen(QPen(self.colours.text, 2.0, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        painter.drawLine(head, head + QPointF(6.0, 8.0))
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QColor("#c92a2a"))
        painter.drawEllipse(head, 6.0, 6.0)
