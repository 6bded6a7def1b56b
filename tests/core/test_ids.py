"""Public ids: UUIDv7 strings in canonical form, checked without the uuid module."""

from __future__ import annotations

import uuid

import pytest

from osint_desk.core.ids import is_public_id, new_id


def test_a_new_id_is_a_canonical_version_7_uuid_in_time_order() -> None:
    ids = [new_id() for _ in range(200)]
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value and parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
    assert len(set(ids)) == len(ids)
    assert [i[:13] for i in ids] == sorted(i[:13] for i in ids)  # the milliseconds lead


@pytest.mark.parametrize("value", [
    "0190f1c2-7b3a-7c4e-9a1b-3f5e6d7c8b9a", "0190F1C2-7B3A-7C4E-9A1B-3F5E6D7C8B9A",
    str(uuid.uuid4()),
])
def test_canonical_uuids_are_public_ids(value: str) -> None:
    assert is_public_id(value)


@pytest.mark.parametrize("value", [
    "", "0190f1c27b3a7c4e9a1b3f5e6d7c8b9a", "{0190f1c2-7b3a-7c4e-9a1b-3f5e6d7c8b9a}",
    "urn:uuid:0190f1c2-7b3a-7c4e-9a1b-3f5e6d7c8b9a", "0190f1c2-7b3a-7c4e-9a1b-3f5e6d7c8b9g",
    "0190f1c2-7b3a-7c4e-9a1b+3f5e6d7c8b9a", "0190f1c2-7b3a-7c4e-9a1b-3f5e6d7c8b9a ",
    "Prigozhin", "0190f1c2-7b3a-7c4e-9a1-b3f5e6d7c8b9a",
])
def test_other_strings_are_not(value: str) -> None:
    assert not is_public_id(value)
