"""The main window's menus and toolbar, laid out from the actions the window and its tool
objects own, and the two helpers those actions need (platform key lists, toolbar twins).

The order here is the order a user reads in the menus; Help → Keyboard shortcuts lists the
same menus, so an action added to a tool object appears there once it is placed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

if TYPE_CHECKING:
    from osint_desk.ui.main_window import MainWindow


def shortcut_list(*keys: QKeySequence | QKeySequence.StandardKey | str) -> list[QKeySequence]:
    """Every key once, in order; a standard key brings all of this platform's bindings.

    A key listed twice on one action (Ctrl+Shift+Z given by hand and again as X11's standard
    Redo) makes Qt refuse it as an "Ambiguous shortcut overload", so duplicates are dropped.
    """
    found: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            bindings = QKeySequence.keyBindings(key)
        else:
            bindings = [QKeySequence(key)]
        found += [b for b in bindings if not b.isEmpty() and b not in found]
    return found


def tool_twin(parent: QObject, label: str, action: QAction) -> QAction:
    """A toolbar action with a fixed ``label`` that triggers ``action`` and follows its
    enabled state; its tooltip is the action's full text ("Undo New excerpt (Ctrl+Z)").
    It has no shortcut of its own: the keys stay on ``action``."""
    twin = QAction(label, parent)
    twin.setObjectName(f"{label.lower()}ToolAction")
    twin.triggered.connect(action.trigger)

    def follow() -> None:
        twin.setEnabled(action.isEnabled())
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "")
        twin.setToolTip(f"{text} ({keys})" if keys else text)
        twin.setStatusTip(text)

    action.changed.connect(follow)
    follow()
    return twin


def _fill(menu: QMenu, *items: QAction | None) -> None:
    """The actions in order; None is a separator."""
    for item in items:
        if item is None:
            menu.addSeparator()
        else:
            menu.addAction(item)


def lay_out_menus(window: MainWindow) -> tuple[QMenu, QToolBar]:
    """File, Edit, View, Case, Tools and Help, and the main toolbar; returns File's
    "Open recent" submenu (the window fills it with its recent cases) and the toolbar."""
    w, tools, cards, dialogs = window, window.tools, window.cards, window.dialogs
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _fill(file_menu, w.new_action, w.open_action, w.demo_action)
    recent_menu = file_menu.addMenu("Open &recent")
    _fill(file_menu, w.close_action, None, w.import_action, dialogs.paste_action, None,
          tools.export_report_action, tools.export_data_action, None, w.quit_action)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.aboutToShow.connect(w.deleter.refresh)
    _fill(edit_menu, w.undo_action, w.redo_action, None, w.delete_action, None,
          w.new_excerpt_action, w.find_action, w.search_action, None,
          w.source_properties_action)
    view_menu = bar.addMenu("&View")
    _fill(view_menu, w.navigator.toggleViewAction(), w.inspector.toggleViewAction(), None,
          dialogs.chart_action, w.timeline_action, w.map_action)
    case_menu = bar.addMenu("&Case")
    _fill(case_menu, dialogs.properties_action, dialogs.encrypt_action,
          tools.screen_card_action, None, *cards.actions())
    tools_menu = bar.addMenu("&Tools")
    _fill(tools_menu, tools.lists_action, tools.screen_case_action, tools.screening_action,
          None, dialogs.audit_action)
    help_menu = bar.addMenu("&Help")
    _fill(help_menu, dialogs.shortcuts_action, None, dialogs.about_action)
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for item in (w.open_action, w.import_action, None, w.undo_tool_action,
                 w.redo_tool_action, None, w.new_excerpt_action, w.search_action):
        if item is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(item)
    return recent_menu, toolbar
