"""Reading the trail in tests, writing entries outside requests, and tampering with it."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlmodel import Session

from gateway.audit import checkpoints
from gateway.audit.chain import ENTRY, PENDING, seal
from gateway.audit.hook import AuditEvent, record
from gateway.audit.models import AuditCheckpoint
from gateway.audit.schemas import VerificationReport
from gateway.audit.verification import verify_trail
from gateway.auth.keys import KeyRing, ensure_key
from gateway.config import DEVELOPMENT_KEY_ENCRYPTION_KEY

Bind = Connection | Engine


def seal_pending(bind: Bind) -> None:
    """Seal what is pending, as every reader of the trail does first."""
    if isinstance(bind, Connection):
        seal(bind)
        return
    with bind.begin() as connection:
        seal(connection)


def entries(bind: Bind, **equal: Any) -> list[dict[str, Any]]:
    """Entries (as dicts) in sequence order, optionally only those with the given values."""
    query = select(ENTRY)
    for name, value in equal.items():
        query = query.where(ENTRY.c[name] == value)
    seal_pending(bind)
    with _connection(bind) as connection:
        rows = connection.execute(query.order_by(ENTRY.c.sequence)).all()
    return [dict(row._mapping) for row in rows]


def committed_entries(bind: Bind, request_id: str) -> list[dict[str, Any]]:
    """A request's committed entries, sealed or still pending, read without sealing (for a
    test whose request is still using the test's connection from another thread)."""
    found = []
    with _connection(bind) as connection:
        for table in (ENTRY, PENDING):
            rows = connection.execute(select(table).where(table.c.request_id == request_id))
            found += [dict(row._mapping) for row in rows]
    return found


def entries_of(bind: Bind, request_id: str) -> list[tuple[str, str, int | None]]:
    """(action, decision, http_status) of the entries one request wrote."""
    return [
        (row["action"], row["decision"], row["http_status"])
        for row in entries(bind, request_id=request_id)
    ]


def write_entries(bind: Bind, count: int, *, subject: str | None = None, **fields: Any) -> None:
    """Append ``count`` entries in one transaction, outside any request, and seal them."""
    with Session(bind) as session:
        for index in range(count):
            event = AuditEvent(
                action=fields.get("action", "person.read"),
                decision=fields.get("decision", "permit"),
                actor_client=fields.get("actor_client", "kirs-test"),
                actor_agency=fields.get("actor_agency", "kirs"),
                purpose=fields.get("purpose", "reception"),
                subject=subject,
                detail={"index": index},
            )
            record(session, event)
        session.commit()
    seal_pending(bind)


def head_sequence(bind: Bind) -> int:
    seal_pending(bind)
    with _connection(bind) as connection:
        value = connection.execute(
            select(ENTRY.c.sequence).order_by(ENTRY.c.sequence.desc()).limit(1)
        ).scalar()
    return int(value or 0)


def bypass_append_only(connection: Connection) -> None:
    """Let raw SQL in this transaction change audit rows, as an attacker with the owner's
    rights could: PostgreSQL stops firing triggers for the session (superuser), SQLite's
    triggers are dropped (the test's transaction rolls the drop back)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        return
    for table in ("audit_entry", "audit_checkpoint", "audit_checkpoint_witness"):
        connection.execute(text(f"DROP TRIGGER {table}_no_update"))
        connection.execute(text(f"DROP TRIGGER {table}_no_delete"))


def renumber(connection: Connection, *, from_sequence: int, by: int) -> None:
    """Shift the sequence of every entry from ``from_sequence`` on (PK-safe in two steps)."""
    far = 10_000_000
    sequence = ENTRY.c.sequence
    connection.execute(
        ENTRY.update().where(sequence >= from_sequence).values(sequence=sequence + far)
    )
    connection.execute(ENTRY.update().where(sequence >= far).values(sequence=sequence - far + by))


def make_checkpoint(bind: Bind, *, issuer: str = "http://127.0.0.1:8000") -> AuditCheckpoint:
    """Sign the current head as a checkpoint, with a gateway key made if there is none."""
    with Session(bind, expire_on_commit=False) as session:
        ensure_key(session, kek=DEVELOPMENT_KEY_ENCRYPTION_KEY)
        ring = KeyRing(kek=DEVELOPMENT_KEY_ENCRYPTION_KEY, lifetime_seconds=600)
        made = checkpoints.create(
            session, keys=ring.current(session), issuer=issuer, made_by="test"
        )
        session.commit()
    assert made is not None
    return made


def verified(
    bind: Bind, *, from_checkpoint: int | None = None, batch_size: int = 3
) -> VerificationReport:
    """The verification report of the trail (small batches, to cross batch boundaries)."""
    with Session(bind) as session:
        return verify_trail(session, from_checkpoint=from_checkpoint, batch_size=batch_size)


@contextmanager
def _connection(bind: Bind) -> Iterator[Connection]:
    if isinstance(bind, Connection):
        yield bind
    else:
        with bind.connect() as connection:
            yield connection
