"""Who may record, change and approve: no agency grants itself access to a returnee."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from tests.audit.helpers import entries
from tests.conftest import Headers
from tests.consent.conftest import Family, consent_body
from tests.consent.test_emergency import ask

WRITE = ("returnees:read", "consents:read", "consents:write")


def created(response: object) -> dict[str, object]:
    assert getattr(response, "status_code", None) == 201, getattr(response, "text", response)
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    return body


def test_an_agency_with_no_tie_cannot_grant_itself_access(
    client: TestClient, agency: Callable[..., Headers], family: Family, connection: Connection
) -> None:
    nes = agency("nes", "employment_services", WRITE)
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 404
    invented = consent_body(person_id=family.head, grantees=["nes"])
    response = client.post("/v1/consents", json=invented, headers=nes)
    assert response.status_code == 403
    assert "no relationship" in response.json()["detail"]
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 404
    assert entries(connection, action="consent.created") == []


def test_the_refusal_is_the_same_for_a_subject_that_does_not_exist(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    nes = agency("nes", "employment_services", WRITE)
    real = client.post("/v1/consents", json=consent_body(person_id=family.head), headers=nes)
    missing = "0190f5e4-0000-7000-8000-000000000000"
    made_up = client.post("/v1/consents", json=consent_body(person_id=missing), headers=nes)
    assert (real.status_code, real.json()) == (made_up.status_code, made_up.json())


def test_the_registering_agency_records_and_a_self_grant_needs_a_checkable_document(
    client: TestClient, agency: Callable[..., Headers], family: Family, connection: Connection
) -> None:
    kirs = agency("kirs", "reintegration_planning", WRITE)
    mine = consent_body(person_id=family.head, grantees=["kirs"], categories=["health"])
    evidence = dict(mine["evidence"])  # type: ignore[call-overload]
    no_paper = mine | {"evidence": {key: evidence[key] for key in ("recorded_by", "channel")}}
    refused = client.post("/v1/consents", json=no_paper, headers=kirs)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == "body.evidence.document_reference"
    consent = created(client.post("/v1/consents", json=mine, headers=kirs))
    [entry] = entries(connection, action="consent.created")
    assert entry["detail"]["self_grant"] is True
    assert entry["detail"]["consent"] == consent["id"]
    for_others = created(
        client.post("/v1/consents", json=consent_body(person_id=family.head), headers=kirs)
    )
    flags = [
        row["detail"].get("self_grant") for row in entries(connection, action="consent.created")
    ]
    assert flags == [True, None], for_others


def test_a_grantee_of_a_consent_in_force_and_a_legal_basis_holder_have_a_tie(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    created(client.post("/v1/consents", json=consent_body(person_id=family.head)))
    nes = agency("nes", "employment_services", WRITE)
    for_iom = consent_body(person_id=family.head, grantees=["iom"], purposes=["avrr_assistance"])
    created(client.post("/v1/consents", json=for_iom, headers=nes))
    iom = agency("iom", "avrr_assistance", WRITE)
    for_partner = consent_body(person_id=family.partner, grantees=["iom"])
    assert client.post("/v1/consents", json=for_partner, headers=iom).status_code == 403
    basis = {
        "agency": "iom",
        "purpose": "avrr_assistance",
        "categories": ["identity"],
        "citation": "Agreement on assisted voluntary return, art. 4",
    }
    assert client.post("/v1/admin/legal-bases", json=basis).status_code == 201
    created(client.post("/v1/consents", json=for_partner, headers=iom))


def test_the_guardian_authority_consents_for_a_child_never_for_an_adult(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    csw = agency("csw", "social_protection", WRITE)
    adult = consent_body(person_id=family.head, given_by_authority="csw")
    assert client.post("/v1/consents", json=adult, headers=csw).status_code == 422
    household = consent_body(household_id=family.household, given_by_authority="csw")
    created(client.post("/v1/consents", json=household, headers=csw))
    nes = agency("nes", "employment_services", ("returnees:read",))
    assert client.get(f"/v1/persons/{family.child}", headers=nes).status_code == 200
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 404


def test_a_grantee_cannot_widen_the_consent_it_depends_on(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    consent = created(
        client.post(
            "/v1/consents", json=consent_body(person_id=family.head, grantees=["iom", "nes"])
        )
    )
    path = f"/v1/consents/{consent['id']}"
    nes = agency("nes", "employment_services", WRITE) | {"If-Match": '"1"'}
    wider = {
        "purposes": ["employment_services", "reintegration_planning"],
        "categories": ["health"],
    }
    response = client.patch(path, json=wider, headers=nes)
    assert response.status_code == 403
    assert client.patch(path, json={"grantees": ["nes"]}, headers=nes).status_code == 403
    assert client.get(path).json()["version"] == 1


def test_a_grantee_may_give_up_its_own_grant(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    consent = created(
        client.post(
            "/v1/consents", json=consent_body(person_id=family.head, grantees=["iom", "nes"])
        )
    )
    nes = agency("nes", "employment_services", WRITE)
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 200
    path = f"/v1/consents/{consent['id']}"
    given_up = client.patch(path, json={"grantees": ["iom"]}, headers=nes | {"If-Match": '"1"'})
    assert given_up.status_code == 200
    assert given_up.json()["grantees"] == ["iom"]
    assert client.get(f"/v1/persons/{family.head}", headers=nes).status_code == 404


def test_the_recorder_only_narrows_and_a_wider_consent_is_a_new_one(
    client: TestClient, agency: Callable[..., Headers], family: Family, connection: Connection
) -> None:
    kirs = agency("kirs", "reintegration_planning", WRITE)
    consent = created(
        client.post("/v1/consents", json=consent_body(person_id=family.head), headers=kirs)
    )
    path = f"/v1/consents/{consent['id']}"
    new_paper = {"recorded_by": "Milica", "channel": "signed_form", "document_reference": "K-2"}
    wider = {"categories": ["employment", "health", "identity"], "evidence": new_paper}
    refused = client.patch(path, json=wider, headers=kirs | {"If-Match": '"1"'})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"location": "body.categories", "message": "adds health"}]
    longer = client.patch(path, json={"valid_until": None}, headers=kirs | {"If-Match": '"1"'})
    assert longer.status_code == 200, "no end date already: nothing is extended"
    narrower = client.patch(
        path, json={"categories": ["identity"]}, headers=kirs | {"If-Match": '"2"'}
    )
    assert narrower.status_code == 200
    admin = agency("gateway", "administration", ("admin", "consents:read", "consents:write"))
    by_admin = client.patch(
        path, json={"purposes": ["reception"]}, headers=admin | {"If-Match": '"3"'}
    )
    assert by_admin.status_code == 422
    client.patch(
        path, json={"grantees": ["nes"], "evidence": new_paper}, headers=admin | {"If-Match": '"3"'}
    )
    changed = entries(connection, action="consent.changed")
    assert [row["detail"].get("changed_as") for row in changed] == [None, None, "admin"]


def test_emergency_access_is_approved_by_another_agency_never_the_asking_one(
    client: TestClient, agency: Callable[..., Headers], family: Family
) -> None:
    asker = agency("csw", "emergency_protection", ("returnees:read",))
    request = ask(client, asker, family.child)
    decision = f"/v1/emergency-access/{request['id']}/decision"
    colleague = agency("csw", "social_protection", ("consents:write",))
    assert client.post(decision, json={"approve": True}, headers=colleague).status_code == 403
    csw_admin = agency("csw", "administration", ("admin", "consents:write"))
    assert client.post(decision, json={"approve": True}, headers=csw_admin).status_code == 403
    assert client.get(f"/v1/persons/{family.child}", headers=asker).status_code == 404
    officer = agency("kirs", "reintegration_planning", ("consents:write",))
    approved = client.post(decision, json={"approve": True}, headers=officer)
    assert approved.status_code == 200
    assert client.get(f"/v1/persons/{family.child}", headers=asker).status_code == 200
