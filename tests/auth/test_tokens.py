"""The token endpoint: both client authentication methods, scopes and purposes, RFC 6749 errors."""

import time
import uuid

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy import Connection

from tests.audit.helpers import entries
from tests.auth_helpers import bearer, register_client, secret_token

TOKEN = "/oauth/token"
GRANT = {"grant_type": "client_credentials"}


def assertion(
    key: ECKey,
    client_id: str,
    *,
    audience: str = "http://127.0.0.1:8000/oauth/token",
    **changes: object,
) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": now,
        "exp": now + 60,
        "jti": uuid.uuid4().hex,
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": "ES256", "kid": "k1"}, claims, key)


def key_client(connection: Connection, **grants: object) -> tuple[str, ECKey]:
    key = ECKey.generate_key("P-256")
    jwks = {"keys": [key.as_dict(private=False) | {"kid": "k1"}]}
    credentials = register_client(connection, jwks=jwks, **grants)  # type: ignore[arg-type]
    return credentials.client_id, key


def assertion_form(token: str, scope: str) -> dict[str, str]:
    return GRANT | {
        "scope": scope,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": token,
    }


def test_a_secret_client_gets_a_short_lived_token_with_its_claims(
    anonymous: TestClient, connection: Connection
) -> None:
    credentials = register_client(
        connection, scopes=["returnees:read"], purposes=["employment_services"]
    )
    response = anonymous.post(
        TOKEN,
        data=GRANT | {"scope": "returnees:read purpose:employment_services"},
        auth=(credentials.client_id, credentials.client_secret or ""),
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 600)
    public_key = ECKey.import_key(anonymous.get("/oauth/jwks").json()["keys"][0])
    claims = jwt.decode(body["access_token"], public_key, algorithms=["ES256"]).claims
    assert claims["sub"] == credentials.client_id
    assert (claims["agency"], claims["scope"], claims["purpose"]) == (
        "kirs",
        "returnees:read",
        "employment_services",
    )
    assert 599 < claims["exp"] - claims["iat"] <= 600  # iat keeps milliseconds, exp does not
    assert {"iss", "aud", "jti", "nbf"} <= claims.keys()


def test_a_key_client_gets_a_token_with_a_signed_assertion(
    anonymous: TestClient, connection: Connection
) -> None:
    client_id, key = key_client(connection, scopes=["returnees:read"])
    response = anonymous.post(
        TOKEN,
        data=assertion_form(
            assertion(key, client_id), "returnees:read purpose:reintegration_planning"
        ),
    )
    assert response.status_code == 200, response.text
    assert (
        anonymous.get("/v1/persons", headers=bearer(response.json()["access_token"])).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"audience": "https://elsewhere.example/oauth/token"}, "aud"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"exp": None}, "exp"),
        ({"iat": None}, "iat"),
        ({"exp": int(time.time()) + 3600}, "lifetime over five minutes"),
        ({"iss": "someone-else"}, "iss"),
        ({"iss": "kirs-\x00", "sub": "kirs-\x00"}, "a client id no database can store"),
        ({"iat": 10**12, "exp": 10**12 + 60}, "issued in the future, ending past year 9999"),
        ({"jti": "a\x00b"}, "a jti no database can store"),
        ({"jti": "j" * 201}, "a jti longer than its column"),
        ({"jti": 7}, "a jti that is not text"),
    ],
)
def test_a_bad_assertion_is_invalid_client(
    anonymous: TestClient, connection: Connection, changes: dict[str, object], reason: str
) -> None:
    client_id, key = key_client(connection, scopes=["returnees:read"])
    response = anonymous.post(
        TOKEN,
        data=assertion_form(
            assertion(key, client_id, **changes), "returnees:read purpose:reintegration_planning"
        ),
    )
    assert response.status_code in (400, 401)
    assert response.json()["error"] == "invalid_client", reason


def test_an_assertion_signed_with_another_key_is_refused(
    anonymous: TestClient, connection: Connection
) -> None:
    client_id, _ = key_client(connection, scopes=["returnees:read"])
    forged = assertion(ECKey.generate_key("P-256"), client_id)
    response = anonymous.post(
        TOKEN, data=assertion_form(forged, "returnees:read purpose:reintegration_planning")
    )
    assert response.json()["error"] == "invalid_client"


def test_a_replayed_assertion_is_refused(anonymous: TestClient, connection: Connection) -> None:
    client_id, key = key_client(connection, scopes=["returnees:read"])
    form = assertion_form(
        assertion(key, client_id), "returnees:read purpose:reintegration_planning"
    )
    assert anonymous.post(TOKEN, data=form).status_code == 200
    replay = anonymous.post(TOKEN, data=form)
    assert replay.json()["error"] == "invalid_client"
    assert "used" in replay.json()["error_description"]


def test_a_form_client_id_other_than_the_assertions_is_refused_and_audited(
    anonymous: TestClient, connection: Connection
) -> None:
    client_id, key = key_client(connection, scopes=["returnees:read"])
    other = register_client(connection, scopes=["returnees:read"])
    form = assertion_form(
        assertion(key, client_id), "returnees:read purpose:reintegration_planning"
    ) | {"client_id": other.client_id}
    response = anonymous.post(TOKEN, data=form)
    assert response.json()["error"] == "invalid_client"
    refusal = entries(connection, action="token.refused")[-1]
    assert "client_id" in refusal["detail"]["reason"]


def test_an_assertion_addressed_to_the_issuer_identifier_is_accepted(
    anonymous: TestClient, connection: Connection
) -> None:
    client_id, key = key_client(connection, scopes=["returnees:read"])
    issuer = anonymous.get("/.well-known/oauth-authorization-server").json()["issuer"]
    response = anonymous.post(
        TOKEN,
        data=assertion_form(
            assertion(key, client_id, audience=issuer),
            "returnees:read purpose:reintegration_planning",
        ),
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "scope",
    [
        "returnees:write purpose:reintegration_planning",
        "returnees:read purpose:employment_services",
        "returnees:read",
        "returnees:read purpose:reception purpose:audit",
        "returnees:read purpose:astrology",
        "superpowers purpose:reintegration_planning",
    ],
)
def test_scopes_and_purposes_not_granted_are_invalid_scope(
    anonymous: TestClient, connection: Connection, scope: str
) -> None:
    credentials = register_client(
        connection, scopes=["returnees:read"], purposes=["reintegration_planning"]
    )
    response = anonymous.post(
        TOKEN,
        data=GRANT | {"scope": scope},
        auth=(credentials.client_id, credentials.client_secret or ""),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_wrong_secret_is_invalid_client_with_401(
    anonymous: TestClient, connection: Connection
) -> None:
    credentials = register_client(connection)
    response = anonymous.post(
        TOKEN,
        data=GRANT | {"scope": "returnees:read purpose:reintegration_planning"},
        auth=(credentials.client_id, "guess"),
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_secret_guessed_too_often_is_429_even_with_the_right_secret(
    anonymous: TestClient, connection: Connection
) -> None:
    credentials = register_client(connection)
    form = GRANT | {"scope": "returnees:read purpose:reintegration_planning"}
    statuses = [
        anonymous.post(TOKEN, data=form, auth=(credentials.client_id, f"guess-{n}")).status_code
        for n in range(10)
    ]
    assert set(statuses) == {401}
    refused = anonymous.post(
        TOKEN, data=form, auth=(credentials.client_id, credentials.client_secret or "")
    )
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0


@pytest.mark.parametrize(
    ("data", "content_type", "error"),
    [
        ({"scope": "returnees:read purpose:audit"}, None, "invalid_request"),
        (
            {"grant_type": "password", "username": "a", "password": "b"},
            None,
            "unsupported_grant_type",
        ),
        (None, "application/json", "invalid_request"),
    ],
)
def test_malformed_token_requests_are_rfc6749_errors(
    anonymous: TestClient,
    connection: Connection,
    data: dict[str, str] | None,
    content_type: str | None,
    error: str,
) -> None:
    credentials = register_client(connection)
    auth = (credentials.client_id, credentials.client_secret or "")
    if data is None:
        response = anonymous.post(TOKEN, json={"grant_type": "client_credentials"}, auth=auth)
    else:
        response = anonymous.post(TOKEN, data=data, auth=auth)
    assert response.status_code == 400
    assert response.json()["error"] == error


def test_the_token_of_a_suspended_client_stops_working_at_once(
    client: TestClient, connection: Connection
) -> None:
    other = register_client(connection, agency="nes", scopes=["returnees:read"])
    token = secret_token(client, other)
    assert client.get("/v1/persons", headers=bearer(token)).status_code == 200
    current = client.get(f"/v1/admin/clients/{other.client_id}").json()
    suspended = client.patch(
        f"/v1/admin/clients/{other.client_id}",
        json={"status": "suspended"},
        headers={"If-Match": f'"{current["version"]}"'},
    )
    assert suspended.status_code == 200
    refused = client.get("/v1/persons", headers=bearer(token))
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]


def test_metadata_and_jwks_are_public(anonymous: TestClient) -> None:
    metadata = anonymous.get("/.well-known/oauth-authorization-server").json()
    assert metadata["grant_types_supported"] == ["client_credentials"]
    keys = anonymous.get("/oauth/jwks").json()["keys"]
    assert keys
    assert all(key["alg"] == "ES256" for key in keys)
    assert all("d" not in key for key in keys)
