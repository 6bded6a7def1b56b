"""Shared widgets of the case views: editors that commit once, the card picker, chips."""

from osint_desk.ui.widgets.card_picker import CardPicker
from osint_desk.ui.widgets.chips import LinkedCards, TagEditor
from osint_desk.ui.widgets.commands import try_push
from osint_desk.ui.widgets.markdown_editor import CommitTextEdit, MarkdownEditor

__all__ = ["CardPicker", "CommitTextEdit", "LinkedCards", "MarkdownEditor", "TagEditor",
           "try_push"]
