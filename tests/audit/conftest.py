"""An auditor (the Commissioner's inspector, scope ``audit:read``) and a person to audit."""

import time
import uuid
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from joserfc import jws, jwt
from joserfc.jwk import ECKey
from sqlalchemy import Connection

from tests.auth_helpers import bearer, register_client, secret_token
from tests.factories import person_body


@pytest.fixture
def auditor(anonymous: TestClient, connection: Connection) -> dict[str, str]:
    """The Authorization header of the data-protection auditor's token."""
    credentials = register_client(
        connection, agency="poverenik", scopes=["audit:read"], purposes=["audit"]
    )
    return bearer(secret_token(anonymous, credentials, purpose="audit"))


@pytest.fixture
def person(client: TestClient) -> str:
    """A person registered by KIRS (the ``client`` fixture)."""
    response = client.post("/v1/persons", json=person_body())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@dataclass(frozen=True)
class Witness:
    """An agency system that authenticates with its own key and countersigns checkpoints."""

    client_id: str
    key: ECKey
    headers: dict[str, str]

    def countersign(self, statement: str) -> str:
        header = {"alg": "ES256", "kid": "nes-1"}
        return jws.serialize_compact(header, statement.encode(), self.key, algorithms=["ES256"])


@pytest.fixture
def witness(anonymous: TestClient, connection: Connection) -> Witness:
    """NES's system, registered with its public key, holding a token."""
    key = ECKey.import_key(ECKey.generate_key("P-256").as_dict(private=True), {"kid": "nes-1"})
    jwks = {"keys": [key.as_dict(private=False) | {"kid": "nes-1"}]}
    credentials = register_client(
        connection,
        agency="nes",
        scopes=["returnees:read"],
        purposes=["employment_services"],
        jwks=jwks,
    )
    now = int(time.time())
    claims = {
        "iss": credentials.client_id,
        "sub": credentials.client_id,
        "aud": "http://127.0.0.1:8000/oauth/token",
        "iat": now,
        "exp": now + 60,
        "jti": uuid.uuid4().hex,
    }
    form = {
        "grant_type": "client_credentials",
        "scope": "returnees:read purpose:employment_services",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": jwt.encode({"alg": "ES256", "kid": "nes-1"}, claims, key),
    }
    response = anonymous.post("/oauth/token", data=form)
    assert response.status_code == 200, response.text
    return Witness(credentials.client_id, key, bearer(response.json()["access_token"]))
