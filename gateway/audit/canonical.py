"""The canonical form of an audit entry and its hash: what the chain links and verifiers redo.

The canonical form is the JSON object of every field of the entry except ``entry_hash``
(``sequence`` and ``previous_hash`` included), with keys sorted at every level, no whitespace
(separators ``,`` and ``:``), characters outside ASCII written as themselves, encoded as UTF-8.
``recorded_at`` is written ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC. The entry hash is the
SHA-256 of those bytes in lower-case hex, so an auditor can recompute it with any JSON library.
Nothing here touches a database or a clock.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

HASHED_FIELDS = (
    "sequence",
    "recorded_at",
    "request_id",
    "trace_id",
    "case_reference",
    "action",
    "decision",
    "outcome",
    "http_status",
    "actor_client",
    "actor_agency",
    "purpose",
    "subject_kind",
    "subject",
    "categories_returned",
    "categories_withheld",
    "basis",
    "emergency",
    "detail",
    "previous_hash",
)


def timestamp(value: dt.datetime) -> str:
    """A timestamp as the canonical form writes it: UTC, microseconds, ``Z``."""
    if value.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(document: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the one serialisation that is hashed or signed."""
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def canonical_entry(fields: Mapping[str, Any]) -> bytes:
    """The canonical form of an entry given as a mapping of its fields."""
    document = {name: fields[name] for name in HASHED_FIELDS}
    document["recorded_at"] = timestamp(fields["recorded_at"])
    document["emergency"] = bool(fields["emergency"])
    return canonical_json(document)


def entry_hash(fields: Mapping[str, Any]) -> str:
    """The SHA-256 of the entry's canonical form, in hex."""
    return hashlib.sha256(canonical_entry(fields)).hexdigest()


def json_value(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (so what is stored is what is hashed)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, allow_nan=False))
