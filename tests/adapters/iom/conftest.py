"""Fixtures for the IOM adapter tests: simulators on temporary stores, adapters talking to them."""

import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from adapters.iom import IomAdapter, IomSettings, create_simulator
from adapters.simulation import AgencyPerson, agency_people

HOUSEHOLDS = 12
"""A small population keeps each simulator's first start fast."""
SIMULATOR_URL = "http://iom.simulator"

Connect = Callable[..., AbstractAsyncContextManager[tuple[IomAdapter, httpx.AsyncClient]]]


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store as a simulator's first start leaves it, copied by tests to skip the seeding."""
    path = tmp_path_factory.mktemp("iom") / "seeded.db"
    create_simulator(store_path=str(path), households=HOUSEHOLDS).state.store.close()
    return path


@pytest.fixture
def make_simulator(tmp_path: Path, seeded_store: Path) -> Iterator[Callable[..., Starlette]]:
    """Builds simulators on their own seeded stores and closes the stores afterwards."""
    apps: list[Starlette] = []

    def make(**options: Any) -> Starlette:
        store = tmp_path / f"iom-{len(apps)}.db"
        shutil.copyfile(seeded_store, store)
        app = create_simulator(store_path=str(store), households=HOUSEHOLDS, **options)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.state.store.close()


@pytest.fixture
def simulator(make_simulator: Callable[..., Starlette]) -> Starlette:
    return make_simulator()


@pytest.fixture
def connect() -> Connect:
    """``async with connect(app, **settings) as (adapter, http)``: an adapter on the app."""

    @asynccontextmanager
    async def connected(
        app: Starlette, **settings: Any
    ) -> AsyncIterator[tuple[IomAdapter, httpx.AsyncClient]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=SIMULATOR_URL) as http:
            yield IomAdapter(http, IomSettings(base_url=SIMULATOR_URL, **settings)), http

    return connected


@pytest.fixture(scope="session")
def people() -> list[AgencyPerson]:
    """The demo people the simulators are seeded with."""
    return agency_people("iom", households=HOUSEHOLDS)
