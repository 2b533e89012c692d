"""The queries of the audit trail: filtered pages, batches for streaming, checkpoints.

Every read is a range of sequence numbers on an index that ends in ``sequence``: a time range
is first turned into a sequence range (``recorded_at`` never decreases along the chain, and
``(recorded_at, sequence)`` is indexed), so "the last 100 accesses to one person in a month"
is one short index range scan at any size. Reads for streaming go in batches by keyset, each
bounded by the head at the start, so an export or a verification uses constant memory and
sees one consistent prefix of the chain. This module only reads.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, select
from sqlmodel import Session, col
from sqlmodel import select as select_model

from gateway.audit.canonical import HASHED_FIELDS
from gateway.audit.chain import ENTRY, head
from gateway.audit.models import AuditCheckpoint, CheckpointWitness

Fetch = Callable[[Select[Any]], Sequence[Row[Any]]]
ENTRY_COLUMNS = [ENTRY.c[name] for name in (*HASHED_FIELDS, "entry_hash")]


@dataclass(frozen=True)
class EntryFilter:
    """What an auditor narrows the trail to; every field is optional."""

    subjects: tuple[str, ...] = ()
    actor_client: str | None = None
    actor_agency: str | None = None
    purpose: str | None = None
    action: str | None = None
    decision: str | None = None
    case_reference: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def as_detail(self) -> dict[str, Any]:
        """The filter as an audit entry's detail (only what was asked)."""
        values = {
            "subjects": list(self.subjects) or None,
            "actor_client": self.actor_client,
            "actor_agency": self.actor_agency,
            "purpose": self.purpose,
            "action": self.action,
            "decision": self.decision,
            "case_reference": self.case_reference,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class SequenceRange:
    """Entries ``first`` to ``last`` inclusive (empty when ``first > last``)."""

    first: int
    last: int


def sequence_range(connection: Connection, entry_filter: EntryFilter) -> SequenceRange:
    """The sequence numbers the filter's time range covers, up to the current head."""
    last = head(connection).sequence
    since, until = _time_bounds(entry_filter)
    first = connection.execute(select(since)).scalar() if since is not None else 1
    if until is not None:
        last = min(last, connection.execute(select(until)).scalar() or 0)
    return SequenceRange(last + 1 if first is None else first, last)


def _time_bounds(entry_filter: EntryFilter) -> tuple[Any, Any]:
    """The first and last sequence numbers of the time range, as scalar subqueries (or None).

    ``(recorded_at, sequence)`` is indexed and times never decrease along the chain, so each
    is one index probe; a bound that finds no entry is NULL, and NULL matches nothing.
    """
    sequence, recorded_at = ENTRY.c.sequence, ENTRY.c.recorded_at
    since = until = None
    if entry_filter.since is not None:
        since = (
            select(sequence)
            .where(recorded_at >= entry_filter.since)
            .order_by(recorded_at, sequence)
            .limit(1)
            .scalar_subquery()
        )
    if entry_filter.until is not None:
        until = (
            select(sequence)
            .where(recorded_at < entry_filter.until)
            .order_by(recorded_at.desc(), sequence.desc())
            .limit(1)
            .scalar_subquery()
        )
    return since, until


def filtered(entry_filter: EntryFilter, bounds: SequenceRange | None = None) -> Select[Any]:
    """The matching entries (within ``bounds``, which then stand for the time range)."""
    sequence = ENTRY.c.sequence
    query = select(*ENTRY_COLUMNS)
    if bounds is not None:
        query = query.where(sequence >= bounds.first, sequence <= bounds.last)
    else:
        since, until = _time_bounds(entry_filter)
        if since is not None:
            query = query.where(sequence >= since)
        if until is not None:
            query = query.where(sequence <= until)
    if entry_filter.subjects:
        query = query.where(ENTRY.c.subject.in_(entry_filter.subjects))
    equal = {
        "actor_client": entry_filter.actor_client,
        "actor_agency": entry_filter.actor_agency,
        "purpose": entry_filter.purpose,
        "action": entry_filter.action,
        "decision": entry_filter.decision,
        "case_reference": entry_filter.case_reference,
    }
    for name, value in equal.items():
        if value is not None:
            query = query.where(ENTRY.c[name] == value)
    return query


def page(
    connection: Connection,
    entry_filter: EntryFilter,
    *,
    after: int | None,
    newest_first: bool,
    limit: int,
) -> list[Row[Any]]:
    """Up to ``limit + 1`` matching entries after the cursor position, in one statement."""
    sequence = ENTRY.c.sequence
    query = filtered(entry_filter)
    if after is not None:
        query = query.where(sequence < after if newest_first else sequence > after)
    order = sequence.desc() if newest_first else sequence
    return list(connection.execute(query.order_by(order).limit(limit + 1)).all())


def batches(
    fetch: Fetch, query: Select[Any], *, after: int, size: int
) -> Iterator[Sequence[Row[Any]]]:
    """The rows of ``query`` in sequence order, ``size`` at a time, by keyset."""
    while True:
        rows = fetch(query.where(after < ENTRY.c.sequence).order_by(ENTRY.c.sequence).limit(size))
        if not rows:
            return
        yield rows
        after = rows[-1].sequence


def latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    query = select_model(AuditCheckpoint).order_by(col(AuditCheckpoint.number).desc()).limit(1)
    return session.exec(query).first()


def checkpoints(
    session: Session, *, from_number: int = 1, after: int | None = None, limit: int | None = None
) -> list[AuditCheckpoint]:
    """Checkpoints in number order, from ``from_number`` (or after a cursor)."""
    query = select_model(AuditCheckpoint).where(col(AuditCheckpoint.number) >= from_number)
    if after is not None:
        query = query.where(col(AuditCheckpoint.number) > after)
    query = query.order_by(col(AuditCheckpoint.number))
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


def witnesses(session: Session, numbers: Sequence[int]) -> dict[int, list[CheckpointWitness]]:
    """The witnesses of the given checkpoints, by checkpoint number."""
    found: dict[int, list[CheckpointWitness]] = {number: [] for number in numbers}
    if not numbers:
        return found
    query = select_model(CheckpointWitness).where(
        col(CheckpointWitness.checkpoint_number).in_(numbers)
    )
    for witness in session.exec(query.order_by(col(CheckpointWitness.witnessed_at))):
        found[witness.checkpoint_number].append(witness)
    return found
