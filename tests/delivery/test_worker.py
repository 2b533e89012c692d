"""The worker against a fake agency: delivered once, retried, dead-lettered, re-driven, stopped."""

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from adapters.base import AdapterRejected, AdapterTimeout, AdapterUnavailable
from gateway.audit.models import AuditEntry
from gateway.config import Settings
from gateway.delivery.settings import DeliverySettings
from tests.delivery.fakes import FAST, FakeAgency, drain, job_of, run_once
from tests.referrals.helpers import (
    audit_actions,
    consented_referral,
    create_referral,
    grant,
    register_person,
    revoke,
    rows,
)


def test_a_referral_is_delivered_with_its_idempotency_key(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    referral = consented_referral(client)
    assert drain(connection, {"nes": nes}, settings) == 1
    key = f"referral-{referral['id']}"
    assert list(nes.received) == [key]
    delivered = nes.received[key]
    assert delivered.referral_id == referral["id"]
    assert delivered.from_agency == "kirs"
    assert delivered.service == "employment_counselling"
    after = client.get(f"/v1/referrals/{referral['id']}").json()
    assert after["status"] == "delivered"
    assert after["agency_reference"] == "UP-2026-000001"
    assert after["delivery"]["status"] == "delivered"
    assert after["history"][-1]["source"] == "delivery"
    job = job_of(client, referral["id"])
    assert job["attempts"] == 1
    assert [attempt["outcome"] for attempt in job["attempt_log"]] == ["delivered"]
    disclosed = rows(connection, AuditEntry, AuditEntry.action == "referral.delivered")  # type: ignore[arg-type]
    assert disclosed[0].categories_returned == ["identity", "needs"]
    assert drain(connection, {"nes": nes}, settings) == 0, "nothing is delivered twice"


def test_failures_are_retried_until_delivered(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.failures = [AdapterUnavailable("nes", "503"), AdapterTimeout("nes", "no answer")]
    referral = consented_referral(client)
    assert drain(connection, {"nes": nes}, settings) == 3
    job = job_of(client, referral["id"])
    assert job["status"] == "delivered"
    assert [a["outcome"] for a in job["attempt_log"]] == ["failed", "failed", "delivered"]
    assert [a["error_class"] for a in job["attempt_log"]] == [
        "AdapterUnavailable",
        "AdapterTimeout",
        None,
    ]


def test_a_failure_waits_for_its_backoff(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.failures = [AdapterUnavailable("nes", "503")]
    referral = consented_referral(client)
    slow = FAST.model_copy(update={"backoff_base_seconds": 60, "backoff_cap_seconds": 60})
    before = dt.datetime.now(dt.UTC)
    assert run_once(connection, {"nes": nes}, settings, slow) == 1
    job = job_of(client, referral["id"])
    assert job["status"] == "pending"
    assert dt.datetime.fromisoformat(job["available_at"]) >= before
    assert dt.datetime.fromisoformat(job["available_at"]) <= before + dt.timedelta(seconds=61)
    assert job["claimed_by"] is None


def test_a_job_that_always_fails_ends_dead_and_is_redriven_after_the_fix(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.always = AdapterUnavailable("nes", "503 Service Unavailable")
    referral = consented_referral(client)
    drain(connection, {"nes": nes}, settings)
    job = job_of(client, referral["id"])
    assert (job["status"], job["attempts"]) == ("dead", FAST.max_attempts)
    assert job["last_error_class"] == "AdapterUnavailable"
    dead = client.get("/v1/admin/deliveries", params={"status": "dead"}).json()["items"]
    assert [item["id"] for item in dead] == [job["id"]]
    assert "referral.delivery_dead" in audit_actions(connection)
    assert client.get(f"/v1/referrals/{referral['id']}").json()["status"] == "submitted"
    nes.always = None  # the agency is fixed
    redriven = client.post(f"/v1/admin/deliveries/{job['id']}/redrive")
    assert redriven.status_code == 200, redriven.text
    assert redriven.json()["status"] == "pending"
    assert redriven.json()["max_attempts"] == job["attempts"] + DeliverySettings().max_attempts
    assert drain(connection, {"nes": nes}, settings) == 1
    assert job_of(client, referral["id"])["status"] == "delivered"
    assert client.get(f"/v1/referrals/{referral['id']}").json()["status"] == "delivered"
    assert len(nes.received) == 1


def test_a_refusal_by_the_agency_is_dead_at_once(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.always = AdapterRejected("nes", "422 NEISPRAVAN_UPUT")
    referral = consented_referral(client)
    assert drain(connection, {"nes": nes}, settings) == 1
    job = job_of(client, referral["id"])
    assert (job["status"], job["attempts"]) == ("dead", 1)


def test_bulk_redrive_after_an_outage(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.always = AdapterUnavailable("nes", "down")
    referrals = [consented_referral(client) for _ in range(3)]
    drain(connection, {"nes": nes}, settings)
    nes.always = None
    response = client.post("/v1/admin/deliveries/redrive", json={"agency": "nes"})
    assert response.json() == {"redriven": 3}
    assert drain(connection, {"nes": nes}, settings) == 3
    assert {f"referral-{referral['id']}" for referral in referrals} == set(nes.received)


def test_a_revoked_consent_stops_the_delivery(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    person = register_person(client)
    consent = grant(client, person, "nes")
    referral = create_referral(client, person)
    revoke(client, consent)
    assert drain(connection, {"nes": nes}, settings) == 1
    assert nes.calls == [], "no request is sent"
    job = job_of(client, referral["id"])
    assert job["status"] == "blocked_by_consent"
    assert job["attempt_log"][0]["outcome"] == "blocked_by_consent"
    blocked = rows(connection, AuditEntry, AuditEntry.action == "referral.delivery_blocked")  # type: ignore[arg-type]
    assert blocked[0].decision == "deny"
    assert blocked[0].categories_withheld == ["identity", "needs"]
    listed = client.get("/v1/admin/deliveries", params={"status": "blocked_by_consent"})
    assert [item["id"] for item in listed.json()["items"]] == [job["id"]]
    grant(client, person, "nes")
    assert client.post(f"/v1/admin/deliveries/{job['id']}/redrive").status_code == 200
    assert drain(connection, {"nes": nes}, settings) == 1
    assert job_of(client, referral["id"])["status"] == "delivered"


def test_a_cancelled_referral_is_not_delivered(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    referral = consented_referral(client)
    cancelled = client.post(
        f"/v1/referrals/{referral['id']}/transitions",
        json={"status": "cancelled", "reason": "sent by mistake"},
    )
    assert cancelled.status_code == 200
    drain(connection, {"nes": nes}, settings)
    assert nes.calls == []
    assert job_of(client, referral["id"])["status"] == "stopped"


def test_a_retry_storm_is_stopped_by_job_and_by_agency(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.always = AdapterUnavailable("nes", "503")
    storm = DeliverySettings.model_validate(FAST.model_dump() | {"max_attempts": 1000})
    referral = consented_referral(client)
    run_once(connection, {"nes": nes}, settings, storm)
    run_once(connection, {"nes": nes}, settings, storm)
    job = job_of(client, referral["id"])
    stop = client.post(f"/v1/admin/deliveries/{job['id']}/stop", json={"reason": "NES is down"})
    assert stop.status_code == 200
    assert stop.json()["status"] == "stopped"
    calls = len(nes.calls)
    assert run_once(connection, {"nes": nes}, settings, storm) == 0
    assert len(nes.calls) == calls
    other = consented_referral(client)
    pause = client.put("/v1/admin/delivery-pauses/nes", json={"reason": "NES maintenance"})
    assert pause.status_code == 200
    assert client.get("/v1/admin/delivery-pauses").json()[0]["agency"] == "nes"
    assert run_once(connection, {"nes": nes}, settings, storm) == 0, "a paused agency waits"
    nes.always = None
    assert client.delete("/v1/admin/delivery-pauses/nes").status_code == 204
    assert drain(connection, {"nes": nes}, settings, storm) == 1
    assert job_of(client, other["id"])["status"] == "delivered"
    assert (
        client.post(f"/v1/admin/deliveries/{job['id']}/stop", json={"reason": "again"}).status_code
        == 409
    )


def test_a_redriven_job_starts_its_backoff_again_from_the_base(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    nes.always = AdapterUnavailable("nes", "503")
    many = FAST.model_copy(update={"max_attempts": 12})
    referral = consented_referral(client)
    drain(connection, {"nes": nes}, settings, many)
    job = job_of(client, referral["id"])
    assert (job["status"], job["attempts"]) == ("dead", 12)
    client.app.state.delivery_settings = many  # type: ignore[attr-defined]
    assert client.post(f"/v1/admin/deliveries/{job['id']}/redrive").status_code == 200
    slow = many.model_copy(update={"backoff_base_seconds": 60, "backoff_cap_seconds": 86_400})
    before = dt.datetime.now(dt.UTC)
    assert run_once(connection, {"nes": nes}, settings, slow) == 1
    retry_at = dt.datetime.fromisoformat(job_of(client, referral["id"])["available_at"])
    assert retry_at <= before + dt.timedelta(seconds=61), "the first retry after a re-drive"
