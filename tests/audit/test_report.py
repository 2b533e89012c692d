"""The subject access report: every access to one person's data, as JSON or a printable page."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from tests.audit.helpers import entries, write_entries
from tests.factories import child_body


def test_the_report_lists_who_accessed_the_person_and_why(
    client: TestClient, connection: Connection, auditor: dict[str, str], person: str
) -> None:
    client.get(f"/v1/persons/{person}", headers={"Gateway-Case-Reference": "KIRS-2026-77"})
    write_entries(connection, 1, subject=str(uuid.uuid4()))
    report = client.get(f"/v1/audit/subjects/{person}/report", headers=auditor).json()
    assert report["person_id"] == person
    assert [access["action"] for access in report["accesses"]] == ["person.created", "person.read"]
    read = report["accesses"][1]
    assert read["agency"] == "kirs"
    assert read["agency_name"] == "Komesarijat za izbeglice i migracije Republike Srbije"
    assert read["purpose_label"] == "Planiranje reintegracije povratnika"
    assert read["case_reference"] == "KIRS-2026-77"
    assert "identity" in read["categories_returned"]
    assert read["basis"]


def test_accesses_to_the_persons_household_are_included(
    client: TestClient, auditor: dict[str, str], person: str
) -> None:
    child = client.post("/v1/persons", json=child_body()).json()["id"]
    members = [
        {"person_id": person, "relationship": "head"},
        {"person_id": child, "relationship": "child", "guardian_id": person},
    ]
    household = client.post("/v1/households", json={"members": members}).json()["id"]
    client.get(f"/v1/households/{household}")
    report = client.get(
        f"/v1/audit/subjects/{person}/report", params={"lang": "en"}, headers=auditor
    ).json()
    assert report["households"] == [household]
    about = {(access["action"], access["about"]) for access in report["accesses"]}
    assert ("household.read", "household") in about


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("sr-Latn", "Ko je pristupao vašim podacima o ličnosti"),
        ("sr-Cyrl", "Ко је приступао вашим подацима о личности"),
        ("en", "Who has accessed your personal data"),
    ],
)
def test_the_printable_page_speaks_the_returnees_language_and_escapes_everything(
    client: TestClient, auditor: dict[str, str], person: str, lang: str, title: str
) -> None:
    client.get(f"/v1/persons/{person}", headers={"Gateway-Case-Reference": "<script>x</script>"})
    response = client.get(
        f"/v1/audit/subjects/{person}/report",
        params={"format": "html", "lang": lang},
        headers=auditor,
    )
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert f'<html lang="{lang}">' in page
    assert title in page
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_making_the_report_is_recorded_against_the_person(
    client: TestClient, connection: Connection, auditor: dict[str, str], person: str
) -> None:
    first = client.get(f"/v1/audit/subjects/{person}/report", headers=auditor)
    (entry,) = entries(connection, request_id=first.headers["request-id"])
    assert (entry["action"], entry["subject"], entry["actor_agency"]) == (
        "audit.subject_report",
        person,
        "poverenik",
    )
    again = client.get(f"/v1/audit/subjects/{person}/report", headers=auditor).json()
    assert again["accesses"][-1]["action"] == "audit.subject_report"


def test_an_unknown_person_is_404(client: TestClient, auditor: dict[str, str]) -> None:
    response = client.get(f"/v1/audit/subjects/{uuid.uuid4()}/report", headers=auditor)
    assert response.status_code == 404
