"""Keeping a worker running: inside ``gateway serve`` and as ``gateway worker``.

A worker that fails is logged and started again after a pause (``supervised``). In a served
gateway the worker runs for as long as the application serves (``running``); a standalone
worker process runs until SIGTERM or SIGINT (``until_signalled``). What the worker is built
from is the composition root's business (``gateway.composition``).
"""

import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

from gateway.background import in_background
from gateway.delivery.worker import Worker

logger = logging.getLogger("gateway.delivery")
RESTART_PAUSE_SECONDS = 1.0


@asynccontextmanager
async def running(worker: Worker | None) -> AsyncIterator[None]:
    """Run ``worker`` (supervised) while the block runs; None: no worker."""
    if worker is None:
        yield
        return
    async with in_background(lambda: supervised(worker)):
        yield


async def supervised(worker: Worker) -> None:
    """Run ``worker``, starting it again whenever it fails."""
    while True:
        try:
            await worker.run()
        except Exception:
            logger.exception("the delivery worker failed; starting it again")
            await anyio.sleep(RESTART_PAUSE_SECONDS)


async def until_signalled(worker: Worker) -> None:
    """Run ``worker`` (supervised) until the process gets SIGTERM or SIGINT."""
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(_stop_on_signal, tasks.cancel_scope)
        await supervised(worker)


async def _stop_on_signal(scope: anyio.CancelScope) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        async for _ in signals:
            scope.cancel()
            return
