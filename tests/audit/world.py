"""The records and callers the route-table audit test needs, made through the API on demand."""

import uuid
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.auth.schemas import ClientCredentials
from tests.audit.conftest import Witness
from tests.auth_helpers import bearer, register_client, secret_token
from tests.factories import child_body, needs_body, person_body, return_event_body

CONSENT_EVIDENCE = {
    "recorded_by": "Milica Petrović, KIRS caseworker",
    "channel": "signed_form",
    "document_reference": "KIRS-SAG-2026-114",
}


@dataclass(frozen=True)
class Call:
    """One request of a scenario: path parameters, body, query, and who calls."""

    params: dict[str, str] = field(default_factory=dict)
    json: Any = None
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] | None = None
    auth: tuple[str, str] | None = None
    content: bytes | None = None

    def unknown(self) -> "Call":
        """The same call naming records that do not exist."""
        return replace(self, params={name: _unknown(name) for name in self.params})


def _unknown(name: str) -> str:
    if name == "number":
        return "99999"
    if name == "client_id":
        return "nobody-000000000000"
    return str(uuid.uuid4())


class World:
    """KIRS's system (every scope) and the others a scenario may need, with their records."""

    def __init__(
        self, http: TestClient, connection: Connection, auditor: dict[str, str], witness: Witness
    ) -> None:
        self.http = http
        self.connection = connection
        self.auditor = auditor
        self.witness = witness

    def request(self, method: str, template: str, call: Call) -> httpx.Response:
        path = template.format(**call.params)
        return self.http.request(
            method,
            path,
            json=call.json,
            params=call.query,
            headers=call.headers,
            data=call.form,
            auth=call.auth,
            content=call.content,
        )

    def created(self, path: str, body: Any, headers: dict[str, str] | None = None) -> str:
        response = self.http.post(path, json=body, headers=headers or {})
        assert response.status_code == 201, response.text
        return str(response.json()["id"] if "id" in response.json() else response.json())

    @cached_property
    def kirs(self) -> ClientCredentials:
        """The credentials behind ``http``'s token (found again by a fresh registration)."""
        return register_client(self.connection)

    @cached_property
    def person(self) -> str:
        return self.created("/v1/persons", person_body())

    @cached_property
    def person_jmbg(self) -> str:
        return str(self.http.get(f"/v1/persons/{self.person}").json()["jmbg"])

    @cached_property
    def household(self) -> str:
        child = self.created("/v1/persons", child_body())
        members = [
            {"person_id": self.person, "relationship": "head"},
            {"person_id": child, "relationship": "child", "guardian_id": self.person},
        ]
        return self.created("/v1/households", {"municipality": "vranje", "members": members})

    @cached_property
    def return_event(self) -> str:
        return self.created("/v1/return-events", return_event_body(person_id=self.person))

    @cached_property
    def needs_assessment(self) -> str:
        return self.created("/v1/needs-assessments", needs_body(person_id=self.person))

    @cached_property
    def consent(self) -> str:
        return self.created("/v1/consents", self.consent_body())

    def consent_body(self) -> dict[str, Any]:
        return {
            "person_id": self.person,
            "grantees": ["nes"],
            "purposes": ["employment_services"],
            "categories": ["identity", "employment"],
            "evidence": CONSENT_EVIDENCE,
            "notice_language": "sr-Latn",
        }

    @cached_property
    def legal_basis(self) -> str:
        return self.created("/v1/admin/legal-bases", self.legal_basis_body())

    def legal_basis_body(self) -> dict[str, Any]:
        return {
            "agency": "kirs",
            "purpose": "reception",
            "categories": ["identity"],
            "citation": "Zakon o upravljanju migracijama, čl. 10",
        }

    @cached_property
    def emergency_caller(self) -> dict[str, str]:
        credentials = register_client(
            self.connection, scopes=["returnees:read"], purposes=["emergency_protection"]
        )
        return bearer(secret_token(self.http, credentials, purpose="emergency_protection"))

    @cached_property
    def approver(self) -> dict[str, str]:
        credentials = register_client(
            self.connection,
            agency="csw",
            scopes=["consents:write"],
            purposes=["social_protection"],
        )
        return bearer(secret_token(self.http, credentials, purpose="social_protection"))

    def emergency_body(self) -> dict[str, Any]:
        return {
            "person_id": self.person,
            "categories": ["identity"],
            "justification": "A child at risk at the border crossing tonight",
        }

    @cached_property
    def emergency(self) -> str:
        return self.created("/v1/emergency-access", self.emergency_body(), self.emergency_caller)

    @cached_property
    def secret_client(self) -> str:
        return register_client(self.connection, agency="nes").client_id

    @cached_property
    def key_client(self) -> str:
        return self.witness.client_id

    @cached_property
    def checkpoint(self) -> str:
        response = self.http.post("/v1/audit/checkpoints", headers=self.auditor)
        assert response.status_code == 201, response.text
        return str(response.json()["number"])

    def statement(self) -> str:
        return str(self.http.get(f"/v1/audit/checkpoints/{self.checkpoint}").json()["statement"])

    def new_client_body(self) -> dict[str, Any]:
        return {
            "agency": "iom",
            "display_name": "IOM case management",
            "scopes": ["returnees:read"],
            "purposes": ["avrr_assistance"],
        }

    def jwks(self) -> dict[str, Any]:
        return {"jwks": {"keys": [self.witness.key.as_dict(private=False) | {"kid": "nes-2"}]}}


def made(record_id: str) -> dict[str, str]:
    """Nothing to add to a query; naming the record makes the scenario create it first."""
    assert record_id
    return {}


def return_event() -> dict[str, str]:
    return {
        "modality": "readmission",
        "return_date": "2025-05-14",
        "country_from": "DE",
        "entry_point": "bel_airport_readmission",
        "registering_agency": "kirs",
    }


def needs() -> dict[str, object]:
    return {
        "assessed_on": "2025-05-20",
        "assessed_by": "csw",
        "needs": [{"domain": "housing", "severity": "high"}],
    }
