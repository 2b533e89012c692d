"""The hash chain: entries are written with their action, then sealed into the chain in order.

Each entry's hash covers its sequence number and the previous entry's hash, so the chain must
be extended by one writer at a time. That writer is not the request:

1. **Staging.** A transaction that records an action inserts its entries into
   ``audit_pending`` (``stage``), in the same transaction: the action and its entries are
   committed together or not at all, and a read is on the record before its data leaves.
   Staging takes no lock and reads nothing, so concurrent requests never wait for each other.
2. **Sealing.** ``seal`` takes the chain's lock, reads the pending entries that committed
   transactions left (a statement sees only committed rows, so an entry whose transaction
   is still open is sealed in a later batch), links them after the head in ``id`` order,
   inserts them into ``audit_entry`` and deletes them from ``audit_pending``, in one
   transaction. The host's background duties seal every ``SEAL_INTERVAL_SECONDS``; every
   reader of the trail (queries, exports, the subject report, verification, checkpoints)
   seals first, so it never misses a committed entry.

The lock, per database:

- **PostgreSQL**: a transaction-level advisory lock (``pg_advisory_xact_lock``) on one
  constant key, released by the COMMIT or ROLLBACK itself. Under it, a *new* statement reads
  the head and the pending rows: in READ COMMITTED (the gateway's isolation level) it sees
  every sealer that held the lock before. Should the head ever be read stale, the primary key
  on ``sequence`` makes the insert fail rather than fork the chain.
- **SQLite**: every transaction begins with ``BEGIN IMMEDIATE`` (``gateway.db``): one writer
  at a time, across processes too.

What the unsealed window means: an entry is tamper-evident from its sealing on, at most a
second or so after its commit. Until then it sits in ``audit_pending``, where the database's
owner could delete or change it without breaking the chain (the same owner could also stop
the gateway from writing it at all). ``recorded_at`` is the time of staging, raised where
needed so that it never goes backwards along the chain.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text

from gateway.audit.canonical import entry_hash
from gateway.audit.entries import Draft
from gateway.audit.models import GENESIS_HASH, AuditEntry, EntryFields, PendingEntry
from gateway.models import utcnow

LOCK_KEY = 0x6761_7465_7761_7941
"""The advisory lock key of the chain ("gatewayA" in ASCII)."""

ENTRY = AuditEntry.__table__  # type: ignore[attr-defined]
PENDING = PendingEntry.__table__  # type: ignore[attr-defined]
RECORDED_FIELDS = tuple(name for name in EntryFields.model_fields if name != "recorded_at")


@dataclass(frozen=True)
class Head:
    """The last entry of the chain: the position the next entry links to."""

    sequence: int
    entry_hash: str
    recorded_at: dt.datetime | None


EMPTY = Head(0, GENESIS_HASH, None)


SEAL_BATCH = 2000
SEAL_INTERVAL_SECONDS = 0.2


def stage(connection: Connection, drafts: Sequence[Draft]) -> None:
    """Write ``drafts`` to be sealed; the caller's transaction commits them with its action."""
    now = utcnow()
    connection.execute(insert(PENDING), [draft.fields | {"recorded_at": now} for draft in drafts])


def seal(connection: Connection) -> int:
    """Chain every pending entry committed so far, oldest first, in the caller's transaction
    (which holds the chain's lock until it ends); how many were sealed."""
    serialise(connection)
    sealed = 0
    while True:
        query = select(PENDING).order_by(PENDING.c.id).limit(SEAL_BATCH)
        pending = connection.execute(query).mappings().all()
        if not pending:
            return sealed
        connection.execute(insert(ENTRY), link(pending, head(connection)))
        ids = [row["id"] for row in pending]
        connection.execute(delete(PENDING).where(PENDING.c.id.in_(ids)))
        sealed += len(pending)
        if len(pending) < SEAL_BATCH:
            return sealed


def serialise(connection: Connection) -> None:
    """Wait until no other transaction can append before this one ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def head(connection: Connection) -> Head:
    """The last committed entry (or the empty chain's genesis)."""
    query = select(ENTRY.c.sequence, ENTRY.c.entry_hash, ENTRY.c.recorded_at)
    row = connection.execute(query.order_by(ENTRY.c.sequence.desc()).limit(1)).first()
    if row is None:
        return EMPTY
    return Head(row.sequence, row.entry_hash, row.recorded_at)


def link(pending: Sequence[Mapping[Any, Any]], after: Head) -> list[dict[str, Any]]:
    """The rows of ``pending`` chained after ``after``; times never go backwards along the chain."""
    rows: list[dict[str, Any]] = []
    sequence, previous, latest = after.sequence, after.entry_hash, after.recorded_at
    for entry in pending:
        sequence += 1
        recorded_at = entry["recorded_at"] if latest is None else max(entry["recorded_at"], latest)
        row = {name: entry[name] for name in RECORDED_FIELDS} | {
            "sequence": sequence,
            "recorded_at": recorded_at,
            "previous_hash": previous,
        }
        row["entry_hash"] = entry_hash(row)
        rows.append(row)
        previous, latest = row["entry_hash"], recorded_at
    return rows
