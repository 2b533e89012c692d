"""The canonical form an entry's hash covers: anyone can recompute it with any JSON library."""

import datetime as dt
import hashlib
import json

import pytest

from gateway.audit.canonical import HASHED_FIELDS, canonical_entry, entry_hash, json_value

FIELDS = {
    "sequence": 7,
    "recorded_at": dt.datetime(2026, 3, 1, 9, 30, 5, 12, tzinfo=dt.UTC),
    "request_id": "r1",
    "trace_id": "0af7651916cd43dd8448eb211c80319c",
    "case_reference": "СЦР-vranje-2026-0001",
    "action": "person.read",
    "decision": "permit",
    "outcome": "done",
    "http_status": 200,
    "actor_client": "nes-1",
    "actor_agency": "nes",
    "purpose": "employment_services",
    "subject_kind": "person",
    "subject": "01a2",
    "categories_returned": ["identity"],
    "categories_withheld": ["health"],
    "basis": {"identity": "consent:c1"},
    "emergency": False,
    "detail": {"b": 1, "a": [2, {"d": None, "c": "x"}]},
    "previous_hash": "0" * 64,
}


def test_the_canonical_form_is_sorted_compact_utf8_json() -> None:
    text = canonical_entry(FIELDS).decode("utf-8")
    assert text.startswith('{"action":"person.read","actor_agency":"nes",')
    assert '"detail":{"a":[2,{"c":"x","d":null}],"b":1}' in text
    assert '"recorded_at":"2026-03-01T09:30:05.000012Z"' in text
    assert "СЦР-vranje-2026-0001" in text
    assert " " not in text.replace("СЦР", "")
    assert list(json.loads(text)) == sorted(HASHED_FIELDS)


def test_the_hash_is_sha256_of_the_canonical_form_and_covers_every_field() -> None:
    assert entry_hash(FIELDS) == hashlib.sha256(canonical_entry(FIELDS)).hexdigest()
    for name in HASHED_FIELDS:
        changed = dict(FIELDS)
        changed[name] = (
            FIELDS["recorded_at"] + dt.timedelta(seconds=1) if name == "recorded_at" else "x"
        )
        assert entry_hash(changed) != entry_hash(FIELDS), name


def test_a_timestamp_in_another_zone_hashes_as_the_same_instant() -> None:
    belgrade = FIELDS["recorded_at"].astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert entry_hash(FIELDS | {"recorded_at": belgrade}) == entry_hash(FIELDS)


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        entry_hash(FIELDS | {"recorded_at": dt.datetime(2026, 1, 1)})


def test_json_values_are_what_a_json_column_gives_back() -> None:
    assert json_value({"when": dt.date(2026, 1, 2), "ids": (1, 2)}) == {
        "when": "2026-01-02",
        "ids": [1, 2],
    }
    assert json_value(None) is None
