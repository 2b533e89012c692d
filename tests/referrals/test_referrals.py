"""Making, reading and listing referrals through the API, with the consent they need."""

import datetime as dt
import uuid
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Connection, update
from sqlmodel import col

from gateway.audit.models import AuditEntry
from gateway.delivery.models import DeliveryJob
from gateway.referrals.models import Referral
from tests.conftest import Headers
from tests.referrals.helpers import (
    consented_referral,
    create_referral,
    grant,
    referral_body,
    register_person,
    rows,
)

REFERRALS = ("referrals:read", "referrals:write")


def test_a_referral_commits_with_its_delivery_job(
    client: TestClient, connection: Connection
) -> None:
    person = register_person(client, municipality="vranje")
    grant(client, person, "nes")
    response = client.post("/v1/referrals", json=referral_body(person))
    assert response.status_code == 201, response.text
    referral = response.json()
    assert response.headers["Location"] == f"/v1/referrals/{referral['id']}"
    assert response.headers["ETag"] == '"1"'
    assert referral["from_agency"] == "kirs"
    assert referral["to_agency"] == "nes"
    assert referral["status"] == "submitted"
    assert referral["categories"] == ["identity", "needs"]
    assert referral["office"] == "NSZ filijala Vranje"
    assert referral["municipality"] == "vranje"
    assert referral["due_date"] is not None
    assert [change["status"] for change in referral["history"]] == ["submitted"]
    assert referral["delivery"] == {
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": referral["delivery"]["next_attempt_at"],
        "last_error": None,
    }
    [job] = rows(connection, DeliveryJob)
    assert str(job.referral_id) == referral["id"]
    assert job.idempotency_key == f"referral-{referral['id']}"
    assert job.payload is not None
    assert set(job.payload["person"]) <= {
        "given_name",
        "family_name",
        "parent_name",
        "jmbg",
        "birth_date",
        "sex",
        "birth_place",
    }


def test_without_consent_the_referral_is_refused_and_audited(
    client: TestClient, connection: Connection
) -> None:
    person = register_person(client)
    response = client.post("/v1/referrals", json=referral_body(person))
    assert response.status_code == 403, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert set(problem["withheld"]) == {"identity", "needs"}
    assert "nes" in problem["detail"]
    assert rows(connection, DeliveryJob) == []
    refused = rows(connection, AuditEntry, col(AuditEntry.action) == "referral.refused")
    assert [entry.subject for entry in refused] == [person]


def test_a_consent_must_name_the_purpose_and_every_category(client: TestClient) -> None:
    person = register_person(client)
    grant(client, person, "nes", categories=["identity"])
    grant(client, person, "nes", purposes=["employment_services"], categories=["needs"])
    response = client.post("/v1/referrals", json=referral_body(person))
    assert response.status_code == 403
    assert list(response.json()["withheld"]) == ["needs"]


def test_a_legal_basis_covers_the_receiving_agency(client: TestClient) -> None:
    person = register_person(client)
    basis = {
        "agency": "csw",
        "purpose": "referral_handling",
        "categories": ["identity", "needs"],
        "citation": "Law on Social Protection, art. 5",
    }
    assert client.post("/v1/admin/legal-bases", json=basis).status_code == 201
    referral = create_referral(
        client, person, service="financial_social_assistance", needs=["social_protection"]
    )
    assert referral["to_agency"] == "csw"


def test_a_health_need_carries_the_health_category(client: TestClient) -> None:
    person = register_person(client)
    grant(client, person, "iom")
    body = referral_body(person, service="medical_support", needs=["health"])
    refused = client.post("/v1/referrals", json=body)
    assert refused.status_code == 403
    assert list(refused.json()["withheld"]) == ["health"]
    grant(client, person, "iom", categories=["health"])
    created = client.post("/v1/referrals", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["categories"] == ["health", "identity", "needs"]


def test_what_cannot_be_referred_is_422(client: TestClient) -> None:
    person = register_person(client)
    grant(client, person, "kirs")
    cases = {
        "housing_support_lap": "another agency",
        "no_such_service": "not an active service",
    }
    for service, message in cases.items():
        response = client.post("/v1/referrals", json=referral_body(person, service=service))
        assert response.status_code == 422, response.text
        assert message in response.json()["errors"][0]["message"]
    unknown = referral_body("0190f3c2-0000-7000-8000-000000000000")
    assert client.post("/v1/referrals", json=unknown).status_code == 422
    past = referral_body(person, due_date="2020-01-01")
    assert client.post("/v1/referrals", json=past).status_code == 422
    twice = referral_body(person, needs=["employment", "employment"])
    assert client.post("/v1/referrals", json=twice).status_code == 422


def test_only_the_two_agencies_see_a_referral(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    referral = consented_referral(client)
    path = f"/v1/referrals/{referral['id']}"
    nes = agency("nes", "referral_handling", REFERRALS)
    csw = agency("csw", "referral_handling", REFERRALS)
    assert client.get(path).status_code == 200
    assert client.get(path, headers=nes).status_code == 200
    assert client.get(path, headers=csw).status_code == 404
    received = client.get("/v1/referrals", params={"direction": "received"}, headers=nes)
    assert [item["id"] for item in received.json()["items"]] == [referral["id"]]
    assert client.get("/v1/referrals", headers=csw).json()["items"] == []
    sent = client.get("/v1/referrals", params={"direction": "sent", "status": "submitted"})
    assert [item["id"] for item in sent.json()["items"]] == [referral["id"]]


def test_overdue_referrals_are_listed_for_follow_up(
    client: TestClient, connection: Connection
) -> None:
    late = consented_referral(client)
    on_time = consented_referral(client)
    connection.execute(
        update(Referral)
        .where(col(Referral.id) == uuid.UUID(late["id"]))
        .values(due_date=dt.date(2025, 1, 1))
    )
    overdue = client.get("/v1/referrals/overdue").json()["items"]
    assert [item["id"] for item in overdue] == [late["id"]]
    assert overdue[0]["overdue"] == "not_accepted"
    assert overdue[0]["days_overdue"] > 0
    assert on_time["id"] not in {item["id"] for item in overdue}


def test_the_catalogue_is_readable_by_agencies(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    nes = agency("nes", "referral_handling", ("referrals:read",))
    services = client.get("/v1/referral-services", params={"agency": "csw"}, headers=nes).json()
    codes = {service["code"] for service in services}
    assert {"financial_social_assistance", "one_time_aid", "guardianship"} <= codes
    assert all(service["agency"] == "csw" for service in services)
