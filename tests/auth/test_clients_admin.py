"""The client registry through the admin API and the CLI; signing key rotation."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey
from sqlalchemy import Connection
from sqlmodel import Session

from gateway.auth.clients import list_clients
from gateway.auth.keys import rotate
from gateway.cli import main
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.auth_helpers import bearer, register_client, secret_token

NEW_CLIENT = {
    "agency": "nes",
    "display_name": "NES job-seeker register",
    "scopes": ["returnees:read", "referrals:write"],
    "purposes": ["employment_services"],
}


def test_an_admin_registers_a_secret_client_and_sees_the_secret_once(client: TestClient) -> None:
    created = client.post("/v1/admin/clients", json=NEW_CLIENT)
    assert created.status_code == 201
    body = created.json()
    assert body["auth_method"] == "client_secret_basic"
    assert len(body["client_secret"]) >= 40
    assert created.headers["cache-control"] == "no-store"
    read = client.get(f"/v1/admin/clients/{body['client_id']}").json()
    assert "client_secret" not in read
    assert "secret_hash" not in json.dumps(read)


def test_a_key_client_is_registered_with_its_public_keys_only(client: TestClient) -> None:
    key = ECKey.generate_key("P-256")
    public = client.post(
        "/v1/admin/clients", json=NEW_CLIENT | {"jwks": key.as_dict(private=False)}
    )
    assert public.status_code == 201
    assert public.json()["client_secret"] is None
    assert public.json()["auth_method"] == "private_key_jwt"
    private = client.post(
        "/v1/admin/clients", json=NEW_CLIENT | {"jwks": key.as_dict(private=True)}
    )
    assert private.status_code == 422


def test_unknown_scopes_purposes_and_fields_are_refused(client: TestClient) -> None:
    for change in (
        {"scopes": ["everything"]},
        {"purposes": ["curiosity"]},
        {"agency": "cia"},
        {"colour": "red"},
    ):
        response = client.post("/v1/admin/clients", json=NEW_CLIENT | change)
        assert response.status_code == 422, change


def test_rotating_a_secret_stops_the_old_one(client: TestClient, connection: Connection) -> None:
    other = register_client(connection, agency="iom", scopes=["returnees:read"])
    rotated = client.post(f"/v1/admin/clients/{other.client_id}/secret").json()
    assert rotated["client_secret"] != other.client_secret
    old = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "scope": "returnees:read purpose:reintegration_planning",
        },
        auth=(other.client_id, other.client_secret or ""),
    )
    assert old.status_code == 401
    assert secret_token(
        client, other.model_copy(update={"client_secret": rotated["client_secret"]})
    )


def test_grants_change_with_if_match_and_stale_changes_are_412(client: TestClient) -> None:
    created = client.post("/v1/admin/clients", json=NEW_CLIENT).json()
    path = f"/v1/admin/clients/{created['client_id']}"
    changed = client.patch(path, json={"scopes": ["returnees:read"]}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    assert changed.json()["scopes"] == ["returnees:read"]
    assert (
        client.patch(path, json={"display_name": "x"}, headers={"If-Match": '"1"'}).status_code
        == 412
    )
    assert (
        client.patch(path, json={"status": "gone"}, headers={"If-Match": '"2"'}).status_code == 422
    )


def test_only_admins_manage_clients(anonymous: TestClient, connection: Connection) -> None:
    reader = register_client(connection, scopes=["returnees:read"])
    response = anonymous.get("/v1/admin/clients", headers=bearer(secret_token(anonymous, reader)))
    assert response.status_code == 403


def test_unknown_clients_are_404(client: TestClient) -> None:
    assert client.get("/v1/admin/clients/kirs-000000").status_code == 404
    assert client.post("/v1/admin/clients/kirs-000000/secret").status_code == 404


def test_a_rotated_key_signs_new_tokens_while_old_tokens_still_verify(
    client: TestClient, connection: Connection
) -> None:
    old_token = client.headers["authorization"]
    old_kids = {key["kid"] for key in client.get("/oauth/jwks").json()["keys"]}
    with Session(connection) as session:
        rotate(session, kek=Settings().key_encryption_key.get_secret_value())
        session.commit()
    client.app.state.key_ring.reload(client.app.state.session_factory(), force=True)  # type: ignore[attr-defined]
    keys = {key["kid"] for key in client.get("/oauth/jwks").json()["keys"]}
    assert old_kids < keys
    assert client.get("/v1/persons", headers={"Authorization": old_token}).status_code == 200
    new_token = secret_token(client, register_client(connection, scopes=["returnees:read"]))
    assert client.get("/v1/persons", headers=bearer(new_token)).status_code == 200


def test_the_cli_registers_a_client_and_prints_it_as_json(fresh_database: str) -> None:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    engine.dispose()
    command = [
        sys.executable,
        "-m",
        "gateway",
        "clients",
        "create",
        "--agency",
        "csw",
        "--scope",
        "returnees:read",
        "--scope",
        "consents:read",
        "--purpose",
        "social_protection",
    ]
    env = {"GATEWAY_DATABASE_URL": fresh_database, "PATH": ""}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["client_id"].startswith("csw-")
    assert printed["client_secret"]
    assert printed["scopes"] == ["consents:read", "returnees:read"]
    bad = subprocess.run(
        [*command[:-1], "curiosity"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "curiosity" in bad.stderr


def _conflict_named(response_body: dict[str, object]) -> None:
    messages = [error["message"] for error in response_body["errors"]]  # type: ignore[attr-defined]
    assert any("admin" in message and "audit:read" in message for message in messages), messages


def test_no_client_holds_admin_with_audit_read(client: TestClient) -> None:
    both = ["admin", "audit:read", "returnees:read"]
    refused = client.post("/v1/admin/clients", json=NEW_CLIENT | {"scopes": both})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    _conflict_named(refused.json())
    auditor = client.post("/v1/admin/clients", json=NEW_CLIENT | {"scopes": ["audit:read"]})
    assert auditor.status_code == 201
    address = f"/v1/admin/clients/{auditor.json()['client_id']}"
    changed = client.patch(address, json={"scopes": both}, headers={"If-Match": '"1"'})
    assert changed.status_code == 422
    _conflict_named(changed.json())
    assert client.get(address).json()["scopes"] == ["audit:read"]
    assert all(
        set(found["scopes"]) != set(both) for found in client.get("/v1/admin/clients").json()
    )


def test_the_cli_refuses_a_client_with_admin_and_audit_read(
    fresh_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEWAY_DATABASE_URL", fresh_database)
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    create = ["clients", "create", "--agency", "gateway", "--purpose", "audit"]
    scopes = ["--scope", "admin", "--scope", "audit:read"]
    result = CliRunner().invoke(main, [*create, *scopes], catch_exceptions=False)
    assert result.exit_code == 2
    assert "admin" in result.stderr
    assert "audit:read" in result.stderr
    with Session(engine) as session:
        assert list_clients(session, agency=None) == []
    engine.dispose()
