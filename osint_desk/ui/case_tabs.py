"""The centre of the window: one tab per open source reader or entity card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QTabWidget, QWidget

from osint_desk.core.errors import NotFoundError
from osint_desk.ui.session import CaseSession

if TYPE_CHECKING:  # each kind of tab is imported when the first one opens, not at start
    from osint_desk.ui.card_view import EntityCardView
    from osint_desk.ui.reader import SourceReader
    from osint_desk.ui.screening.view import ScreeningView


EMPTY_HINT = ("Nothing open yet.\n\nDouble-click a source or a card in the navigator,"
              " import files with File → Import sources (Ctrl+I) or by dropping them here,"
              " or search the case with Ctrl+K.")


class CaseTabs(QTabWidget):
    """Opens each source or card at most once and wires their navigation signals.

    With no tab open it says how to open one, instead of a blank centre.
    """

    excerpt_selected = Signal(str)
    screen_card_requested = Signal(str)
    screen_case_requested = Signal()
    lists_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            widget.deleteLater()
        self.update()

    def _find(self, kind: type[QWidget], attribute: str, value: str) -> QWidget | None:
        for index in range(self.count()):
            widget = self.widget(index)
            if isinstance(widget, kind) and getattr(widget, attribute) == value:
                self.setCurrentIndex(index)
                return widget
        return None

    def open_source(self, source_id: str) -> SourceReader | None:
        if self.session is None:
            return None
        from osint_desk.ui.reader import SourceReader

        found = self._find(SourceReader, "source_id", source_id)
        if isinstance(found, SourceReader):
            return found
        reader = SourceReader(self.session, source_id)
        reader.card_requested.connect(self.open_card)
        reader.excerpt_selected.connect(self.excerpt_selected)
        index = self.addTab(reader, reader.tab_title())
        self.setTabToolTip(index, reader.tab_title())
        self.setCurrentIndex(index)
        return reader

    def open_card(self, entity_id: str) -> EntityCardView | None:
        if self.session is None:
            return None
        from osint_desk.ui.card_view import EntityCardView

        found = self._find(EntityCardView, "entity_id", entity_id)
        if isinstance(found, EntityCardView):
            return found
        card = EntityCardView(self.session, entity_id)
        card.card_requested.connect(self.open_card)
        card.excerpt_requested.connect(self.show_excerpt)
        card.source_requested.connect(self.open_source)
        card.screen_requested.connect(self.screen_card_requested)
        index = self.addTab(card, card.tab_title())
        self.setTabToolTip(index, card.tab_title())
        self.setCurrentIndex(index)
        return card

    def open_screening(self) -> ScreeningView | None:
        """The screening results tab (one per case)."""
        if self.session is None:
            return None
        from osint_desk.ui.screening.view import ScreeningView

        for index in range(self.count()):
            widget = self.widget(index)
            if isinstance(widget, ScreeningView):
                self.setCurrentIndex(index)
                widget.refresh()
                return widget
        view = ScreeningView(self.session)
        view.card_requested.connect(self.open_card)
        view.screen_requested.connect(self.screen_case_requested)
        view.lists_requested.connect(self.lists_requested)
        index = self.addTab(view, view.tab_title())
        self.setCurrentIndex(index)
        return view

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
        from osint_desk.ui.reader import SourceReader

        widget = self.currentWidget()
        return widget if isinstance(widget, SourceReader) else None

    def refresh_titles(self) -> None:
        for index in range(self.count()):
            widget = self.widget(index)
            title = getattr(widget, "tab_title", None)
            if callable(title):
                self.setTabText(index, str(title()))
