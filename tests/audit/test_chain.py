"""Writing the chain: entries commit with their transaction, link without gaps, carry context."""

import pytest
from sqlalchemy import Connection
from sqlmodel import Session

from gateway.audit.canonical import entry_hash
from gateway.audit.context import RequestAudit, operation
from gateway.audit.entries import AuditEvent, draft
from gateway.audit.hook import record
from gateway.audit.models import GENESIS_HASH
from tests.audit.helpers import entries, head_sequence, write_entries


def test_entries_are_numbered_without_gaps_and_each_links_to_the_previous(
    connection: Connection,
) -> None:
    before = head_sequence(connection)
    write_entries(connection, 3)
    write_entries(connection, 2)
    rows = entries(connection)
    assert [row["sequence"] for row in rows] == list(range(1, before + 6))
    previous = GENESIS_HASH
    for row in rows:
        assert row["previous_hash"] == previous
        assert entry_hash(row) == row["entry_hash"]
        previous = row["entry_hash"]
    times = [row["recorded_at"] for row in rows]
    assert times == sorted(times)


def test_a_rolled_back_transaction_leaves_no_entry(connection: Connection) -> None:
    before = head_sequence(connection)
    with Session(connection) as session:
        record(session, AuditEvent(action="person.read", decision="permit"))
        session.rollback()
        session.commit()
    assert head_sequence(connection) == before


def test_an_entry_made_in_a_rolled_back_savepoint_is_dropped_with_it(
    connection: Connection,
) -> None:
    with Session(connection) as session:
        record(session, AuditEvent(action="kept.before", decision="permit"))
        savepoint = session.begin_nested()
        record(session, AuditEvent(action="dropped", decision="permit"))
        savepoint.rollback()
        with session.begin_nested():
            record(session, AuditEvent(action="kept.after", decision="permit"))
        session.commit()
    actions = [row["action"] for row in entries(connection)]
    assert actions[-2:] == ["kept.before", "kept.after"]
    assert "dropped" not in actions


def test_outside_a_request_entries_still_get_an_id_and_a_trace(connection: Connection) -> None:
    with operation() as context, Session(connection) as session:
        record(session, AuditEvent(action="audit.verified", decision="permit"))
        session.commit()
    (row,) = entries(connection, action="audit.verified")
    assert row["request_id"] == context.request_id
    assert row["trace_id"] == context.trace_id
    assert row["actor_client"] is None


def test_known_detail_keys_become_columns_and_raw_paths_become_route_templates() -> None:
    class Route:
        path = "/v1/persons/{person_id}"
        status_code = None

    person = "01a209f2-bad3-730a-a09a-a44089b9c0c5"
    request = RequestAudit(
        "r1",
        "t1",
        case_reference="Predmet 7",
        scope={"route": Route(), "path_params": {"person_id": person}, "method": "GET"},
    )
    event = AuditEvent(
        action="person.read",
        decision="permit",
        detail={
            "categories_returned": ["identity", "contact", "identity"],
            "categories_withheld": ["health"],
            "basis": {"identity": "consent:c1"},
            "emergency": True,
            "outcome": "done",
            "path": "/v1/persons/Djordjevic",
        },
    )
    fields = draft(event, request).fields
    assert fields["categories_returned"] == ["contact", "identity"]
    assert fields["categories_withheld"] == ["health"]
    assert fields["basis"] == {"identity": "consent:c1"}
    assert fields["emergency"] is True
    assert fields["outcome"] == "done"
    assert fields["detail"] == {"path": "/v1/persons/{person_id}"}
    assert (fields["subject_kind"], fields["subject"]) == ("person", person)
    assert fields["http_status"] == 200
    assert fields["case_reference"] == "Predmet 7"


def test_a_decision_is_permit_or_deny() -> None:
    with pytest.raises(ValueError, match="decision"):
        draft(AuditEvent(action="person.read", decision="maybe"), None)
