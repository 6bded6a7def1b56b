from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from osint_desk.ui.theme import apply_theme


def test_themes_differ_and_disabled_text_is_dimmed(qapp: QApplication) -> None:
    try:
        assert apply_theme(qapp, "dark") == "dark"
        dark = qapp.palette().color(QPalette.ColorRole.Window).lightness()
        assert apply_theme(qapp, "light") == "light"
        palette = qapp.palette()
        assert palette.color(QPalette.ColorRole.Window).lightness() > dark
        enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        assert disabled.lightness() - enabled.lightness() > 60
        assert apply_theme(qapp, "system") in ("light", "dark")
    finally:
        qapp.setPalette(qapp.style().standardPalette())
