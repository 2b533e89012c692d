"""Signed checkpoints: made on demand, read by any agency, countersigned, checked offline."""

import json

from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import Connection, text

from gateway.audit.checkpoints import verify_export
from tests.audit.conftest import Witness
from tests.audit.helpers import entries, verified, write_entries


def _checkpoint(client: TestClient, auditor: dict[str, str]) -> dict[str, object]:
    response = client.post("/v1/audit/checkpoints", headers=auditor)
    assert response.status_code == 201, response.text
    made: dict[str, object] = response.json()
    return made


def test_a_checkpoint_signs_the_count_and_head_hash(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 3)
    made = _checkpoint(client, auditor)
    head = entries(connection)[-2]
    assert (made["entry_count"], made["head_hash"]) == (head["sequence"], head["entry_hash"])
    statement = json.loads(str(made["statement"]))
    assert statement["entry_count"] == head["sequence"]
    (recorded,) = entries(connection, action="audit.checkpoint_created")
    assert (recorded["subject_kind"], recorded["subject"]) == ("checkpoint", str(made["number"]))
    assert client.get(f"/v1/audit/checkpoints/{made['number']}").json() == made


def test_checkpoints_are_listed_oldest_first_page_by_page(
    client: TestClient, auditor: dict[str, str]
) -> None:
    numbers = [_checkpoint(client, auditor)["number"] for _ in range(3)]
    first = client.get("/v1/audit/checkpoints", params={"limit": 2}).json()
    rest = client.get(
        "/v1/audit/checkpoints", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert [item["number"] for item in first["items"] + rest["items"]] == numbers
    assert rest["next_cursor"] is None


def test_an_exported_checkpoint_verifies_offline_with_the_gateways_jwks(
    client: TestClient, auditor: dict[str, str]
) -> None:
    made = _checkpoint(client, auditor)
    document = client.get(f"/v1/audit/checkpoints/{made['number']}/export").json()
    jwks = client.get("/oauth/jwks").json()
    assert verify_export(document, jwks) == []
    forged = document | {"statement": document["statement"] | {"entry_count": 1}}
    assert verify_export(forged, jwks)
    other = {"keys": [ECKey.generate_key("P-256").as_dict(private=False) | {"kid": made["kid"]}]}
    assert verify_export(document, other)


def test_an_agency_countersigns_a_checkpoint_with_its_own_key(
    client: TestClient, connection: Connection, auditor: dict[str, str], witness: Witness
) -> None:
    made = _checkpoint(client, auditor)
    signature = witness.countersign(str(made["statement"]))
    response = client.post(
        f"/v1/audit/checkpoints/{made['number']}/witness",
        json={"signature": signature},
        headers=witness.headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["client_id"] == witness.client_id
    listed = client.get(f"/v1/audit/checkpoints/{made['number']}").json()
    assert [item["agency"] for item in listed["witnesses"]] == ["nes"]
    report = verified(connection)
    assert (report.valid, report.witnesses_checked, report.witness_problems) == (True, 1, [])
    document = client.get(f"/v1/audit/checkpoints/{made['number']}/export").json()
    keys = {witness.client_id: {"keys": [witness.key.as_dict(private=False)]}}
    assert verify_export(document, client.get("/oauth/jwks").json(), keys) == []
    again = client.post(
        f"/v1/audit/checkpoints/{made['number']}/witness",
        json={"signature": signature},
        headers=witness.headers,
    )
    assert again.status_code == 409


def test_a_countersignature_of_something_else_is_422(
    client: TestClient, auditor: dict[str, str], witness: Witness
) -> None:
    made = _checkpoint(client, auditor)
    response = client.post(
        f"/v1/audit/checkpoints/{made['number']}/witness",
        json={"signature": witness.countersign('{"entry_count":1}')},
        headers=witness.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.signature"


def test_a_client_without_keys_cannot_witness(client: TestClient, auditor: dict[str, str]) -> None:
    made = _checkpoint(client, auditor)
    response = client.post(
        f"/v1/audit/checkpoints/{made['number']}/witness", json={"signature": "x" * 40}
    )
    assert response.status_code == 403


def test_a_witness_whose_signature_no_longer_verifies_is_reported(
    client: TestClient, connection: Connection, auditor: dict[str, str], witness: Witness
) -> None:
    made = _checkpoint(client, auditor)
    client.post(
        f"/v1/audit/checkpoints/{made['number']}/witness",
        json={"signature": witness.countersign(str(made["statement"]))},
        headers=witness.headers,
    )
    other = ECKey.generate_key("P-256").as_dict(private=False) | {"kid": "nes-1"}
    connection.execute(
        text("UPDATE client SET jwks = :jwks WHERE client_id = :id"),
        {"jwks": json.dumps({"keys": [other]}), "id": witness.client_id},
    )
    report = verified(connection)
    assert report.valid
    assert [problem.client_id for problem in report.witness_problems] == [witness.client_id]


def test_unknown_checkpoints_are_404(client: TestClient, witness: Witness) -> None:
    assert client.get("/v1/audit/checkpoints/999").status_code == 404
    response = client.post(
        "/v1/audit/checkpoints/999/witness", json={"signature": "x" * 40}, headers=witness.headers
    )
    assert response.status_code == 404


def test_verification_through_the_api_is_recorded(
    client: TestClient, connection: Connection, auditor: dict[str, str]
) -> None:
    write_entries(connection, 2)
    response = client.get("/v1/audit/verify", headers=auditor)
    assert response.json()["valid"] is True
    (entry,) = entries(connection, request_id=response.headers["request-id"])
    assert (entry["action"], entry["detail"]["valid"]) == ("audit.verified", True)
    assert (
        client.get("/v1/audit/verify", params={"from_checkpoint": 5}, headers=auditor).status_code
        == 404
    )
