"""Persons through the API: validation at the edge, JMBG rules, concurrency, search."""

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from tests.factories import new_jmbg, person_body

PROBLEM = "application/problem+json"


def create(client: TestClient, **overrides: object) -> dict[str, object]:
    response = client.post("/v1/persons", json=person_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_create_stores_the_name_as_given_and_in_latin(client: TestClient) -> None:
    response = client.post(
        "/v1/persons", json=person_body(given_name="Љубиша", family_name="Ђорђевић")
    )
    assert response.status_code == 201
    person = response.json()
    assert (person["given_name"], person["family_name"]) == ("Љубиша", "Ђорђевић")
    assert (person["given_name_latin"], person["family_name_latin"]) == ("Ljubiša", "Đorđević")
    assert response.headers["location"] == f"/v1/persons/{person['id']}"
    assert response.headers["etag"] == '"1"'


def test_birth_date_and_sex_are_filled_from_the_jmbg(client: TestClient) -> None:
    body = person_body(jmbg="0101990710040")
    del body["birth_date"], body["sex"]
    person = client.post("/v1/persons", json=body).json()
    assert (person["birth_date"], person["sex"]) == ("1990-01-01", "male")


@pytest.mark.parametrize(
    ("jmbg", "needle"),
    [
        ("0101990710041", "check digit"),
        ("3102990710048", "date"),
        ("01019907100", "pattern"),
        ("abcdefghijklm", "pattern"),
    ],
)
def test_a_bad_jmbg_is_a_problem_naming_the_field(
    client: TestClient, jmbg: str, needle: str
) -> None:
    response = client.post("/v1/persons", json=person_body(jmbg=jmbg))
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["type"].endswith("/invalid-request")
    assert [error["location"] for error in problem["errors"]] == ["body.jmbg"]
    assert needle in problem["errors"][0]["message"].lower()


def test_a_jmbg_that_disagrees_with_birth_date_or_sex_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v1/persons", json=person_body(jmbg="0101990710040", birth_date="1991-01-01", sex="female")
    )
    assert response.status_code == 422
    messages = " ".join(error["message"] for error in response.json()["errors"])
    assert "1990-01-01" in messages
    assert "male" in messages


def test_a_partial_birth_date_must_agree_with_the_jmbg(client: TestClient) -> None:
    assert (
        client.post(
            "/v1/persons", json=person_body(jmbg="0101990710040", birth_date="1990")
        ).status_code
        == 201
    )
    other = person_body(jmbg=new_jmbg(dt.date(1990, 1, 1)), birth_date="1991")
    assert client.post("/v1/persons", json=other).status_code == 422


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("municipality", "atlantis"),
        ("citizenship", ["XX"]),
        ("languages", ["klingon"]),
        ("sex", "unknown"),
        ("birth_date", "1990-02-30"),
        ("birth_date", "2999"),
        ("given_name", "R2D2"),
        ("given_name", ""),
        ("documents", [{"type": "spaceship_licence", "status": "held"}]),
    ],
)
def test_unknown_codes_and_bad_values_are_refused(
    client: TestClient, field: str, value: object
) -> None:
    response = client.post("/v1/persons", json=person_body(**{field: value}))
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"].startswith(f"body.{field}")


def test_unknown_fields_are_refused(client: TestClient) -> None:
    response = client.post("/v1/persons", json=person_body(nickname="Mare"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.nickname"


def test_a_body_that_is_not_json_is_a_400_problem(client: TestClient) -> None:
    response = client.post(
        "/v1/persons", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM


def test_the_same_jmbg_twice_is_a_conflict(client: TestClient) -> None:
    body = person_body()
    assert client.post("/v1/persons", json=body).status_code == 201
    response = client.post("/v1/persons", json=body | {"given_name": "Petar"})
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM


def test_an_agency_id_belongs_to_one_person(client: TestClient) -> None:
    ids = [{"agency": "kirs", "local_id": "KIRS-2025-000001"}]
    create(client, agency_ids=ids)
    response = client.post("/v1/persons", json=person_body(agency_ids=ids))
    assert response.status_code == 409


def test_read_returns_the_person_with_its_etag(client: TestClient) -> None:
    person = create(client, agency_ids=[{"agency": "nes", "local_id": "NSZ-000000001"}])
    response = client.get(f"/v1/persons/{person['id']}")
    assert response.status_code == 200
    assert response.json() == person
    assert response.headers["etag"] == '"1"'


def test_reading_an_unknown_person_is_404(client: TestClient) -> None:
    response = client.get("/v1/persons/0190f5e4-0000-7000-8000-000000000000")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_update_with_the_current_etag_changes_the_person(client: TestClient) -> None:
    person = create(client)
    response = client.patch(
        f"/v1/persons/{person['id']}",
        json={"municipality": "novi-sad"},
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 200
    assert response.json()["municipality"] == "novi-sad"
    assert response.json()["version"] == 2
    assert response.headers["etag"] == '"2"'
    assert client.get(f"/v1/persons/{person['id']}").json()["municipality"] == "novi-sad"


def test_a_stale_write_is_412_and_changes_nothing(client: TestClient) -> None:
    person = create(client)
    first = client.patch(
        f"/v1/persons/{person['id']}", json={"idp": True}, headers={"If-Match": '"1"'}
    )
    assert first.status_code == 200
    stale = client.patch(
        f"/v1/persons/{person['id']}",
        json={"municipality": "novi-sad"},
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == PROBLEM
    assert stale.headers["etag"] == '"2"'
    assert client.get(f"/v1/persons/{person['id']}").json()["municipality"] == "vranje"


def test_a_write_without_if_match_is_428(client: TestClient) -> None:
    person = create(client)
    response = client.patch(f"/v1/persons/{person['id']}", json={"idp": True})
    assert response.status_code == 428


def test_update_cannot_clear_a_required_name(client: TestClient) -> None:
    person = create(client)
    response = client.patch(
        f"/v1/persons/{person['id']}", json={"given_name": None}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.given_name"


def test_update_checks_the_jmbg_against_the_stored_birth_date(client: TestClient) -> None:
    person = create(client)
    other_jmbg = new_jmbg(dt.date(1970, 6, 1))
    response = client.patch(
        f"/v1/persons/{person['id']}", json={"jmbg": other_jmbg}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 422


def test_search_finds_a_name_in_either_script_and_in_ascii(client: TestClient) -> None:
    person = create(client, given_name="Ђорђе", family_name="Живковић", municipality="leskovac")
    create(client, given_name="Petar", family_name="Petrović", municipality="leskovac")
    for query in ("Живковић", "Živković", "Zivkovic", "djordje zivkovic", "Dorde"):
        found = client.get("/v1/persons", params={"name": query, "municipality": "leskovac"}).json()
        assert [item["id"] for item in found["items"]] == [person["id"]], query


def test_search_by_jmbg_and_by_birth_year(client: TestClient) -> None:
    person = create(client, birth_date="1984-03-17")
    by_jmbg = client.get("/v1/persons", params={"jmbg": person["jmbg"]}).json()["items"]
    assert [item["id"] for item in by_jmbg] == [person["id"]]
    by_year = client.get("/v1/persons", params={"birth_date": "1984", "name": "Ђорђевић"}).json()
    assert person["id"] in [item["id"] for item in by_year["items"]]
    assert (
        client.get("/v1/persons", params={"birth_date": "1985", "name": "Ђорђевић"}).json()["items"]
        == []
    )


def test_pages_follow_the_cursor_without_gaps_or_repeats(client: TestClient) -> None:
    created = [create(client, municipality="bor")["id"] for _ in range(7)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"municipality": "bor", "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/persons", params=params).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == created


@pytest.mark.parametrize(
    "params", [{"limit": 201}, {"limit": 0}, {"cursor": "bm90LW91cnM"}, {"jmbg": "123"}]
)
def test_bad_page_and_search_parameters_are_422(
    client: TestClient, params: dict[str, object]
) -> None:
    response = client.get("/v1/persons", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
