"""The NES simulator: a standalone Starlette app that stands in for NES's REST API.

It keeps its own SQLite store (``DocumentStore``), seeded on first start with the demo people
who carry an NES id, written as NES's job seekers; it checks NES's API key header
(``X-Api-Kljuc``) on everything under ``/api/`` and answers in NES's JSON, errors included;
the fault knobs of ``adapters.simulation`` apply to it. See ``register`` and ``referrals``
for the endpoints. Run it with::

    uvicorn --factory adapters.nes.simulator.app:app_from_environment --port 8102

reading ``SIMULATOR_NES_STORE`` (default ``var/simulators/nes.db``), ``SIMULATOR_NES_SEED``,
``SIMULATOR_NES_HOUSEHOLDS``, ``SIMULATOR_NES_API_KEY``,
``SIMULATOR_NES_AUTO_PROGRESS_SECONDS`` and the fault knobs (``SIMULATOR_NES_LATENCY_MS`` ...).
"""

import datetime as dt
import hmac
from typing import Unpack

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.nes.simulator import referrals, register
from adapters.nes.simulator.errors import NesError, http_error, unauthorised
from adapters.nes.simulator.settings import Options, SimulatorSettings
from adapters.simulation import DocumentStore, Faults, GarbledReply, simulator_app

API_PREFIX = "/api/"
API_KEY_HEADER = "X-Api-Kljuc"
MALFORMED_BODY = b'{"evidencioniBroj": "NSZ-0733218'
"""What a garbled reply looks like: NES's JSON cut off mid-way."""


class ApiKeyGuard:
    """ASGI middleware: NES's API answers only requests carrying its API key."""

    def __init__(self, app: ASGIApp, *, api_key: str) -> None:
        self.app = app
        self.api_key = api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API_PREFIX):
            given = Headers(scope=scope).get(API_KEY_HEADER, "").encode()
            if not hmac.compare_digest(given, self.api_key):
                await unauthorised()(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_simulator(
    *,
    store_path: str,
    faults: Faults | None = None,
    today: dt.date | None = None,
    **options: Unpack[Options],
) -> Starlette:
    """The simulator app over the store at ``store_path``, seeded on first start.

    Options left out come from ``SIMULATOR_NES_...`` variables (``SimulatorSettings``); the
    job seekers are drawn as of ``today`` (default: the real date).
    """
    settings = SimulatorSettings().overridden(**options)
    store = DocumentStore(store_path)
    job_seekers = register.JobSeekerRegister(store)
    job_seekers.seed(seed=settings.seed, households=settings.households, today=today)
    desk = referrals.ReferralDesk(store, auto_progress_seconds=settings.auto_progress_seconds)
    return simulator_app(
        "nes",
        store=store,
        routes=[*register.routes(job_seekers), *referrals.routes(desk)],
        faults=faults,
        garbled=GarbledReply(MALFORMED_BODY, "application/json"),
        guard=Middleware(ApiKeyGuard, api_key=settings.api_key),
        exception_handlers={NesError: _nes_error, 404: http_error, 405: http_error},
    )


def app_from_environment() -> Starlette:
    """The simulator as ``SIMULATOR_NES_...`` variables configure it (for uvicorn --factory)."""
    return create_simulator(store_path=SimulatorSettings().store)


async def _nes_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, NesError)
    return error.response()
