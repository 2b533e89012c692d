"""Entries are staged with their action and sealed into the chain later, by whoever comes first:
the host's sealer, or a reader of the trail."""

import threading
import time

import httpx
import pytest
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session

from gateway.audit.chain import ENTRY, LOCK_KEY, PENDING
from gateway.audit.hook import AuditEvent, record
from gateway.audit.sealer import seal_pending
from gateway.config import Settings
from gateway.db import create_database_engine, create_session_factory
from gateway.migrate import upgrade
from tests.audit.helpers import entries, verified
from tests.auth_helpers import bearer, register_client, secret_token
from tests.databases import backend
from tests.factories import person_body
from tests.servers import running_gateway


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _stage(engine: Engine, count: int, writer: str) -> None:
    """Record ``count`` entries, one transaction each, as requests do (no sealing)."""
    for index in range(count):
        with Session(engine) as session:
            detail = {"writer": writer, "index": index}
            record(session, AuditEvent(action="person.read", decision="permit", detail=detail))
            session.commit()


@pytest.fixture
def migrated(fresh_database: str) -> Engine:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    return engine


def test_a_served_gateway_seals_what_its_requests_staged(
    migrated: Engine, fresh_database: str
) -> None:
    credentials = register_client(migrated, agency="kirs", scopes=["returnees:write"])
    with running_gateway(fresh_database) as base_url, httpx.Client(base_url=base_url) as http:
        token = secret_token(http, credentials)
        created = http.post("/v1/persons", json=person_body(), headers=bearer(token))
        assert created.status_code == 201
        request_id = created.headers["request-id"]
        deadline = time.monotonic() + 10
        while _count(migrated, PENDING) and time.monotonic() < deadline:
            time.sleep(0.1)
        # read straight from the table: the API would seal on its own
        with migrated.connect() as connection:
            sealed = connection.execute(
                select(ENTRY.c.action).where(ENTRY.c.request_id == request_id)
            ).scalars()
            assert list(sealed) == ["person.created"]
    assert _count(migrated, PENDING) == 0
    migrated.dispose()


@pytest.mark.skipif(backend() != "postgres", reason="the chain's lock is PostgreSQL's")
def test_recording_an_action_does_not_wait_for_the_chains_lock(migrated: Engine) -> None:
    with migrated.connect() as sealer:
        sealer.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        with Session(migrated) as session:
            session.execute(text("SET LOCAL statement_timeout = '2s'"))
            record(session, AuditEvent(action="person.read", decision="permit"))
            session.commit()  # a wait for the lock would fail here after two seconds
        assert _count(migrated, PENDING) == 1
        sealer.rollback()
    assert [row["action"] for row in entries(migrated)] == ["person.read"]
    migrated.dispose()


def test_writers_and_sealers_at_once_leave_one_whole_chain(migrated: Engine) -> None:
    factory = create_session_factory(migrated)
    writers_done = threading.Event()
    failures: list[BaseException] = []

    def write(name: str) -> None:
        try:
            _stage(migrated, 40, name)
        except BaseException as error:  # reported below
            failures.append(error)

    def keep_sealing() -> None:
        try:
            while not writers_done.is_set():
                seal_pending(factory)
        except BaseException as error:
            failures.append(error)

    writers = [threading.Thread(target=write, args=(f"w{n}",)) for n in range(4)]
    sealers = [threading.Thread(target=keep_sealing) for _ in range(2)]
    for thread in (*writers, *sealers):
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writers_done.set()
    for thread in sealers:
        thread.join(timeout=120)
    assert failures == []
    rows = entries(migrated)
    assert [row["sequence"] for row in rows] == list(range(1, 161))
    times = [row["recorded_at"] for row in rows]
    assert times == sorted(times)
    report = verified(migrated)
    assert report.valid, report
    assert _count(migrated, PENDING) == 0
    migrated.dispose()
