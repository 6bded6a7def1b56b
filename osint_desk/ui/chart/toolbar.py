"""The chart's toolbar and context menu: thin triggers of ``ChartView``'s edits, asking for a
label or a file name where one is needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolBar,
    QToolButton,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.safe_text import for_display
from osint_desk.ui.chart import style
from osint_desk.ui.chart.export import export_png, export_svg
from osint_desk.ui.widgets.card_picker import CardPicker

if TYPE_CHECKING:
    from osint_desk.ui.chart.view import ChartView

LAYOUT_LABELS = {"force": "&Force-directed", "hierarchical": "&Hierarchical (chains)",
                 "circular": "&Circular"}



_EXPORTS = {"png": (".png", "PNG image"), "svg": (".svg", "SVG drawing"),
            "ftm": (".ftm.json", "FollowTheMoney JSON lines")}

def _call(function: Callable[..., object], *args: Any, **kwargs: Any) -> Callable[[], None]:
    """A menu slot calling *function* with these arguments (and none from the signal)."""
    def slot() -> None:
        function(*args, **kwargs)
    return slot

class ChartToolbar(QToolBar):
    def __init__(self, view: ChartView) -> None:
        super().__init__("Chart")
        self.view = view
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.expand_menu = QMenu("Add neighbours", self)
        self.expand_menu.aboutToShow.connect(lambda: self.fill_expand_menu(self.expand_menu))
        self.expand_action = self._menu_button("Add neighbours", self.expand_menu,
                                               "Bring the cards linked to the selected one")
        self.remove_action = self._act("Remove", self._remove,
                                       "Take the selected cards off the chart (not the case)")
        self.pin_action = self._act("Pin", self._toggle_pin,
                                    "Pinned cards stay where they are when laying out")
        self.hide_action = self._act("Hide", lambda: view.hide_cards(view.scene.selected_cards()),
                                     "Hide the selected cards (Chart → Show hidden cards)")
        self.group_action = self._act("Group…", self._group,
                                      "Show the selected cards as one labelled group")
        self.back_action = self._act("Step back", view.step_back,
                                     "Take off the cards the last “Add neighbours” brought")
        self.addSeparator()
        layouts = QMenu("Layout", self)
        for key, label in LAYOUT_LABELS.items():
            layouts.addAction(label, _call(view.lay_out, key))
        self.layout_action = self._menu_button("Layout", layouts,
                                               "Arrange the chart (pinned cards stay)")
        self.link_action = self._act("Link mode", self._link_mode,
                                     "Drag from one card to another to record a relationship"
                                     " (or Shift+drag at any time)")
        self.link_action.setCheckable(True)
        self.addSeparator()
        self._act("Zoom −", lambda: view.canvas.zoom_by(0.8), "Zoom out (−)")
        self._act("Zoom +", lambda: view.canvas.zoom_by(1.25), "Zoom in (+)")
        self._act("Fit", view.canvas.fit, "Show the whole chart (F)")
        self.addSeparator()
        self.finder = CardPicker(keep_text=False)
        self.finder.setPlaceholderText("Add a card: type a name…")
        self.finder.setAccessibleName("Add a card to the chart")
        self.finder.setToolTip("Search the case's cards (names and aliases) and add the one"
                               " you pick to the chart")
        self.finder.setMaximumWidth(220)
        self.finder.set_store(view.session.store)
        self.finder.picked.connect(self._add_found)
        self.finder.message.connect(view.say)
        self.addWidget(self.finder)
        self.addSeparator()
        chart = QMenu("Chart", self)
        self.rename_action = chart.addAction("&Rename chart…", self._rename)
        self.show_hidden_action = chart.addAction("&Show hidden cards", view.show_hidden)
        overview = chart.addAction("&Overview")
        overview.setCheckable(True)
        overview.toggled.connect(self._overview)
        self.overview_action = overview
        chart.addSeparator()
        chart.addAction("Export as &PNG…", lambda: self._export("png"))
        chart.addAction("Export as &SVG…", lambda: self._export("svg"))
        chart.addAction("Export as &FollowTheMoney data…", lambda: self._export("ftm"))
        self._menu_button("Chart", chart, "Rename, hidden cards, overview, export")
        self.cancel_button = QPushButton("Cancel layout")
        # Its room is kept while hidden: showing it must not resize the canvas above, which
        # would repaint the whole chart at the start and the end of every layout.
        policy = self.cancel_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.cancel_button.setSizePolicy(policy)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(view.cancel_layout)
        view.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.canvas.customContextMenuRequested.connect(self.show_menu)
        view.canvas.remove_requested.connect(self._remove)

    def _act(self, text: str, slot: object, tip: str) -> QAction:
        action = self.addAction(text)
        action.triggered.connect(slot)
        action.setToolTip(tip)
        return action

    def _menu_button(self, text: str, menu: QMenu, tip: str) -> QAction:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        return self.addWidget(button)

    # -- state of the actions ---------------------------------------------------------------

    def update_actions(self) -> None:
        view = self.view
        cards = view.scene.selected_cards()
        editable = not view.session.read_only and bool(view.name)
        nodes = view.scene.selected_nodes()
        for action in (self.remove_action, self.pin_action, self.hide_action):
            action.setEnabled(editable and bool(cards))
        self.expand_action.setEnabled(editable and len(nodes) == 1 and not nodes[0].is_group)
        self.group_action.setEnabled(editable and len(cards) >= 2)
        self.back_action.setEnabled(editable and bool(view.state.history))
        self.layout_action.setEnabled(editable and not view.layout_running)
        self.rename_action.setEnabled(editable)
        self.show_hidden_action.setEnabled(
            editable and any(node.hidden for node in view.state.nodes.values()))
        pinned = bool(cards) and all(view.state.nodes[c].pinned for c in cards
                                     if c in view.state.nodes)
        self.pin_action.setText("Unpin" if pinned else "Pin")

    def set_running(self, running: bool) -> None:
        self.cancel_button.setVisible(running)
        self.update_actions()

    # -- menus ------------------------------------------------------------------------------

    def fill_expand_menu(self, menu: QMenu, card: str = "") -> None:
        """All neighbours, by predicate, by type — each with the count not on the chart."""
        view = self.view
        menu.clear()
        if not card:
            nodes = view.scene.selected_nodes()
            card = nodes[0].key if len(nodes) == 1 and not nodes[0].is_group else ""
        if card not in view.graph.nodes:
            menu.addAction("Select one card first").setEnabled(False)
            return
        graph, shown = view.graph, set(view.state.nodes)
        count = len(graph.neighbours(card) - shown)
        menu.addAction(f"All ({count})", lambda: view.expand(card)).setEnabled(count > 0)
        by_predicate = menu.addMenu("By relationship")
        for predicate in graph.neighbour_predicates(card):
            n = len(graph.neighbours(card, predicates={predicate}) - shown)
            by_predicate.addAction(for_display(f"{predicate} ({n})"),
                                   _call(view.expand, card, predicates={predicate})
                                   ).setEnabled(n > 0)
        by_type = menu.addMenu("By type")
        types = sorted({graph.nodes[n].type for n in graph.neighbours(card)})
        for schema in types:
            n = len(graph.neighbours(card, types={schema}) - shown)
            by_type.addAction(f"{style.type_label(schema)} ({n})",
                              _call(view.expand, card, types={schema})).setEnabled(n > 0)

    def context_menu(self, point: QPoint) -> QMenu:
        view = self.view
        item = view.scene.node_at(view.canvas.mapToScene(point))
        if item is not None and not item.isSelected():
            view.scene.clearSelection()
            item.setSelected(True)
        menu = QMenu(view)
        cards = view.scene.selected_cards()
        if item is not None and not item.is_group:
            menu.addAction("Open card", lambda: view.card_requested.emit(item.key))
            self.fill_expand_menu(menu.addMenu("Add neighbours"), item.key)
        if item is not None and item.is_group:
            gid = item.key
            menu.addAction("Open group", lambda: view.set_collapsed(gid, False))
            menu.addAction("Rename group…", lambda: self._rename_group(gid))
            menu.addAction("Ungroup", lambda: view.ungroup(gid))
        frame = next((f for f in view.scene.frames.values() if item in f.members), None)
        if frame is not None:
            menu.addAction("Close group", lambda: view.set_collapsed(frame.key, True))
            menu.addAction("Ungroup", lambda: view.ungroup(frame.key))
        if cards:
            menu.addSeparator()
            for action in (self.pin_action, self.hide_action, self.group_action,
                           self.remove_action):
                menu.addAction(action)
        if menu.isEmpty():
            for action in (self.back_action, self.show_hidden_action):
                menu.addAction(action)
        return menu

    def show_menu(self, point: QPoint) -> None:
        menu = self.context_menu(point)
        menu.exec(self.view.canvas.viewport().mapToGlobal(point))
        menu.deleteLater()

    # -- triggers that ask something ----------------------------------------------------------

    def _add_found(self, card_id: str) -> None:
        view = self.view
        if card_id in view.state.nodes:
            view.say("That card is on the chart already.")
            view.select(card_id)
        else:
            view.add_cards([card_id], select=True)

    def _remove(self) -> None:
        self.view.remove(self.view.scene.selected_cards())

    def _toggle_pin(self) -> None:
        cards = self.view.scene.selected_cards()
        self.view.pin(cards, self.pin_action.text() == "Pin")

    def _group(self) -> None:
        label, ok = QInputDialog.getText(self.view, "Group cards", "Label of the group:")
        if ok:
            self.view.group(self.view.scene.selected_cards(), label)

    def _rename_group(self, gid: str) -> None:
        old = self.view.state.groups[gid].label
        label, ok = QInputDialog.getText(self.view, "Rename group", "Label of the group:",
                                         QLineEdit.EchoMode.Normal, old)
        if ok:
            self.view.rename_group(gid, label)

    def _rename(self) -> None:
        name, ok = QInputDialog.getText(self.view, "Rename chart", "Name of the chart:",
                                        QLineEdit.EchoMode.Normal, self.view.name)
        if ok:
            self.view.rename(name)

    def _link_mode(self, checked: bool) -> None:
        self.view.canvas.link_mode = checked

    def _overview(self, shown: bool) -> None:
        self.view.canvas.minimap.forced = True if shown else None
        self.view.canvas.minimap.refresh()

    def _export(self, kind: str) -> None:
        """PNG or SVG of the drawing, or FtM JSON lines of just the chart's cards, the links
        among them, their sanctions and the sources they rest on."""
        view = self.view
        suffix, label = _EXPORTS[kind]
        suggested = f"{view.name or 'chart'}{suffix}"
        path, _filter = QFileDialog.getSaveFileName(
            view, f"Export chart as {label}", suggested, f"{label} (*{suffix})")
        if not path:
            return
        target = Path(path)
        try:
            if kind == "png":
                export_png(view.scene, target)
            elif kind == "svg":
                export_svg(view.scene, target, view.name)
            else:
                from osint_desk.core.exports.ftm import export_ftm

                export_ftm(view.session.store, target, cards=list(view.state.nodes))
        except (OsintDeskError, OSError) as exc:
            view.say(f"Export failed: {exc}")
            return
        view.say(f"Chart exported to {target.name}.")
