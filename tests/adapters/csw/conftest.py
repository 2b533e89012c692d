"""Fixtures of the CSW adapter tests: a simulator on a throwaway store, an adapter to talk to it."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from adapters.csw import CswAdapter, CswSettings, create_simulator
from adapters.simulation import AgencyPerson, agency_people

Connect = Callable[..., AbstractAsyncContextManager[CswAdapter]]
Admin = Callable[..., Any]


@pytest.fixture
def store_path() -> str:
    """An in-memory store: seeding a file commits each case to disk, ten times slower.

    The tests of persistence and of the served simulator use files of their own.
    """
    return ":memory:"


@pytest.fixture
def simulator(store_path: str) -> Starlette:
    return create_simulator(store_path=store_path)


@pytest.fixture(scope="session")
def people() -> list[AgencyPerson]:
    """The demo people with a CSW case, as the simulator seeds them."""
    return agency_people("csw")


@pytest.fixture
def connect() -> Connect:
    """``async with connect(app, **settings) as adapter``: an adapter talking to ``app``."""

    @asynccontextmanager
    async def opened(app: Starlette, **settings: Any) -> AsyncIterator[CswAdapter]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport) as http:
            yield CswAdapter(http, CswSettings(base_url="http://csw.test", **settings))

    return opened


@pytest.fixture
def call() -> Admin:
    """``await call(app, method, path, **options)``: a raw request to a simulator."""

    async def request(app: Starlette, method: str, path: str, **options: Any) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://csw.test") as http:
            return await http.request(method, path, **options)

    return request
