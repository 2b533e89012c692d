"""Two ``gateway worker`` processes on one database share the work and deliver nothing twice.

The workers start idle; then 300 referrals are committed at once, and both race for them
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite). Every job ends
delivered after exactly one attempt, no agency receipt is a duplicate (no referral was sent
twice), both workers took part, and the simulator holds each referral once.
"""

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from gateway.delivery.models import DeliveryAttempt, DeliveryJob
from tests.delivery import seeding
from tests.delivery.processes import simulator, start, stop

REFERRALS = 300
WORKER = {
    "GATEWAY_DELIVERY_POLL_SECONDS": "0.05",
    "GATEWAY_DELIVERY_BATCH_SIZE": "10",
    "GATEWAY_DELIVERY_CONCURRENCY": "10",
    "GATEWAY_DELIVERY_STATUS_POLL_SECONDS": "0",
}


@pytest.fixture
def engine(fresh_database: str) -> Iterator[Engine]:
    with seeding.migrated(fresh_database) as engine:
        yield engine


def test_two_workers_deliver_each_referral_once(
    engine: Engine, fresh_database: str, tmp_path: Path
) -> None:
    people = seeding.persons(engine, 30)
    with simulator("nes", tmp_path, latency_ms="20") as nes:
        env = WORKER | {"GATEWAY_DATABASE_URL": fresh_database, "ADAPTER_NES_BASE_URL": nes}
        logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
        workers = [start(["-m", "gateway", "worker"], env=env, log=log) for log in logs]
        try:
            wait_for_line(logs, "delivery worker started")
            time.sleep(1.0)  # both have connected and are polling
            made = seeding.referrals(engine, people, REFERRALS, per_transaction=REFERRALS)
            wait_until_delivered(engine, timeout=60)
        finally:
            for worker in workers:
                stop(worker)
        stored = httpx.get(f"{nes}/_admin/referrals", timeout=30).json()
    attempts = all_attempts(engine)
    assert Counter(attempt.job_id for attempt in attempts).most_common(1)[0][1] == 1
    assert len(attempts) == REFERRALS
    assert {attempt.outcome for attempt in attempts} == {"delivered"}, "no duplicate receipt"
    by_worker = Counter(attempt.worker for attempt in attempts)
    assert len(by_worker) == 2, f"both workers delivered: {by_worker}"
    received = [document["spoljniBroj"] for document in stored]
    assert sorted(received) == sorted(made)


def wait_for_line(logs: list[Path], line: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(log.exists() and line in log.read_text() for log in logs):
            return
        time.sleep(0.1)
    raise AssertionError("; ".join(log.read_text() for log in logs if log.exists()))


def wait_until_delivered(engine: Engine, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(engine) as session:
            statuses = session.exec(select(DeliveryJob.status)).all()
        if len(statuses) == REFERRALS and set(statuses) == {"delivered"}:
            return
        time.sleep(0.2)
    raise AssertionError(f"not all delivered: {Counter(statuses)}")


def all_attempts(engine: Engine) -> list[DeliveryAttempt]:
    with Session(engine) as session:
        return list(session.exec(select(DeliveryAttempt)).all())
