"""Suggestions: the routing rules applied to a person's or household's open needs."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.factories import needs_body
from tests.referrals.helpers import create_referral, grant, register_person

NEEDS = [
    {"domain": "employment", "severity": "critical"},
    {"domain": "housing", "severity": "high"},
    {"domain": "legal", "severity": "low"},
    {"domain": "documentation", "severity": "medium", "status": "met"},
]


def assess(client: TestClient, **subject: str) -> None:
    body = needs_body(needs=NEEDS, **subject)
    response = client.post("/v1/needs-assessments", json=body)
    assert response.status_code == 201, response.text


def by_service(body: dict[str, object]) -> dict[str, dict[str, object]]:
    return {item["service"]: item for item in body["suggestions"]}  # type: ignore[attr-defined, index]


def test_open_needs_are_routed_by_domain_and_municipality(client: TestClient) -> None:
    person = register_person(client, municipality="vranje")
    assess(client, person_id=person)
    grant(client, person, "nes")
    response = client.post("/v1/referrals/suggest", json={"person_id": person})
    assert response.status_code == 200, response.text
    body = response.json()
    found = by_service(body)
    assert set(found) == {"employment_counselling", "reintegration_grant", "one_time_aid"}
    counselling = found["employment_counselling"]
    assert counselling["to_agency"] == "nes"
    assert counselling["office"] == "NSZ filijala Vranje"
    assert counselling["priority"] == "urgent"
    assert counselling["covered"] is True
    assert found["reintegration_grant"]["covered"] is False
    assert found["reintegration_grant"]["missing_categories"] == ["identity", "needs"]
    assert found["one_time_aid"]["priority"] == "high"
    assert body["unrouted_needs"] == ["legal"]
    assert body["municipality"] == "vranje"


def test_elsewhere_the_general_rule_names_the_office(client: TestClient) -> None:
    person = register_person(client, municipality="kraljevo")
    assess(client, person_id=person)
    found = by_service(client.post("/v1/referrals/suggest", json={"person_id": person}).json())
    assert found["employment_counselling"]["office"] == (
        "NES branch office of the returnee's municipality"
    )


def test_an_open_referral_is_flagged(client: TestClient) -> None:
    person = register_person(client)
    assess(client, person_id=person)
    grant(client, person, "nes")
    create_referral(client, person)
    found = by_service(client.post("/v1/referrals/suggest", json={"person_id": person}).json())
    assert found["employment_counselling"]["already_referred"] is True
    assert found["reintegration_grant"]["already_referred"] is False


def test_a_households_needs_are_suggested_for(client: TestClient) -> None:
    head = register_person(client)
    members = [{"person_id": head, "relationship": "head"}]
    household = client.post(
        "/v1/households", json={"members": members, "municipality": "novi-sad"}
    ).json()["id"]
    assess(client, household_id=household)
    body = client.post("/v1/referrals/suggest", json={"household_id": household}).json()
    found = by_service(body)
    assert found["employment_counselling"]["office"] == "NSZ filijala Novi Sad"
    person_view = client.post("/v1/referrals/suggest", json={"person_id": head}).json()
    assert set(by_service(person_view)) == set(found), "a person's household needs count"


def test_an_agency_that_may_not_see_the_needs_gets_no_suggestion(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    person = register_person(client)
    assess(client, person_id=person)
    nes = agency("nes", "referral_handling", ("referrals:write",))
    response = client.post("/v1/referrals/suggest", json={"person_id": person}, headers=nes)
    assert response.status_code == 422, "a person the caller cannot see is unknown"
    grant(client, person, "nes", categories=["identity"])
    response = client.post("/v1/referrals/suggest", json={"person_id": person}, headers=nes)
    assert response.status_code == 403
    grant(client, person, "nes", categories=["needs"])
    response = client.post("/v1/referrals/suggest", json={"person_id": person}, headers=nes)
    assert response.status_code == 200
    assert "employment_counselling" not in by_service(response.json()), "not to itself"
