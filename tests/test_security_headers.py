"""Every response is nosniff and no-referrer; every HTML page loads nothing but its own styles."""

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from httpx2 import Headers, Response
from sqlalchemy import Connection

from gateway.config import Settings
from tests.auth_helpers import bearer, register_client, secret_token
from tests.consent.conftest import consent_body
from tests.factories import person_body


def _policy(headers: Headers) -> dict[str, set[str]]:
    header = headers["content-security-policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


def _assert_strict_page(response: Response) -> None:
    headers = response.headers
    assert headers["content-type"].startswith("text/html")
    policy = _policy(headers)
    for directive in ("default-src", "frame-ancestors", "base-uri", "form-action"):
        assert policy[directive] == {"'none'"}, directive
    styles = {
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
        for style in re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL)
    }
    assert styles
    assert policy["style-src"] == styles
    assert "script-src" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_consent_receipt_page_loads_only_its_own_stylesheet(client: TestClient) -> None:
    person = client.post("/v1/persons", json=person_body()).json()["id"]
    consent = client.post("/v1/consents", json=consent_body(person_id=person)).json()
    page = client.get(f"/v1/consents/{consent['id']}/receipt", params={"format": "html"})
    assert page.status_code == 200, page.text
    _assert_strict_page(page)


def test_the_subject_access_report_page_loads_only_its_own_stylesheet(
    client: TestClient, connection: Connection
) -> None:
    person = client.post("/v1/persons", json=person_body()).json()["id"]
    auditor = register_client(
        connection, agency="poverenik", scopes=["audit:read"], purposes=["audit"]
    )
    token = secret_token(client, auditor, purpose="audit")
    page = client.get(
        f"/v1/audit/subjects/{person}/report", params={"format": "html"}, headers=bearer(token)
    )
    assert page.status_code == 200, page.text
    _assert_strict_page(page)


def test_an_html_page_without_a_policy_of_its_own_gets_the_strictest(
    app: FastAPI, client: TestClient
) -> None:
    app.add_api_route("/v1/unstyled-page", lambda: HTMLResponse("<p>x</p>"))
    policy = _policy(client.get("/v1/unstyled-page").headers)
    assert policy["default-src"] == {"'none'"}
    assert "style-src" not in policy


def test_json_problems_and_early_refusals_are_nosniff_and_no_referrer(
    anonymous: TestClient, settings: Settings
) -> None:
    unauthenticated = anonymous.get("/v1/persons")
    too_large = anonymous.post(
        "/v1/persons",
        content=b"x" * (settings.max_body_bytes + 1),
        headers={"content-type": "application/json"},
    )
    for response in (unauthenticated, too_large, anonymous.get("/openapi.json")):
        assert response.headers["x-content-type-options"] == "nosniff", response.status_code
        assert response.headers["referrer-policy"] == "no-referrer"
    assert too_large.status_code == 413


def test_the_interactive_documentation_cannot_be_framed(anonymous: TestClient) -> None:
    for address in ("/docs", "/redoc"):
        response = anonymous.get(address)
        assert response.status_code == 200
        assert _policy(response.headers)["frame-ancestors"] == {"'none'"}
        assert response.headers["x-content-type-options"] == "nosniff"
