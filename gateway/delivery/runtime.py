"""Where workers run: inside ``gateway serve`` (the lifespan) and as ``gateway worker``.

In a served gateway the worker shares the application's session factory, adapters and HTTP
client, and stops with it; ``GATEWAY_DELIVERY_WORKER=false`` leaves it out (then run
``gateway worker`` processes, as many as the load needs: they share the work through their
claims). A worker that fails is logged and started again after a pause.
"""

import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx
from fastapi import FastAPI, Request

from adapters.registry import build_adapters, parse_adapter_list
from gateway.config import Settings
from gateway.db import create_database_engine, create_session_factory
from gateway.delivery.settings import DeliverySettings
from gateway.delivery.worker import Worker
from gateway.migrate import ensure_current

logger = logging.getLogger("gateway.delivery")
RESTART_PAUSE_SECONDS = 1.0


def delivery_settings(request: Request) -> DeliverySettings:
    """The delivery settings of the application (read from the environment once)."""
    state = request.app.state
    found: DeliverySettings | None = getattr(state, "delivery_settings", None)
    if found is None:
        found = state.delivery_settings = DeliverySettings()
    return found


@asynccontextmanager
async def delivery_worker(
    app: FastAPI, http: httpx.AsyncClient, *, enabled: bool
) -> AsyncIterator[None]:
    """Run a worker while the application serves, when ``enabled`` and configured to."""
    settings = DeliverySettings()
    app.state.delivery_settings = settings
    if not (enabled and settings.worker):
        yield
        return
    state = app.state
    worker = Worker(state.session_factory, state.adapters, http, state.settings, settings)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(supervised, worker)
        try:
            yield
        finally:
            tasks.cancel_scope.cancel()


async def supervised(worker: Worker) -> None:
    """Run ``worker``, starting it again whenever it fails."""
    while True:
        try:
            await worker.run()
        except Exception:
            logger.exception("the delivery worker failed; starting it again")
            await anyio.sleep(RESTART_PAUSE_SECONDS)


async def standalone(settings: Settings, delivery: DeliverySettings, *, once: bool) -> int:
    """A worker process: until SIGTERM or SIGINT, or (``once``) until nothing is due."""
    engine = create_database_engine(settings)
    try:
        ensure_current(engine)
        async with httpx.AsyncClient(timeout=settings.federation_budget_seconds) as http:
            adapters = build_adapters(parse_adapter_list(settings.adapters), http)
            worker = Worker(create_session_factory(engine), adapters, http, settings, delivery)
            if once:
                return await worker.drain()
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(_stop_on_signal, tasks.cancel_scope)
                await supervised(worker)
    finally:
        engine.dispose()
    return 0


async def _stop_on_signal(scope: anyio.CancelScope) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
        async for _ in signals:
            scope.cancel()
            return
