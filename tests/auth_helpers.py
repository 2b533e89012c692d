"""Registering clients and getting tokens in tests, the way agency systems do."""

from collections.abc import Iterable
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlmodel import Session

from gateway.auth.clients import create_client
from gateway.auth.schemas import ClientCreate, ClientCredentials
from gateway.auth.scopes import SCOPES

# Every scope one client may hold: an administrator does not read the audit trail (separation
# of duties), so tests that audit register an auditor of their own.
ALL_SCOPES = tuple(scope for scope in SCOPES if scope != "audit:read")


def register_client(
    bind: Connection | Engine,
    *,
    agency: str = "kirs",
    scopes: Iterable[str] = ALL_SCOPES,
    purposes: Iterable[str] = ("reintegration_planning",),
    jwks: dict[str, Any] | None = None,
) -> ClientCredentials:
    """A client registered straight in the database (as ``gateway clients create`` does)."""
    with Session(bind) as session:
        created = create_client(
            session,
            client=ClientCreate(
                agency=agency,
                display_name=f"{agency} test system",
                scopes=list(scopes),
                purposes=list(purposes),
                jwks=jwks,
            ),
        )
        session.commit()
    return created


def secret_token(
    http: TestClient | httpx.Client,
    credentials: ClientCredentials,
    *,
    scopes: Iterable[str] | None = None,
    purpose: str = "reintegration_planning",
) -> str:
    """An access token for a secret client."""
    assert credentials.client_secret is not None
    scope = " ".join(
        [*(scopes if scopes is not None else credentials.scopes), f"purpose:{purpose}"]
    )
    response = http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(credentials.client_id, credentials.client_secret),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
