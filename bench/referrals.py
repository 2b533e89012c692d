"""Referral delivery: throughput with one and two workers, commit-to-delivery latency, and
the time to drain a backlog of 10,000 after an agency outage ends.

Run: ``python -m bench.referrals [--count N] [--backlog N] [--stream N] [--rate R]``. SQLite
always; PostgreSQL too when ``GATEWAY_TEST_POSTGRES_URL`` names a server. Everything runs for
real on loopback: the NES simulator (no latency, no faults: a fast agency), ``gateway worker``
processes, and ``gateway serve`` with its worker for the latency run.

0. The agency's ceiling: the same referrals posted straight to the simulator, 64 at a time.
1. Throughput: the workers start idle, then a backlog of ``--count`` referral jobs is
   committed at once; deliveries per second until the last is delivered (one worker, then two),
   and as a share of the agency's ceiling (step 0).
2. Latency: referrals made through the API at ``--rate`` per second; for each, the time from
   its creation (in the committing transaction) to the end of its successful delivery, beside
   the time of the delivering request to the agency alone (the same work done directly).
3. Outage: with two workers running and the simulator down, ``--backlog`` jobs are committed
   and fail with backoff (base 1 s, cap 10 s) for 15 s; the simulator comes back and the time
   until the last job is delivered is measured.

The backlogs are copies of one referral made through the service (each with its own id and
idempotency key), written in bulk so that making them does not dominate the run.
"""

import argparse
import contextlib
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
from sqlalchemy import Engine, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from adapters.nes.config import DEVELOPMENT_API_KEY
from adapters.nes.referral_mapping import referral_to_native
from bench.registry import backends
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.delivery.models import DeliveryAttempt, DeliveryJob
from gateway.migrate import upgrade
from gateway.models import new_id
from gateway.referrals.models import Referral, ReferralEvent
from gateway.referrals.outgoing import referral_key
from gateway.schema.agency import PersonIdentity, ReferralDelivery
from tests.auth_helpers import register_client, secret_token
from tests.delivery import seeding
from tests.delivery.processes import serve_gateway, simulator, start, stop

WORKER_ENV = {
    "GATEWAY_DELIVERY_STATUS_POLL_SECONDS": "0",
    "GATEWAY_DELIVERY_POLL_SECONDS": "0.1",
    "GATEWAY_LOG_LEVEL": "warning",
}
AS_MADE = {
    **{"status": "submitted", "agency_reference": None, "poll_after": None, "closed_at": None},
    **{"service_delivered": None, "outcome_reason": None, "version": 1},
}
OUTAGE_ENV = {
    "GATEWAY_DELIVERY_BACKOFF_BASE_SECONDS": "1",
    "GATEWAY_DELIVERY_BACKOFF_CAP_SECONDS": "10",
}


def delivered(engine: Engine) -> int:
    query = select_columns(func.count()).where(col(DeliveryJob.status) == "delivered")
    with Session(engine) as session:
        return int(session.execute(query).scalar_one())


def wait_delivered(engine: Engine, total: int, *, timeout: float = 600) -> float:
    """Seconds until ``total`` jobs are delivered."""
    started = time.perf_counter()
    while delivered(engine) < total:
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{delivered(engine)} of {total} delivered after {timeout} s")
        time.sleep(0.1)
    return time.perf_counter() - started


def copies(engine: Engine, count: int) -> None:
    """``count`` copies of the first referral as it was made (submitted, not yet delivered),
    each with its own id, first history entry and delivery job."""
    with Session(engine) as session:
        template = session.exec(select(Referral).order_by(col(Referral.created_at))).first()
        assert template is not None
        event = session.exec(
            select(ReferralEvent)
            .where(col(ReferralEvent.referral_id) == template.id)
            .order_by(col(ReferralEvent.id))
        ).first()
        job = session.exec(
            select(DeliveryJob).where(col(DeliveryJob.referral_id) == template.id)
        ).first()
        assert event is not None
        assert job is not None
        payload = dict(job.payload or _payload_of(session, template))
        ids = [new_id() for _ in range(count)]
        fields = template.model_dump(exclude={"id"}) | AS_MADE
        session.add_all([Referral(**fields, id=referral_id) for referral_id in ids])
        session.flush()  # the tables have no ORM relationships to order the inserts by
        history = event.model_dump(exclude={"id", "referral_id"})
        session.add_all([ReferralEvent(**history, referral_id=referral_id) for referral_id in ids])
        session.add_all([_job(template.to_agency, referral_id, payload) for referral_id in ids])
        session.commit()


def _job(agency: str, referral_id: uuid.UUID, payload: dict[str, object]) -> DeliveryJob:
    return DeliveryJob(
        kind="referral",
        agency=agency,
        referral_id=referral_id,
        idempotency_key=referral_key(referral_id),
        payload=payload | {"referral_id": str(referral_id)},
    )


def _payload_of(session: Session, referral: Referral) -> dict[str, object]:
    from gateway.referrals.payload import delivery_for

    return delivery_for(session, referral).model_dump(mode="json")


@contextlib.contextmanager
def workers(count: int, database_url: str, nes: str, directory: Path, **env: str) -> Iterator[None]:
    """``count`` ``gateway worker`` processes, started and given time to connect."""
    settings = (
        WORKER_ENV | env | {"GATEWAY_DATABASE_URL": database_url, "ADAPTER_NES_BASE_URL": nes}
    )
    logs = [directory / f"worker-{time.monotonic_ns()}-{n}.log" for n in range(count)]
    processes = [start(["-m", "gateway", "worker"], env=settings, log=log) for log in logs]
    try:
        while not all(log.exists() and "started" in log.read_text() for log in logs):
            time.sleep(0.1)
        time.sleep(1.5)
        yield
    finally:
        for process in processes:
            stop(process)


def direct(nes: str, *, count: int, concurrency: int = 64) -> tuple[str, float]:
    """The same deliveries posted straight to the simulator: the agency's own ceiling."""
    person = PersonIdentity(given_name="Милан", family_name="Ђорђевић", jmbg="0101990710040")

    async def post_all() -> float:
        limit = anyio.Semaphore(concurrency)
        async with httpx.AsyncClient(base_url=nes, timeout=30) as http:

            async def one() -> None:
                key = str(uuid.uuid4())
                delivery = ReferralDelivery(
                    referral_id=key,
                    from_agency="kirs",
                    service="employment_counselling",
                    priority="normal",
                    needs=["employment"],
                    person=person,
                )
                body = referral_to_native(delivery).model_dump(mode="json")
                headers = {"Idempotency-Key": key, "X-Api-Kljuc": DEVELOPMENT_API_KEY}
                async with limit:
                    (
                        await http.post("/api/v1/uputi", json=body, headers=headers)
                    ).raise_for_status()

            started = time.perf_counter()
            async with anyio.create_task_group() as tasks:
                for _ in range(count):
                    tasks.start_soon(one)
            return time.perf_counter() - started

    seconds = anyio.run(post_all)
    line = f"  straight to the simulator  {count} in {seconds:6.1f} s  {count / seconds:7.0f}/s"
    return line, count / seconds


def throughput(
    engine: Engine, url: str, nes: str, directory: Path, *, count: int, n: int, ceiling: float
) -> str:
    with workers(n, url, nes, directory):
        target = delivered(engine) + count
        started = time.perf_counter()
        copies(engine, count)
        seconds = time.perf_counter() - started + wait_delivered(engine, target)
    workers_named = f"{n} worker{'s' if n > 1 else ' '}"
    rate = count / seconds
    return (
        f"  {workers_named}  {count} deliveries in {seconds:6.1f} s  {rate:7.0f}/s"
        f"  ({rate / ceiling:.2f} of straight to the simulator)"
    )


def latency(engine: Engine, url: str, nes: str, directory: Path, *, count: int, rate: float) -> str:
    credentials = register_client(
        engine, scopes=["referrals:write"], purposes=["referral_handling"]
    )
    people = [str(person) for person in seeding.persons(engine, 20)]
    before = delivered(engine)
    process, base_url = serve_gateway(url, directory, WORKER_ENV | {"ADAPTER_NES_BASE_URL": nes})
    try:
        with httpx.Client(base_url=base_url, timeout=30) as http:
            token = secret_token(http, credentials, purpose="referral_handling")
        made = anyio.run(_stream, base_url, token, people, count, rate)
        wait_delivered(engine, before + len(made))
    finally:
        stop(process)
    timings = _commit_to_delivery(engine, made)
    seconds = sorted(total for total, _ in timings)
    requests = sorted(request for _, request in timings)
    return (
        f"  {len(made)} referrals through the API at {rate:.0f}/s: commit to delivery "
        f"p50 {_ms(statistics.median(seconds))}  p95 {_ms(_pct(seconds, 0.95))}"
        f"  p99 {_ms(_pct(seconds, 0.99))}  max {_ms(seconds[-1])}\n"
        f"    of which the request to the agency: p50 {_ms(statistics.median(requests))}"
        f"  p95 {_ms(_pct(requests, 0.95))}"
        f"  ({_pct(seconds, 0.95) / _pct(requests, 0.95):.1f}x at p95)"
    )


async def _stream(
    base_url: str, token: str, people: list[str], count: int, rate: float
) -> list[uuid.UUID]:
    """Make ``count`` referrals, one every ``1/rate`` seconds whatever the answers take."""
    made: list[uuid.UUID] = []
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=500)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, timeout=60, limits=limits
    ) as http:

        async def one(number: int) -> None:
            body = {
                "person_id": people[number % len(people)],
                "service": "employment_counselling",
                "needs": ["employment"],
            }
            response = await http.post("/v1/referrals", json=body)
            response.raise_for_status()
            made.append(uuid.UUID(response.json()["id"]))

        started = time.perf_counter()
        async with anyio.create_task_group() as tasks:
            for number in range(count):
                await anyio.sleep(max(0.0, started + number / rate - time.perf_counter()))
                tasks.start_soon(one, number)
    return made


def _commit_to_delivery(engine: Engine, made: list[uuid.UUID]) -> list[tuple[float, float]]:
    """For each referral: seconds from its commit to its delivery, and of the agency's request."""
    attempt = DeliveryAttempt
    query = (
        select_columns(
            col(Referral.created_at),
            func.min(col(attempt.started_at)),
            func.min(col(attempt.finished_at)),
        )
        .join(DeliveryJob, col(DeliveryJob.referral_id) == col(Referral.id))
        .join(attempt, col(attempt.job_id) == col(DeliveryJob.id))
        .where(col(Referral.id).in_(made), col(DeliveryJob.kind) == "referral")
        .where(col(attempt.outcome) == "delivered")
        .group_by(col(Referral.id), col(Referral.created_at))
    )
    with Session(engine) as session:
        rows = session.execute(query).all()
    return [
        ((finished - created).total_seconds(), (finished - started).total_seconds())
        for created, started, finished in rows
    ]


def outage(engine: Engine, url: str, nes: str, directory: Path, *, count: int) -> str:
    with workers(2, url, nes, directory, **OUTAGE_ENV):
        httpx.put(f"{nes}/_admin/faults", json={"down": True}, timeout=5).raise_for_status()
        target = delivered(engine) + count
        copies(engine, count)
        time.sleep(15)
        httpx.put(f"{nes}/_admin/faults", json={"down": False}, timeout=5).raise_for_status()
        seconds = wait_delivered(engine, target)
    return (
        f"  {count} jobs failing for 15 s (backoff 1 s .. 10 s, 2 workers): drained "
        f"{seconds:5.1f} s after the agency came back ({count / seconds:.0f}/s)"
    )


def bench_backend(name: str, url: str, arguments: argparse.Namespace, directory: Path) -> str:
    engine = create_database_engine(Settings(database_url=url))
    upgrade(engine)
    seeding.legal_basis_for(engine, "nes")
    seeding.referrals(engine, seeding.persons(engine, 1), 1)
    lines = [f"{name}: referral delivery to a fast NES simulator (its store in memory)"]
    with simulator("nes", _in_memory(directory)) as nes:
        wait_delivered(engine, 0)
        line, ceiling = direct(nes, count=arguments.count)
        lines.append(line)
        for n in (1, 2):
            lines.append(
                throughput(engine, url, nes, directory, count=arguments.count, n=n, ceiling=ceiling)
            )
        lines.append(
            latency(engine, url, nes, directory, count=arguments.stream, rate=arguments.rate)
        )
        lines.append(outage(engine, url, nes, directory, count=arguments.backlog))
    engine.dispose()
    return "\n".join(lines)


def _in_memory(directory: Path) -> Path:
    """A directory on a RAM disk where there is one, so the agency's own disk does not count."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        return directory
    return Path(tempfile.mkdtemp(dir=shm, prefix="bench-referrals-"))


def _pct(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000, help="backlog per throughput run")
    parser.add_argument("--backlog", type=int, default=10_000, help="backlog of the outage run")
    parser.add_argument("--stream", type=int, default=600, help="referrals of the latency run")
    parser.add_argument("--rate", type=float, default=20.0, help="referrals per second made")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, backends(Path(directory)) as found:
        for name, url in found:
            print(bench_backend(name, url, arguments, Path(directory)), flush=True)


if __name__ == "__main__":
    main()
