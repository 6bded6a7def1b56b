"""The centre of the window: one tab per open view (source reader, card, screening, …).

What can open here is the view registry's (``ui/view_registry.py``, the built-in views in
``ui/views.py``): ``open(kind, id)`` finds the open tab or makes one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTabWidget, QWidget

from osint_desk.core.errors import NotFoundError
from osint_desk.ui.session import CaseSession
from osint_desk.ui.view_registry import SharesSelection, ViewRegistry

if TYPE_CHECKING:  # each kind of tab is imported when the first one opens, not at start
    from osint_desk.ui.card_view import EntityCardView
    from osint_desk.ui.reader import SourceReader
    from osint_desk.ui.screening.view import ScreeningView


KIND_PROPERTY = "caseViewKind"  # the registered kind of the view in a tab
EMPTY_HINT = ("Nothing open yet.\n\nDouble-click a source or a card in the navigator,"
              " import files with File → Import sources (Ctrl+I) or by dropping them here,"
              " or search the case with Ctrl+K.")


class CaseTabs(QTabWidget):
    """Opens each view at most once per record and wires its navigation signals.

    With no tab open it says how to open one, instead of a blank centre.
    """

    excerpt_selected = Signal(str)
    screen_card_requested = Signal(str)
    screen_case_requested = Signal()
    lists_requested = Signal()

    def __init__(self, views: ViewRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views = views
        self.session: CaseSession | None = None
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.setAccessibleName("Open sources and cards")
        self.tabCloseRequested.connect(self.close_tab)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() or self.session is None:
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        area = QRect(self.rect().center().x() - 220, self.rect().center().y() - 80, 440, 160)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         EMPTY_HINT)
        painter.end()

    def set_session(self, session: CaseSession | None) -> None:
        while self.count():
            self.close_tab(0)
        self.session = session
        self.update()  # the hint for an empty centre appears or goes

    def close_tab(self, index: int) -> None:
        widget = self.widget(index)
        self.removeTab(index)
        if widget is not None:
            closing = getattr(widget, "closing", None)
            if callable(closing):  # e.g. a chart cancels its layout and ignores its result
                closing()
            widget.deleteLater()
        self.update()

    def open(self, kind: str, record_id: str = "") -> QWidget | None:
        """The tab of that kind for that record: the open one brought forward, or a new one
        made by the view's registration (``ui/views.py``). None without a case."""
        if self.session is None:
            return None
        spec = self.views.get(kind)
        for index in range(self.count()):
            widget = self.widget(index)
            if widget is not None and widget.property(KIND_PROPERTY) == kind \
                    and spec.key(widget) == record_id:
                self.setCurrentIndex(index)
                widget.setFocus()  # the keys go to the tab asked for (its focus proxy)
                if spec.reopen is not None:
                    spec.reopen(widget)
                return widget
        widget = spec.make(self.session, record_id)
        widget.setProperty(KIND_PROPERTY, kind)
        if spec.wire is not None:
            spec.wire(self, widget)
        if isinstance(widget, SharesSelection):
            widget.cards_selected.connect(
                lambda cards, source=widget: self.share_selection(source, cards))
        title = str(widget.tab_title())  # type: ignore[attr-defined]
        index = self.addTab(widget, title)
        self.setTabToolTip(index, title)
        self.setCurrentIndex(index)
        widget.setFocus()
        return widget

    def share_selection(self, source: QWidget, cards: list[str]) -> None:
        """Cards selected in one view (chart, timeline, map) are selected in the others."""
        for index in range(self.count()):
            widget = self.widget(index)
            if widget is not source and isinstance(widget, SharesSelection):
                widget.select_cards(list(cards))

    def open_record(self, kind: str, public_id: str) -> None:
        """What the navigator or a search hit names, where it is read: a source in its
        reader, an excerpt in its source, a card (a relationship or a sanction on its
        card), a chart. NotFoundError when the record is gone."""
        if self.session is None:
            return
        store = self.session.store
        if kind == "source":
            self.open_source(public_id)
        elif kind == "entity":
            self.open_card(public_id)
        elif kind == "relationship":
            self.open_card(store.relationships.get(public_id).subject_id)
        elif kind == "sanction":
            self.open_card(store.sanctions.get(public_id).entity_id)
        elif kind == "excerpt":
            self.show_excerpt(public_id)
        elif kind == "chart":
            self.open("chart", public_id)

    def show_text(self, kind: str, text: str) -> object:
        """``--show KIND[:TEXT]`` for a registered view."""
        spec = self.views.get(kind)
        if spec.show is None:
            return self.open(kind, text)
        return spec.show(self, text)

    def open_source(self, source_id: str) -> SourceReader | None:
        from osint_desk.ui.reader import SourceReader

        widget = self.open("source", source_id)
        return widget if isinstance(widget, SourceReader) else None

    def open_card(self, entity_id: str) -> EntityCardView | None:
        from osint_desk.ui.card_view import EntityCardView

        widget = self.open("card", entity_id)
        return widget if isinstance(widget, EntityCardView) else None

    def open_screening(self) -> ScreeningView | None:
        """The screening results tab (one per case)."""
        from osint_desk.ui.screening.view import ScreeningView

        widget = self.open("screening")
        return widget if isinstance(widget, ScreeningView) else None

    def find_screening(self) -> ScreeningView | None:
        """The open screening tab, if any, without bringing it forward."""
        from osint_desk.ui.screening.view import ScreeningView

        for index in range(self.count()):
            widget = self.widget(index)
            if isinstance(widget, ScreeningView):
                return widget
        return None

    def current_card(self) -> EntityCardView | None:
        from osint_desk.ui.card_view import EntityCardView

        widget = self.currentWidget()
        return widget if isinstance(widget, EntityCardView) else None

    def show_excerpt(self, excerpt_id: str) -> None:
        """Open the excerpt's source with the excerpt selected, and announce it."""
        if self.session is None:
            return
        try:
            excerpt = self.session.store.excerpts.get(excerpt_id)
        except NotFoundError:
            return
        reader = self.open_source(excerpt.source_id)
        if reader is not None:
            reader.select_excerpt(excerpt_id)
        self.excerpt_selected.emit(excerpt_id)

    def show_range(self, source_id: str, start: int, end: int) -> None:
        reader = self.open_source(source_id)
        if reader is not None:
            reader.show_range(start, end)

    def current_reader(self) -> SourceReader | None:
        widget = self.currentWidget()
        if widget is None or widget.property(KIND_PROPERTY) != "source":
            # Asked at every selection and when a case opens: the reader's modules (and the
            # text matcher they bring) are imported only once a source is open.
            return None
        from osint_desk.ui.reader import SourceReader

        return widget if isinstance(widget, SourceReader) else None

    def refresh_titles(self) -> None:
        for index in range(self.count()):
            widget = self.widget(index)
            title = getattr(widget, "tab_title", None)
            if callable(title):
                self.setTabText(index, str(title()))
