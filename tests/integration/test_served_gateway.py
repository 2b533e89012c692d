"""The gateway served for real by uvicorn on loopback, called by real OAuth 2.0 clients."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from joserfc.jwk import ECKey
from sqlalchemy import Engine

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.auth_helpers import register_client
from tests.factories import child_body, person_body, return_event_body
from tests.servers import running_gateway

SCOPE = "returnees:read returnees:write purpose:reintegration_planning"


@dataclass
class Served:
    url: str
    engine: Engine


@pytest.fixture
def served(fresh_database: str) -> Iterator[Served]:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    with running_gateway(fresh_database) as url:
        yield Served(url, engine)
    engine.dispose()


@contextmanager
def secret_client(served: Served) -> Iterator[OAuth2Client]:
    """authlib's OAuth 2.0 client, holding a token fetched with its secret."""
    credentials = register_client(served.engine, scopes=["returnees:read", "returnees:write"])
    with OAuth2Client(
        credentials.client_id,
        credentials.client_secret,
        scope=SCOPE,
        token_endpoint_auth_method="client_secret_basic",
        base_url=served.url,
        timeout=10,
    ) as client:
        client.fetch_token(f"{served.url}/oauth/token", grant_type="client_credentials")
        yield client


def test_a_secret_client_gets_a_token_and_registers_a_family(served: Served) -> None:
    with secret_client(served) as http:
        head = http.post("/v1/persons", json=person_body()).json()
        child = http.post("/v1/persons", json=child_body()).json()
        members = [
            {"person_id": head["id"], "relationship": "head"},
            {"person_id": child["id"], "relationship": "child", "guardian_id": head["id"]},
        ]
        household = http.post("/v1/households", json={"municipality": "vranje", "members": members})
        assert household.status_code == 201
        event = http.post(
            "/v1/return-events", json=return_event_body(household_id=household.json()["id"])
        )
        assert event.status_code == 201
        found = http.get("/v1/persons", params={"name": "Djordjevic"}).json()["items"]
    assert {person["id"] for person in found} == {head["id"], child["id"]}


class ShortLivedPrivateKeyJWT(PrivateKeyJWT):  # type: ignore[misc]
    """authlib's private_key_jwt with a five-minute assertion (its default lives an hour)."""

    def sign(self, auth: ClientAuth, token_endpoint: str) -> str:
        token: str = private_key_jwt_sign(
            auth.client_secret,
            client_id=auth.client_id,
            token_endpoint=token_endpoint,
            header=self.headers,
            alg=self.alg,
            expires_in=300,
        )
        return token


def test_a_key_client_authenticates_with_a_signed_assertion(served: Served) -> None:
    key = ECKey.generate_key("P-256")
    jwks = {"keys": [key.as_dict(private=False) | {"kid": "kirs-1"}]}
    credentials = register_client(served.engine, scopes=["returnees:read"], jwks=jwks)
    assert credentials.client_secret is None
    private = ECKey.import_key(key.as_dict(private=True), {"kid": "kirs-1"})
    token_url = f"{served.url}/oauth/token"
    with OAuth2Client(
        credentials.client_id,
        private,
        scope="returnees:read purpose:reintegration_planning",
        token_endpoint_auth_method=ShortLivedPrivateKeyJWT(
            token_url, headers={"kid": "kirs-1"}, alg="ES256"
        ),
        base_url=served.url,
        timeout=10,
    ) as http:
        token = http.fetch_token(token_url, grant_type="client_credentials")
        assert token["token_type"] == "Bearer"
        assert token["expires_in"] <= 900
        assert http.get("/v1/persons").status_code == 200


def test_the_served_metadata_and_keys_describe_the_server(served: Served) -> None:
    with httpx.Client(base_url=served.url, timeout=10) as http:
        metadata = http.get("/.well-known/oauth-authorization-server").json()
        keys = http.get(metadata["jwks_uri"]).json()["keys"]
    assert metadata["issuer"] == served.url
    assert metadata["token_endpoint"] == f"{served.url}/oauth/token"
    assert "private_key_jwt" in metadata["token_endpoint_auth_methods_supported"]
    assert "purpose:employment_services" in metadata["scopes_supported"]
    assert [key["alg"] for key in keys] == ["ES256"]
    assert all("d" not in key for key in keys)


def test_a_stale_write_over_http_is_412(served: Served) -> None:
    with secret_client(served) as http:
        person = http.post("/v1/persons", json=person_body()).json()
        path = f"/v1/persons/{person['id']}"
        assert http.patch(path, json={"idp": True}, headers={"If-Match": '"1"'}).status_code == 200
        stale = http.patch(path, json={"idp": False}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"


def test_without_a_token_the_served_api_answers_401(served: Served) -> None:
    with httpx.Client(base_url=served.url, timeout=10) as http:
        response = http.get("/v1/persons")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
