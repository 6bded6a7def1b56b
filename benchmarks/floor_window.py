"""The floor under the launch target: the app's start-up window built from PySide6 alone.

    python benchmarks/floor_window.py CASE.osintcase     # quits once the window is shown

Run by ``bench_launch.py`` beside the bare window and the app. It has what the app's window
has on screen when it opens a case — six menus with 65 actions and their shortcuts, a
navigator dock with five lists read from the case file, an inspector dock, tabs with a welcome
page, a status bar with a search field — and none of OSINT Desk's code: no store, no schema
check, no models beyond a list of strings. Whatever a window that shows a case costs in
PySide6 and Python before any of our work is here: the Qt namespace's enum types (made all at
once at the first ``Qt.`` touch), the widget classes' own enums, and the one-off resolution
of every QWidget subclass the first time Qt hands back a widget (``viewport()`` here).
"""

from __future__ import annotations

import sqlite3
import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QTabWidget,
    QToolBox,
    QVBoxLayout,
    QWidget,
)

MENUS = ("&File", "&Edit", "&View", "&Case", "&Tools", "&Help")
ACTIONS = 65
SECTIONS = (("Sources", "SELECT title FROM sources ORDER BY title LIMIT 200"),
            ("Cards", "SELECT name FROM entities ORDER BY name LIMIT 200"),
            ("Excerpts", "SELECT quote FROM excerpts LIMIT 200"),
            ("Relationships", "SELECT predicate FROM relationships LIMIT 200"),
            ("Tags", "SELECT name FROM tags ORDER BY name LIMIT 200"))


class Rows(QAbstractListModel):
    def __init__(self, rows: list[str]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()]
        return None


def main(path: str) -> int:
    app = QApplication(sys.argv[:1])
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    window = QMainWindow()
    window.setWindowTitle("floor")
    menus = [window.menuBar().addMenu(title) for title in MENUS]
    for number in range(ACTIONS):
        action = QAction(f"Action {number}…", window)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{chr(ord('A') + number % 26)}"))
        menus[number % len(menus)].addAction(action)
    toolbox = QToolBox()
    for title, query in SECTIONS:
        view = QListView()
        view.setModel(Rows([str(row[0]) for row in database.execute(query)]))
        toolbox.addItem(view, title)
    view.viewport()  # the first QWidget Qt returns resolves every QWidget subclass
    navigator = QDockWidget("Navigator", window)
    navigator.setWidget(toolbox)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, navigator)
    inspector = QDockWidget("Inspector", window)
    panel = QWidget()
    QVBoxLayout(panel).addWidget(QLabel("Nothing selected"))
    inspector.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, inspector)
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    tabs.addTab(QLabel("Welcome"), "Overview")
    window.setCentralWidget(tabs)
    window.statusBar().addPermanentWidget(QLineEdit())
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, app.quit)
    code = app.exec()
    database.close()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
