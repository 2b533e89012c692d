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
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.nes.config import DEVELOPMENT_API_KEY
from adapters.nes.simulator import referrals, register
from adapters.nes.simulator.errors import NesError, http_error, unauthorised
from adapters.simulation import DocumentStore, Faults, with_faults

API_PREFIX = "/api/"
API_KEY_HEADER = "X-Api-Kljuc"
MALFORMED_BODY = b'{"evidencioniBroj": "NSZ-0733218'
"""What a garbled reply looks like: NES's JSON cut off mid-way."""


class SimulatorSettings(BaseSettings):
    """The simulator's own settings (the fault knobs are read by ``adapters.simulation``)."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_NES_", extra="ignore")

    store: str = "var/simulators/nes.db"
    seed: int = 42
    households: int = 60
    api_key: str = DEVELOPMENT_API_KEY
    auto_progress_seconds: float = 0.0


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
    seed: int = 42,
    households: int = 60,
    api_key: str = DEVELOPMENT_API_KEY,
    auto_progress_seconds: float | None = None,
    today: dt.date | None = None,
) -> Starlette:
    """The simulator app over the store at ``store_path``, seeded on first start."""
    store = DocumentStore(store_path)
    job_seekers = register.JobSeekerRegister(store)
    job_seekers.seed(seed=seed, households=households, today=today)
    delay = auto_progress_seconds
    if delay is None:
        delay = SimulatorSettings().auto_progress_seconds
    desk = referrals.ReferralDesk(store, auto_progress_seconds=delay)
    app = Starlette(
        routes=[*register.routes(job_seekers), *referrals.routes(desk)],
        exception_handlers={NesError: _nes_error, 404: http_error, 405: http_error},
        lifespan=_closing(store),
    )
    app.add_middleware(ApiKeyGuard, api_key=api_key)
    app.state.store = store
    return with_faults(
        app,
        agency="nes",
        faults=faults,
        malformed_body=MALFORMED_BODY,
        media_type="application/json",
    )


def app_from_environment() -> Starlette:
    """The simulator as ``SIMULATOR_NES_...`` variables configure it (for uvicorn --factory)."""
    settings = SimulatorSettings()
    return create_simulator(
        store_path=settings.store,
        seed=settings.seed,
        households=settings.households,
        api_key=settings.api_key,
        auto_progress_seconds=settings.auto_progress_seconds,
    )


async def _nes_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, NesError)
    return error.response()


def _closing(store: DocumentStore) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """A lifespan that closes the store when the server stops."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    return lifespan
