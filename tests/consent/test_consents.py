"""Consents end to end with real tokens: who sees what, revocation, expiry, minors, bases."""

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event, text

from tests.conftest import Headers
from tests.consent.conftest import Family, consent_body

NES_READ = ("returnees:read",)


def record(client: TestClient, **changes: object) -> dict[str, object]:
    response = client.post("/v1/consents", json=consent_body(**changes))
    assert response.status_code == 201, response.text
    return response.json()


def test_nes_with_an_employment_consent_sees_identity_and_nothing_else(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    record(client, person_id=family.head)
    nes = agency("nes", "employment_services", NES_READ)
    person = client.get(f"/v1/persons/{family.head}", headers=nes)
    assert person.status_code == 200
    body = person.json()
    assert body["family_name"] == "Ђорђевић"
    assert body["contact"] is None
    assert body["documents"] is None
    assert body["municipality"] is None
    withheld = {item["category"]: item["reason"] for item in body["withheld"]}
    assert set(withheld) == {"contact", "documents"}
    assert "nes" in withheld["contact"]


def test_the_same_agency_for_another_purpose_sees_nothing(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    record(client, person_id=family.head)
    nes = agency("nes", "social_protection", NES_READ)
    response = client.get(f"/v1/persons/{family.head}", headers=nes)
    assert response.status_code == 404
    assert "Ђорђевић" not in response.text


def test_revocation_denies_the_very_next_call(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    consent = record(client, person_id=family.head)
    nes = agency("nes", "employment_services", NES_READ)
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 200
    revoked = client.post(
        f"/v1/consents/{consent['id']}/revoke",
        json={"reason": "The returnee withdrew it at the CSW office."},
    )
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 404
    assert (
        client.post(
            f"/v1/consents/{consent['id']}/revoke", json={"reason": "again and again"}
        ).status_code
        == 409
    )


def test_an_expired_consent_stops_working_by_itself(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    now = dt.datetime.now(dt.UTC)
    consent = record(
        client,
        person_id=family.head,
        valid_from=(now - dt.timedelta(days=30)).isoformat(),
        valid_until=(now - dt.timedelta(days=1)).isoformat(),
    )
    assert consent["status"] == "expired"
    nes = agency("nes", "employment_services", NES_READ)
    response = client.get(f"/v1/persons/{family.head}", headers=nes)
    assert response.status_code == 404


def test_a_household_consent_from_the_guardian_covers_the_child(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    record(client, household_id=family.household, given_by_person_id=family.partner)
    nes = agency("nes", "employment_services", NES_READ)
    assert client.get(f"/v1/persons/{family.child}", headers=nes).status_code == 200
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 200


def test_a_household_consent_from_someone_else_does_not_cover_the_child(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    record(client, household_id=family.household, given_by_person_id=family.head)
    nes = agency("nes", "employment_services", NES_READ)
    assert client.get(f"/v1/persons/{family.child}", headers=nes).status_code == 404
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 200


def test_a_child_cannot_consent_alone(client: TestClient, family: Family) -> None:
    alone = client.post("/v1/consents", json=consent_body(person_id=family.child))
    assert alone.status_code == 422
    assert "cannot consent alone" in alone.json()["detail"]
    by_other = client.post(
        "/v1/consents", json=consent_body(person_id=family.child, given_by_person_id=family.head)
    )
    assert by_other.status_code == 422
    by_guardian = client.post(
        "/v1/consents", json=consent_body(person_id=family.child, given_by_person_id=family.partner)
    )
    assert by_guardian.status_code == 201


def test_only_the_csw_consents_as_guardian_authority(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    body = consent_body(person_id=family.child, given_by_authority="csw")
    kirs = agency("kirs", "reintegration_planning", ("consents:write",))
    assert client.post("/v1/consents", json=body, headers=kirs).status_code == 403
    csw = agency("csw", "social_protection", ("consents:write", "consents:read"))
    assert client.post("/v1/consents", json=body, headers=csw).status_code == 201


def test_a_legal_basis_permits_only_its_categories(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    basis = client.post(
        "/v1/admin/legal-bases",
        json={
            "agency": "csw",
            "purpose": "social_protection",
            "categories": ["identity", "household"],
            "citation": "Law on Social Protection, art. 41",
        },
    )
    assert basis.status_code == 201
    csw = agency("csw", "social_protection", NES_READ)
    person = client.get(f"/v1/persons/{family.head}", headers=csw).json()
    assert person["given_name"] == "Марко"
    assert {item["category"] for item in person["withheld"]} == {"contact", "documents"}
    household = client.get(f"/v1/households/{family.household}", headers=csw).json()
    assert household["members"] is not None
    assert household["municipality"] is None
    other_purpose = agency("csw", "reintegration_planning", NES_READ)
    assert client.get(f"/v1/persons/{family.head}", headers=other_purpose).status_code == 404


def test_search_hides_persons_without_a_basis(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    head = client.get(f"/v1/persons/{family.head}").json()
    nes = agency("nes", "employment_services", NES_READ)
    assert client.get("/v1/persons", params={"jmbg": head["jmbg"]}, headers=nes).json() == {
        "items": [],
        "next_cursor": None,
    }
    record(client, person_id=family.head)
    found = client.get("/v1/persons", params={"jmbg": head["jmbg"]}, headers=nes).json()["items"]
    assert [item["id"] for item in found] == [family.head]
    everyone = client.get("/v1/persons", params={"limit": 200}, headers=nes).json()["items"]
    assert [item["id"] for item in everyone] == [family.head]


def test_pages_stay_full_when_persons_are_hidden(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    from tests.factories import person_body

    ids = [
        client.post("/v1/persons", json=person_body(municipality="pirot")).json()["id"]
        for _ in range(9)
    ]
    for person_id in ids[::2]:
        record(client, person_id=person_id)
    nes = agency("nes", "employment_services", NES_READ)
    seen, cursor = [], None
    while True:
        params = {"municipality": "pirot", "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/persons", params=params, headers=nes).json()
        assert len(page["items"]) == 2 or page["next_cursor"] is None
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[::2]


def test_the_consent_store_unavailable_is_503_never_data(
    client: TestClient, agency: Callable[..., Headers], family: Family, connection: Connection
) -> None:
    record(client, person_id=family.head)
    nes = agency("nes", "employment_services", NES_READ)
    connection.execute(text("ALTER TABLE legal_basis RENAME TO legal_basis_unreadable"))
    response = client.get(f"/v1/persons/{family.head}", headers=nes)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "Ђорђевић" not in response.text


def test_changes_make_versions_and_the_history_keeps_them(
    client: TestClient, family: Family
) -> None:
    consent = record(client, person_id=family.head)
    path = f"/v1/consents/{consent['id']}"
    changed = client.patch(
        path,
        json={"categories": ["identity"]},
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    assert (
        client.patch(
            path, json={"purposes": ["reception"]}, headers={"If-Match": '"1"'}
        ).status_code
        == 412
    )
    client.post(f"{path}/revoke", json={"reason": "withdrawn by phone"})
    history = client.get(f"{path}/history").json()
    assert [(entry["version"], entry["change"]) for entry in history] == [
        (1, "created"),
        (2, "changed"),
        (3, "revoked"),
    ]
    assert history[0]["consent"]["categories"] == ["employment", "identity"]


def test_another_agency_cannot_read_a_consent_that_does_not_concern_it(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    consent = record(client, person_id=family.head)
    iom = agency("iom", "avrr_assistance", ("consents:read",))
    assert client.get(f"/v1/consents/{consent['id']}", headers=iom).status_code == 404
    nes = agency("nes", "employment_services", ("consents:read",))
    assert client.get(f"/v1/consents/{consent['id']}", headers=nes).status_code == 200


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("en", "How to revoke"),
        ("sr-Latn", "Kako da povučete pristanak"),
        ("sr-Cyrl", "Како да повучете пристанак"),
    ],
)
def test_the_receipt_is_a_printable_page_in_three_languages(
    client: TestClient, family: Family, lang: str, phrase: str
) -> None:
    consent = record(client, person_id=family.head)
    page = client.get(
        f"/v1/consents/{consent['id']}/receipt", params={"format": "html", "lang": lang}
    )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert phrase in page.text
    assert consent["id"] in page.text


def test_the_receipt_record_follows_iso_27560(client: TestClient, family: Family) -> None:
    consent = record(client, person_id=family.head, categories=["identity", "health"])
    receipt = client.get(f"/v1/consents/{consent['id']}/receipt").json()
    assert receipt["schema_version"].startswith("ISO/IEC TS 27560")
    assert receipt["pii_principal_id"] == family.head
    assert {item["category"]: item["special"] for item in receipt["pii_categories"]} == {
        "health": True,
        "identity": False,
    }
    assert receipt["purposes"][0]["lawful_basis"] == "consent"
    assert receipt["state"] == "active"


def test_bad_consents_are_refused(client: TestClient, family: Family) -> None:
    for changes in (
        {"person_id": family.head, "household_id": family.household},
        {"person_id": family.head, "categories": ["favourite_colour"]},
        {"person_id": family.head, "grantees": []},
        {"person_id": family.head, "valid_until": "2000-01-01T00:00:00Z"},
        {"person_id": "0190f5e4-0000-7000-8000-000000000000"},
        {"person_id": family.head, "mood": "happy"},
    ):
        assert client.post("/v1/consents", json=consent_body(**changes)).status_code == 422, changes


DECISION_TABLES = ("consent", "emergency_access", "legal_basis", "household_member")


def test_the_decision_about_a_read_is_one_statement(
    client: TestClient, agency: Callable[..., Headers], family: Family, connection: Connection
) -> None:
    record(client, household_id=family.household, given_by_person_id=family.partner)
    nes = agency("nes", "employment_services", NES_READ)
    statements: list[str] = []

    def seen(_c: object, _cursor: object, statement: str, *_rest: object) -> None:
        words = set(statement.lower().replace(",", " ").replace("\n", " ").split())
        if words & set(DECISION_TABLES):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", seen)
    try:
        person = client.get(f"/v1/persons/{family.child}", headers=nes)
    finally:
        event.remove(connection, "before_cursor_execute", seen)
    assert person.status_code == 200
    assert person.json()["given_name"]  # the guardian's household consent covered the child
    assert len(statements) == 1, statements
