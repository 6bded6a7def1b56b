"""The map's toolbar: filters as the timeline has them, the time window, arcs, fit, export.

The filters build the timeline's own ``TimelineFilter`` (cards by name, tags, kinds of dated
item, source reliability, excerpt credibility, stance), so "kept" means on the map what it
means on the timeline (``CaseMap.visible``). The time window is two sliders over the
timeline's range; at both ends it keeps everything, undated cards included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.core.model import CREDIBILITY, RELIABILITY, Stance
from osint_desk.core.timeline import KIND_LABELS, ItemKind, TimelineFilter

STEPS = 1000
NONE_LABEL = "(none)"


def _menu_button(text: str, tip: str) -> tuple[QToolButton, QMenu]:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    button.setMenu(menu)
    return button, menu


class MapFilters(QWidget):
    changed = Signal()  # the filter or the window changed (debounced)
    arcs_toggled = Signal(bool)
    fit_requested = Signal()
    export_requested = Signal(str)  # "png" or "svg"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: dict[str, str] = {}
        self._range: tuple[dt.datetime, dt.datetime] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.changed)
        self.cards = QLineEdit()
        self.cards.setPlaceholderText("Cards named…")
        self.cards.setAccessibleName("Filter cards by name")
        self.cards.setClearButtonEnabled(True)
        self.cards.setMaximumWidth(220)
        self.cards.textChanged.connect(self._debounce.start)
        self.kind_button, self.kind_menu = _menu_button(
            "Kinds", "Keep the cards that dated items of these kinds are about")
        self.kind_actions = {}
        for kind in ItemKind:
            action = self.kind_menu.addAction(KIND_LABELS[kind])
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._changed_now)
            self.kind_actions[kind] = action
        self.tag_button, self.tag_menu = _menu_button(
            "Tags", "Keep the cards tagged so, or that tagged items are about")
        self.grade_button, self.grade_menu = _menu_button(
            "Grades", "Keep the cards of excerpts and sources of these grades")
        self.reliability = self._checks(self.grade_menu, "Source reliability",
                                        [(k, f"{k} — {v}") for k, v in RELIABILITY.items()])
        self.credibility = self._checks(self.grade_menu, "Information credibility",
                                        [(k, f"{k} — {v}") for k, v in CREDIBILITY.items()])
        self.stance_button, self.stance_menu = _menu_button(
            "Stance", "Keep the cards of excerpts with these stances")
        self.stance = self._checks(self.stance_menu, "",
                                   [(s.value, s.value.capitalize()) for s in Stance])
        self.tag_actions: dict[str, object] = {}
        self.arcs = QCheckBox("Links")
        self.arcs.setToolTip("Draw the relationships between located cards as arcs")
        self.arcs.toggled.connect(self.arcs_toggled)
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show every card on the map (F)")
        self.fit_button.clicked.connect(self.fit_requested)
        self.export_button, export_menu = _menu_button("Export", "Save the map as a picture")
        export_menu.addAction("PNG image…").triggered.connect(
            lambda: self.export_requested.emit("png"))
        export_menu.addAction("SVG drawing…").triggered.connect(
            lambda: self.export_requested.emit("svg"))
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        self.start = QSlider(Qt.Orientation.Horizontal)
        self.end = QSlider(Qt.Orientation.Horizontal)
        for slider, name, value in ((self.start, "From", 0), (self.end, "To", STEPS)):
            slider.setRange(0, STEPS)
            slider.setValue(value)
            slider.setAccessibleName(f"Time window: {name.lower()}")
            slider.valueChanged.connect(self._window_moved)
        self.window_label = QLabel()
        self.window_label.setMinimumWidth(230)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        left: list[QWidget] = [self.cards, self.kind_button, self.tag_button,
                               self.grade_button, self.stance_button, self.clear_button]
        for widget in left:
            top.addWidget(widget)
        top.addStretch(1)
        right: list[QWidget] = [self.arcs, self.fit_button, self.export_button]
        for widget in right:
            top.addWidget(widget)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 0, 6, 0)
        bottom.addWidget(QLabel("From"))
        bottom.addWidget(self.start, 1)
        bottom.addWidget(QLabel("to"))
        bottom.addWidget(self.end, 1)
        bottom.addWidget(self.window_label)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(top)
        column.addLayout(bottom)
        self.set_range(None)

    def _checks(self, menu: QMenu, title: str, values: Iterable[tuple[object, str]]
                ) -> dict[object, object]:
        if title:
            menu.addSection(title)
        actions: dict[object, object] = {}
        for key, label in [*values, (None, NONE_LABEL)]:
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._changed_now)
            actions[key] = action
        return actions

    def _changed_now(self, *_args: object) -> None:
        self._debounce.start(0)

    # -- what the case offers -----------------------------------------------------------------

    def set_names(self, names: dict[str, str]) -> None:
        self.names = names

    def set_tags(self, tags: Iterable[str]) -> None:
        wanted = {name for name, action in self.tag_actions.items()
                  if action.isChecked()}  # type: ignore[attr-defined]
        self.tag_menu.clear()
        self.tag_actions = {}
        for name in sorted(set(tags), key=str.casefold):
            action = self.tag_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in wanted)
            action.toggled.connect(self._changed_now)
            self.tag_actions[name] = action
        if not self.tag_actions:
            self.tag_menu.addAction("No tags in this case").setEnabled(False)

    def set_range(self, span: tuple[dt.datetime, dt.datetime] | None) -> None:
        self._range = span
        for slider in (self.start, self.end):
            slider.setEnabled(span is not None)
        self._show_window()

    # -- the filter -----------------------------------------------------------------------------

    def timeline_filter(self) -> TimelineFilter:
        text = " ".join(self.cards.text().split()).casefold()
        card_ids = None if not text else [card for card, name in self.names.items()
                                          if text in name.casefold()]
        kinds = [k for k, a in self.kind_actions.items() if a.isChecked()]
        tags = [t for t, a in self.tag_actions.items() if a.isChecked()]  # type: ignore[attr-defined]
        return TimelineFilter.of(
            card_ids=card_ids, tags=tags or None,
            kinds=None if len(kinds) == len(self.kind_actions) else kinds,
            reliabilities=self._kept(self.reliability),  # type: ignore[arg-type]
            credibilities=self._kept(self.credibility),  # type: ignore[arg-type]
            stances=self._kept(self.stance))  # type: ignore[arg-type]

    @staticmethod
    def _kept(actions: dict[object, object]) -> list[object] | None:
        kept = [k for k, a in actions.items() if a.isChecked()]  # type: ignore[attr-defined]
        return None if len(kept) == len(actions) else kept

    def time_window(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The chosen time window, or None when it spans the whole range."""
        if self._range is None or (self.start.value() == 0 and self.end.value() == STEPS):
            return None
        return self._at(min(self.start.value(), self.end.value())), \
            self._at(max(self.start.value(), self.end.value()))

    def set_window(self, start: float, end: float) -> None:
        """Move the sliders to fractions of the range (tests, a saved view)."""
        self.start.setValue(round(start * STEPS))
        self.end.setValue(round(end * STEPS))

    def _at(self, step: int) -> dt.datetime:
        assert self._range is not None
        first, last = self._range
        return first + (last - first) * (step / STEPS)

    def _window_moved(self, _value: int) -> None:
        self._show_window()
        self._debounce.start()

    def _show_window(self) -> None:
        window = self.time_window()
        if self._range is None:
            self.window_label.setText("No dated items in the case")
        elif window is None:
            self.window_label.setText(f"All times ({self._range[0]:%Y} – {self._range[1]:%Y})")
        else:
            self.window_label.setText(f"{window[0]:%Y-%m-%d} – {window[1]:%Y-%m-%d}")

    def clear(self) -> None:
        for actions in (self.kind_actions, self.reliability, self.credibility, self.stance):
            for action in actions.values():
                action.setChecked(True)  # type: ignore[attr-defined]
        for action in self.tag_actions.values():
            action.setChecked(False)  # type: ignore[attr-defined]
        self.cards.clear()
        self.set_window(0, 1)
        self._debounce.start(0)

    def is_filtering(self) -> bool:
        return not self.timeline_filter().is_empty or self.time_window() is not None
