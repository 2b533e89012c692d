"""Nothing lost: 500 referrals through a failing agency, an outage and a gateway killed mid-way.

A real ``gateway serve`` (with its delivery worker) delivers to a real NES simulator that fails
30% of requests, lets 10% time out, and is down for 30 seconds. Half-way, the gateway is
killed with SIGKILL while deliveries are in flight, and a new one is started on the same
database. In the end every referral is in the simulator's store exactly once (the same ids,
no more, no fewer), and no delivery job is dead.
"""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from gateway.delivery.models import DeliveryJob
from gateway.referrals.models import Referral
from tests.auth_helpers import register_client, secret_token
from tests.delivery import seeding
from tests.delivery.processes import kill, serve_gateway, simulator, stop

REFERRALS = 500
OUTAGE_SECONDS = 30.0
GATEWAY = {
    "GATEWAY_DELIVERY_BACKOFF_BASE_SECONDS": "0.2",
    "GATEWAY_DELIVERY_BACKOFF_CAP_SECONDS": "2",
    "GATEWAY_DELIVERY_MAX_ATTEMPTS": "10000",
    "GATEWAY_DELIVERY_LEASE_SECONDS": "5",
    "GATEWAY_DELIVERY_STATUS_POLL_SECONDS": "0",
    "GATEWAY_DELIVERY_POLL_SECONDS": "0.2",
    "ADAPTER_NES_TIMEOUT_SECONDS": "1",
}
FAULTS = {"error_rate": "0.3", "timeout_rate": "0.1", "hang_seconds": "2"}


@pytest.fixture
def engine(fresh_database: str) -> Iterator[Engine]:
    with seeding.migrated(fresh_database) as engine:
        yield engine


def test_every_referral_is_delivered_exactly_once(
    engine: Engine, fresh_database: str, tmp_path: Path
) -> None:
    people = [str(person) for person in seeding.persons(engine, 25)]
    credentials = register_client(
        engine, scopes=["referrals:write", "referrals:read"], purposes=["referral_handling"]
    )
    with simulator("nes", tmp_path, **FAULTS) as nes:
        env = GATEWAY | {"ADAPTER_NES_BASE_URL": nes}
        first, url = serve_gateway(fresh_database, tmp_path, env)
        try:
            made = make_referrals(url, credentials, people, range(REFERRALS // 2))
            time.sleep(0.5)  # deliveries are in flight
            kill(first)
        finally:
            stop(first)
        assert job_statuses(engine).get("pending", 0) > 0, "killed before it was done"
        httpx.put(f"{nes}/_admin/faults", json={"down": True}, timeout=5)
        outage_ends = time.monotonic() + OUTAGE_SECONDS
        second, url = serve_gateway(fresh_database, tmp_path, env)
        try:
            made += make_referrals(url, credentials, people, range(REFERRALS // 2, REFERRALS))
            time.sleep(max(0.0, outage_ends - time.monotonic()))
            httpx.put(f"{nes}/_admin/faults", json={"down": False}, timeout=5)
            wait_until_delivered(engine, timeout=90)
        finally:
            stop(second)
        stored = httpx.get(f"{nes}/_admin/referrals", timeout=30).json()
    assert len(made) == REFERRALS
    received = [document["spoljniBroj"] for document in stored]
    assert len(received) == REFERRALS, "each referral is in the agency's store once"
    assert set(received) == set(made) == set(referral_ids(engine))
    assert job_statuses(engine) == {"delivered": REFERRALS}, "none is dead"
    assert set(referral_statuses(engine)) == {"delivered"}


def make_referrals(url: str, credentials: object, people: list[str], numbers: range) -> list[str]:
    """Referrals made through the API by KIRS, eight at a time; their ids."""
    local, clients = threading.local(), []

    def client() -> httpx.Client:
        if not hasattr(local, "http"):
            local.http = httpx.Client(base_url=url, timeout=30)
            clients.append(local.http)
            token = secret_token(local.http, credentials, purpose="referral_handling")  # type: ignore[arg-type]
            local.http.headers["Authorization"] = f"Bearer {token}"
        http: httpx.Client = local.http
        return http

    def make(number: int) -> str:
        body = {
            "person_id": people[number % len(people)],
            "service": "employment_counselling",
            "needs": ["employment"],
        }
        response = client().post("/v1/referrals", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(make, numbers))
    finally:
        for http in clients:
            http.close()


def wait_until_delivered(engine: Engine, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if job_statuses(engine).get("delivered") == REFERRALS:
            return
        time.sleep(0.5)
    raise AssertionError(f"not all delivered in time: {job_statuses(engine)}")


def job_statuses(engine: Engine) -> dict[str, int]:
    query = select(DeliveryJob.status, func.count()).group_by(col(DeliveryJob.status))
    with Session(engine) as session:
        return {str(row[0]): int(row[1]) for row in session.execute(query).all()}


def referral_ids(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [str(value) for value in session.execute(select(Referral.id)).scalars()]


def referral_statuses(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.execute(select(Referral.status)).scalars())
