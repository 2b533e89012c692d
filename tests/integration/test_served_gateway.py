"""The gateway served for real by uvicorn on loopback, driven over HTTP with httpx."""

from collections.abc import Iterator

import httpx
import pytest

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.factories import child_body, person_body, return_event_body
from tests.servers import running_gateway


@pytest.fixture
def gateway_url(fresh_database: str) -> Iterator[str]:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    engine.dispose()
    with running_gateway(fresh_database) as url:
        yield url


def test_a_family_is_registered_and_found_over_http(gateway_url: str) -> None:
    with httpx.Client(base_url=gateway_url, timeout=10) as http:
        head = http.post("/v1/persons", json=person_body()).json()
        child = http.post("/v1/persons", json=child_body()).json()
        members = [
            {"person_id": head["id"], "relationship": "head"},
            {"person_id": child["id"], "relationship": "child", "guardian_id": head["id"]},
        ]
        household = http.post("/v1/households", json={"municipality": "vranje", "members": members})
        assert household.status_code == 201
        event = http.post(
            "/v1/return-events", json=return_event_body(household_id=household.json()["id"])
        )
        assert event.status_code == 201
        found = http.get("/v1/persons", params={"name": "Djordjevic"}).json()["items"]
        assert {person["id"] for person in found} == {head["id"], child["id"]}


def test_the_served_spec_is_the_published_one(gateway_url: str) -> None:
    with httpx.Client(base_url=gateway_url, timeout=10) as http:
        document = http.get("/openapi.json").json()
    assert document["info"]["title"] == "Returnee interoperability gateway"
    assert "/v1/persons" in document["paths"]


def test_a_stale_write_over_http_is_412(gateway_url: str) -> None:
    with httpx.Client(base_url=gateway_url, timeout=10) as http:
        person = http.post("/v1/persons", json=person_body()).json()
        path = f"/v1/persons/{person['id']}"
        assert http.patch(path, json={"idp": True}, headers={"If-Match": '"1"'}).status_code == 200
        stale = http.patch(path, json={"idp": False}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
