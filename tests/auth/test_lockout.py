"""The token endpoint's limits cannot be turned against a client by someone at another address.

Each test runs on both limit storages: in memory, and Redis as replicas share it
(``GATEWAY_TEST_REDIS_URL``, default the local server; the test fails when it cannot connect).
"""

import os
import secrets
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.config import Settings
from gateway.main import create_app
from tests.auth_helpers import register_client

REDIS_URL = os.environ.get("GATEWAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FAILURES_ALLOWED = 3
TOKENS_ALLOWED = 5
FORM = {"grant_type": "client_credentials", "scope": "returnees:read purpose:reception"}

FromAddress = Callable[[], TestClient]


@pytest.fixture(params=["memory", "redis"])
def limited_app(
    request: pytest.FixtureRequest, settings: Settings, connection: Connection
) -> Iterator[FastAPI]:
    """The gateway with small token limits, on the storage the test is run for."""
    limited = settings.model_copy(
        update={
            "redis_url": REDIS_URL if request.param == "redis" else None,
            "failed_authentication_limit": f"{FAILURES_ALLOWED}/minute",
            "token_rate_limit": f"{TOKENS_ALLOWED}/minute",
        }
    )
    app = create_app(limited, bind=connection)
    with TestClient(app):
        yield app


@pytest.fixture
def from_address(limited_app: FastAPI) -> Iterator[FromAddress]:
    """Clients of the gateway, each from its own address."""
    opened: list[TestClient] = []

    def new_client() -> TestClient:
        # A random address keeps runs on a shared Redis from meeting each other's counts.
        opened.append(TestClient(limited_app, client=(_random_address(), 50000)))
        return opened[-1]

    yield new_client
    for http in opened:
        http.close()


def _random_address() -> str:
    return f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"


def test_guessing_elsewhere_does_not_lock_out_the_real_client(
    from_address: FromAddress, connection: Connection
) -> None:
    real = register_client(connection, purposes=["reception"])
    agency_system, attacker = from_address(), from_address()
    guesses = [
        attacker.post("/oauth/token", data=FORM, auth=(real.client_id, f"guess-{n}")).status_code
        for n in range(FAILURES_ALLOWED)
    ]
    assert set(guesses) == {401}
    assert (
        attacker.post("/oauth/token", data=FORM, auth=(real.client_id, "guess")).status_code == 429
    )
    answer = agency_system.post(
        "/oauth/token", data=FORM, auth=(real.client_id, real.client_secret or "")
    )
    assert answer.status_code == 200, answer.text


def test_made_up_client_ids_count_against_the_source_address(from_address: FromAddress) -> None:
    attacker, elsewhere = from_address(), from_address()
    made_up = [f"kirs-{secrets.token_hex(6)}" for _ in range(FAILURES_ALLOWED + 1)]
    statuses = [
        attacker.post("/oauth/token", data=FORM, auth=(client_id, "guess")).status_code
        for client_id in made_up
    ]
    assert statuses == [401] * FAILURES_ALLOWED + [429]
    assert elsewhere.post("/oauth/token", data=FORM, auth=(made_up[0], "guess")).status_code == 401


def test_requests_in_a_clients_name_elsewhere_do_not_use_up_its_token_limit(
    from_address: FromAddress, connection: Connection
) -> None:
    real = register_client(connection, purposes=["reception"])
    agency_system, attacker = from_address(), from_address()
    unsupported = FORM | {"grant_type": "password"}
    for _ in range(TOKENS_ALLOWED + 1):
        attacker.post("/oauth/token", data=unsupported, auth=(real.client_id, "guess"))
    answer = agency_system.post(
        "/oauth/token", data=FORM, auth=(real.client_id, real.client_secret or "")
    )
    assert answer.status_code == 200, answer.text
