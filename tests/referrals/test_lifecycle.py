"""The lifecycle table: every allowed and every refused change, by every party.

The pure check is tried for each (from, to, party); the API for each (from, to) as the sender
and as the receiving agency: 200 for a change the table gives that party, 403 for a change it
gives another party, 409 for a change it does not list.
"""

import itertools
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, update
from sqlmodel import col

from gateway.errors import InvalidRequest
from gateway.referrals import lifecycle
from gateway.referrals.lifecycle import STATUSES, TRANSITIONS, IllegalTransition, NotYourTransition
from gateway.referrals.models import Referral
from tests.conftest import Headers
from tests.referrals.helpers import consented_referral

ROLES = ("gateway", "sender", "target")
EVERY_CHANGE = list(itertools.product(STATUSES, STATUSES))
CLOSING = {"reason": "the family moved to Niš", "service_delivered": True}


def test_the_table_is_the_issues_lifecycle() -> None:
    assert set(TRANSITIONS) == {
        ("submitted", "delivered"),
        ("submitted", "cancelled"),
        ("delivered", "accepted"),
        ("delivered", "rejected"),
        ("delivered", "cancelled"),
        ("accepted", "in_progress"),
        ("accepted", "completed"),
        ("accepted", "rejected"),
        ("accepted", "cancelled"),
        ("in_progress", "completed"),
    }
    assert TRANSITIONS[("submitted", "delivered")] == "gateway"
    assert {role for (_, to), role in TRANSITIONS.items() if to == "cancelled"} == {"sender"}
    assert all(source not in lifecycle.FINAL for source, _ in TRANSITIONS)


@pytest.mark.parametrize(("current", "target"), EVERY_CHANGE)
def test_the_pure_check_for_every_change_and_party(current: str, target: str) -> None:
    for role in ROLES:
        owner = TRANSITIONS.get((current, target))
        if owner is None:
            with pytest.raises(IllegalTransition):
                lifecycle.check(current, target, role)  # type: ignore[arg-type]
        elif owner != role:
            with pytest.raises(NotYourTransition):
                lifecycle.check(current, target, role)  # type: ignore[arg-type]
        else:
            lifecycle.check(current, target, role)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("target", "delivered", "reason"),
    [
        ("completed", None, "x" * 5),
        ("completed", False, None),
        ("rejected", None, None),
        ("cancelled", None, None),
    ],
)
def test_closing_records_the_outcome(
    target: str, delivered: bool | None, reason: str | None
) -> None:
    with pytest.raises(InvalidRequest):
        lifecycle.check_outcome(target, service_delivered=delivered, reason=reason)


@pytest.fixture
def referral(client: TestClient) -> str:
    return str(consented_referral(client)["id"])


@pytest.fixture
def parties(client: TestClient, agency: Callable[..., Headers]) -> dict[str, Headers]:
    nes = agency("nes", "referral_handling", ("referrals:read", "referrals:write"))
    return {"sender": {}, "target": nes}


def _set_status(connection: Connection, referral_id: str, status: str) -> None:
    connection.execute(
        update(Referral).where(col(Referral.id) == uuid.UUID(referral_id)).values(status=status)
    )


def _expected(current: str, target: str, role: str) -> int:
    owner = TRANSITIONS.get((current, target))
    if owner is None:
        return 409
    return 200 if owner == role else 403


@pytest.mark.parametrize("current", STATUSES)
def test_the_api_allows_and_refuses_every_change(
    client: TestClient,
    connection: Connection,
    referral: str,
    parties: dict[str, Headers],
    current: str,
) -> None:
    for target, (role, headers) in itertools.product(STATUSES, parties.items()):
        _set_status(connection, referral, current)
        response = client.post(
            f"/v1/referrals/{referral}/transitions",
            json={"status": target, **CLOSING},
            headers=headers,
        )
        expected = _expected(current, target, role)
        assert response.status_code == expected, (current, target, role, response.text)
        if expected == 200:
            assert response.json()["status"] == target
            assert response.json()["history"][-1]["actor_agency"] == (
                "nes" if role == "target" else "kirs"
            )
        else:
            assert response.headers["content-type"] == "application/problem+json"


def test_a_change_is_recorded_with_who_when_and_the_outcome(
    client: TestClient, referral: str, parties: dict[str, Headers], connection: Connection
) -> None:
    nes = parties["target"]
    path = f"/v1/referrals/{referral}/transitions"
    _set_status(connection, referral, "delivered")
    accepted = client.post(
        path, json={"status": "accepted", "agency_reference": "UP-2026-000042"}, headers=nes
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["agency_reference"] == "UP-2026-000042"
    incomplete = client.post(path, json={"status": "completed"}, headers=nes)
    assert incomplete.status_code == 422
    stale = client.post(path, json={"status": "in_progress"}, headers=nes | {"If-Match": '"1"'})
    assert stale.status_code == 412
    closed = client.post(
        path,
        json={"status": "completed", "service_delivered": False, "reason": "did not attend"},
        headers=nes,
    ).json()
    assert closed["status"] == "completed"
    assert closed["outcome"] == {"service_delivered": False, "reason": "did not attend"}
    last = closed["history"][-1]
    assert (last["from_status"], last["status"], last["source"]) == ("accepted", "completed", "api")
    assert last["actor_agency"] == "nes"


def test_an_agency_that_is_no_party_cannot_change_it(
    client: TestClient, referral: str, agency: Callable[..., Headers]
) -> None:
    csw = agency("csw", "referral_handling", ("referrals:read", "referrals:write"))
    response = client.post(
        f"/v1/referrals/{referral}/transitions",
        json={"status": "cancelled", "reason": "not ours"},
        headers=csw,
    )
    assert response.status_code == 404
