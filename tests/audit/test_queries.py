"""Auditors query the trail by subject, actor, agency, purpose, action, decision and time, page
by page; every query is itself on the record."""

import base64
import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from tests.audit.helpers import entries, write_entries

SUBJECT = "01a209f2-bad3-730a-a09a-a44089b9c0c5"


def _items(client: TestClient, auditor: dict[str, str], **params: object) -> list[Any]:
    response = client.get("/v1/audit/events", params=params, headers=auditor)
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


def test_entries_are_filtered_by_subject_actor_agency_purpose_action_and_decision(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(
        connection,
        2,
        subject=SUBJECT,
        actor_client="nes-1",
        actor_agency="nes",
        purpose="employment_services",
    )
    write_entries(connection, 3, subject=SUBJECT, decision="deny", action="person.read")
    write_entries(connection, 4, subject="someone-else")
    assert len(_items(client, auditor, subject=SUBJECT)) == 5
    assert len(_items(client, auditor, subject=SUBJECT, decision="deny")) == 3
    assert len(_items(client, auditor, actor="nes-1")) == 2
    assert len(_items(client, auditor, agency="nes", purpose="employment_services")) == 2
    assert {item["action"] for item in _items(client, auditor, action="person.read")} == {
        "person.read"
    }


def test_a_time_range_narrows_the_entries(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 3, subject=SUBJECT)
    recorded = entries(connection, subject=SUBJECT)[-1]["recorded_at"]
    later = recorded + dt.timedelta(seconds=1)
    assert len(_items(client, auditor, subject=SUBJECT, until=later.isoformat())) == 3
    assert _items(client, auditor, subject=SUBJECT, since=later.isoformat()) == []
    earlier = recorded - dt.timedelta(days=1)
    assert _items(client, auditor, subject=SUBJECT, until=earlier.isoformat()) == []


def test_pages_follow_the_cursor_newest_first_or_oldest_first(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 7, subject=SUBJECT)
    for order, direction in (("newest", -1), ("oldest", 1)):
        seen: list[int] = []
        cursor = None
        while True:
            params = {"subject": SUBJECT, "action": "person.read", "limit": 3, "order": order}
            response = client.get(
                "/v1/audit/events",
                params=params | ({"cursor": cursor} if cursor else {}),
                headers=auditor,
            )
            page = response.json()
            seen += [item["sequence"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == 7
        assert seen == sorted(seen, reverse=direction < 0)


def test_bad_filters_are_422(client: TestClient, auditor: dict[str, str]) -> None:
    now = dt.datetime.now(dt.UTC)
    bad = [
        {"agency": "nowhere"},
        {"purpose": "curiosity"},
        {"decision": "maybe"},
        {"since": "2026-01-01T00:00:00"},
        {"since": now.isoformat(), "until": (now - dt.timedelta(hours=1)).isoformat()},
        {"cursor": "not-ours"},
        {"cursor": base64.urlsafe_b64encode(b"a1:desc:99999999999999999999").decode()},
    ]
    for params in bad:
        response = client.get("/v1/audit/events", params=params, headers=auditor)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


def test_a_cursor_of_the_other_order_is_refused(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 3, subject=SUBJECT)
    page = client.get(
        "/v1/audit/events", params={"subject": SUBJECT, "limit": 1}, headers=auditor
    ).json()
    response = client.get(
        "/v1/audit/events",
        params={"cursor": page["next_cursor"], "order": "oldest"},
        headers=auditor,
    )
    assert response.status_code == 422


def test_auditors_own_queries_appear_in_the_log(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    response = client.get(
        "/v1/audit/events", params={"subject": SUBJECT, "decision": "deny"}, headers=auditor
    )
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert (entry["action"], entry["actor_agency"], entry["purpose"]) == (
        "audit.query",
        "poverenik",
        "audit",
    )
    assert entry["subject"] == SUBJECT
    assert entry["detail"] == {"subjects": [SUBJECT], "decision": "deny", "returned": 0}
    seen = _items(client, auditor, action="audit.query", agency="poverenik")
    assert response.headers["request-id"] in {item["request_id"] for item in seen}


def test_only_auditors_query_the_trail(client: TestClient) -> None:
    response = client.get("/v1/audit/events", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
