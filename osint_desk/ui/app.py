"""Start the GUI: the application object, the main window, and screenshot mode."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox

from osint_desk import __version__
from osint_desk.core.errors import OsintDeskError
from osint_desk.core.store import CaseStore
from osint_desk.ui.overview import CaseOverview

WELCOME = ("<h2>OSINT Desk</h2><p>Open a case with <b>File → Open case…</b> (Ctrl+O).</p>"
           "<p>From a terminal, <code>osint-desk demo demo.osintcase</code> writes the demo case"
           " and <code>osint-desk new CASE --title TITLE</code> a new one.</p>")


class MainWindow(QMainWindow):
    """The window; it owns at most one open case and shows its overview."""

    def __init__(self) -> None:
        super().__init__()
        self.store: CaseStore | None = None
        self.setWindowTitle("OSINT Desk")
        self.resize(1000, 700)
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open case…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_case)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        welcome = QLabel(WELCOME)
        welcome.setMargin(32)
        self.setCentralWidget(welcome)

    def open_case(self, path: Path, *, read_only: bool = False) -> None:
        store = CaseStore.open(path, read_only=read_only)
        if self.store is not None:
            self.store.close()
        self.store = store
        self.setCentralWidget(CaseOverview(store))
        suffix = " [read-only]" if store.read_only else ""
        self.setWindowTitle(f"{store.meta().title}{suffix} — OSINT Desk")
        self.statusBar().showMessage(f"{path}{suffix}")

    def choose_case(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Open case", "", "OSINT Desk cases (*.osintcase);;All files (*)")
        if name:
            try:
                self.open_case(Path(name))
            except OsintDeskError as exc:
                QMessageBox.warning(self, "Cannot open the case", str(exc))

    def closeEvent(self, event: object) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)  # type: ignore[arg-type]


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--size", default="1000x700")
    options, _rest = parser.parse_known_args(argv)
    return options


def run_gui(case_path: Path | None, argv: list[str]) -> int:
    """Run the app; with ``--screenshot FILE`` render the window to a PNG and exit."""
    options = _options(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("OSINT Desk")
    app.setApplicationVersion(__version__)
    window = MainWindow()
    if options.screenshot:
        width, _x, height = options.size.partition("x")
        window.resize(int(width), int(height))
    if case_path is not None:
        try:
            window.open_case(case_path, read_only=options.read_only)
        except OsintDeskError as exc:
            print(f"osint-desk: error: {exc}", file=sys.stderr)
            return 1
    if options.screenshot:
        window.show()
        QTimer.singleShot(0, lambda: (window.grab().save(str(options.screenshot)), app.quit()))
        app.exec()
        window.close()
        return 0 if options.screenshot.exists() else 1
    window.show()
    return int(app.exec())
