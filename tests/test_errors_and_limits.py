"""Bad input anywhere gets a problem body: oversized bodies, unknown routes, wrong methods."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.config import Settings
from gateway.main import create_app
from tests.auth_helpers import bearer, register_client, secret_token
from tests.factories import person_body

PROBLEM = "application/problem+json"


@pytest.fixture
def small_client(settings: Settings, connection: Connection) -> Iterator[TestClient]:
    """A client of a gateway that accepts bodies of at most 2 KiB."""
    app: FastAPI = create_app(settings.model_copy(update={"max_body_bytes": 2048}), bind=connection)
    with TestClient(app) as client:
        client.headers.update(bearer(secret_token(client, register_client(connection))))
        yield client


def test_a_declared_oversized_body_is_413_before_it_is_read(small_client: TestClient) -> None:
    body = person_body(given_name="A" * 3000)
    response = small_client.post("/v1/persons", json=body)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert "2048 bytes" in response.json()["detail"]


def test_a_streamed_oversized_body_is_413_and_writes_nothing(small_client: TestClient) -> None:
    def chunks() -> object:
        yield b'{"given_name": "Ana", "family_name": "'
        for _ in range(10):
            yield b"x" * 512
        yield b'"}'

    response = small_client.post(
        "/v1/persons", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert small_client.get("/v1/persons").json()["items"] == []


def test_an_unknown_route_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_a_wrong_method_is_405_listing_every_allowed_method(client: TestClient) -> None:
    response = client.delete("/v1/persons")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"] == PROBLEM


def test_a_body_of_another_media_type_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v1/persons", content=b"given_name=Ana", headers={"content-type": "text/plain"}
    )
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == PROBLEM


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
