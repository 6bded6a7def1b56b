"""Text editors that commit when editing finishes, so one note edit is one undo step.

:class:`CommitTextEdit` emits ``committed(text)`` on focus out or Ctrl+Return, and only when
the text differs from what was last loaded or committed. :class:`MarkdownEditor` adds an
Edit/Preview toggle (Ctrl+Shift+P while focused) whose preview is the safe
:class:`~osint_desk.ui.markdown_view.MarkdownView`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from osint_desk.ui.markdown_view import MarkdownView

PREVIEW_SHORTCUT = "Ctrl+Shift+P"


class CommitTextEdit(QPlainTextEdit):
    """A plain text editor that reports a finished edit once, not every keystroke."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._baseline = ""
        self.setTabChangesFocus(True)

    def set_text(self, text: str, *, force: bool = False) -> None:
        """Load stored text; an unfinished edit in progress is kept unless ``force``."""
        text = text or ""
        if not force and self.is_dirty() and self.hasFocus():
            return
        self._baseline = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def text(self) -> str:
        return self.toPlainText()

    def is_dirty(self) -> bool:
        return self.toPlainText() != self._baseline

    def commit(self) -> None:
        """Emit ``committed`` if the text changed since it was loaded or last committed."""
        if self.is_dirty() and not self.isReadOnly():
            self._baseline = self.toPlainText()
            self.committed.emit(self._baseline)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # A context menu takes focus for a moment: that is not the end of the edit.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.is_dirty():
            self.setPlainText(self._baseline)  # Escape abandons the unfinished edit
            event.accept()
            return
        super().keyPressEvent(event)


class MarkdownEditor(QWidget):
    """Markdown source with a safe preview; ``committed(text)`` once per finished edit."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, name: str = "Note",
                 placeholder: str = "", bar: bool = True) -> None:
        """``bar=False``: the caller places ``self.toggle`` (e.g. beside the field's caption)."""
        super().__init__(parent)
        self.editor = CommitTextEdit()
        self.editor.setAccessibleName(name)
        self.editor.setAccessibleDescription(
            f"Markdown. Saved when you leave the field or press Ctrl+Return;"
            f" {PREVIEW_SHORTCUT} shows the preview.")
        self.editor.setPlaceholderText(placeholder or "Markdown: **bold**, *italic*, - lists")
        self.editor.committed.connect(self.committed)
        self.preview = MarkdownView()
        self.preview.setAccessibleName(f"{name} preview")
        self.preview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.editor)
        self.pages.addWidget(self.preview)
        self.preview_action = QAction("Preview", self)
        self.preview_action.setCheckable(True)
        self.preview_action.setShortcut(QKeySequence(PREVIEW_SHORTCUT))
        self.preview_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.preview_action.setToolTip(f"Show the rendered note ({PREVIEW_SHORTCUT})")
        self.preview_action.toggled.connect(self.set_preview)
        self.addAction(self.preview_action)
        self.toggle = QToolButton()
        self.toggle.setDefaultAction(self.preview_action)
        self.toggle.setAccessibleName(f"Preview {name.lower()}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinAndMaxSize)  # no empty gap
        layout.addWidget(self.pages, 1)
        if bar:
            hint = QLabel("Markdown")
            hint.setEnabled(False)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(hint)
            row.addStretch(1)
            row.addWidget(self.toggle)
            layout.addLayout(row)
        self.setFocusProxy(self.editor)

    def text(self) -> str:
        return self.editor.text()

    def set_text(self, text: str, *, force: bool = False) -> None:
        self.editor.set_text(text, force=force)
        if self.is_preview():
            self.preview.set_markdown_text(self.editor.text())

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)

    def is_preview(self) -> bool:
        return self.pages.currentWidget() is self.preview

    def set_preview(self, on: bool) -> None:
        """Switch between the source and the rendered note, keeping focus inside."""
        focused = QApplication.focusWidget()
        had_focus = focused is not None and (focused is self or self.isAncestorOf(focused))
        if on:
            self.editor.commit()
            self.preview.set_markdown_text(self.editor.text())
        target: QWidget = self.preview if on else self.editor
        self.pages.setCurrentWidget(target)
        self.setFocusProxy(target)
        if self.preview_action.isChecked() != on:
            self.preview_action.setChecked(on)
        if had_focus:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_editor_height(self, minimum: int, maximum: int | None = None) -> None:
        self.pages.setMinimumHeight(minimum)
        if maximum is not None:
            self.pages.setMaximumHeight(maximum)
