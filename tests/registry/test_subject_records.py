"""Return events and needs assessments through the API."""

from fastapi.testclient import TestClient

from tests.factories import needs_body, person_body, return_event_body


def new_person(client: TestClient) -> str:
    return str(client.post("/v1/persons", json=person_body()).json()["id"])


def test_a_return_event_is_recorded_and_listed_for_its_person(client: TestClient) -> None:
    person = new_person(client)
    response = client.post("/v1/return-events", json=return_event_body(person_id=person))
    assert response.status_code == 201, response.text
    event = response.json()
    assert event["modality"] == "readmission"
    assert event["household_id"] is None
    listed = client.get("/v1/return-events", params={"person_id": person}).json()
    assert listed["items"] == [event]


def test_a_return_event_names_exactly_one_known_subject(client: TestClient) -> None:
    assert client.post("/v1/return-events", json=return_event_body()).status_code == 422
    unknown = client.post(
        "/v1/return-events",
        json=return_event_body(person_id="0190f5e4-0000-7000-8000-000000000000"),
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["location"] == "body.person_id"


def test_return_event_codes_are_checked(client: TestClient) -> None:
    person = new_person(client)
    for field, value in [
        ("modality", "teleported"),
        ("country_from", "RS"),
        ("country_from", "QQ"),
        ("entry_point", "moon"),
        ("return_date", "2999-01-01"),
        ("registering_agency", "fbi"),
    ]:
        response = client.post(
            "/v1/return-events", json=return_event_body(person_id=person, **{field: value})
        )
        assert response.status_code == 422, (field, value)


def test_a_return_event_is_updated_with_if_match_only(client: TestClient) -> None:
    event = client.post(
        "/v1/return-events", json=return_event_body(person_id=new_person(client))
    ).json()
    path = f"/v1/return-events/{event['id']}"
    assert client.patch(path, json={"modality": "avrr"}).status_code == 428
    changed = client.patch(path, json={"modality": "avrr"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    assert changed.json()["modality"] == "avrr"
    assert (
        client.patch(
            path, json={"modality": "spontaneous"}, headers={"If-Match": '"1"'}
        ).status_code
        == 412
    )
    assert (
        client.patch(
            path, json={"person_id": event["person_id"]}, headers={"If-Match": '"2"'}
        ).status_code
        == 422
    )


def test_needs_are_assessed_once_per_domain(client: TestClient) -> None:
    person = new_person(client)
    response = client.post("/v1/needs-assessments", json=needs_body(person_id=person))
    assert response.status_code == 201, response.text
    assert [need["status"] for need in response.json()["needs"]] == ["open", "open"]
    twice = needs_body(person_id=person, needs=[{"domain": "housing", "severity": "high"}] * 2)
    assert client.post("/v1/needs-assessments", json=twice).status_code == 422
    unknown = needs_body(person_id=person, needs=[{"domain": "astrology", "severity": "high"}])
    assert client.post("/v1/needs-assessments", json=unknown).status_code == 422


def test_a_needs_list_is_replaced_on_update(client: TestClient) -> None:
    assessment = client.post(
        "/v1/needs-assessments", json=needs_body(person_id=new_person(client))
    ).json()
    needs = [
        {
            "domain": "employment",
            "severity": "low",
            "status": "in_progress",
            "notes_category": "job_search",
        }
    ]
    changed = client.patch(
        f"/v1/needs-assessments/{assessment['id']}",
        json={"needs": needs},
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200
    assert changed.json()["needs"] == needs
    read = client.get(f"/v1/needs-assessments/{assessment['id']}")
    assert read.json()["needs"] == needs
    assert read.headers["etag"] == '"2"'
