"""Bursts of refused anonymous calls: limited per source address, and tallied on the trail.

Each test speaks from its own made-up address (IPv6 documentation range), so runs sharing
the Redis server never share a count.
"""

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.audit.bursts import write_closed_windows
from gateway.audit.tally import RefusalTally, refusal_tally
from gateway.config import Settings
from gateway.main import create_app
from tests.audit.helpers import entries
from tests.auth_helpers import bearer, register_client, secret_token

REDIS_URL = os.environ.get("GATEWAY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
GARBAGE = {"Authorization": "Bearer not-a-token"}
LIMIT = 20
BURST = 30


def new_address() -> str:
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


@pytest.fixture(params=["memory", "redis"])
def backend_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    redis_url = REDIS_URL if request.param == "redis" else None
    update = {"source_refusal_limit": f"{LIMIT}/minute", "redis_url": redis_url}
    return settings.model_copy(update=update)


@pytest.fixture
def gateway(backend_settings: Settings, connection: Connection) -> FastAPI:
    return create_app(backend_settings, bind=connection)


@pytest.fixture
def source() -> str:
    return new_address()


@pytest.fixture
def probe(gateway: FastAPI, source: str) -> Iterator[TestClient]:
    """Someone who reached the port from ``source``, with no valid token."""
    with TestClient(gateway, client=(source, 50000)) as http:
        yield http


def refusals_from(connection: Connection, source: str) -> list[dict[str, Any]]:
    return [
        entry
        for entry in entries(connection, decision="deny")
        if entry["detail"].get("source") == source
    ]


def test_a_burst_of_garbage_tokens_is_refused_with_429_after_the_limit(probe: TestClient) -> None:
    responses = [probe.get("/v1/persons", headers=GARBAGE) for _ in range(BURST)]
    assert [response.status_code for response in responses] == [401] * LIMIT + [429] * (
        BURST - LIMIT
    )
    throttled = responses[-1]
    assert int(throttled.headers["retry-after"]) >= 1
    assert throttled.headers["content-type"] == "application/problem+json"
    assert throttled.json()["status"] == 429


def test_a_burst_writes_its_first_refusal_and_then_one_entry_with_the_count(
    gateway: FastAPI, probe: TestClient, source: str, connection: Connection
) -> None:
    request_ids = [
        probe.get("/v1/persons", headers=GARBAGE).headers["request-id"] for _ in range(BURST)
    ]
    written = sum(len(entries(connection, request_id=id_)) for id_ in request_ids)
    assert written == 1
    (first,) = refusals_from(connection, source)
    assert (first["request_id"], first["http_status"]) == (request_ids[0], 401)

    state = gateway.state
    write_closed_windows(state.session_factory, state.refusal_tally, now=time.time() + 61)
    first_again, tallied = refusals_from(connection, source)
    assert first_again == first
    assert tallied["action"] == "request.refused.repeated"
    assert tallied["detail"]["count"] == BURST - 1
    assert tallied["detail"]["by_status"] == {"401": LIMIT - 1, "429": BURST - LIMIT}


def test_a_valid_client_from_another_address_is_not_affected(
    gateway: FastAPI, probe: TestClient, connection: Connection
) -> None:
    for _ in range(BURST):
        probe.get("/v1/persons", headers=GARBAGE)
    assert probe.get("/v1/persons", headers=GARBAGE).status_code == 429
    with TestClient(gateway, client=(new_address(), 50000)) as agency:
        token = bearer(secret_token(agency, register_client(connection)))
        assert agency.get("/v1/persons", headers=token).status_code == 200
        assert agency.get("/v1/persons", headers=GARBAGE).status_code == 401


@pytest.fixture(params=["memory", "redis"])
def tallies(request: pytest.FixtureRequest) -> tuple[RefusalTally, RefusalTally]:
    """Two gateway processes' tallies: one shared Redis, or (in memory) one process's."""
    trail = f"sqlite:///{uuid.uuid4().hex}.db"
    if request.param == "memory":
        tally = refusal_tally(None, window_seconds=60, trail=trail)
        return tally, tally
    return (
        refusal_tally(REDIS_URL, window_seconds=60, trail=trail),
        refusal_tally(REDIS_URL, window_seconds=60, trail=trail),
    )


def test_the_next_refusal_after_a_window_hands_over_its_count_once(
    tallies: tuple[RefusalTally, RefusalTally],
) -> None:
    one, other = tallies
    source = new_address()
    assert one.note(source, 401, now=1000.0).first
    assert not other.note(source, 401, now=1001.0).first
    assert not one.note(source, 429, now=1059.0).first
    reopened = other.note(source, 401, now=1060.0)
    assert reopened.first
    assert reopened.closed is not None
    assert (reopened.closed.opened_at, reopened.closed.counts) == (1000.0, {401: 1, 429: 1})
    assert source not in {window.source for window in one.closed(now=1200.0)}


def test_closing_windows_hands_each_count_over_once(
    tallies: tuple[RefusalTally, RefusalTally],
) -> None:
    one, other = tallies
    source = new_address()
    one.note(source, 401, now=1000.0)
    other.note(source, 401, now=1001.0)
    assert source not in {window.source for window in one.closed(now=1030.0)}
    handed = [w for tally in (one, other) for w in tally.closed(now=1061.0) if w.source == source]
    assert [(window.opened_at, window.counts) for window in handed] == [(1000.0, {401: 1})]
