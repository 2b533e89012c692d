"""Fixtures of the whole suite: a migrated database per run, a rolled-back transaction per test."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from gateway.auth import secrets as secrets_module
from gateway.config import Environment, Settings
from gateway.db import create_database_engine
from gateway.main import create_app
from gateway.migrate import upgrade
from tests.auth_helpers import ALL_SCOPES, bearer, register_client, secret_token
from tests.databases import throwaway_database


@pytest.fixture(scope="session", autouse=True)
def _cheap_secret_hashing() -> Iterator[None]:
    """Argon2id at minimal cost: the suite hashes hundreds of secrets (production keeps its own)."""
    production = secrets_module._hasher
    secrets_module._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    secrets_module._hasher = production


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated to the current schema, shared by the tests of one worker."""
    with throwaway_database(tmp_path_factory.mktemp("db")) as url:
        engine = create_database_engine(Settings(database_url=url))
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url, environment=Environment.test, api_rate_limit="100000/minute"
    )


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_database_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose outer transaction is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def app(settings: Settings, connection: Connection) -> FastAPI:
    return create_app(settings, bind=connection)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    """A client of the API that sends no token."""
    with TestClient(app) as client:
        yield client


@pytest.fixture
def client(anonymous: TestClient, connection: Connection) -> TestClient:
    """A KIRS system holding a token with every scope but audit:read (see ALL_SCOPES)."""
    credentials = register_client(connection)
    anonymous.headers.update(bearer(secret_token(anonymous, credentials)))
    return anonymous


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[str]:
    """An empty, unmigrated database of the suite's backend, for tests that need their own."""
    with throwaway_database(tmp_path) as url:
        yield url


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


Headers = dict[str, str]


@pytest.fixture
def agency(anonymous: TestClient, connection: Connection) -> Callable[..., Headers]:
    """Authorization headers of a client of ``agency`` with a token for one purpose."""

    def headers(name: str, purpose: str, scopes: tuple[str, ...] = ALL_SCOPES) -> Headers:
        credentials = register_client(connection, agency=name, scopes=scopes, purposes=[purpose])
        return bearer(secret_token(anonymous, credentials, purpose=purpose))

    return headers
