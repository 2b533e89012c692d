"""Each request's id, trace id and case reference reach its entries; refusals are always written."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.audit.context import InvalidCaseReference, case_reference_from
from gateway.config import Settings
from gateway.main import create_app
from tests.audit.helpers import entries, entries_of
from tests.auth_helpers import bearer, register_client, secret_token
from tests.factories import person_body

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CASE = "СЦР-vranje-2026-0042"


def test_the_request_id_is_sent_back_and_is_on_the_entries(
    client: TestClient, connection: Connection
) -> None:
    response = client.post("/v1/persons", json=person_body())
    request_id = response.headers["request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert entries_of(connection, request_id) == [("person.created", "permit", 201)]
    assert client.get("/healthz").headers["request-id"] != request_id


def test_the_trace_id_comes_from_traceparent(client: TestClient, connection: Connection) -> None:
    response = client.post(
        "/v1/persons",
        json=person_body(),
        headers={"traceparent": f"00-{TRACE}-00f067aa0ba902b7-01"},
    )
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert entry["trace_id"] == TRACE


def test_an_invalid_traceparent_starts_a_new_trace(
    client: TestClient, connection: Connection
) -> None:
    response = client.post("/v1/persons", json=person_body(), headers={"traceparent": "00-zz"})
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert re.fullmatch(r"[0-9a-f]{32}", entry["trace_id"])


def test_the_case_reference_is_recorded(client: TestClient, connection: Connection) -> None:
    response = client.post(
        "/v1/persons", json=person_body(), headers={"Gateway-Case-Reference": CASE.encode()}
    )
    assert response.status_code == 201
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert entry["case_reference"] == CASE


@pytest.mark.parametrize(
    "value",
    [b"x" * 101, b"line\nbreak", b"tab\there", b""],
    ids=["too long", "newline", "tab", "empty"],
)
def test_a_bad_case_reference_is_a_recorded_400(
    client: TestClient, connection: Connection, value: bytes
) -> None:
    response = client.get("/v1/persons", headers={"Gateway-Case-Reference": value})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["location"] == "header.Gateway-Case-Reference"
    assert entries_of(connection, response.headers["request-id"]) == [
        ("request.refused", "deny", 400)
    ]


def test_a_case_reference_must_be_utf8() -> None:
    assert case_reference_from("Предмет 1".encode()) == "Предмет 1"
    with pytest.raises(InvalidCaseReference, match="UTF-8"):
        case_reference_from(b"\xff\xfe")


def test_two_case_references_are_refused(client: TestClient) -> None:
    headers = [("Gateway-Case-Reference", "A-1"), ("Gateway-Case-Reference", "A-2")]
    response = client.get("/v1/persons", headers=headers)
    assert response.status_code == 400


def test_a_missing_token_is_recorded_though_its_transaction_rolled_back(
    anonymous: TestClient, connection: Connection
) -> None:
    response = anonymous.get("/v1/persons")
    assert response.status_code == 401
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert (entry["action"], entry["decision"], entry["http_status"]) == (
        "request.refused",
        "deny",
        401,
    )
    assert entry["outcome"] == "unauthenticated"
    assert entry["detail"]["path"] == "/v1/persons"


def test_a_refusal_names_the_caller_and_the_person_asked_for(
    client: TestClient, connection: Connection
) -> None:
    person = "01a209f2-bad3-730a-a09a-a44089b9c0c5"
    response = client.get(f"/v1/persons/{person}")
    assert response.status_code == 404
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert entry["actor_client"] is not None
    assert entry["actor_agency"] == "kirs"
    assert (entry["subject_kind"], entry["subject"]) == ("person", person)
    assert entry["detail"] == {"method": "GET", "route": "/v1/persons/{person_id}"}


def test_a_name_put_in_a_path_never_reaches_the_trail(
    client: TestClient, connection: Connection
) -> None:
    response = client.get("/v1/persons/Djordjevic")
    assert response.status_code == 422
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert "Djordjevic" not in str(entry)


def test_a_throttled_call_is_recorded_with_its_caller(
    settings: Settings, connection: Connection
) -> None:
    app = create_app(settings.model_copy(update={"api_rate_limit": "1/minute"}), bind=connection)
    with TestClient(app) as http:
        credentials = register_client(connection)
        http.headers.update(bearer(secret_token(http, credentials)))
        assert http.get("/v1/code-lists").status_code == 200
        response = http.get("/v1/code-lists")
    assert response.status_code == 429
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert (entry["action"], entry["http_status"], entry["actor_client"]) == (
        "request.refused",
        429,
        credentials.client_id,
    )


def test_health_checks_and_documentation_are_not_audited(
    anonymous: TestClient, connection: Connection
) -> None:
    for path in ("/healthz", "/openapi.json", "/nowhere"):
        response = anonymous.get(path)
        assert entries(connection, request_id=response.headers["request-id"]) == []
