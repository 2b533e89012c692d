"""Text the database cannot store and moments outside the calendar are 422s, never 500s.

Each request here reached the database (or a UTC conversion) before being refused; the
answer must be a problem naming the offending field, with nothing written.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.consent.conftest import consent_body
from tests.factories import person_body

PROBLEM = "application/problem+json"
NUL = "Rama\x00danović"
SURROGATE = "Rama\ud800danović"
TOO_LATE = "9999-12-31T23:59:59-14:00"
TOO_EARLY = "0001-01-01T00:00:00+14:00"


def post_json(client: TestClient, path: str, body: dict[str, Any]) -> Any:
    """Posted as JSON with escapes, as a lone surrogate can only travel."""
    content = json.dumps(body).encode()
    return client.post(path, content=content, headers={"content-type": "application/json"})


def refused_at(response: Any, location: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert location in [error["location"] for error in response.json()["errors"]]


def test_nul_in_a_name_search_is_422(client: TestClient) -> None:
    refused_at(client.get("/v1/persons", params={"name": NUL}), "query.name")


def test_nul_in_a_path_parameter_is_422(client: TestClient) -> None:
    refused_at(client.get("/v1/code-lists/sexes%00"), "path.name")


def test_nul_in_a_header_is_422(client: TestClient) -> None:
    person = client.post("/v1/persons", json=person_body()).json()
    response = client.patch(
        f"/v1/persons/{person['id']}",
        json={"family_name": "Marković"},
        headers={"If-Match": '"1\x00"'},
    )
    refused_at(response, "header.if-match")


def test_nul_in_a_json_body_is_422_and_writes_nothing(client: TestClient) -> None:
    person = client.post("/v1/persons", json=person_body()).json()
    evidence = {"recorded_by": NUL, "channel": "signed_form"}
    response = post_json(
        client, "/v1/consents", consent_body(person_id=person["id"], evidence=evidence)
    )
    refused_at(response, "body.evidence.recorded_by")
    assert client.get("/v1/consents", params={"person_id": person["id"]}).json() == []


def test_unstorable_text_in_a_free_form_json_body_is_422(client: TestClient) -> None:
    jwks = {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "abc", "kid": SURROGATE}]}
    body = {"agency": "nes", "display_name": "NES", "scopes": ["returnees:read"], "jwks": jwks}
    body |= {"purposes": ["employment_services"]}
    refused_at(post_json(client, "/v1/admin/clients", body), "body.jwks.keys.0.kid")


def test_nul_in_a_token_request_is_refused(anonymous: TestClient) -> None:
    form = {"grant_type": "client_credentials", "client_id": "kirs\x00", "client_secret": "x"}
    in_form = anonymous.post("/oauth/token", data=form)
    assert in_form.status_code == 400
    assert in_form.json()["error"] == "invalid_request"
    basic = {"grant_type": "client_credentials", "scope": "returnees:read"}
    in_basic = anonymous.post("/oauth/token", data=basic, auth=("kirs\x00", "secret"))
    refused_at(in_basic, "header.authorization")


@pytest.mark.parametrize("path", ["/v1/audit/events", "/v1/audit/export"])
@pytest.mark.parametrize(("name", "moment"), [("since", TOO_LATE), ("until", TOO_EARLY)])
def test_an_audit_query_outside_the_calendar_in_utc_is_422(
    client: TestClient, agency: Callable[..., Headers], path: str, name: str, moment: str
) -> None:
    auditor = agency("poverenik", "audit", ("audit:read",))
    refused_at(client.get(path, params={name: moment}, headers=auditor), f"query.{name}")


@pytest.mark.parametrize(
    "valid_until", [TOO_LATE, "2030-01-01T00:00:00"], ids=["overflowing", "naive"]
)
def test_a_consent_ending_at_an_unusable_moment_is_422_and_writes_nothing(
    client: TestClient, valid_until: str
) -> None:
    person = client.post("/v1/persons", json=person_body()).json()
    response = client.post(
        "/v1/consents", json=consent_body(person_id=person["id"], valid_until=valid_until)
    )
    refused_at(response, "body.valid_until")
    assert client.get("/v1/consents", params={"person_id": person["id"]}).json() == []


def test_a_consent_change_or_legal_basis_outside_the_calendar_is_422(client: TestClient) -> None:
    person = client.post("/v1/persons", json=person_body()).json()
    consent = client.post("/v1/consents", json=consent_body(person_id=person["id"])).json()
    change = client.patch(
        f"/v1/consents/{consent['id']}",
        json={"valid_until": TOO_LATE},
        headers={"If-Match": f'"{consent["version"]}"'},
    )
    refused_at(change, "body.valid_until")
    basis = {
        "agency": "csw",
        "purpose": "social_protection",
        "categories": ["identity"],
        "citation": "Zakon o socijalnoj zaštiti, čl. 1",
        "valid_until": TOO_LATE,
    }
    refused_at(client.post("/v1/admin/legal-bases", json=basis), "body.valid_until")


def test_moments_at_the_ends_of_the_calendar_that_fit_in_utc_are_kept(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    person = client.post("/v1/persons", json=person_body()).json()
    body = consent_body(person_id=person["id"], valid_until="9999-12-31T23:59:59+14:00")
    response = client.post("/v1/consents", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["valid_until"] == "9999-12-31T09:59:59Z"
    auditor = agency("poverenik", "audit", ("audit:read",))
    late = client.get(
        "/v1/audit/events", params={"since": "9999-12-31T23:59:59+14:00"}, headers=auditor
    )
    assert late.status_code == 200
