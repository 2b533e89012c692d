"""Households through the API: members, one household per person, guardians of minors."""

import datetime as dt

from fastapi.testclient import TestClient

from gateway.identity.ages import is_certainly_minor
from tests.factories import child_body, person_body


def new_person(client: TestClient, body: dict[str, object]) -> str:
    response = client.post("/v1/persons", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def family(client: TestClient) -> tuple[str, str, str]:
    head = new_person(client, person_body())
    partner = new_person(client, person_body(given_name="Jelena", sex="female", jmbg=None))
    child = new_person(client, child_body())
    return head, partner, child


def test_a_family_with_a_guardian_for_the_child_is_registered(client: TestClient) -> None:
    head, partner, child = family(client)
    body = {
        "municipality": "vranje",
        "members": [
            {"person_id": head, "relationship": "head"},
            {"person_id": partner, "relationship": "partner"},
            {"person_id": child, "relationship": "child", "guardian_id": partner},
        ],
    }
    response = client.post("/v1/households", json=body)
    assert response.status_code == 201, response.text
    household = response.json()
    assert household["members"] == [
        member | {"guardian_id": member.get("guardian_id")} for member in body["members"]
    ]
    assert client.get(f"/v1/households/{household['id']}").json() == household


def test_a_minor_without_a_guardian_is_refused(client: TestClient) -> None:
    head, _, child = family(client)
    members = [
        {"person_id": head, "relationship": "head"},
        {"person_id": child, "relationship": "child"},
    ]
    response = client.post("/v1/households", json={"members": members})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"location": "body.members.1.guardian_id", "message": "a minor needs a guardian"}
    ]


def test_a_minor_cannot_be_a_guardian(client: TestClient) -> None:
    head, _, child = family(client)
    sibling = new_person(client, child_body(given_name="Mila"))
    members = [
        {"person_id": head, "relationship": "head"},
        {"person_id": child, "relationship": "child", "guardian_id": sibling},
    ]
    response = client.post("/v1/households", json={"members": members})
    assert response.status_code == 422
    assert "adult" in response.json()["errors"][0]["message"]


def test_unknown_members_and_duplicates_are_refused(client: TestClient) -> None:
    head = new_person(client, person_body())
    unknown = "0190f5e4-0000-7000-8000-000000000000"
    response = client.post(
        "/v1/households",
        json={
            "members": [
                {"person_id": head, "relationship": "head"},
                {"person_id": unknown, "relationship": "sibling"},
            ]
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.members.1.person_id"
    twice = [
        {"person_id": head, "relationship": "head"},
        {"person_id": head, "relationship": "other"},
    ]
    assert client.post("/v1/households", json={"members": twice}).status_code == 422


def test_a_person_belongs_to_one_household(client: TestClient) -> None:
    head = new_person(client, person_body())
    members = [{"person_id": head, "relationship": "head"}]
    assert client.post("/v1/households", json={"members": members}).status_code == 201
    assert client.post("/v1/households", json={"members": members}).status_code == 409


def test_members_are_replaced_with_if_match(client: TestClient) -> None:
    head, partner, child = family(client)
    created = client.post(
        "/v1/households", json={"members": [{"person_id": head, "relationship": "head"}]}
    ).json()
    members = [
        {"person_id": head, "relationship": "head", "guardian_id": None},
        {"person_id": child, "relationship": "child", "guardian_id": head},
    ]
    changed = client.patch(
        f"/v1/households/{created['id']}",
        json={"members": members, "no_fixed_address": True},
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["members"] == members
    assert changed.json()["no_fixed_address"] is True
    stale = client.patch(
        f"/v1/households/{created['id']}", json={"address": "Nova 1"}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert partner not in [
        m["person_id"] for m in client.get(f"/v1/households/{created['id']}").json()["members"]
    ]


def test_households_are_listed_by_municipality(client: TestClient) -> None:
    head = new_person(client, person_body())
    created = client.post(
        "/v1/households",
        json={
            "municipality": "surdulica",
            "members": [{"person_id": head, "relationship": "head"}],
        },
    ).json()
    listed = client.get("/v1/households", params={"municipality": "surdulica"}).json()
    assert [item["id"] for item in listed["items"]] == [created["id"]]


def test_minority_is_certain_only_when_even_the_earliest_birth_date_is_under_18() -> None:
    today = dt.date(2026, 6, 1)
    assert is_certainly_minor("2010-01-01", today=today)
    assert not is_certainly_minor("2008-05-31", today=today)
    assert is_certainly_minor("2009", today=today)
    assert not is_certainly_minor("2008", today=today)
    assert not is_certainly_minor(None, today=today)
