"""The published contract: openapi/openapi.json is the app's spec, and the app keeps to it."""

import json
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.config import Settings
from gateway.main import create_app

SPEC = Path(__file__).parent.parent / "openapi" / "openapi.json"


def test_the_committed_spec_is_the_apps_spec() -> None:
    published = json.loads(SPEC.read_text(encoding="utf-8"))
    generated = create_app(Settings()).openapi()
    assert published == json.loads(json.dumps(generated)), (
        "openapi/openapi.json is out of date: run `make openapi` and commit it"
    )


def test_the_spec_is_openapi_3_1_with_problem_bodies() -> None:
    document = create_app(Settings()).openapi()
    assert document["openapi"].startswith("3.1")
    oauth_errors = {("/oauth/token", "400"), ("/oauth/token", "401")}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and (path, status) not in oauth_errors:
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )


@pytest.fixture
def api_schema(app: FastAPI, client: TestClient) -> schemathesis.schemas.BaseSchema:
    """The app's spec; the calls carry the real token of ``client``, which has every scope."""
    del client
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")

# Schema-valid requests may still be refused (a JMBG's check digit, a code not in a code list,
# an id that names nothing), so the positive-acceptance check does not apply; everything the
# issue asks of the contract does.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_spec(case: schemathesis.Case, client: TestClient) -> None:
    token = {"Authorization": client.headers["authorization"]}
    case.call_and_validate(headers=token, checks=CHECKS)
