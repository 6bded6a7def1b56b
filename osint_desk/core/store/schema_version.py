"""What marks a file as an OSINT Desk case, and the schema version this code writes.

Kept apart from ``schema`` (the migrations, which need sqlite-utils) so that opening a case
that is already current loads neither.
"""

APPLICATION_ID = 0x4F53444B  # "OSDK"
SCHEMA_VERSION = 7
