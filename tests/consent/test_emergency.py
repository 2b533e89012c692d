"""Break-glass access: asked with a reason, approved by a second person of another role, limited."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.consent.conftest import Family

REASON = "Child reported at risk by the school; the family cannot be reached tonight."


def ask(client: TestClient, headers: Headers, person: str, **changes: object) -> dict[str, object]:
    body = {
        "person_id": person,
        "categories": ["identity", "household"],
        "justification": REASON,
        "duration_minutes": 30,
    }
    response = client.post("/v1/emergency-access", json=body | changes, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_approved_emergency_access_releases_only_its_categories_for_a_while(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    csw = agency("csw", "emergency_protection", ("returnees:read",))
    assert client.get(f"/v1/persons/{family.child}", headers=csw).status_code == 404
    request = ask(client, csw, family.child)
    assert request["status"] == "pending"
    assert client.get(f"/v1/persons/{family.child}", headers=csw).status_code == 404
    approver = agency("gateway", "administration", ("admin", "consents:write"))
    approved = client.post(
        f"/v1/emergency-access/{request['id']}/decision", json={"approve": True}, headers=approver
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    person = client.get(f"/v1/persons/{family.child}", headers=csw)
    assert person.status_code == 200
    assert {item["category"] for item in person.json()["withheld"]} == {"contact", "documents"}


def test_the_asker_cannot_approve_and_a_decided_request_stays_decided(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    asker = agency("csw", "emergency_protection", ("returnees:read", "consents:write"))
    request = ask(client, asker, family.child)
    own = client.post(
        f"/v1/emergency-access/{request['id']}/decision", json={"approve": True}, headers=asker
    )
    assert own.status_code == 403
    approver = agency("gateway", "administration", ("admin", "consents:write"))
    refused = client.post(
        f"/v1/emergency-access/{request['id']}/decision", json={"approve": False}, headers=approver
    )
    assert refused.json()["status"] == "refused"
    again = client.post(
        f"/v1/emergency-access/{request['id']}/decision", json={"approve": True}, headers=approver
    )
    assert again.status_code == 409
    assert client.get(f"/v1/persons/{family.child}", headers=asker).status_code == 404


def test_emergency_access_needs_the_emergency_purpose_and_a_real_reason(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    ordinary = agency("csw", "social_protection", ("returnees:read",))
    body = {"person_id": family.child, "categories": ["identity"], "justification": REASON}
    assert client.post("/v1/emergency-access", json=body, headers=ordinary).status_code == 403
    urgent = agency("csw", "emergency_protection", ("returnees:read",))
    short = client.post(
        "/v1/emergency-access", json=body | {"justification": "urgent"}, headers=urgent
    )
    assert short.status_code == 422
    too_long = client.post(
        "/v1/emergency-access", json=body | {"duration_minutes": 600}, headers=urgent
    )
    assert too_long.status_code == 422


def test_admins_see_the_requests_flagged(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    csw = agency("csw", "emergency_protection", ("returnees:read",))
    request = ask(client, csw, family.child)
    listed = client.get("/v1/emergency-access", params={"status": "pending"}).json()
    assert [item["id"] for item in listed] == [request["id"]]
    assert listed[0]["justification"] == REASON
