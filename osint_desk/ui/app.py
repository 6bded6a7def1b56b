"""Start the GUI: the application object, theme, the main window, and screenshot mode."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# Before Qt on purpose: PySide6 reads the source of every module imported after it (looking
# for ``from __feature__ import``), so the Qt-free core the window needs is imported first.
import osint_desk.core.store  # noqa: F401  # isort: skip
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from osint_desk import __version__
from osint_desk.core.errors import NotFoundError, OsintDeskError
from osint_desk.ui.main_window import MainWindow
from osint_desk.ui.settings import AppSettings
from osint_desk.ui.theme import THEMES, apply_theme

# Set to "1" to quit as soon as the window is shown and the event loop runs: the launch
# benchmark (benchmarks/bench_launch.py) and the start-up tests time a whole start this way.
QUIT_WHEN_SHOWN_ENV = "OSINT_DESK_QUIT_WHEN_SHOWN"
CAPTURE_WAIT_MS = 10_000  # screenshot mode waits this long at most for running tasks


def _options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--show", default="")
    parser.add_argument("--theme", choices=THEMES)
    parser.add_argument("--size", default="1280x800")
    options, _rest = parser.parse_known_args(argv)
    return options


def _show(window: MainWindow, what: str) -> None:
    """``source[:ID]``, ``card[:ID or name]``, ``search:QUERY``, ``screening[:FILTER]`` or
    ``lists``: put that on screen."""
    session = window.session
    if session is None or not what:
        return
    kind, _sep, value = what.partition(":")
    if kind in window.tabs.views:
        window.tabs.show_text(kind, value)
    elif kind == "search":
        window.quick_search(value)
    elif kind == "lists":
        window.tools.sanctions_lists()
    elif kind == "export":
        dialog = window.tools.export_report()
        if dialog is not None and value:
            dialog.tabs.setCurrentIndex(1 if value == "markdown" else 0)
    elif kind == "export-data":
        window.tools.export_data()
    else:
        choices = [*window.tabs.views.show_help(), "search:QUERY", "lists",
                   "export[:markdown]", "export-data"]
        raise NotFoundError(f"--show takes {', '.join(choices)}, not {what!r}")


def _app_icon() -> QIcon:
    """The application icon in every size shipped (resources/icons), for title bars and docks."""
    from osint_desk.core.paths import resources_dir

    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = folder / f"osint-desk-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon


# Background tasks (a layout, an import) run Python on another thread; PySide6 lets go of the
# interpreter lock around each Qt call, and the GUI thread then waits for the worker's turn
# to end before its next line: 5 ms by default, which over the thousands of Qt calls of one
# repaint made a chart's frame take seconds while a layout ran. 1 ms keeps the window quick
# for a few per cent of the worker's speed.
GUI_SWITCH_INTERVAL_S = 0.001


def prepare_interpreter() -> None:
    """Interpreter settings for a GUI process (also used by the GUI benchmarks)."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


def run_gui(case_path: Path | None, argv: list[str]) -> int:
    """Run the app; with ``--screenshot FILE`` render the window to a PNG and exit."""
    prepare_interpreter()
    options = _options(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("OSINT Desk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("OSINT Desk")
    # Matches packaging/linux/io.github.osint_desk.OsintDesk.desktop (Wayland app id, taskbar).
    app.setDesktopFileName("io.github.osint_desk.OsintDesk")
    app.setWindowIcon(_app_icon())
    settings = AppSettings()
    apply_theme(app, options.theme or settings.theme())
    window = MainWindow(settings)
    if options.screenshot:
        width, _x, height = options.size.partition("x")
        window.resize(int(width), int(height))
    if case_path is not None and options.screenshot:
        # No user to answer a dialog: the reason goes to stderr and the exit code says it.
        try:
            window.load_case(case_path, read_only=options.read_only)
        except OsintDeskError as exc:
            print(f"osint-desk: error: {exc}", file=sys.stderr)
            window.close()
            return 1
    window.show()
    if not options.screenshot:
        # Over the window, not before it: a refusal or error dialog has a window behind
        # it, and the user is left on the welcome page to choose another case.
        opened = case_path is not None and window.open_case(case_path,
                                                            read_only=options.read_only)
        if opened and options.show:
            try:  # "also in" opens another case on its card this way
                _show(window, options.show)
            except (NotFoundError, IndexError) as exc:  # the case stays open
                print(f"osint-desk: error: {exc}", file=sys.stderr)
                window.statusBar().showMessage(str(exc), 12000)
        if os.environ.get(QUIT_WHEN_SHOWN_ENV) == "1":
            QTimer.singleShot(0, app.quit)  # runs once the event loop has started
        return int(app.exec())
    try:
        _show(window, options.show)
    except (NotFoundError, IndexError) as exc:
        print(f"osint-desk: error: {exc}", file=sys.stderr)
        window.close()
        return 1

    waited = [0]

    def capture() -> None:
        # Background work started by --show (a chart's layout) ends first, within reason.
        view_busy = getattr(window.tabs.currentWidget(), "busy", None)
        busy = window.tasks.busy() or (callable(view_busy) and bool(view_busy()))
        if busy and waited[0] < CAPTURE_WAIT_MS:
            waited[0] += 100
            QTimer.singleShot(100, capture)
            return
        target = window
        dialog = app.activeModalWidget() or app.activeWindow()
        if dialog is not None and dialog is not window:
            dialog.move(window.geometry().center() - dialog.rect().center())
        pixmap = target.grab()
        if dialog is not None and dialog is not window:
            from PySide6.QtGui import QColor, QPainter

            painter = QPainter(pixmap)
            offset = dialog.geometry().topLeft() - window.geometry().topLeft()
            shot = dialog.grab()
            # No window manager draws the dialog's frame in a grab: a soft shadow and a
            # hairline stand in for it, so the dialog reads as one over the window.
            for spread, alpha in ((6, 18), (4, 28), (2, 40)):
                painter.fillRect(shot.rect().translated(offset).adjusted(
                    -spread, -spread, spread, spread), QColor(0, 0, 0, alpha))
            painter.drawPixmap(offset, shot)
            painter.setPen(QColor(0, 0, 0, 110))
            painter.drawRect(shot.rect().translated(offset).adjusted(-1, -1, 0, 0))
            painter.end()
        pixmap.save(str(options.screenshot))
        app.quit()

    QTimer.singleShot(300, capture)
    app.exec()
    window.close()
    return 0 if options.screenshot.exists() else 1
