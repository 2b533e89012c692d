"""Checkpoints made on their own: every N entries or after an interval, by a served gateway."""

import datetime as dt
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlmodel import Session

from gateway.audit import checkpoints
from gateway.audit.models import AuditCheckpoint
from gateway.audit.periodic import AuditSettings, checkpoint_if_due
from gateway.auth.keys import KeyRing, ensure_key
from gateway.config import DEVELOPMENT_KEY_ENCRYPTION_KEY, Environment, Settings
from gateway.db import create_database_engine, create_session_factory
from gateway.main import create_app
from gateway.migrate import upgrade
from gateway.models import utcnow
from tests.audit.helpers import make_checkpoint, write_entries


def _due(connection: Connection, *, every: int, interval: int | None, now: dt.datetime) -> bool:
    with Session(connection) as session:
        return checkpoints.due(
            session,
            every_entries=every,
            interval=dt.timedelta(seconds=interval) if interval else None,
            now=now,
        )


def test_a_checkpoint_is_due_after_enough_entries_or_time(connection: Connection) -> None:
    write_entries(connection, 1)
    make_checkpoint(connection)
    now = utcnow()
    assert not _due(connection, every=3, interval=60, now=now)
    write_entries(connection, 1)
    assert not _due(connection, every=3, interval=60, now=now)
    assert _due(connection, every=3, interval=60, now=now + dt.timedelta(minutes=2))
    assert not _due(connection, every=3, interval=None, now=now + dt.timedelta(days=2))
    write_entries(connection, 2)
    assert _due(connection, every=3, interval=None, now=now)


def test_the_poller_makes_one_checkpoint_per_new_head(connection: Connection) -> None:
    with Session(connection) as session:
        ensure_key(session, kek=DEVELOPMENT_KEY_ENCRYPTION_KEY)
        session.commit()
    ring = KeyRing(kek=DEVELOPMENT_KEY_ENCRYPTION_KEY, lifetime_seconds=600)
    factory = create_session_factory(connection)
    settings = AuditSettings(checkpoint_every_entries=2)
    write_entries(connection, 2)
    made = checkpoint_if_due(factory, ring, issuer="http://gw", settings=settings)
    assert made is not None
    assert made.made_by == "periodic"
    assert checkpoint_if_due(factory, ring, issuer="http://gw", settings=settings) is None


def test_a_served_gateway_makes_checkpoints_on_its_own(
    fresh_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEWAY_AUDIT_CHECKPOINT_POLL_SECONDS", "0.05")
    monkeypatch.setenv("GATEWAY_AUDIT_CHECKPOINT_EVERY_ENTRIES", "1")
    settings = Settings(database_url=fresh_database, environment=Environment.test)
    engine = create_database_engine(settings)
    upgrade(engine)
    with TestClient(create_app(settings)):
        write_entries(engine, 3)
        deadline = time.monotonic() + 20
        found: list[AuditCheckpoint] = []
        while not found and time.monotonic() < deadline:
            time.sleep(0.05)
            with Session(engine) as session:
                found = list(session.exec(select(AuditCheckpoint)).scalars())  # type: ignore[call-overload]
    engine.dispose()
    assert found
    assert found[0].entry_count >= 1
