"""What every agency simulator shares: its app and settings, fault knobs, a store, the people.

A simulator stands in for an agency's real system in the demo, the tests and the benchmarks.
Each one is a standalone ASGI app speaking its agency's native format with its own SQLite
file and its own authentication; this module gives them the parts that are the same:

- ``CommonSimulatorSettings``: the store, the population, the referral pace and the address,
  read from ``SIMULATOR_<AGENCY>_...``; each simulator adds its own credentials.
- ``simulator_app``: the Starlette app over a store (closed on shutdown), with the fault knobs;
  ``serve``: ``python -m adapters.<agency>.simulator [--host H] [--port P]``.
- ``Faults``: latency, error rate, timeout rate, malformed-reply rate and "down", read from the
  environment (``SIMULATOR_<AGENCY>_LATENCY_MS`` ...) and changed at run time through
  ``GET/PUT /_admin/faults``; ``FaultInjection`` applies them to every other request.
- ``DocumentStore``: JSON documents by collection and key in SQLite, safe across threads.
- ``due_steps``: how far a referral has moved by itself when its simulator moves referrals on.
- ``agency_people``: the synthetic population (``population``: same seed, same day) as the
  people this agency knows, so the simulators and the gateway's demo data describe the same
  families.

Simulators import what they need from the gateway through ``adapters.base`` and the common
schema, and the people from ``population``; never from the gateway's demo.
"""

import argparse
import asyncio
import datetime as dt
import json
import random
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, TypedDict, TypeVar

import uvicorn
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

from population import DemoHousehold, DemoMember, generate_population

ADMIN_PREFIX = "/_admin"
Status = TypeVar("Status", bound=str)


class Faults(BaseModel):
    """How badly the simulated system behaves; every rate is a probability per request."""

    latency_ms: int = Field(default=0, ge=0, le=60_000)
    error_rate: float = Field(default=0.0, ge=0, le=1)
    timeout_rate: float = Field(default=0.0, ge=0, le=1)
    malformed_rate: float = Field(default=0.0, ge=0, le=1)
    down: bool = False
    hang_seconds: float = Field(default=30.0, ge=0, le=600, description="How long a timeout hangs")


def faults_from_environment(agency: str) -> Faults:
    """The fault knobs set in ``SIMULATOR_<AGENCY>_...`` variables."""

    class FaultSettings(Faults, BaseSettings):
        model_config = SettingsConfigDict(env_prefix=f"SIMULATOR_{agency.upper()}_")

    return Faults.model_validate(FaultSettings().model_dump())


class FaultInjection:
    """ASGI middleware that makes the simulator slow, failing, hanging, garbled or down."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        faults: Faults,
        malformed_body: bytes,
        malformed_media_type: str,
        seed: int | None = None,
    ) -> None:
        self.app = app
        self.faults = faults
        self.malformed = Response(malformed_body, media_type=malformed_media_type)
        self.random = random.Random(seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        faults = self.faults
        if faults.down:
            await Response("service down", status_code=503)(scope, receive, send)
            return
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        draw = self.random.random()
        if draw < faults.timeout_rate:
            await asyncio.sleep(faults.hang_seconds)
            await Response("too late", status_code=504)(scope, receive, send)
        elif draw < faults.timeout_rate + faults.error_rate:
            await Response("internal error", status_code=500)(scope, receive, send)
        elif draw < faults.timeout_rate + faults.error_rate + faults.malformed_rate:
            await self.malformed(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def admin_routes(faults: Faults) -> list[Route]:
    """``GET/PUT /_admin/faults``: read and change the knobs of a running simulator."""

    async def read(_request: Request) -> JSONResponse:
        return JSONResponse(faults.model_dump())

    async def change(request: Request) -> JSONResponse:
        try:
            changes = Faults.model_validate(faults.model_dump() | await request.json())
        except (ValueError, TypeError) as error:
            return JSONResponse({"error": str(error)}, status_code=422)
        for name, value in changes.model_dump().items():
            setattr(faults, name, value)
        return JSONResponse(faults.model_dump())

    return [
        Route(f"{ADMIN_PREFIX}/faults", read, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/faults", change, methods=["PUT"]),
    ]


def with_faults(
    app: Starlette, *, agency: str, faults: Faults | None, malformed_body: bytes, media_type: str
) -> Starlette:
    """Add the admin routes and the fault middleware to a simulator app."""
    knobs = faults or faults_from_environment(agency)
    app.router.routes.extend(admin_routes(knobs))
    app.add_middleware(
        FaultInjection,
        faults=knobs,
        malformed_body=malformed_body,
        malformed_media_type=media_type,
    )
    app.state.faults = knobs
    return app


class DocumentStore:
    """JSON documents in an SQLite file, by collection and key; one lock for all threads."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._connection:
            self._connection.execute(
                "CREATE TABLE IF NOT EXISTS document (collection TEXT NOT NULL, key TEXT NOT NULL,"
                " body TEXT NOT NULL, PRIMARY KEY (collection, key))"
            )

    def put(self, collection: str, key: str, body: dict[str, Any]) -> None:
        with self._lock, self._connection:
            self._connection.execute(
                "INSERT INTO document (collection, key, body) VALUES (?, ?, ?) ON CONFLICT"
                " (collection, key) DO UPDATE SET body = excluded.body",
                (collection, key, json.dumps(body, ensure_ascii=False, default=str)),
            )

    def insert_new(self, collection: str, key: str, body: dict[str, Any]) -> bool:
        """Store ``body`` unless the key exists; True when it was stored."""
        with self._lock, self._connection:
            cursor = self._connection.execute(
                "INSERT OR IGNORE INTO document (collection, key, body) VALUES (?, ?, ?)",
                (collection, key, json.dumps(body, ensure_ascii=False, default=str)),
            )
            return cursor.rowcount == 1

    def get(self, collection: str, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._connection.execute(
                "SELECT body FROM document WHERE collection = ? AND key = ?", (collection, key)
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def all(self, collection: str) -> list[tuple[str, dict[str, Any]]]:
        """Every document of a collection in key order."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT key, body FROM document WHERE collection = ? ORDER BY key", (collection,)
            ).fetchall()
        return [(key, dict(json.loads(body))) for key, body in rows]

    def count(self, collection: str) -> int:
        with self._lock:
            row = self._connection.execute(
                "SELECT count(*) FROM document WHERE collection = ?", (collection,)
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        self._connection.close()


class CommonSimulatorSettings(BaseSettings):
    """What every simulator reads from ``SIMULATOR_<AGENCY>_...`` variables.

    Each simulator subclasses it with its prefix, its store and demo port, and its credentials;
    the fault knobs are read apart (``faults_from_environment``).
    """

    model_config = SettingsConfigDict(extra="ignore")

    store: str
    seed: int = 42
    households: int = Field(default=60, ge=1, le=10_000)
    auto_progress_seconds: float = Field(
        default=0.0, ge=0, description="Move referrals on by themselves after this delay; 0 = off"
    )
    host: str = "127.0.0.1"
    port: int = Field(ge=1, le=65_535)

    def overridden(self, **given: object) -> Self:
        """These settings with each option given (not None) in place of the configured one."""
        unknown = set(given) - set(type(self).model_fields)
        if unknown:
            raise TypeError(f"not a setting of this simulator: {', '.join(sorted(unknown))}")
        changes = {name: value for name, value in given.items() if value is not None}
        return self.model_validate(self.model_dump() | changes)


class SimulatorOptions(TypedDict, total=False):
    """What every ``create_simulator`` takes besides its store path and faults.

    An option left out, or given as None, comes from the simulator's settings: the
    ``SIMULATOR_<AGENCY>_...`` variables, else the defaults of ``CommonSimulatorSettings``.
    """

    seed: int
    households: int
    auto_progress_seconds: float | None


def serve(agency: str, settings: CommonSimulatorSettings) -> None:
    """Serve an agency's ``app_from_environment`` under uvicorn; ``--host``/``--port`` override."""
    parser = argparse.ArgumentParser(description=f"The simulated {agency.upper()} system")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    arguments = parser.parse_args()
    uvicorn.run(
        f"adapters.{agency}.simulator.app:app_from_environment",
        factory=True,
        host=arguments.host,
        port=arguments.port,
    )


@dataclass(frozen=True)
class GarbledReply:
    """What a reply cut off mid-way looks like in an agency's format (the malformed fault)."""

    body: bytes
    media_type: str


def simulator_app(
    agency: str,
    *,
    store: DocumentStore,
    routes: Sequence[BaseRoute],
    faults: Faults | None,
    garbled: GarbledReply,
    guard: Middleware | None = None,
    exception_handlers: Mapping[Any, ExceptionHandler] | None = None,
) -> Starlette:
    """A simulator's app over ``store``: its routes behind ``guard``, the fault knobs outside.

    The store is closed when the server stops; unset ``faults`` are read from the environment.
    """
    app = Starlette(
        routes=list(routes),
        middleware=None if guard is None else [guard],
        exception_handlers=exception_handlers,
        lifespan=_closing(store),
    )
    app.state.store = store
    return with_faults(
        app,
        agency=agency,
        faults=faults,
        malformed_body=garbled.body,
        media_type=garbled.media_type,
    )


def _closing(store: DocumentStore) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """A lifespan that closes the store when the server stops."""

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    return lifespan


def due_steps(
    path: Mapping[str, Status],
    status: str,
    since: dt.datetime,
    delay: dt.timedelta,
    now: dt.datetime,
) -> list[tuple[Status, dt.datetime]]:
    """The steps a referral has taken by itself by ``now``, each with the moment it was due.

    From ``status``, last changed at ``since``, it moves one step along ``path`` each ``delay``
    (none when the delay is zero), as if a caseworker took it up; the simulators work this out
    when a referral is read, so they need no background task.
    """
    steps: list[tuple[Status, dt.datetime]] = []
    while delay and status in path and since + delay <= now:
        since, reached = since + delay, path[status]
        steps.append((reached, since))
        status = reached
    return steps


@dataclass(frozen=True)
class AgencyPerson:
    """A person of the demo population that an agency knows, with their household."""

    local_id: str
    member: DemoMember
    household: DemoHousehold

    @property
    def relatives(self) -> Iterator[DemoMember]:
        return (other for other in self.household.members if other is not self.member)


def agency_people(
    agency: str, *, seed: int = 42, households: int = 60, today: dt.date | None = None
) -> list[AgencyPerson]:
    """The people of the synthetic population who carry an id of ``agency``."""
    population = generate_population(
        seed=seed, households=households, today=today or dt.date.today()
    )
    return [
        AgencyPerson(local_id=identifier.local_id, member=member, household=household)
        for household in population
        for member in household.members
        for identifier in member.person.agency_ids
        if identifier.agency == agency
    ]
