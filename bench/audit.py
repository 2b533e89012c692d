"""The audit trail on PostgreSQL: appends with concurrent writers, verification, subject queries.

Run: ``python -m bench.audit [--entries N] [--writers N] [--appends N] [--queries N]`` with
``GATEWAY_TEST_POSTGRES_URL`` naming a server (a throwaway database is made and dropped).

1. ``--entries`` entries are bulk-loaded with COPY as a valid chain (hashes computed here).
2. Appends/s with ``--writers`` concurrent writers, each append its own transaction through the
   audit hook (the entry staged for sealing, commit), against the same row inserted into the
   chained table directly (numbered by a database sequence far after the chain, no lock, no
   hash; removed afterwards with the append-only trigger bypassed, which needs a superuser,
   as the test server's ``postgres`` is); then the rate at which one sealer chains that
   backlog (lock, head read, hash, insert, delete from the pending table, in batches).
3. Verification rate (entries/s) of the whole chain, against reading the same rows without
   checking them.
4. "The last 100 accesses to one subject in a month": p50/p95/p99 of the hand-written SQL, of
   the gateway's query code, and of ``GET /v1/audit/events`` through the served gateway.
"""

import argparse
import datetime as dt
import json
import os
import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, insert, select, text
from sqlmodel import Session

from bench.harness import measure, report
from gateway.audit import repository
from gateway.audit.canonical import HASHED_FIELDS
from gateway.audit.chain import ENTRY, Head, head, link
from gateway.audit.entries import AuditEvent, draft
from gateway.audit.hook import record
from gateway.audit.sealer import seal_pending
from gateway.audit.verification import verify_trail
from gateway.config import normalise_database_url
from gateway.db import create_session_factory
from gateway.migrate import upgrade
from tests.auth_helpers import register_client
from tests.databases import throwaway_database
from tests.servers import running_gateway

AGENCIES = {
    "kirs": "reception",
    "nes": "employment_services",
    "csw": "social_protection",
    "iom": "avrr_assistance",
}
COLUMNS = (*HASHED_FIELDS, "entry_hash")
YEAR = dt.timedelta(days=365)


def engine_for(url: str, *, pool: int) -> Engine:
    return create_engine(
        normalise_database_url(url), pool_size=pool, max_overflow=10, hide_parameters=True
    )


def sample_event(rng: random.Random, subject: str | None) -> AuditEvent:
    """An access like the gateway records: an agency reads a person for its purpose."""
    agency = rng.choice(list(AGENCIES))
    return AuditEvent(
        action=rng.choice(("person.read", "person.read", "household.read", "person.changed")),
        decision="permit" if rng.random() < 0.95 else "deny",
        actor_client=f"{agency}-{rng.randrange(10):04d}",
        actor_agency=agency,
        purpose=AGENCIES[agency],
        subject=subject,
        subject_kind="person" if subject else None,
        categories_returned=["identity", "contact"],
        categories_withheld=["health"],
        basis={"identity": "consent:" + uuid.UUID(int=rng.getrandbits(128)).hex},
        http_status=200,
        outcome="done",
    )


UNCHAINED_FROM = 10**15
"""Where the unchained inserts are numbered, far after the chain; they are removed afterwards."""


def bench_appends(url: str, *, writers: int, count: int) -> str:
    """Appends through the hook against the same insert into the same table, without the chain."""
    engine = engine_for(url, pool=writers)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SEQUENCE bench_unchained START {UNCHAINED_FROM}"))
    events = [sample_event(random.Random(index), str(uuid.uuid4())) for index in range(count)]

    def through_hook(index: int) -> None:
        with Session(engine) as session:
            record(session, events[index])
            session.commit()

    def direct(index: int) -> None:
        fields = draft(events[index], None).fields | {
            "recorded_at": dt.datetime.now(dt.UTC),
            "previous_hash": "0" * 64,
            "entry_hash": "0" * 64,
            "sequence": text("nextval('bench_unchained')"),
        }
        with engine.begin() as connection:
            connection.execute(insert(ENTRY).values(**fields))

    chained = measure("append through the audit hook", through_hook, count=count, workers=writers)
    started = time.perf_counter()
    sealed = seal_pending(create_session_factory(engine))
    sealing = time.perf_counter() - started
    unchained = measure("same insert, no lock, no hash", direct, count=count, workers=writers)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(ENTRY.delete().where(ENTRY.c.sequence >= UNCHAINED_FROM))
    engine.dispose()
    return (
        f"appends, {writers} concurrent writers, {count} transactions\n"
        + report(chained, unchained)
        + f"\n  sealed the {sealed} staged entries in {sealing:.2f} s ({sealed / sealing:,.0f}/s)"
    )


def rows(
    count: int, *, after: Any, subjects: list[str], hot: list[str]
) -> Iterator[tuple[Any, ...]]:
    """``count`` chained rows after the head ``after``, spread over the last year."""
    rng = random.Random(7)
    start = dt.datetime.now(dt.UTC) - YEAR
    step = YEAR / count
    sequence, previous = after.sequence, after.entry_hash
    for index in range(count):
        subject = rng.choice(hot) if rng.random() < 0.1 else rng.choice(subjects)
        fields = draft(sample_event(rng, subject), None).fields
        fields |= {"request_id": uuid.uuid4().hex, "trace_id": uuid.uuid4().hex}
        sequence += 1
        chained = _linked(fields, sequence, start + step * index, previous)
        previous = chained["entry_hash"]
        yield tuple(_copy_value(name, chained[name]) for name in COLUMNS)


def _linked(fields: dict[str, Any], sequence: int, at: dt.datetime, previous: str) -> Any:
    """The chained row of ``fields`` at ``sequence``, as the sealer would make it."""
    return link([fields | {"recorded_at": at}], Head(sequence - 1, previous, None))[0]


def _copy_value(name: str, value: Any) -> Any:
    if name in {"categories_returned", "categories_withheld", "basis", "detail"}:
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def load(url: str, count: int, subjects: list[str], hot: list[str]) -> str:
    """Bulk-load ``count`` valid chained entries with COPY."""
    engine = engine_for(url, pool=2)
    started = time.perf_counter()
    with engine.begin() as connection:
        after = head(connection)
        driver = connection.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor:
            statement = f"COPY audit_entry ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows(count, after=after, subjects=subjects, hot=hot):
                    copy.write_row(row)
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("VACUUM ANALYZE audit_entry")
        )
    engine.dispose()
    seconds = time.perf_counter() - started
    return f"loaded {count} chained entries with COPY in {seconds:.0f} s"


def bench_verify(url: str) -> str:
    """The whole chain verified, against the same rows only read."""
    engine = engine_for(url, pool=2)
    with Session(engine) as session:
        started = time.perf_counter()
        verdict = verify_trail(session)
        verify_seconds = time.perf_counter() - started
    assert verdict.valid, verdict
    query = select(*repository.ENTRY_COLUMNS)
    started = time.perf_counter()
    with engine.connect() as connection:
        fetched = 0
        fetch = lambda statement: connection.execute(statement).all()  # noqa: E731
        for batch in repository.batches(fetch, query, after=0, size=5000):
            fetched += len(batch)
    read_seconds = time.perf_counter() - started
    engine.dispose()
    checked = verdict.entries_checked
    return "\n".join(
        [
            f"verification of {checked} entries",
            f"  {'verify (hash + link every entry)':<34} {checked / verify_seconds:8.0f}/s",
            f"  {'read the same rows only':<34} {fetched / read_seconds:8.0f}/s",
            f"  {'ratio verify / read':<34} x{verify_seconds / read_seconds:5.1f} the time",
        ]
    )


def month_filters(count: int, pool: list[str]) -> list[repository.EntryFilter]:
    """``count`` queries: one subject of ``pool``, one month of the last year."""
    rng = random.Random(11)
    now = dt.datetime.now(dt.UTC)
    filters = []
    for _ in range(count):
        since = now - YEAR + dt.timedelta(days=rng.randrange(335))
        subject = rng.choice(pool)
        filters.append(
            repository.EntryFilter((subject,), since=since, until=since + dt.timedelta(days=30))
        )
    return filters


DIRECT_SQL = text(
    "SELECT * FROM audit_entry WHERE subject = :subject AND recorded_at >= :since "
    "AND recorded_at < :until ORDER BY recorded_at DESC LIMIT 100"
)


def bench_queries(url: str, *, count: int, pool: list[str], label: str) -> str:
    engine = engine_for(url, pool=4)
    filters = month_filters(count, pool)

    def direct(index: int) -> None:
        wanted = filters[index]
        parameters = {"subject": wanted.subjects[0], "since": wanted.since, "until": wanted.until}
        with engine.connect() as connection:
            connection.execute(DIRECT_SQL, parameters).all()

    def gateway_code(index: int) -> None:
        with engine.connect() as connection:
            repository.page(connection, filters[index], after=None, newest_first=True, limit=100)

    hand = measure("hand-written SQL", direct, count=count, workers=1)
    ours = measure("gateway query code", gateway_code, count=count, workers=1)
    with running_gateway(url, GATEWAY_API_RATE_LIMIT="100000/minute") as base_url:
        served = measure(
            "GET /v1/audit/events (served)",
            _served_query(url, base_url, filters),
            count=count,
            workers=1,
        )
    engine.dispose()
    return "\n".join(
        [
            f"last 100 accesses to one subject in a month ({label}, {count} queries)",
            report(ours, hand),
            report(served, hand),
        ]
    )


def _served_query(url: str, base_url: str, filters: list[repository.EntryFilter]) -> Any:
    engine = engine_for(url, pool=1)
    auditor = register_client(engine, agency="poverenik", scopes=["audit:read"], purposes=["audit"])
    engine.dispose()
    http = httpx.Client(base_url=base_url, timeout=30)
    token = http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "audit:read purpose:audit"},
        auth=(auditor.client_id, auditor.client_secret or ""),
    ).json()["access_token"]
    http.headers["Authorization"] = f"Bearer {token}"

    def query(index: int) -> None:
        wanted = filters[index]
        assert wanted.since is not None
        assert wanted.until is not None
        params: dict[str, str | int] = {
            "subject": wanted.subjects[0],
            "since": wanted.since.isoformat().replace("+00:00", "Z"),
            "until": wanted.until.isoformat().replace("+00:00", "Z"),
            "limit": 100,
        }
        response = http.get("/v1/audit/events", params=params)
        assert response.status_code == 200, response.text

    return query


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--appends", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=500)
    arguments = parser.parse_args()
    if not os.environ.get("GATEWAY_TEST_POSTGRES_URL"):
        raise SystemExit("set GATEWAY_TEST_POSTGRES_URL: this benchmark measures PostgreSQL")
    os.environ["GATEWAY_TEST_DATABASE"] = "postgres"
    rng = random.Random(3)
    subjects = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(20_000)]
    hot = subjects[:50]
    with tempfile.TemporaryDirectory() as directory, throwaway_database(Path(directory)) as url:
        engine = engine_for(url, pool=1)
        upgrade(engine)
        engine.dispose()
        print(load(url, arguments.entries, subjects, hot), flush=True)
        print(bench_appends(url, writers=arguments.writers, count=arguments.appends), flush=True)
        print(bench_verify(url), flush=True)
        for label, pool in (("any subject", subjects), ("the 50 busiest subjects", hot)):
            print(bench_queries(url, count=arguments.queries, pool=pool, label=label), flush=True)


if __name__ == "__main__":
    main()
