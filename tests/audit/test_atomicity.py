"""An action whose audit entry cannot be written fails with 503 and leaves nothing behind."""

from collections.abc import Sequence

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlalchemy.exc import OperationalError

from gateway.audit import chain
from gateway.audit.entries import Draft
from gateway.registry.models import Person
from tests.audit.helpers import entries, entries_of
from tests.factories import person_body


@pytest.fixture
def failing_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The trail refuses entries of registrations (as if its disk were full)."""
    stage = chain.stage

    def refuse(connection: Connection, drafts: Sequence[Draft]) -> None:
        if any(draft.fields["action"] == "person.created" for draft in drafts):
            raise OperationalError("INSERT INTO audit_pending", {}, Exception("disk full"))
        stage(connection, drafts)

    monkeypatch.setattr(chain, "stage", refuse)


def test_a_registration_whose_entry_cannot_be_written_is_503_and_not_made(
    client: TestClient, connection: Connection, failing_audit: None
) -> None:
    body = person_body()
    response = client.post("/v1/persons", json=body)
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "audit trail cannot be written" in response.json()["detail"]
    assert response.headers["retry-after"]
    query = select(Person).where(Person.jmbg == body["jmbg"])  # type: ignore[arg-type]
    assert connection.execute(query).first() is None
    assert entries(connection, action="person.created") == []
    assert entries_of(connection, response.headers["request-id"]) == [
        ("request.refused", "deny", 503)
    ]


def test_other_actions_still_go_through(
    client: TestClient, connection: Connection, failing_audit: None
) -> None:
    response = client.get("/v1/code-lists")
    assert response.status_code == 200
    assert entries_of(connection, response.headers["request-id"]) == []
