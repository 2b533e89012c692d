"""Appending to the hash chain: one writer at a time, so the chain has no gaps and no forks.

Each entry's hash covers its sequence number and the previous entry's hash, so appending
needs the head (last sequence and hash) and must not let another writer append between the
read and the insert. The mechanism, per database:

- **PostgreSQL**: a transaction-level advisory lock (``pg_advisory_xact_lock``) on one
  constant key, taken just before the entries are inserted and released by the COMMIT or
  ROLLBACK itself. Under it, a *new* statement reads the head: in READ COMMITTED (the
  gateway's isolation level) that statement sees every transaction that held the lock
  before, because each of them committed before releasing it. The lock works across any
  number of gateway processes on one database and needs no extra table or service. Should
  the head ever be read stale (a stricter isolation level, say), the primary key on
  ``sequence`` makes the insert fail (a 503, nothing written) rather than fork the chain.
- **SQLite**: the gateway begins every transaction with ``BEGIN IMMEDIATE`` (``gateway.db``),
  which already allows one writer at a time, across processes too.

The entries of a transaction are appended in its ``before_commit`` hook (``writer``), so the
lock is held only for the head read, the insert and the commit, never while the request does
its work: a transaction waiting for the lock holds no lock the holder could need, so there is
no deadlock. The price is that audited commits (and their WAL flushes) happen one at a time:
throughput is bounded by the commit latency, not by the number of writers (``bench/audit.py``
measures it against the same inserts without the chain). A batched sequencer (writers hand
entries to one process that chains and commits them in groups) would append faster, because
one flush would cover a whole group, but an entry would then be committed apart from the
action it records, and the trail's first promise is that the two commit together or not at
all. Rows inserted by anything other than this module (raw SQL) take no lock: that is
tampering, and verification finds it.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, text

from gateway.audit.entries import Draft
from gateway.audit.models import GENESIS_HASH, AuditEntry
from gateway.models import utcnow

LOCK_KEY = 0x6761_7465_7761_7941
"""The advisory lock key of the chain ("gatewayA" in ASCII)."""

ENTRY = AuditEntry.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Head:
    """The last entry of the chain: the position the next entry links to."""

    sequence: int
    entry_hash: str
    recorded_at: dt.datetime | None


EMPTY = Head(0, GENESIS_HASH, None)


def append(connection: Connection, drafts: Sequence[Draft]) -> list[dict[str, Any]]:
    """Chain ``drafts`` after the head and insert them; the caller's transaction commits them."""
    serialise(connection)
    rows = link(drafts, head(connection), now=utcnow())
    connection.execute(insert(ENTRY), rows)
    return rows


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


def link(drafts: Sequence[Draft], after: Head, *, now: dt.datetime) -> list[dict[str, Any]]:
    """The rows of ``drafts`` chained after ``after``; times never go backwards along the chain."""
    rows: list[dict[str, Any]] = []
    sequence, previous, recorded_at = after.sequence, after.entry_hash, now
    if after.recorded_at is not None:
        recorded_at = max(now, after.recorded_at)
    for draft in drafts:
        sequence += 1
        row = draft.linked(sequence, recorded_at, previous)
        rows.append(row)
        previous = row["entry_hash"]
    return rows
