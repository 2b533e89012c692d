"""A fake agency system behind the adapter interface, and a way to drive a worker in tests."""

from collections.abc import Mapping
from typing import Any

import anyio
import httpx
from sqlalchemy import Connection

from adapters.base import AgencyAdapter
from gateway.composition import build_worker
from gateway.config import Settings
from gateway.db import create_session_factory
from gateway.delivery.settings import DeliverySettings
from gateway.delivery.worker import Worker
from gateway.schema.agency import (
    AgencyPersonRecord,
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
)

FAST = DeliverySettings(
    worker=False,
    backoff_base_seconds=0,
    backoff_cap_seconds=0,
    max_attempts=3,
    status_poll_seconds=0,
    lease_seconds=30,
)


class FakeAgency(AgencyAdapter):
    """Keeps referrals by idempotency key; fails as told; reports the updates it is given."""

    def __init__(self, agency: str = "nes") -> None:
        self.agency = agency
        self.received: dict[str, ReferralDelivery] = {}
        self.references: dict[str, str] = {}
        self.calls: list[str] = []
        self.failures: list[Exception] = []
        self.always: Exception | None = None
        self.updates: dict[str, list[ReferralUpdate]] = {}
        self.cancelled: dict[str, ReferralCancellation] = {}
        self.cancel_failures: list[Exception] = []

    async def send_referral(
        self, referral: ReferralDelivery, *, idempotency_key: str
    ) -> ReferralReceipt:
        self.calls.append(idempotency_key)
        if self.always is not None:
            raise self.always
        if self.failures:
            raise self.failures.pop(0)
        duplicate = idempotency_key in self.received
        self.received.setdefault(idempotency_key, referral)
        reference = self.references.setdefault(
            idempotency_key, f"UP-2026-{len(self.references) + 1:06d}"
        )
        return ReferralReceipt(agency_reference=reference, duplicate=duplicate)

    async def cancel_referral(
        self, cancellation: ReferralCancellation, *, idempotency_key: str
    ) -> None:
        self.calls.append(idempotency_key)
        if self.cancel_failures:
            raise self.cancel_failures.pop(0)
        self.cancelled.setdefault(idempotency_key, cancellation)

    async def referral_updates(self, agency_reference: str) -> list[ReferralUpdate]:
        return self.updates.get(agency_reference, [])

    async def fetch_record(self, local_id: str) -> AgencyPersonRecord:
        raise NotImplementedError

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[AgencyPersonRecord]:
        raise NotImplementedError

    def parse_event(self, body: bytes, content_type: str) -> InboundEvent:
        raise NotImplementedError


def worker_on(
    connection: Connection,
    adapters: Mapping[str, AgencyAdapter],
    settings: Settings,
    http: httpx.AsyncClient,
    delivery: DeliverySettings = FAST,
    name: str = "test-worker",
) -> Worker:
    """A worker whose sessions run on the test's connection (its changes roll back with it)."""
    return build_worker(
        session_factory=create_session_factory(connection),
        adapters=adapters,
        http=http,
        settings=settings,
        delivery=delivery,
        name=name,
    )


def drain(
    connection: Connection,
    adapters: Mapping[str, AgencyAdapter],
    settings: Settings,
    delivery: DeliverySettings = FAST,
    name: str = "test-worker",
) -> int:
    """Run a worker until nothing is due; how many jobs it handled."""

    async def run() -> int:
        async with httpx.AsyncClient() as http:
            return await worker_on(connection, adapters, settings, http, delivery, name).drain()

    return anyio.run(run)


def run_once(
    connection: Connection,
    adapters: Mapping[str, AgencyAdapter],
    settings: Settings,
    delivery: DeliverySettings = FAST,
) -> int:
    """One batch of a worker."""

    async def run() -> int:
        async with httpx.AsyncClient() as http:
            return await worker_on(connection, adapters, settings, http, delivery).run_once()

    return anyio.run(run)


def job_of(client: Any, referral_id: str) -> dict[str, Any]:
    """The referral's delivery job as the admin API shows it."""
    jobs = client.get("/v1/admin/deliveries", params={"kind": "referral"}).json()["items"]
    [job] = [job for job in jobs if job["referral_id"] == referral_id]
    found: dict[str, Any] = client.get(f"/v1/admin/deliveries/{job['id']}").json()
    return found
