"""The case store: one SQLite file per case, and the domain API over it."""

from osint_desk.core.store.case_store import CaseStore
from osint_desk.core.store.opening import CASE_SUFFIX
from osint_desk.core.store.schema_version import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "CASE_SUFFIX", "SCHEMA_VERSION", "CaseStore"]
