"""Generated from the route table: every operation writes exactly the audit entries it should.

``EXPECTED`` names, for every operation of the published spec, the entries a successful call
writes and how to make one. An operation without an expectation fails
``test_every_operation_has_an_expectation``: add one when you add a route. Refused calls are
generated for every ``/v1`` operation (no token: 401; a token lacking the route's scope: 403;
a path naming nothing: 404; a throttled client: 429); each writes exactly one
``request.refused`` entry with its status. Conflicts (409, 412, 428) are in ``CONFLICTS``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.config import Settings
from gateway.main import create_app
from tests.audit.conftest import Witness
from tests.audit.helpers import entries_of
from tests.audit.world import Call, World, made, needs, return_event
from tests.auth_helpers import ALL_SCOPES, bearer, register_client, secret_token
from tests.factories import person_body
from tests.referrals.audit_scenarios import ROUTES as REFERRAL_ROUTES

SPEC = create_app(Settings()).openapi()
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SPEC["paths"].items()
    for method, operation in methods.items()
]
REFUSED = ("request.refused",)
SAMPLES = Path(__file__).parent.parent / "adapters"
KIRS_RECEPTION = (SAMPLES / "kirs/samples/obavestenje_o_prijemu.xml").read_bytes()
IF_MATCH = {"If-Match": '"1"'}


@dataclass(frozen=True)
class Expect:
    """What a successful call writes (action names, in order), and how to make one."""

    success: tuple[str, ...]
    call: Callable[[World], Call]
    status: int = 200
    gap: str | None = None
    missing: int | None = 404
    """What a call naming records that do not exist is answered (None: it cannot name any)."""
    """Why the operation does not write what it should yet (the test is then a strict xfail)."""


def _plain(world: World) -> Call:
    return Call()


def _auditor(world: World) -> Call:
    return Call(headers=world.auditor)


EXPECTED: dict[tuple[str, str], Expect] = {
    ("POST", "/oauth/token"): Expect(
        ("token.issued",),
        lambda w: Call(
            form={
                "grant_type": "client_credentials",
                "scope": "returnees:read purpose:reintegration_planning",
            },
            auth=(w.kirs.client_id, w.kirs.client_secret or ""),
        ),
    ),
    ("GET", "/oauth/jwks"): Expect((), _plain),
    ("GET", "/.well-known/oauth-authorization-server"): Expect((), _plain),
    ("POST", "/v1/persons"): Expect(("person.created",), lambda w: Call(json=person_body()), 201),
    ("GET", "/v1/persons"): Expect(("person.read",), lambda w: Call(query={"jmbg": w.person_jmbg})),
    ("GET", "/v1/persons/{person_id}"): Expect(
        ("person.read",), lambda w: Call({"person_id": w.person})
    ),
    ("PATCH", "/v1/persons/{person_id}"): Expect(
        ("person.changed",),
        lambda w: Call({"person_id": w.person}, {"municipality": "novi-sad"}, headers=IF_MATCH),
    ),
    ("GET", "/v1/persons/{person_id}/record"): Expect(
        ("person.federated_read",), lambda w: Call({"person_id": w.person})
    ),
    ("POST", "/v1/households"): Expect(
        ("household.created",),
        lambda w: Call(json={"members": [{"person_id": w.person, "relationship": "head"}]}),
        201,
    ),
    ("GET", "/v1/households"): Expect(
        ("household.read",), lambda w: Call(query={"municipality": "vranje"} | made(w.household))
    ),
    ("GET", "/v1/households/{household_id}"): Expect(
        ("household.read",), lambda w: Call({"household_id": w.household})
    ),
    ("PATCH", "/v1/households/{household_id}"): Expect(
        ("household.changed",),
        lambda w: Call({"household_id": w.household}, {"no_fixed_address": True}, headers=IF_MATCH),
    ),
    ("POST", "/v1/return-events"): Expect(
        ("return_event.created",),
        lambda w: Call(json={"person_id": w.person, **return_event()}),
        201,
    ),
    ("GET", "/v1/return-events"): Expect(
        ("return_event.read",),
        lambda w: Call(query={"person_id": w.person} | made(w.return_event)),
    ),
    ("GET", "/v1/return-events/{event_id}"): Expect(
        ("return_event.read",), lambda w: Call({"event_id": w.return_event})
    ),
    ("PATCH", "/v1/return-events/{event_id}"): Expect(
        ("return_event.changed",),
        lambda w: Call({"event_id": w.return_event}, {"country_from": "SE"}, headers=IF_MATCH),
    ),
    ("POST", "/v1/needs-assessments"): Expect(
        ("needs_assessment.created",),
        lambda w: Call(json={"person_id": w.person, **needs()}),
        201,
    ),
    ("GET", "/v1/needs-assessments"): Expect(
        ("needs_assessment.read",),
        lambda w: Call(query={"person_id": w.person} | made(w.needs_assessment)),
    ),
    ("GET", "/v1/needs-assessments/{assessment_id}"): Expect(
        ("needs_assessment.read",), lambda w: Call({"assessment_id": w.needs_assessment})
    ),
    ("PATCH", "/v1/needs-assessments/{assessment_id}"): Expect(
        ("needs_assessment.changed",),
        lambda w: Call(
            {"assessment_id": w.needs_assessment}, {"assessed_by": "nes"}, headers=IF_MATCH
        ),
    ),
    ("POST", "/v1/consents"): Expect(
        ("consent.created",), lambda w: Call(json=w.consent_body()), 201
    ),
    ("GET", "/v1/consents"): Expect(
        ("consent.read",),
        lambda w: Call(query={"person_id": w.person} | made(w.consent)),
    ),
    ("GET", "/v1/consents/{consent_id}"): Expect(
        ("consent.read",),
        lambda w: Call({"consent_id": w.consent}),
    ),
    ("PATCH", "/v1/consents/{consent_id}"): Expect(
        ("consent.changed",),
        lambda w: Call({"consent_id": w.consent}, {"categories": ["identity"]}, headers=IF_MATCH),
    ),
    ("POST", "/v1/consents/{consent_id}/revoke"): Expect(
        ("consent.revoked",),
        lambda w: Call({"consent_id": w.consent}, {"reason": "the returnee asked to withdraw"}),
    ),
    ("GET", "/v1/consents/{consent_id}/history"): Expect(
        ("consent.read",),
        lambda w: Call({"consent_id": w.consent}),
    ),
    ("GET", "/v1/consents/{consent_id}/receipt"): Expect(
        ("consent.read",),
        lambda w: Call({"consent_id": w.consent}),
    ),
    ("POST", "/v1/admin/legal-bases"): Expect(
        ("legal_basis.created",), lambda w: Call(json=w.legal_basis_body()), 201
    ),
    ("GET", "/v1/admin/legal-bases"): Expect((), _plain),
    ("GET", "/v1/admin/legal-bases/{basis_id}"): Expect(
        (), lambda w: Call({"basis_id": w.legal_basis})
    ),
    ("PATCH", "/v1/admin/legal-bases/{basis_id}"): Expect(
        ("legal_basis.changed",),
        lambda w: Call({"basis_id": w.legal_basis}, {"status": "repealed"}, headers=IF_MATCH),
    ),
    ("POST", "/v1/emergency-access"): Expect(
        ("emergency.requested",),
        lambda w: Call(json=w.emergency_body(), headers=w.emergency_caller),
        201,
    ),
    ("GET", "/v1/emergency-access"): Expect((), _plain),
    ("POST", "/v1/emergency-access/{access_id}/decision"): Expect(
        ("emergency.approved",),
        lambda w: Call({"access_id": w.emergency}, {"approve": True}, headers=w.approver),
    ),
    ("POST", "/v1/inbound/{agency}"): Expect(
        ("person.created", "household.created", "return_event.created", "inbound.applied"),
        lambda w: Call(
            {"agency": "kirs"}, content=KIRS_RECEPTION, headers={"content-type": "text/xml"}
        ),
        201,
        missing=None,
    ),
    ("GET", "/v1/inbound/{agency}/rejected"): Expect(
        (), lambda w: Call({"agency": "kirs"}), missing=None
    ),
    ("GET", "/v1/code-lists"): Expect((), _plain),
    ("GET", "/v1/code-lists/{name}"): Expect((), lambda w: Call({"name": "purposes"})),
    ("POST", "/v1/admin/clients"): Expect(
        ("client.created",), lambda w: Call(json=w.new_client_body()), 201
    ),
    ("GET", "/v1/admin/clients"): Expect((), _plain),
    ("GET", "/v1/admin/clients/{client_id}"): Expect(
        (), lambda w: Call({"client_id": w.secret_client})
    ),
    ("PATCH", "/v1/admin/clients/{client_id}"): Expect(
        ("client.changed",),
        lambda w: Call({"client_id": w.secret_client}, {"display_name": "NES"}, headers=IF_MATCH),
    ),
    ("POST", "/v1/admin/clients/{client_id}/secret"): Expect(
        ("client.secret_rotated",), lambda w: Call({"client_id": w.secret_client})
    ),
    ("PUT", "/v1/admin/clients/{client_id}/jwks"): Expect(
        ("client.keys_replaced",), lambda w: Call({"client_id": w.key_client}, w.jwks())
    ),
    ("GET", "/v1/audit/events"): Expect(("audit.query",), _auditor),
    ("GET", "/v1/audit/export"): Expect(("audit.export",), _auditor),
    ("GET", "/v1/audit/verify"): Expect(("audit.verified",), _auditor),
    ("GET", "/v1/audit/subjects/{person_id}/report"): Expect(
        ("audit.subject_report",), lambda w: Call({"person_id": w.person}, headers=w.auditor)
    ),
    ("GET", "/v1/audit/checkpoints"): Expect((), _plain),
    ("POST", "/v1/audit/checkpoints"): Expect(("audit.checkpoint_created",), _auditor, 201),
    ("GET", "/v1/audit/checkpoints/{number}"): Expect((), lambda w: Call({"number": w.checkpoint})),
    ("GET", "/v1/audit/checkpoints/{number}/export"): Expect(
        (), lambda w: Call({"number": w.checkpoint})
    ),
    ("POST", "/v1/audit/checkpoints/{number}/witness"): Expect(
        ("audit.checkpoint_witnessed",),
        lambda w: Call(
            {"number": w.checkpoint},
            {"signature": w.witness.countersign(w.statement())},
            headers=w.witness.headers,
        ),
        201,
    ),
}

EXPECTED |= {key: Expect(**fields) for key, fields in REFERRAL_ROUTES.items()}

CONFLICTS: list[tuple[str, str, Callable[[World], Call], int]] = [
    (
        "PATCH",
        "/v1/persons/{person_id}",
        lambda w: Call({"person_id": w.person}, {"sex": "male"}, headers={"If-Match": '"9"'}),
        412,
    ),
    ("PATCH", "/v1/persons/{person_id}", lambda w: Call({"person_id": w.person}, {}), 428),
    (
        "POST",
        "/v1/persons",
        lambda w: Call(json=person_body(jmbg=w.person_jmbg)),
        409,
    ),
    (
        "POST",
        "/v1/admin/clients/{client_id}/secret",
        lambda w: Call({"client_id": w.key_client}),
        409,
    ),
    (
        "PATCH",
        "/v1/admin/clients/{client_id}",
        lambda w: Call({"client_id": w.secret_client}, {"status": "active"}),
        428,
    ),
]


@pytest.fixture
def world(
    client: TestClient, connection: Connection, auditor: dict[str, str], witness: Witness
) -> World:
    return World(client, connection, auditor, witness)


def _id(method: str, path: str) -> str:
    return f"{method} {path}"


def _success_cases() -> list[object]:
    cases = []
    for (method, path), expected in EXPECTED.items():
        marks = [pytest.mark.xfail(strict=True, reason=expected.gap)] if expected.gap else []
        cases.append(pytest.param(method, path, expected, marks=marks, id=_id(method, path)))
    return cases


def test_every_operation_has_an_expectation() -> None:
    missing = sorted(_id(m, p) for m, p, _ in OPERATIONS if (m, p) not in EXPECTED)
    assert missing == [], f"add what these operations write to EXPECTED: {missing}"
    stale = sorted(_id(*key) for key in EXPECTED if key not in {(m, p) for m, p, _ in OPERATIONS})
    assert stale == [], f"these operations are gone: {stale}"


@pytest.mark.parametrize(("method", "path", "expected"), _success_cases())
def test_a_successful_call_writes_exactly_its_entries(
    world: World, connection: Connection, method: str, path: str, expected: Expect
) -> None:
    call = expected.call(world)
    response = world.request(method, path, call)
    assert response.status_code == expected.status, response.text
    written = entries_of(connection, response.headers["request-id"])
    actions = [action for action, _, _ in written]
    assert actions == list(expected.success), f"{method} {path} wrote {actions}"
    assert {(decision, status) for _, decision, status in written} <= {("permit", expected.status)}


V1 = [(m, p) for m, p, _ in OPERATIONS if p.startswith("/v1/")]
SCOPED = [
    (m, p, sorted(requirement["agencyClient"]))
    for m, p, operation in OPERATIONS
    for requirement in operation.get("security", [])
    if requirement.get("agencyClient")
]
WITH_IDS = [
    (m, p)
    for m, p in V1
    if "{" in p and (m, p) in EXPECTED and EXPECTED[(m, p)].missing is not None
]
"""Operations whose path names records (those without an expectation fail the test above)."""


def _refused(connection: Connection, response: object, status: int) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    request_id = response.headers["request-id"]  # type: ignore[attr-defined]
    assert entries_of(connection, request_id) == [("request.refused", "deny", status)]


@pytest.mark.parametrize(("method", "path"), V1, ids=[_id(*operation) for operation in V1])
def test_a_call_without_a_token_writes_one_refusal(
    anonymous: TestClient, connection: Connection, method: str, path: str
) -> None:
    call = Call(params=dict.fromkeys(_parameters(path), "x")).unknown()
    response = anonymous.request(
        method, path.format(**call.params), json={} if method != "GET" else None
    )
    _refused(connection, response, 401)


@pytest.mark.parametrize(
    ("method", "path", "scopes"), SCOPED, ids=[_id(m, p) for m, p, _ in SCOPED]
)
def test_a_token_lacking_the_scope_writes_one_refusal(
    anonymous: TestClient, connection: Connection, method: str, path: str, scopes: list[str]
) -> None:
    credentials = register_client(connection)
    token = secret_token(anonymous, credentials, scopes=sorted(set(ALL_SCOPES) - set(scopes)))
    call = Call(params=dict.fromkeys(_parameters(path), "x")).unknown()
    response = anonymous.request(
        method,
        path.format(**call.params),
        headers=bearer(token),
        json={} if method != "GET" else None,
    )
    _refused(connection, response, 403)


@pytest.mark.parametrize(
    ("method", "path"), WITH_IDS, ids=[_id(*operation) for operation in WITH_IDS]
)
def test_a_path_naming_nothing_writes_one_refusal(
    world: World, connection: Connection, method: str, path: str
) -> None:
    call = EXPECTED[(method, path)].call(world).unknown()
    _refused(connection, world.request(method, path, call), 404)


@pytest.mark.parametrize(("method", "path", "build", "status"), CONFLICTS)
def test_a_conflicting_call_writes_one_refusal(
    world: World,
    connection: Connection,
    method: str,
    path: str,
    build: Callable[[World], Call],
    status: int,
) -> None:
    _refused(connection, world.request(method, path, build(world)), status)


@pytest.mark.parametrize(("method", "path"), V1, ids=[_id(*operation) for operation in V1])
def test_a_throttled_call_writes_one_refusal(
    settings: Settings, connection: Connection, method: str, path: str
) -> None:
    app = create_app(settings.model_copy(update={"api_rate_limit": "1/minute"}), bind=connection)
    with TestClient(app) as http:
        http.headers.update(bearer(secret_token(http, register_client(connection))))
        concrete = path.format(
            **Call(params=dict.fromkeys(_parameters(path), "x")).unknown().params
        )
        body = {} if method != "GET" else None
        http.request(method, concrete, json=body)
        _refused(connection, http.request(method, concrete, json=body), 429)


def _parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]
