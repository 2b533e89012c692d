"""The demo clients: one per agency plus an administrator and an auditor, registered once."""

import json
from pathlib import Path

from fastapi.testclient import TestClient

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.demo.clients import DEMO_CLIENTS, register_demo_clients
from gateway.main import create_app
from gateway.migrate import upgrade


def test_demo_clients_are_registered_once_and_can_get_tokens(
    fresh_database: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=fresh_database)
    engine = create_database_engine(settings)
    upgrade(engine)
    secrets_file = tmp_path / "demo-clients.json"
    first = register_demo_clients(engine, secrets_file, token_endpoint=settings.token_endpoint)
    second = register_demo_clients(engine, secrets_file, token_endpoint=settings.token_endpoint)
    entries = json.loads(secrets_file.read_text())
    assert "Registered 6" in first
    assert "already registered" in second
    assert [entry["agency"] for entry in entries] == [demo.agency for demo in DEMO_CLIENTS]
    assert oct(secrets_file.stat().st_mode & 0o777) == "0o600"
    with TestClient(create_app(settings, bind=engine)) as http:
        for entry in entries:
            scope = " ".join([*entry["scopes"], f"purpose:{entry['purposes'][0]}"])
            response = http.post(
                "/oauth/token",
                data={"grant_type": "client_credentials", "scope": scope},
                auth=(entry["client_id"], entry["client_secret"]),
            )
            assert response.status_code == 200, entry["agency"]
    engine.dispose()
