"""Errors the core raises on purpose; each carries a message fit to show a user."""

from __future__ import annotations


class OsintDeskError(Exception):
    """Base of every error a front may show as-is (no traceback)."""


class NotACaseFileError(OsintDeskError):
    """The file is not an OSINT Desk case (foreign SQLite, text, truncated...)."""


class CaseNeedsUpgradeError(OsintDeskError):
    """An older case must be migrated before use, which a read-only open cannot do."""


class NewerCaseFileError(OsintDeskError):
    """The case was written by a newer OSINT Desk than this one."""


class UnsafeCaseFileError(NotACaseFileError):
    """The file holds objects OSINT Desk did not create (triggers, views...): refused unread.

    ``problems`` names each object; ``osint-desk repair`` copies the data into a clean case.
    """

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class CaseBusyError(OsintDeskError):
    """Another program held the case's write lock for longer than the busy timeout."""


class ReadOnlyCaseError(OsintDeskError):
    """A write was attempted on a case opened read-only."""


class ValidationError(OsintDeskError):
    """A value the user gave does not fit the domain (bad date, quote mismatch...)."""


class NotFoundError(OsintDeskError):
    """No live record has that id or name."""


class AmbiguousNameError(OsintDeskError):
    """A name matches more than one card; the message lists the candidates."""

    def __init__(self, name: str, candidates: list[tuple[str, str, str]]) -> None:
        self.name = name
        self.candidates = candidates
        lines = "\n".join(f"  {pid}  {ctype:<14} {cname}" for pid, ctype, cname in candidates)
        super().__init__(
            f"{name!r} is ambiguous: {len(candidates)} cards match. Use an id:\n{lines}"
        )


class IntegrityError(OsintDeskError):
    """The change would break a rule of the case (e.g. delete a cited source)."""


class DuplicateSourceError(OsintDeskError):
    """The same content is already in the case."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class IngestError(OsintDeskError):
    """A file could not be turned into a source; the message names the file and why."""


class PassphraseNeededError(NotACaseFileError):
    """The file is encrypted (or is not a case at all): it opens only with its passphrase."""


class WrongPassphraseError(NotACaseFileError):
    """The passphrase does not open the file (or the file is not an OSINT Desk case)."""
