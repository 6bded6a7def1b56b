"""Files and cases dropped on the main window: a case file opens, other files are imported
into the open case (when it can be written), and the status bar says which before the drop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent

if TYPE_CHECKING:
    from osint_desk.ui.main_window import MainWindow


class CaseDrops(QObject):
    """The window's drag-and-drop handling (its drag events call these)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def enter(self, event: QDragEnterEvent) -> None:
        from osint_desk.ui.importing.drop import drop_cue, paths_from_mime

        session = self.window.session
        writable = session is not None and not session.read_only
        title = session.store.meta().title if writable and session is not None else None
        cue = drop_cue(paths_from_mime(event.mimeData()), title)
        if cue:
            event.acceptProposedAction()
            self.window.statusBar().showMessage(cue)

    def leave(self) -> None:
        self.window.statusBar().clearMessage()

    def drop(self, event: QDropEvent) -> None:
        """A case file dropped opens it; other files are imported into the open case."""
        from osint_desk.ui.importing.drop import paths_from_mime, split_cases

        window = self.window
        window.statusBar().clearMessage()
        cases, files = split_cases(paths_from_mime(event.mimeData()))
        session = window.session
        if cases:
            event.acceptProposedAction()
            window.open_case(cases[0])
            if len(cases) > 1 or files:
                window.statusBar().showMessage(
                    f"Opened {cases[0].name}; one case opens at a time, nothing was imported",
                    8000)
        elif files and session is not None and not session.read_only \
                and window.importer is not None:
            event.acceptProposedAction()
            window.importer.import_files(files)
