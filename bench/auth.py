"""What authentication costs: the same read with and without the token check, and token issuance.

Run: ``python -m bench.auth [--count N]``. In one process and one run, on a fresh SQLite file
(and PostgreSQL when ``GATEWAY_TEST_POSTGRES_URL`` is set): GET /v1/persons/{id} through the
app with the bearer-token dependency, and the same read with the dependency replaced by a fixed
caller; then tokens issued per second with client_secret_basic and with private_key_jwt.
"""

import argparse
import tempfile
import time
import uuid
from pathlib import Path

from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlmodel import Session

from bench.harness import measure, report
from bench.registry import backends, person_bodies
from gateway.auth.caller import Caller, authenticate
from gateway.auth.clients import create_client
from gateway.auth.schemas import ClientCreate
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.main import create_app
from gateway.migrate import upgrade

SCOPE = "returnees:read returnees:write purpose:reintegration_planning"


def bench_backend(name: str, url: str, *, count: int) -> str:
    settings = Settings(
        database_url=url, api_rate_limit="1000000/minute", token_rate_limit="1000000/minute"
    )
    engine = create_database_engine(settings)
    upgrade(engine)
    key = ECKey.generate_key("P-256")
    with Session(engine) as session:
        secret = create_client(session, client=_client())
        keyed = create_client(
            session, client=_client(jwks={"keys": [key.as_dict(private=False) | {"kid": "k"}]})
        )
        session.commit()
    app = create_app(settings)
    lines = [f"{name}: {count} reads, {count // 4} tokens per method"]
    with TestClient(app) as http:
        token = _secret_token(http, secret.client_id, secret.client_secret or "")
        headers = {"Authorization": f"Bearer {token}"}
        person = http.post(
            "/v1/persons", json=person_bodies(1, offset=9000)[0], headers=headers
        ).json()["id"]
        with_auth = measure(
            "read with token check",
            lambda _: _ok(http.get(f"/v1/persons/{person}", headers=headers).status_code),
            count=count,
            workers=1,
        )
        app.dependency_overrides[authenticate] = lambda: Caller(
            secret.client_id, "kirs", frozenset({"returnees:read"}), "reintegration_planning"
        )
        without = measure(
            "same read, check replaced",
            lambda _: _ok(http.get(f"/v1/persons/{person}").status_code),
            count=count,
            workers=1,
        )
        app.dependency_overrides.clear()
        lines.append(report(with_auth, without, ratio="with / without check"))
        issued = count // 4
        basic = measure(
            "token, client_secret_basic",
            lambda _: _secret_token(http, secret.client_id, secret.client_secret or ""),
            count=issued,
            workers=1,
        )
        signed = measure(
            "token, private_key_jwt",
            lambda _: _assertion_token(http, keyed.client_id, key, settings),
            count=issued,
            workers=1,
        )
        lines.append(report(basic, signed, ratio="secret / key"))
    engine.dispose()
    return "\n".join(lines)


def _client(jwks: dict[str, object] | None = None) -> ClientCreate:
    return ClientCreate(
        agency="kirs",
        display_name="bench",
        scopes=["returnees:read", "returnees:write"],
        purposes=["reintegration_planning"],
        jwks=jwks,
    )


def _ok(status: int) -> None:
    assert status == 200, status


def _secret_token(http: TestClient, client_id: str, secret: str) -> str:
    response = http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": SCOPE},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _assertion_token(http: TestClient, client_id: str, key: ECKey, settings: Settings) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": settings.token_endpoint,
        "iat": now,
        "exp": now + 60,
        "jti": uuid.uuid4().hex,
    }
    form = {
        "grant_type": "client_credentials",
        "scope": "returnees:read purpose:reintegration_planning",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": jwt.encode({"alg": "ES256", "kid": "k"}, claims, key),
    }
    response = http.post("/oauth/token", data=form)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=400)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, backends(Path(directory)) as found:
        for name, url in found:
            print(bench_backend(name, url, count=arguments.count))


if __name__ == "__main__":
    main()
