"""Tokens signed with the gateway's own key whose claims disagree with the client's registration.

Forging them needs the signing key, so these are defence in depth: a leaked key or a bug in
issuing must not let a token claim more than its client was granted or live longer than tokens
may.
"""

import base64
import json

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from sqlalchemy import Connection

from tests.auth_helpers import bearer, register_client, secret_token

YEAR = 365 * 24 * 3600


def claims_of(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    claims: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=" * 4))
    return claims


def resigned(http: TestClient, token: str, **changes: object) -> str:
    """The token with its claims changed (None removes one), signed with the gateway's key."""
    app = http.app
    with app.state.session_factory() as session:  # type: ignore[attr-defined]
        signing = app.state.key_ring.current(session).signing  # type: ignore[attr-defined]
    claims = {
        name: value
        for name, value in (claims_of(token) | changes).items()
        if value is not None or name not in changes
    }
    header = {"alg": "ES256", "typ": "at+jwt", "kid": signing.kid}
    return jwt.encode(header, claims, signing, algorithms=["ES256"])


@pytest.fixture
def reader_token(anonymous: TestClient, connection: Connection) -> str:
    """A KIRS reader's real token: returnees:read for reintegration planning only."""
    reader = register_client(
        connection, scopes=["returnees:read"], purposes=["reintegration_planning"]
    )
    return secret_token(anonymous, reader)


FORGERIES: dict[str, dict[str, object]] = {
    "two purposes in one": {"purpose": "reintegration_planning audit"},
    "purposes as a list": {"purpose": ["reintegration_planning", "audit"]},
    "a purpose not in the code list": {"purpose": "astrology"},
    "a purpose the client was not granted": {"purpose": "audit"},
    "another agency": {"agency": "nes"},
    "a scope the client was not granted": {"scope": "returnees:read admin"},
    "a client_id other than sub": {"client_id": "nes-000000000000"},
    "no issued-at": {"iat": None},
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_token_claiming_more_than_its_client_holds_is_refused(
    anonymous: TestClient, reader_token: str, forgery: str
) -> None:
    assert anonymous.get("/v1/persons", headers=bearer(reader_token)).status_code == 200
    forged = resigned(anonymous, reader_token, **FORGERIES[forgery])
    response = anonymous.get("/v1/persons", headers=bearer(forged))
    assert response.status_code == 401, forgery
    assert response.headers["content-type"] == "application/problem+json"
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_token_living_longer_than_the_maximum_lifetime_is_refused(
    anonymous: TestClient, reader_token: str
) -> None:
    issued_at = claims_of(reader_token)["iat"]
    assert isinstance(issued_at, int | float)
    forged = resigned(anonymous, reader_token, exp=int(issued_at) + YEAR)
    response = anonymous.get("/v1/persons", headers=bearer(forged))
    assert response.status_code == 401
    assert "lifetime" in response.json()["detail"]


def test_a_token_from_before_a_suspension_stays_refused_after_reactivation(
    client: TestClient, connection: Connection
) -> None:
    other = register_client(connection, agency="nes", scopes=["returnees:read"])
    token = secret_token(client, other)
    path = f"/v1/admin/clients/{other.client_id}"
    for status in ("suspended", "active"):
        version = client.get(path).json()["version"]
        changed = client.patch(path, json={"status": status}, headers={"If-Match": f'"{version}"'})
        assert changed.status_code == 200
    refused = client.get("/v1/persons", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    fresh = secret_token(client, other)
    assert client.get("/v1/persons", headers=bearer(fresh)).status_code == 200
