"""Tokens an attacker might send: each is refused with 401 and says why in WWW-Authenticate."""

import base64
import json
import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey

from gateway.config import Settings

ISSUER = Settings().issuer


def b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, object], dict[str, object], str]:
    header, payload, signature = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(header), decode(payload), signature


def resign_with_attacker_key(token: str, **header: object) -> str:
    attacker = ECKey.generate_key("P-256")
    _, claims, _ = parts(token)
    return jwt.encode(
        {"alg": "ES256", "typ": "at+jwt", "kid": "attacker"} | header, claims, attacker
    )


def with_claims(token: str, **changes: object) -> str:
    head, claims, signature = parts(token)
    return f"{b64(head)}.{b64(claims | changes)}.{signature}"


ATTACKS: dict[str, Callable[[str], str]] = {
    "malformed": lambda token: "not-a-jwt",
    "tampered payload": lambda token: with_claims(token, scope="admin audit:read returnees:read"),
    "stripped signature": lambda token: token.rsplit(".", 1)[0] + ".",
    "alg none": lambda token: (
        b64({"alg": "none", "typ": "at+jwt", "kid": parts(token)[0]["kid"]})
        + f".{token.split('.')[1]}."
    ),
    "unknown kid": lambda token: resign_with_attacker_key(token),
    "jku elsewhere": lambda token: resign_with_attacker_key(
        token, jku="https://attacker.example/jwks", kid=parts(token)[0]["kid"]
    ),
    "embedded jwk": lambda token: resign_with_attacker_key(
        token, kid=parts(token)[0]["kid"], jwk={"kty": "EC"}
    ),
    "wrong type": lambda token: resign_with_attacker_key(token, typ="JWT"),
}


@pytest.fixture
def token(client: TestClient) -> str:
    return client.headers["authorization"].removeprefix("Bearer ")


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_forged_token_is_refused(anonymous: TestClient, token: str, attack: str) -> None:
    response = anonymous.get(
        "/v1/persons", headers={"Authorization": f"Bearer {ATTACKS[attack](token)}"}
    )
    assert response.status_code == 401, attack
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert response.headers["content-type"] == "application/problem+json"


def test_hs256_signed_with_our_public_key_is_refused(anonymous: TestClient, token: str) -> None:
    public = anonymous.get("/oauth/jwks").json()["keys"][0]
    secret = OctKey.import_key(json.dumps(public).encode())
    head, claims, _ = parts(token)
    forged = jwt.encode(
        {"alg": "HS256", "typ": "at+jwt", "kid": head["kid"]}, claims, secret, algorithms=["HS256"]
    )
    response = anonymous.get("/v1/persons", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("changes", "what"),
    [
        ({"exp": int(time.time()) - 120, "iat": int(time.time()) - 900}, "expired"),
        ({"nbf": int(time.time()) + 600}, "not yet valid"),
        ({"iss": "https://impostor.example"}, "wrong iss"),
        ({"aud": "https://other-service.example"}, "wrong aud"),
    ],
)
def test_tokens_signed_by_us_but_with_bad_claims_are_refused(
    anonymous: TestClient, token: str, changes: dict[str, object], what: str
) -> None:
    app = anonymous.app
    with app.state.session_factory() as session:  # type: ignore[attr-defined]
        signing = app.state.key_ring.current(session).signing  # type: ignore[attr-defined]
    head, claims, _ = parts(token)
    forged = jwt.encode(head, claims | changes, signing, algorithms=["ES256"])
    response = anonymous.get("/v1/persons", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401, what


@pytest.mark.parametrize("header", [None, "Basic a2lyczpzZWNyZXQ=", "Bearer", "Bearer  "])
def test_a_missing_or_misshapen_authorization_is_401(
    anonymous: TestClient, header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = anonymous.get("/v1/persons", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Bearer realm="returnee-gateway"')


def test_a_valid_token_is_accepted(anonymous: TestClient, token: str) -> None:
    assert (
        anonymous.get("/v1/persons", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )
