"""A record the caller may not see is answered exactly like one that does not exist."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from tests.audit.helpers import entries
from tests.conftest import Headers
from tests.consent.conftest import Family, consent_body
from tests.factories import needs_body, return_event_body

MISSING = "0190f5e4-0000-7000-8000-000000000000"
OUTSIDER = ("returnees:read", "returnees:write", "consents:read", "referrals:read")


def same_answer(client: TestClient, headers: Headers, path: str, real_id: str) -> None:
    """The hidden record's answer equals the missing one's, but for the id it names."""
    hidden = client.get(path.format(real_id), headers=headers)
    missing = client.get(path.format(MISSING), headers=headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text == missing.text.replace(MISSING, real_id)
    assert hidden.headers["content-type"] == missing.headers["content-type"]


@pytest.fixture
def outsider(agency: Callable[..., Headers]) -> Headers:
    """IOM, with no consent, legal basis or registration for the KIRS family."""
    return agency("iom", "avrr_assistance", OUTSIDER)


def test_persons_and_households_hide_behind_404(
    client: TestClient, family: Family, outsider: Headers
) -> None:
    same_answer(client, outsider, "/v1/persons/{}", family.head)
    same_answer(client, outsider, "/v1/persons/{}/record", family.head)
    same_answer(client, outsider, "/v1/households/{}", family.household)


def test_subject_records_hide_behind_404(
    client: TestClient, family: Family, outsider: Headers
) -> None:
    event = client.post("/v1/return-events", json=return_event_body(person_id=family.head))
    needs = client.post("/v1/needs-assessments", json=needs_body(household_id=family.household))
    assert event.status_code == needs.status_code == 201, (event.text, needs.text)
    same_answer(client, outsider, "/v1/return-events/{}", event.json()["id"])
    same_answer(client, outsider, "/v1/needs-assessments/{}", needs.json()["id"])


def test_consents_and_referrals_hide_behind_404(
    client: TestClient, family: Family, outsider: Headers
) -> None:
    consent = client.post("/v1/consents", json=consent_body(person_id=family.head)).json()
    same_answer(client, outsider, "/v1/consents/{}", consent["id"])
    same_answer(client, outsider, "/v1/consents/{}/history", consent["id"])
    grant = consent_body(
        person_id=family.head,
        purposes=["referral_handling"],
        categories=["identity", "contact", "needs"],
    )
    assert client.post("/v1/consents", json=grant).status_code == 201
    referral = client.post(
        "/v1/referrals",
        json={
            "person_id": family.head,
            "service": "employment_counselling",
            "needs": ["employment"],
        },
    )
    assert referral.status_code == 201, referral.text
    same_answer(client, outsider, "/v1/referrals/{}", referral.json()["id"])


def test_a_write_to_a_hidden_record_is_a_404_too(
    client: TestClient, family: Family, agency: Callable[..., Headers]
) -> None:
    outsider = agency("iom", "avrr_assistance", OUTSIDER) | {"If-Match": '"1"'}
    change = {"municipality": "nis"}
    hidden = client.patch(f"/v1/persons/{family.head}", json=change, headers=outsider)
    missing = client.patch(f"/v1/persons/{MISSING}", json=change, headers=outsider)
    assert hidden.status_code == missing.status_code == 404
    seer = agency("nes", "employment_services", OUTSIDER) | {"If-Match": '"1"'}
    assert client.post("/v1/consents", json=consent_body(person_id=family.head)).status_code == 201
    seen = client.patch(f"/v1/persons/{family.head}", json=change, headers=seer)
    assert seen.status_code == 403, (
        "a caller that sees the person learns only that it may not write"
    )


def test_the_audit_trail_keeps_the_difference(
    client: TestClient, family: Family, outsider: Headers, connection: Connection
) -> None:
    hidden = client.get(f"/v1/persons/{family.head}", headers=outsider)
    missing = client.get(f"/v1/persons/{MISSING}", headers=outsider)
    [refused] = entries(connection, request_id=hidden.headers["Request-Id"])
    assert (refused["action"], refused["decision"], refused["http_status"]) == (
        "person.read",
        "deny",
        404,
    )
    assert refused["subject"] == family.head
    assert refused["categories_withheld"]
    [unknown] = entries(connection, request_id=missing.headers["Request-Id"])
    assert (unknown["action"], unknown["categories_withheld"]) == ("request.refused", None)
