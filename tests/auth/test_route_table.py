"""Generated from the route table: every /v1 route is guarded and refuses a token lacking its scope.

A new route is covered the moment it is added: if it declares no requirement, or lets a token
lacking its scope through, these tests fail.
"""

import re
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.config import Settings
from gateway.main import create_app
from tests.auth_helpers import ALL_SCOPES, bearer, register_client, secret_token

SPEC = create_app(Settings()).openapi()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SPEC["paths"].items()
    for method, operation in methods.items()
    if path.startswith("/v1/")
]
SCOPED = [
    (method, path, sorted(requirement["agencyClient"]))
    for method, path, operation in OPERATIONS
    for requirement in operation.get("security", [])
    if requirement.get("agencyClient")
]


def concrete(path: str) -> str:
    """The path with every parameter filled with a plausible value."""
    return re.sub(
        r"\{([a-z_]+)\}",
        lambda match: (
            "municipalities"
            if match.group(1) == "name"
            else ("kirs-0" if match.group(1) == "client_id" else str(uuid.uuid4()))
        ),
        path,
    )


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_every_v1_operation_requires_an_agency_token(
    method: str, path: str, operation: dict[str, object]
) -> None:
    assert operation.get("security"), f"{method} {path} declares no security requirement"
    assert all("agencyClient" in requirement for requirement in operation["security"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_every_v1_operation_refuses_a_missing_token(
    anonymous: TestClient, method: str, path: str, operation: object
) -> None:
    response = anonymous.request(
        method, concrete(path), json={} if method in {"POST", "PUT", "PATCH"} else None
    )
    assert response.status_code == 401, response.text


@pytest.mark.parametrize(
    ("method", "path", "scopes"), SCOPED, ids=[f"{m} {p}" for m, p, _ in SCOPED]
)
def test_a_token_lacking_the_routes_scope_gets_403(
    anonymous: TestClient, connection: Connection, method: str, path: str, scopes: list[str]
) -> None:
    credentials = register_client(connection)
    token = secret_token(anonymous, credentials, scopes=sorted(set(ALL_SCOPES) - set(scopes)))
    response = anonymous.request(
        method,
        concrete(path),
        headers=bearer(token),
        json={} if method in {"POST", "PUT", "PATCH"} else None,
    )
    assert response.status_code == 403, response.text
    assert 'error="insufficient_scope"' in response.headers["www-authenticate"]


def test_the_route_table_is_not_empty() -> None:
    assert len(SCOPED) >= 20
