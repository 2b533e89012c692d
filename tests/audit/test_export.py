"""Exports stream the trail as CSV or JSON Lines in batches; each line can be re-verified."""

import csv
import hashlib
import io
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.audit import export
from gateway.audit.canonical import canonical_json
from tests.audit.helpers import committed_entries, entries, write_entries

SUBJECT = "01a209f2-bad3-730a-a09a-a44089b9c0c5"


def test_json_lines_are_the_entries_in_canonical_form(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 4, subject=SUBJECT)
    response = client.get(
        "/v1/audit/export", params={"subject": SUBJECT, "format": "ndjson"}, headers=auditor
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.content.splitlines()
    assert len(lines) == 4
    for line in lines:
        entry = json.loads(line)
        stored = entry.pop("entry_hash")
        assert hashlib.sha256(canonical_json(entry)).hexdigest() == stored


def test_csv_has_a_header_and_defuses_formulas(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    client.post(
        "/v1/persons",
        json={"given_name": "Ana", "family_name": "Petrović"},
        headers={"Gateway-Case-Reference": "=HYPERLINK(1)"},
    )
    response = client.get(
        "/v1/audit/export", params={"format": "csv", "action": "person.created"}, headers=auditor
    )
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[-1]["case_reference"] == "'=HYPERLINK(1)"
    assert rows[-1]["action"] == "person.created"
    assert json.loads(rows[-1]["categories_returned"])


def test_the_export_is_recorded_before_it_streams_and_is_read_in_batches(
    client: TestClient,
    connection: Connection,
    auditor: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export, "BATCH_SIZE", 2)
    write_entries(connection, 7, subject=SUBJECT)
    with client.stream(
        "GET", "/v1/audit/export", params={"subject": SUBJECT}, headers=auditor
    ) as response:
        (recorded,) = committed_entries(connection, response.headers["request-id"])
        chunks = list(response.iter_bytes())
    assert (recorded["action"], recorded["subject"]) == ("audit.export", SUBJECT)
    assert recorded["detail"]["format"] == "ndjson"
    lines = b"".join(chunks).splitlines()
    assert len(lines) == 7
    assert len(chunks) >= 4


def test_the_export_stops_at_the_head_it_started_at(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 2)
    response = client.get("/v1/audit/export", headers=auditor)
    (recorded,) = entries(connection, request_id=response.headers["request-id"])
    sequences = [json.loads(line)["sequence"] for line in response.content.splitlines()]
    assert sequences[-1] == recorded["detail"]["to_sequence"] == recorded["sequence"] - 1
