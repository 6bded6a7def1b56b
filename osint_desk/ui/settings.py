"""Settings in an INI file under the user data folder (QSettings), so tests stay isolated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from osint_desk.core.paths import os_user, settings_file

MAX_RECENT = 10


class AppSettings:
    """Recent cases, window geometry and dock layout, theme, the analyst's name."""

    def __init__(self, path: Path | None = None) -> None:
        self.qsettings = QSettings(str(path or settings_file()), QSettings.Format.IniFormat)

    def recent_cases(self) -> list[Path]:
        value = self.qsettings.value("recent/cases", [])
        items = [value] if isinstance(value, str) else list(value) if isinstance(
            value, list | tuple) else []
        return [Path(item) for item in items if item]

    def add_recent(self, path: Path) -> None:
        resolved = path.resolve()
        items = [p for p in self.recent_cases() if p != resolved]
        # No sync() here: QSettings writes itself back from the event loop and when it goes,
        # and a synchronous write cost a start ~8 ms of CPU before the first paint.
        self.qsettings.setValue("recent/cases", [str(p) for p in [resolved, *items][:MAX_RECENT]])

    def forget_recent(self, path: Path) -> None:
        items = [p for p in self.recent_cases() if p != path]
        self.qsettings.setValue("recent/cases", [str(p) for p in items])
        self.qsettings.sync()

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        self.qsettings.sync()

    def theme(self) -> str:
        """"system", "light" or "dark"."""
        value = str(self.qsettings.value("view/theme", "system"))
        return value if value in ("system", "light", "dark") else "system"

    def set_theme(self, theme: str) -> None:
        self.qsettings.setValue("view/theme", theme)

    def analyst_name(self) -> str:
        return str(self.qsettings.value("analyst/name", "") or "")

    def audit_actor(self) -> str:
        """Whom the audit log names: the analyst's name here, else the OS user.

        Read from these settings rather than through ``core.paths.analyst_name``, which parses
        the same INI file again with configparser (~10 ms at start).
        """
        return self.analyst_name().strip() or os_user()
