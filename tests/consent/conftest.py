"""A family registered by KIRS, and a consent body, for the consent tests."""

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.factories import child_body, person_body


@dataclass
class Family:
    head: str
    partner: str
    child: str
    household: str


@pytest.fixture
def family(client: TestClient) -> Family:
    """A family registered by KIRS: head, partner (guardian of the child), and a child of 7."""
    head = client.post("/v1/persons", json=person_body()).json()["id"]
    partner = client.post(
        "/v1/persons", json=person_body(given_name="Jelena", sex="female", jmbg=None)
    ).json()["id"]
    child = client.post("/v1/persons", json=child_body()).json()["id"]
    members = [
        {"person_id": head, "relationship": "head"},
        {"person_id": partner, "relationship": "partner"},
        {"person_id": child, "relationship": "child", "guardian_id": partner},
    ]
    household = client.post("/v1/households", json={"members": members}).json()["id"]
    return Family(head, partner, child, household)


def consent_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "grantees": ["nes"],
        "purposes": ["employment_services"],
        "categories": ["identity", "employment"],
        "evidence": {
            "recorded_by": "Milica Petrović, KIRS caseworker",
            "channel": "signed_form",
            "document_reference": "KIRS-SAG-2026-114",
        },
        "notice_language": "sr-Latn",
    }
    return body | changes
