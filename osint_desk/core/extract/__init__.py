"""Finding known names in text (gazetteer) so readers can mark them and suggest links."""

from osint_desk.core.extract.gazetteer import FoldedText, Gazetteer, Mention, find_mentions

__all__ = ["FoldedText", "Gazetteer", "Mention", "find_mentions"]
