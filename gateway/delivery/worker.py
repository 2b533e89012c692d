"""The delivery worker: claim due jobs, deliver them concurrently, record how each went.

``run`` loops for as long as the process serves: it claims as many jobs as it has free slots
(``GATEWAY_DELIVERY_CONCURRENCY``), delivers each in its own task, and a finisher records the
results in batches, one transaction for whatever has arrived meanwhile. It idles for
``GATEWAY_DELIVERY_POLL_SECONDS`` when nothing is due, unless a commit in this process wakes
it. What each job means is its kind's (``kinds``: the worker is given them, and knows no
feature); alongside, it runs the pollers it is given (the agencies asked for news of delivered
referrals) every ``GATEWAY_DELIVERY_STATUS_POLL_SECONDS``. Database work runs in threads; the
deliveries share the gateway's HTTP client and adapters.
``run_once`` claims one batch, delivers it and records it: the tests drive the worker with it.
"""

import asyncio
import logging
import os
import socket
import uuid
from collections import defaultdict
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
from gateway.config import Settings
from gateway.delivery import wakeup
from gateway.delivery.claims import claim
from gateway.delivery.finish import Attempt, finish, preload, record_attempts, settle
from gateway.delivery.jobs import Claimed, Result, Send, Settled, deliver
from gateway.delivery.kinds import JobKinds, Poller
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
    """One delivery worker over a database, the agencies' adapters and an HTTP client, running
    the job kinds and pollers it is given (``gateway.composition`` builds it)."""

    session_factory: sessionmaker[Session]
    adapters: Mapping[str, AgencyAdapter]
    http: httpx.AsyncClient
    settings: Settings
    delivery: DeliverySettings
    kinds: JobKinds
    name: str = field(default_factory=worker_name)

    def __post_init__(self) -> None:
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
                    for poller in self.kinds.pollers:
                        tasks.start_soon(self._poll, poller)
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

    async def _poll(self, poller: Poller) -> None:
        while True:
            await anyio.sleep(self.delivery.status_poll_seconds)
            try:
                while (
                    await poller(
                        self.session_factory, self.adapters, self.delivery, limiter=self._limiter
                    )
                    >= self.delivery.batch_size
                ):
                    pass  # more are due: handle the next batch at once
            except Exception:
                logger.exception("a poll of the worker failed")

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

    def _decide(self, session: Session, claimed: list[Claimed]) -> dict[str, object | None]:
        """Each kind's work for its jobs of the batch, done at once; on failure, none."""
        by_kind: dict[str, list[Claimed]] = defaultdict(list)
        for job in claimed:
            by_kind[job.kind].append(job)
        decided: dict[str, object | None] = {}
        for name, jobs in by_kind.items():
            kind = self.kinds.get(name)
            try:
                with session.begin_nested():
                    decided[name] = None if kind is None else kind.decide(session, jobs)
            except Exception:
                logger.exception("the %s jobs of a batch failed to prepare together", name)
                decided[name] = None
        return decided

    def _prepare(
        self,
        session: Session,
        claimed: Claimed,
        decided: Mapping[str, object | None],
        attempts: list[Attempt],
    ) -> Send | Settled:
        kind = self.kinds.get(claimed.kind)
        try:
            with session.begin_nested():
                if kind is None:
                    raise LookupError(f"no job kind {claimed.kind} is registered")
                prepared = kind.prepare(session, claimed, decided.get(claimed.kind))
                if isinstance(prepared, Settled):
                    attempts.append(settle(session, prepared, kind=kind, worker=self.name))
            return prepared
        except Exception as error:  # a job that cannot be prepared must not block the others
            logger.exception("delivery job %s could not be prepared", claimed.id)
            failed = Settled(claimed, "dead", f"the job could not be prepared: {error!r}"[:300])
            with session.begin_nested():
                attempts.append(settle(session, failed, kind=kind, worker=self.name))
            return failed

    def _finish(self, results: Sequence[Result]) -> None:
        """Record a batch of results in one transaction; if that fails, one by one."""
        if not results:
            return
        try:
            with operation(), self.session_factory() as session, session.no_autoflush:
                held = preload(session, results, self.kinds)  # the identity map holds rows weakly
                attempts = [self._record(session, result) for result in results]
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
                        held = preload(session, [result], self.kinds)
                        record_attempts(session, [self._record(session, result)])
                        del held
                except Exception:  # one record that fails must not lose the others
                    logger.exception("the result of job %s was not recorded", result.claimed.id)
            session.commit()

    def _record(self, session: Session, result: Result) -> Attempt:
        kind = self.kinds[result.claimed.kind]
        return finish(session, result, kind=kind, worker=self.name, settings=self.delivery)
