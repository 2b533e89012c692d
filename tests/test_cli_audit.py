"""Every operator command that changes clients or keys is on the audit trail.

Each command runs through the real ``gateway`` entry point against its own database; its
entry is then found in what ``gateway audit export`` prints, naming the operator at the
shell (``cli:<os user>``) as the actor. The same change made through the admin API writes
the same entry but for who made it and the request it came in. The consent commands are
checked the same way in ``tests/consent/test_cli.py``.
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from gateway.cli import main
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.main import create_app
from gateway.migrate import upgrade
from tests.auth_helpers import bearer, register_client, secret_token

OPERATOR = {"actor_client": "cli:officer", "actor_agency": "gateway", "purpose": "administration"}
NEW_CLIENT = ["--agency", "nes", "--scope", "returnees:read", "--purpose", "employment_services"]


@pytest.fixture
def database(fresh_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated database named in GATEWAY_DATABASE_URL; the shell's user is ``officer``."""
    monkeypatch.setenv("GATEWAY_DATABASE_URL", fresh_database)
    monkeypatch.setenv("USER", "officer")
    monkeypatch.setenv("LOGNAME", "officer")
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    yield engine
    engine.dispose()


def gateway(*arguments: str) -> str:
    """Run a command through the CLI's entry point; what it printed (it must succeed)."""
    result = CliRunner().invoke(main, list(arguments), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def exported() -> list[dict[str, Any]]:
    """The whole trail, as ``gateway audit export`` prints it."""
    return [json.loads(line) for line in gateway("audit", "export").splitlines() if line]


def entry(action: str, **detail: str) -> dict[str, Any]:
    """The one exported entry of ``action`` whose detail holds ``detail``."""
    found = [
        row
        for row in exported()
        if row["action"] == action and detail.items() <= row["detail"].items()
    ]
    assert len(found) == 1, (action, detail, found)
    return found[0]


def by_operator(row: dict[str, Any]) -> bool:
    return {name: row[name] for name in OPERATOR} == OPERATOR and row["decision"] == "permit"


def test_client_commands_are_audited(database: Engine) -> None:
    created = json.loads(gateway("clients", "create", *NEW_CLIENT))
    client_id = created["client_id"]
    assert by_operator(entry("client.created", client=client_id))
    gateway("clients", "suspend", client_id)
    gateway("clients", "activate", client_id)
    changes = [
        row
        for row in exported()
        if row["action"] == "client.changed" and row["detail"] == {"client": client_id}
    ]
    assert len(changes) == 2
    assert all(by_operator(row) for row in changes)
    assert changes[0]["request_id"] != changes[1]["request_id"], "one context per command"
    gateway("clients", "rotate-secret", client_id)
    assert by_operator(entry("client.secret_rotated", client=client_id))


def test_a_key_rotation_is_audited(database: Engine) -> None:
    first = gateway("keys", "rotate").split()[3].rstrip(";")
    second = gateway("keys", "rotate").split()[3].rstrip(";")
    rotated = entry("signing_key.rotated", kid=second)
    assert by_operator(rotated)
    assert rotated["detail"]["retired"] == [first]


def test_the_api_and_the_cli_write_the_same_entry(database: Engine, fresh_database: str) -> None:
    admin = register_client(
        database, agency="gateway", scopes=["admin"], purposes=["administration"]
    )
    with TestClient(create_app(Settings(database_url=fresh_database), bind=database)) as client:
        token = secret_token(client, admin, purpose="administration")
        body = {
            "agency": "nes",
            "display_name": "NES system",
            "scopes": ["returnees:read"],
            "purposes": ["employment_services"],
        }
        made = client.post("/v1/admin/clients", json=body, headers=bearer(token))
        assert made.status_code == 201, made.text
    by_api = entry("client.created", client=made.json()["client_id"])
    cli_id = json.loads(gateway("clients", "create", *NEW_CLIENT))["client_id"]
    by_cli = entry("client.created", client=cli_id)
    same = ("action", "decision", "subject", "subject_kind", "categories_returned", "basis")
    assert {name: by_api[name] for name in same} == {name: by_cli[name] for name in same}
    assert by_api["detail"].keys() == by_cli["detail"].keys() == {"client"}
    assert (by_api["actor_client"], by_api["actor_agency"]) == (admin.client_id, "gateway")
    assert by_operator(by_cli)
