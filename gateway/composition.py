"""The composition root: where the gateway's parts are built and wired together, once.

``gateway serve`` (the application's lifespan, ``gateway.main``) and ``gateway worker`` build
the same parts here: the database engine and session factory, the shared HTTP client, the
agencies' adapters, the delivery settings, the job kinds the delivery workers run (each
written by the feature that owns it: referrals and their withdrawals, notifications) with
their pollers, and the worker. Nothing else builds them, and the packages built here do not
know one another: the outbox learns what a referral is only from the kinds handed to it.
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from adapters.base import AgencyAdapter
from adapters.configured import build_adapters, parse_adapter_list
from gateway.config import Environment, Settings
from gateway.db import create_database_engine, create_session_factory
from gateway.delivery.callbacks import parse_callback_hosts
from gateway.delivery.kinds import JobKinds
from gateway.delivery.notifications import Notifications
from gateway.delivery.runtime import until_signalled
from gateway.delivery.settings import DeliverySettings
from gateway.delivery.worker import Worker, worker_name
from gateway.migrate import ensure_current
from gateway.referrals import polling
from gateway.referrals.coverage import PURPOSE as REFERRAL_HANDLING
from gateway.referrals.delivery_jobs import Cancellations, ReferralJobs


@dataclass(frozen=True)
class Parts:
    """The parts one gateway process runs on."""

    settings: Settings
    delivery: DeliverySettings
    database: Engine | Connection
    session_factory: sessionmaker[Session]
    http: httpx.AsyncClient
    adapters: Mapping[str, AgencyAdapter]


@asynccontextmanager
async def composed(
    settings: Settings,
    *,
    bind: Engine | Connection | None = None,
    delivery: DeliverySettings | None = None,
) -> AsyncIterator[Parts]:
    """The parts, for as long as the block runs; ``bind``: a database the caller owns."""
    engine = create_database_engine(settings) if bind is None else None
    database = bind or engine
    assert database is not None
    try:
        async with httpx.AsyncClient(timeout=settings.federation_budget_seconds) as http:
            yield Parts(
                settings=settings,
                delivery=delivery or DeliverySettings(),
                database=database,
                session_factory=create_session_factory(database),
                http=http,
                adapters=build_adapters(parse_adapter_list(settings.adapters), http),
            )
    finally:
        if engine is not None:
            engine.dispose()


def job_kinds(settings: Settings, delivery: DeliverySettings) -> JobKinds:
    """Every kind of delivery job, and the pollers, that the workers run."""
    notifications = Notifications(
        purpose=REFERRAL_HANDLING,
        kek=settings.key_encryption_key.get_secret_value(),
        allowed_hosts=parse_callback_hosts(delivery.callback_hosts),
        production=settings.environment is Environment.production,
    )
    referrals = ReferralJobs(
        consent_age=settings.consent_age, status_poll_seconds=delivery.status_poll_seconds
    )
    return JobKinds.of([referrals, Cancellations(), notifications], [polling.poll_once])


def build_worker(
    *,
    session_factory: sessionmaker[Session],
    adapters: Mapping[str, AgencyAdapter],
    http: httpx.AsyncClient,
    settings: Settings,
    delivery: DeliverySettings,
    name: str | None = None,
) -> Worker:
    """A delivery worker over these parts, running every registered job kind."""
    kinds = job_kinds(settings, delivery)
    return Worker(session_factory, adapters, http, settings, delivery, kinds, name or worker_name())


def worker_of(parts: Parts) -> Worker:
    """The delivery worker of a composed process."""
    session_factory, adapters, http = parts.session_factory, parts.adapters, parts.http
    kinds = job_kinds(parts.settings, parts.delivery)
    return Worker(
        session_factory, adapters, http, parts.settings, parts.delivery, kinds, worker_name()
    )


async def run_worker(settings: Settings, delivery: DeliverySettings, *, once: bool) -> int:
    """``gateway worker``: until SIGTERM or SIGINT, or (``once``) until nothing is due; how
    many jobs were handled (``once``). Refuses a database whose schema is not current."""
    async with composed(settings, delivery=delivery) as parts:
        assert isinstance(parts.database, Engine)  # made here, not handed in
        ensure_current(parts.database)
        worker = worker_of(parts)
        if once:
            return await worker.drain()
        await until_signalled(worker)
    return 0
