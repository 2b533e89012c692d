"""Demo clients: one per agency, an administrator and an auditor, with development secrets.

The secrets are written to ``var/demo-clients.json`` (never used outside development) so a
new user can get a token with one curl command; the README shows how.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from gateway.auth.clients import create_client, list_clients
from gateway.auth.schemas import ClientCreate

READ_WRITE = ["returnees:read", "returnees:write", "referrals:read", "referrals:write"]


@dataclass(frozen=True)
class DemoClient:
    agency: str
    name: str
    scopes: list[str]
    purposes: list[str]


DEMO_CLIENTS = (
    DemoClient(
        "kirs",
        "KIRS readmission office",
        [*READ_WRITE, "consents:read"],
        ["reception", "reintegration_planning", "referral_handling"],
    ),
    DemoClient(
        "nes", "NES job-seeker register", READ_WRITE, ["employment_services", "referral_handling"]
    ),
    DemoClient(
        "csw",
        "CSW case management",
        [*READ_WRITE, "consents:read", "consents:write"],
        ["social_protection", "reintegration_planning", "referral_handling"],
    ),
    DemoClient(
        "iom", "IOM Serbia case management", READ_WRITE, ["avrr_assistance", "referral_handling"]
    ),
    DemoClient(
        "gateway",
        "Gateway administrator",
        ["admin", "consents:read", "consents:write", "stats:read"],
        ["administration"],
    ),
    DemoClient(
        "poverenik",
        "Data-protection auditor",
        ["audit:read", "stats:read"],
        ["audit", "monitoring_statistics"],
    ),
)


def register_demo_clients(engine: Engine, path: Path, *, token_endpoint: str) -> str:
    """Register the demo clients once and write their secrets to ``path``."""
    with Session(engine) as session:
        if path.exists() and list_clients(session, agency=None):
            return f"Demo clients are already registered; their secrets are in {path}."
        created = [
            create_client(
                session,
                client=ClientCreate(
                    agency=demo.agency,
                    display_name=demo.name,
                    scopes=demo.scopes,
                    purposes=demo.purposes,
                ),
            )
            for demo in DEMO_CLIENTS
        ]
        session.commit()
    entries = [
        {
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "agency": client.agency,
            "display_name": client.display_name,
            "scopes": client.scopes,
            "purposes": client.purposes,
            "token_request": (
                f"curl -s -u {client.client_id}:{client.client_secret} {token_endpoint}"
                f" -d grant_type=client_credentials"
                f" -d 'scope={' '.join(client.scopes)} purpose:{client.purposes[0]}'"
            ),
        }
        for client in created
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return f"Registered {len(entries)} demo clients; their development secrets are in {path}."
