"""The delivery worker: claim due jobs, deliver them concurrently, record how each went.

``run`` loops for as long as the process serves: it claims as many jobs as it has free slots
(``GATEWAY_DELIVERY_CONCURRENCY``), delivers each in its own task, and a finisher records the
results in batches, one transaction for whatever has arrived meanwhile. It idles for
``GATEWAY_DELIVERY_POLL_SECONDS`` when nothing is due, unless a commit in this process wakes
it. Alongside, it polls the agencies for news of delivered referrals (``polling``). Database
work runs in threads; the deliveries share the gateway's HTTP client and adapters.
``run_once`` claims one batch, delivers it and records it: the tests drive the worker with it.
"""

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar, TypeVarTuple

import anyio
import httpx
from anyio.abc import TaskGroup
from anyio.to_thread import run_sync
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from adapters.base import AgencyAdapter
from gateway.audit.context import operation
from gateway.config import Environment, Settings
from gateway.delivery import polling, wakeup
from gateway.delivery.callbacks import parse_callback_hosts
from gateway.delivery.claims import claim
from gateway.delivery.finish import Attempt, finish, preload, record_attempts, settle
from gateway.delivery.jobs import (
    Claimed,
    Decisions,
    Preparation,
    Result,
    Send,
    Settled,
    decide_batch,
    deliver,
    prepare,
)
from gateway.delivery.settings import DeliverySettings
from gateway.models import utcnow

logger = logging.getLogger("gateway.delivery")
T = TypeVar("T")
Args = TypeVarTuple("Args")
COALESCE_SECONDS = 0.01
"""How long the finisher lets results gather: one transaction records them all."""


def worker_name() -> str:
    """Host, process and a short random part: unique among the workers of one database."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Worker:
    """One delivery worker over a database, the agencies' adapters and an HTTP client."""

    session_factory: sessionmaker[Session]
    adapters: Mapping[str, AgencyAdapter]
    http: httpx.AsyncClient
    settings: Settings
    delivery: DeliverySettings
    name: str = field(default_factory=worker_name)

    def __post_init__(self) -> None:
        self._preparation = Preparation(
            consent_age=self.settings.consent_age,
            kek=self.settings.key_encryption_key.get_secret_value(),
            allowed_hosts=parse_callback_hosts(self.delivery.callback_hosts),
            production=self.settings.environment is Environment.production,
        )
        self._results: list[Result] = []
        self._in_flight = 0
        # SQLite has one writer: threads of one worker queue here, not in SQLite's busy loop.
        sqlite = self.settings.sqlalchemy_url.startswith("sqlite")
        self._limiter = anyio.CapacityLimiter(1 if sqlite else 4)

    async def _database(self, work: Callable[[*Args], T], *args: *Args) -> T:
        """Run database work in a thread, as many at once as the database takes well."""
        return await run_sync(work, *args, limiter=self._limiter)

    async def run_once(self) -> int:
        """Claim, deliver and record one batch; how many jobs it held."""
        sends, settled = await self._database(self._claim_and_prepare, self.delivery.batch_size)
        results: list[Result] = []
        async with anyio.create_task_group() as tasks:
            for send in sends:
                tasks.start_soon(self._deliver_into, send, results.append)
        await self._database(self._finish, results)
        return len(sends) + settled

    async def drain(self) -> int:
        """Run batches until none is due; how many jobs they held."""
        total = 0
        while handled := await self.run_once():
            total += handled
        return total

    async def run(self) -> None:
        """Deliver for as long as the task is not cancelled."""
        wake = wakeup.register()
        arrived = asyncio.Event()
        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(self._finisher, arrived, wake)
                if self.delivery.status_poll_seconds:
                    tasks.start_soon(self._poll_statuses)
                await self._claim_forever(tasks, arrived, wake)
        finally:
            wakeup.unregister(wake)

    async def _claim_forever(
        self, tasks: TaskGroup, arrived: asyncio.Event, wake: asyncio.Event
    ) -> None:
        # Claim in batches: a claim costs a transaction however few jobs it takes.
        threshold = max(1, min(self.delivery.batch_size, self.delivery.concurrency // 2))
        while True:
            wanted = min(self.delivery.concurrency - self._in_flight, self.delivery.batch_size)
            sends, handled = await self._claim_safely(wanted) if wanted >= threshold else ([], 0)
            for send in sends:
                self._in_flight += 1
                tasks.start_soon(self._deliver_into, send, partial(self._collect, arrived))
            if wanted < threshold or handled < wanted:
                with anyio.move_on_after(self.delivery.poll_seconds):
                    await wake.wait()
                wake.clear()

    async def _finisher(self, arrived: asyncio.Event, wake: asyncio.Event) -> None:
        while True:
            await arrived.wait()
            await anyio.sleep(COALESCE_SECONDS)
            arrived.clear()
            batch, self._results = self._results, []
            try:
                await self._database(self._finish, batch)
            except Exception:  # the leases run out and the jobs are tried again
                logger.exception("the results of %d deliveries could not be recorded", len(batch))
            self._in_flight -= len(batch)
            wake.set()

    async def _poll_statuses(self) -> None:
        while True:
            await anyio.sleep(self.delivery.status_poll_seconds)
            try:
                while (
                    await polling.poll_once(
                        self.session_factory, self.adapters, self.delivery, limiter=self._limiter
                    )
                    >= self.delivery.batch_size
                ):
                    pass  # more are due: ask about the next batch at once
            except Exception:
                logger.exception("polling the agencies for referral news failed")

    async def _claim_safely(self, limit: int) -> tuple[list[Send], int]:
        """The jobs to send, and how many were claimed (some settle without a request)."""
        try:
            sends, settled = await self._database(self._claim_and_prepare, limit)
        except Exception:
            logger.exception("claiming delivery jobs failed")
            await anyio.sleep(self.delivery.poll_seconds)
            return [], 0
        return sends, len(sends) + settled

    async def _deliver_into(self, send: Send, sink: Callable[[Result], None]) -> None:
        timeout = self.delivery.callback_timeout_seconds
        sink(await deliver(send, adapters=self.adapters, http=self.http, timeout=timeout))

    def _collect(self, arrived: asyncio.Event, result: Result) -> None:
        """Hand a result to the finisher (whatever list it is collecting into now)."""
        self._results.append(result)
        arrived.set()

    def _claim_and_prepare(self, limit: int) -> tuple[list[Send], int]:
        with operation(), self.session_factory() as session:
            jobs = claim(
                session,
                worker=self.name,
                limit=limit,
                lease_seconds=self.delivery.lease_seconds,
                now=utcnow(),
            )
            claimed = [Claimed.of(job) for job in jobs]
            decided = self._decide(session, claimed)
            attempts: list[Attempt] = []
            prepared = [self._prepare(session, item, decided, attempts) for item in claimed]
            record_attempts(session, attempts)
            session.commit()
        sends = [item for item in prepared if not isinstance(item, Settled)]
        return sends, len(prepared) - len(sends)

    def _decide(self, session: Session, claimed: list[Claimed]) -> Decisions:
        """The batch's consent decisions at once; on failure each job decides on its own."""
        try:
            with session.begin_nested():
                return decide_batch(session, claimed, self._preparation)
        except Exception:
            logger.exception("the consent decisions of a batch failed; deciding one by one")
            return Decisions()

    def _prepare(
        self,
        session: Session,
        claimed: Claimed,
        decided: Decisions,
        attempts: list[Attempt],
    ) -> Send | Settled:
        try:
            with session.begin_nested():
                prepared = prepare(session, claimed, self._preparation, decided)
                if isinstance(prepared, Settled):
                    attempts.append(settle(session, prepared, worker=self.name))
            return prepared
        except Exception as error:  # a job that cannot be prepared must not block the others
            logger.exception("delivery job %s could not be prepared", claimed.id)
            failed = Settled(claimed, "dead", f"the job could not be prepared: {error!r}"[:300])
            with session.begin_nested():
                attempts.append(settle(session, failed, worker=self.name))
            return failed

    def _finish(self, results: Sequence[Result]) -> None:
        """Record a batch of results in one transaction; if that fails, one by one."""
        if not results:
            return
        try:
            with operation(), self.session_factory() as session, session.no_autoflush:
                held = preload(session, results)  # held: the identity map keeps rows weakly
                attempts = [
                    finish(session, result, worker=self.name, settings=self.delivery)
                    for result in results
                ]
                record_attempts(session, attempts)
                session.commit()
                del held
        except Exception:
            logger.exception("a batch of %d results failed; recording one by one", len(results))
            self._finish_one_by_one(results)

    def _finish_one_by_one(self, results: Sequence[Result]) -> None:
        with operation(), self.session_factory() as session:
            for result in results:
                try:
                    with session.begin_nested():
                        preload(session, [result])
                        attempt = finish(session, result, worker=self.name, settings=self.delivery)
                        record_attempts(session, [attempt])
                except Exception:  # one record that fails must not lose the others
                    logger.exception("the result of job %s was not recorded", result.claimed.id)
            session.commit()
