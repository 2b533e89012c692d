"""Building blocks of the referral and delivery tests: a person, a consent, a referral."""

from collections.abc import Iterable
from typing import Any, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlmodel import Session, SQLModel, col, select

from gateway.audit.models import AuditEntry
from tests.audit.helpers import seal_pending
from tests.consent.conftest import consent_body
from tests.factories import person_body

RECEIVER_CATEGORIES = ("identity", "needs")
Row = TypeVar("Row", bound=SQLModel)


def register_person(client: TestClient, **overrides: Any) -> str:
    """A person registered by the client's agency (KIRS for ``client``)."""
    response = client.post("/v1/persons", json=person_body(**overrides))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def grant(
    client: TestClient,
    person_id: str,
    agency: str,
    categories: Iterable[str] = RECEIVER_CATEGORIES,
    purposes: Iterable[str] = ("referral_handling",),
) -> str:
    """A consent letting ``agency`` receive referrals about the person; its id."""
    body = consent_body(
        person_id=person_id,
        grantees=[agency],
        purposes=list(purposes),
        categories=list(categories),
    )
    response = client.post("/v1/consents", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def revoke(client: TestClient, consent_id: str) -> None:
    response = client.post(f"/v1/consents/{consent_id}/revoke", json={"reason": "withdrawn"})
    assert response.status_code == 200, response.text


def referral_body(person_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person_id": person_id,
        "service": "employment_counselling",
        "needs": ["employment"],
        "priority": "high",
    }
    return body | overrides


def create_referral(
    client: TestClient, person_id: str, headers: dict[str, str] | None = None, **overrides: Any
) -> dict[str, Any]:
    """A referral made through the API (201 expected)."""
    response = client.post(
        "/v1/referrals", json=referral_body(person_id, **overrides), headers=headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def consented_referral(client: TestClient, to: str = "nes", **overrides: Any) -> dict[str, Any]:
    """A KIRS referral (to NES unless told) about a new person who consented to it."""
    person = register_person(client)
    grant(client, person, to)
    return create_referral(client, person, **overrides)


def rows(connection: Connection, model: type[Row], *where: Any) -> list[Row]:
    """The rows of a table as models, read on the test's connection (the audit trail sealed
    first, as its readers do)."""
    if model is AuditEntry:
        seal_pending(connection)
    with Session(connection) as session:
        return list(session.exec(select(model).where(*where)).all())


def audit_actions(connection: Connection) -> list[str]:
    """The actions of the audit trail, in order."""
    seal_pending(connection)
    query = select(AuditEntry.action).order_by(col(AuditEntry.sequence))
    with Session(connection) as session:
        return list(session.exec(query).all())
