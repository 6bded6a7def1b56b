"""Where OSINT Desk keeps user data: settings, recent cases, the sanctions-list library.

platformdirs' user data folder, or ``$OSINT_DESK_HOME`` when set, so tests and portable
installs stay isolated. Resources (demo case, report templates, icons) ship inside the
package as ``osint_desk.resources`` (the top-level ``resources/`` folder, mapped by setup.py).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "OSINT Desk"
ENV_HOME = "OSINT_DESK_HOME"


def user_data_dir(create: bool = True) -> Path:
    """The folder for settings and the list library; ``$OSINT_DESK_HOME`` overrides it."""
    override = os.environ.get(ENV_HOME)
    path = Path(override).expanduser() if override else Path(
        platformdirs.user_data_dir(APP_NAME, appauthor=False)
    )
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    """The INI file QSettings uses (``QSettings(path, QSettings.IniFormat)``)."""
    return user_data_dir() / "settings.ini"


def resources_dir() -> Path:
    """The ``osint_desk.resources`` package folder, in a checkout, a wheel or the frozen app.

    A checkout that was never installed (``python -m osint_desk`` from the clone) has no
    mapping for the subpackage; the top-level ``resources/`` beside the package is used then.
    """
    try:
        found = resources.files("osint_desk.resources")
    except ModuleNotFoundError:
        found = None
    if isinstance(found, Path) and found.is_dir():
        return found
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "OSINT Desk's resources (osint_desk.resources) are missing from this installation"
    )


def analyst_name() -> str:
    """Who the audit log names: ``analyst/name`` in settings, else the OS user."""
    import configparser

    ini = settings_file()
    if ini.exists():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(ini, encoding="utf-8")
            name = parser.get("analyst", "name", fallback="").strip()
        except configparser.Error:
            name = ""
        if name:
            return name
    return os_user()


def os_user() -> str:
    """The operating system's user name: whom the audit log names when settings name nobody."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
