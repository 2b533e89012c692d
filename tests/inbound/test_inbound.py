"""Events agency systems push: applied once, replays answered alike, bad payloads kept."""

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from httpx2 import Response

from tests.conftest import Headers
from tests.factories import person_body
from tests.referrals.helpers import consented_referral

SAMPLES = Path(__file__).parent.parent / "adapters"
KIRS_RECEPTION = (SAMPLES / "kirs/samples/obavestenje_o_prijemu.xml").read_bytes()
NES_REGISTRATION = (SAMPLES / "nes/samples/dogadjaj-prijava-na-evidenciju.json").read_bytes()
CSW_DECISION = (SAMPLES / "csw/samples/dogadjaj_resenje.json").read_bytes()
WRITE = ("returnees:write", "returnees:read")
REFERRAL_PUSH = ("returnees:write", "referrals:read", "referrals:write")


def iom_status_changed(referral_id: str, changed_at: str, event_id: str) -> bytes:
    """IOM's ``referral.status_changed`` push: the referral accepted at ``changed_at``."""
    event = {
        "eventId": event_id,
        "eventType": "referral.status_changed",
        "occurredAt": "2025-01-01T10:00:05Z",
        "referral": {
            "referralId": "RS-REF-2025-00042",
            "externalReferenceId": referral_id,
            "status": "ACCEPTED",
            "changedAt": changed_at,
        },
    }
    return json.dumps(event).encode()


def push(
    client: TestClient, agency: str, body: bytes, headers: Headers, content_type: str
) -> Response:
    return client.post(
        f"/v1/inbound/{agency}", content=body, headers=headers | {"content-type": content_type}
    )


def test_a_kirs_reception_registers_the_person_household_and_return(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    kirs = agency("kirs", "reception", WRITE)
    response = push(client, "kirs", KIRS_RECEPTION, kirs, "text/xml; charset=utf-8")
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["status"] == "applied"
    assert result["person_created"] is True
    person = client.get(f"/v1/persons/{result['person_id']}", headers=kirs).json()
    assert person["family_name"] == "Ramadanović"
    assert {"agency": "kirs", "local_id": "KIRS-2025-000311"} in person["agency_ids"]
    events = client.get(
        "/v1/return-events", params={"household_id": result["household_id"]}, headers=kirs
    ).json()["items"]
    assert [(event["modality"], event["country_from"]) for event in events] == [
        ("readmission", "HR")
    ]


def test_a_replay_returns_the_first_result_and_changes_nothing(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    kirs = agency("kirs", "reception", WRITE)
    first = push(client, "kirs", KIRS_RECEPTION, kirs, "text/xml")
    again = push(client, "kirs", KIRS_RECEPTION, kirs, "text/xml")
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    found = client.get("/v1/persons", params={"name": "Ramadanović"}, headers=kirs).json()["items"]
    assert len(found) == 1


def test_a_malformed_payload_is_422_naming_the_problem_and_kept(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    nes = agency("nes", "employment_services", WRITE)
    broken = json.loads(NES_REGISTRATION)
    broken.pop("eventId", None)
    broken.pop("idDogadjaja", None)
    response = push(client, "nes", json.dumps(broken).encode() + b"}", nes, "application/json")
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["problems"]
    kept = client.get("/v1/inbound/nes/rejected").json()
    assert [item["id"] for item in kept] == [problem["inbound_id"]]
    assert kept[0]["payload"].endswith("}}")


def test_an_entity_bomb_is_refused_and_kept(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    kirs = agency("kirs", "reception", WRITE)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>'
    )
    response = push(client, "kirs", bomb, kirs, "text/xml")
    assert response.status_code == 422


def test_a_nes_registration_registers_or_links_the_job_seeker(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    nes = agency("nes", "employment_services", WRITE)
    registered = push(client, "nes", NES_REGISTRATION, nes, "application/json")
    assert registered.status_code == 201, registered.text
    assert registered.json()["kind"] == "registration"


def test_a_csw_decision_links_to_the_person_the_gateway_knows(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    csw = agency("csw", "social_protection", WRITE)
    unknown = push(client, "csw", CSW_DECISION, csw, "application/json")
    assert unknown.status_code == 422
    assert "does not know" in unknown.json()["problems"][0]
    case = {"agency": "csw", "local_id": "СЦР-beograd-zemun-2026-0166"}
    person = client.post("/v1/persons", json=person_body(agency_ids=[case])).json()
    decided = push(client, "csw", CSW_DECISION, csw, "application/json")
    assert decided.status_code == 201, decided.text
    assert decided.json()["person_id"] == person["id"]
    assert decided.json()["person_created"] is False


def test_an_agency_pushes_only_as_itself(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    nes = agency("nes", "employment_services", WRITE)
    assert push(client, "kirs", KIRS_RECEPTION, nes, "text/xml").status_code == 403


def test_an_iom_report_without_a_utc_offset_is_422_and_kept(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    referral = consented_referral(
        client, "iom", service="reintegration_grant", needs=["employment", "housing"]
    )
    iom = agency("iom", "referral_handling", REFERRAL_PUSH)
    naive = iom_status_changed(referral["id"], "2025-01-01T10:00:00", "evt_naive")
    response = push(client, "iom", naive, iom, "application/json")
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert any(entry.startswith("referral.changedAt:") for entry in problem["problems"])
    kept = client.get("/v1/inbound/iom/rejected").json()
    assert [item["id"] for item in kept] == [problem["inbound_id"]]
    assert client.get(f"/v1/referrals/{referral['id']}").json()["status"] == "submitted"
    aware = iom_status_changed(referral["id"], "2025-01-01T10:00:00+01:00", "evt_aware")
    accepted = push(client, "iom", aware, iom, "application/json")
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["applied"] == ["accepted"]


def test_a_payload_with_a_nul_byte_is_422_and_kept_escaped(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    kirs = agency("kirs", "reception", WRITE)
    payload = KIRS_RECEPTION.replace(b"Ramadanovi", b"Rama\x00danovi")
    response = push(client, "kirs", payload, kirs, "text/xml")
    assert response.status_code == 422, response.text
    kept = client.get("/v1/inbound/kirs/rejected").json()
    assert [item["id"] for item in kept] == [response.json()["inbound_id"]]
    assert "Rama\\x00danovi" in kept[0]["payload"]


def test_an_event_holding_a_nul_is_422_kept_and_applies_nothing(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    nes = agency("nes", "employment_services", WRITE)
    payload = NES_REGISTRATION.replace(b'"NSZ-640017252"', b'"NSZ-640\\u0000017252"')
    response = push(client, "nes", payload, nes, "application/json")
    assert response.status_code == 422, response.text
    assert any("event.record.local_id" in problem for problem in response.json()["problems"])
    kept = client.get("/v1/inbound/nes/rejected").json()
    assert [item["id"] for item in kept] == [response.json()["inbound_id"]]
    assert client.get("/v1/persons", params={"name": "Stojanović"}).json()["items"] == []


def test_an_iom_report_outside_the_calendar_in_utc_is_422_and_kept(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    referral = consented_referral(
        client, "iom", service="reintegration_grant", needs=["employment", "housing"]
    )
    iom = agency("iom", "referral_handling", REFERRAL_PUSH)
    moments = {"evt_late": "9999-12-31T23:59:59-14:00", "evt_early": "0001-01-01T00:00:00+14:00"}
    for event_id, moment in moments.items():
        response = push(
            client,
            "iom",
            iom_status_changed(referral["id"], moment, event_id),
            iom,
            "application/json",
        )
        assert response.status_code == 422, response.text
    assert len(client.get("/v1/inbound/iom/rejected").json()) == 2
    assert client.get(f"/v1/referrals/{referral['id']}").json()["status"] == "submitted"
