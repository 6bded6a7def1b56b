"""The timeline's toolbar: zoom, the filters (card, kind, grade, stance, tag) as checkable
menus, setting an excerpt's event date, and the exports. Thin: every choice becomes a
``TimelineFilter`` or a call on ``TimelineView``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCompleter,
    QFileDialog,
    QLineEdit,
    QMenu,
    QToolBar,
    QToolButton,
)

from osint_desk.core.model import Stance
from osint_desk.core.timeline import KIND_LABELS, ItemKind, TimelineFilter

if TYPE_CHECKING:
    from osint_desk.ui.timeline.view import TimelineView

NONE_LABEL = "(none)"
CREDIBILITY = {1: "1 confirmed", 2: "2 probably true", 3: "3 possibly true",
               4: "4 doubtful", 5: "5 improbable", 6: "6 cannot be judged"}
RELIABILITY = {"A": "A completely reliable", "B": "B usually reliable",
               "C": "C fairly reliable", "D": "D not usually reliable", "E": "E unreliable",
               "F": "F cannot be judged"}


class _Choice(QMenu):
    """A menu of checkable values; all checked means "any" (no filter)."""

    def __init__(self, title: str, values: Iterable[tuple[object, str]],
                 toolbar: TimelineToolbar) -> None:
        super().__init__(title, toolbar)
        self.toolbar = toolbar
        self.title_text = title
        self.values: dict[object, QAction] = {}
        self.refill(values)

    def refill(self, values: Iterable[tuple[object, str]]) -> None:
        self.clear()
        self.values = {}
        every = self.addAction("Any")
        every.triggered.connect(self.check_all)
        self.addSeparator()
        for value, label in values:
            action = self.addAction(label)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self.toolbar.filters_changed)
            self.values[value] = action

    def check_all(self) -> None:
        for action in self.values.values():
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)
        self.toolbar.filters_changed()

    def chosen(self) -> set[object] | None:
        """None when every value (or none, a mistake) is ticked: no filter."""
        picked = {value for value, action in self.values.items() if action.isChecked()}
        return None if len(picked) in (0, len(self.values)) else picked

    def set_only(self, values: Iterable[object]) -> None:
        wanted = set(values)
        for value, action in self.values.items():
            action.blockSignals(True)
            action.setChecked(value in wanted)
            action.blockSignals(False)
        self.toolbar.filters_changed()

    def heading(self) -> str:
        picked = self.chosen()
        return self.title_text if picked is None else f"{self.title_text} ({len(picked)})"


class TimelineToolbar(QToolBar):
    def __init__(self, view: TimelineView) -> None:
        super().__init__("Timeline")
        self.view = view
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._act("Zoom in", lambda: view.canvas.zoom_by(1.25), "+ or the wheel")
        self._act("Zoom out", lambda: view.canvas.zoom_by(0.8), "- or the wheel")
        self._act("Fit", view.canvas.fit, "Every shown item in view (F)")
        self.addSeparator()
        self.card_field = QLineEdit()
        self.card_field.setPlaceholderText("Only items about card…")
        self.card_field.setClearButtonEnabled(True)
        self.card_field.setMaximumWidth(220)
        self.card_field.setAccessibleName("Filter by card")
        self.card_names = QStringListModel(self)
        completer = QCompleter(self.card_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.card_field.setCompleter(completer)
        self.card_field.editingFinished.connect(self.filters_changed)
        self.card_field.textChanged.connect(self._card_text)
        self.addWidget(self.card_field)
        self.kinds = _Choice("Kind", [(kind, KIND_LABELS[kind]) for kind in ItemKind], self)
        self.grades = _Choice("Credibility", [*CREDIBILITY.items(), (None, NONE_LABEL)], self)
        self.reliabilities = _Choice("Reliability", [*RELIABILITY.items(),
                                                     (None, NONE_LABEL)], self)
        self.stances = _Choice("Stance", [*((s.value, s.value) for s in Stance),
                                          (None, NONE_LABEL)], self)
        self.tags = _Choice("Tag", [], self)
        self.menus = (self.kinds, self.grades, self.reliabilities, self.stances, self.tags)
        self.buttons = [self._menu_button(menu) for menu in self.menus]
        self._act("Clear filters", self.clear_filters, "Show every item again")
        self.addSeparator()
        self.date_action = self._act("Set event date…", view.set_event_date_of_selected,
                                     "Date the event the selected excerpt reports")
        export = QMenu("Export", self)
        export.addAction("PNG image…", lambda: self._export("png"))
        export.addAction("SVG drawing…", lambda: self._export("svg"))
        export.addAction("CSV of the shown items…", lambda: self._export("csv"))
        self.export_menu = export
        self._menu_button(export)

    def _card_text(self, text: str) -> None:
        if not text:  # cleared (its button): no card filter
            self.filters_changed()

    def _act(self, text: str, slot: object, tip: str = "") -> QAction:
        action = self.addAction(text)
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        return action

    def _menu_button(self, menu: QMenu) -> QToolButton:
        button = QToolButton(self)
        button.setText(menu.title())
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.addWidget(button)
        return button

    def set_tags(self, tags: Iterable[str]) -> None:
        names = sorted(set(tags), key=str.casefold)
        if names != list(self.tags.values):
            picked = self.tags.chosen()
            self.tags.refill((name, name) for name in names)
            if picked is not None:
                for value, action in self.tags.values.items():
                    action.setChecked(value in picked)

    def set_cards(self, names: Iterable[str]) -> None:
        self.card_names.setStringList(sorted(set(names), key=str.casefold))

    def clear_filters(self) -> None:
        self.card_field.blockSignals(True)
        self.card_field.clear()
        self.card_field.blockSignals(False)
        for menu in self.menus:
            for action in menu.values.values():
                action.blockSignals(True)
                action.setChecked(True)
                action.blockSignals(False)
        self.filters_changed()

    def filters_changed(self, *_args: object) -> None:
        for button, menu in zip(self.buttons, self.menus, strict=True):
            button.setText(menu.heading())
        self.view.apply_filter()

    def current_filter(self) -> TimelineFilter:
        """The filter the toolbar's choices make (the card by name, through the view)."""
        kinds = self.kinds.chosen()
        grades = self.grades.chosen()
        reliabilities = self.reliabilities.chosen()
        stances = self.stances.chosen()
        tags = self.tags.chosen()
        cards = self.view.cards_named(self.card_field.text())
        return TimelineFilter.of(
            card_ids=cards, tags=None if tags is None else [str(t) for t in tags],
            kinds=None if kinds is None else [ItemKind(str(k)) for k in kinds],
            credibilities=None if grades is None else grades,  # type: ignore[arg-type]
            reliabilities=None if reliabilities is None else reliabilities,  # type: ignore[arg-type]
            stances=None if stances is None else stances)  # type: ignore[arg-type]

    def _export(self, kind: str) -> None:
        suffix, label = {"png": (".png", "PNG image"), "svg": (".svg", "SVG drawing"),
                         "csv": (".csv", "CSV table")}[kind]
        name, _ = QFileDialog.getSaveFileName(self, f"Export the timeline as {label}",
                                              f"timeline{suffix}", f"{label} (*{suffix})")
        if name:
            path = Path(name)
            self.view.export(kind, path if path.suffix else path.with_suffix(suffix))
