"""Notifications to the referring agency: through the outbox, signed, to an allowed callback."""

from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.config import Settings
from gateway.delivery.settings import DeliverySettings
from tests.conftest import Headers
from tests.delivery.fakes import FAST, FakeAgency, drain, job_of
from tests.delivery.receiver import Receiver, receiver
from tests.referrals.helpers import consented_referral

ALLOWED = FAST.model_copy(update={"callback_hosts": "kirs=127.0.0.1"})


@pytest.fixture
def hook(client: TestClient) -> Iterator[Receiver]:
    """A KIRS receiver on loopback, subscribed to KIRS's referrals."""
    client.app.state.delivery_settings = ALLOWED  # type: ignore[attr-defined]
    with receiver() as found:
        response = client.post("/v1/referral-subscriptions", json={"callback_url": found.url})
        assert response.status_code == 201, response.text
        assert response.headers["Cache-Control"] == "no-store"
        found.secret = response.json()["secret"]
        yield found


def test_status_changes_reach_the_sender_signed(
    client: TestClient,
    connection: Connection,
    settings: Settings,
    hook: Receiver,
    agency: Callable[..., Headers],
) -> None:
    referral = consented_referral(client)
    drain(connection, {"nes": FakeAgency()}, settings, ALLOWED)
    nes = agency("nes", "referral_handling", ("referrals:read", "referrals:write"))
    accepted = client.post(
        f"/v1/referrals/{referral['id']}/transitions", json={"status": "accepted"}, headers=nes
    )
    assert accepted.status_code == 200
    drain(connection, {"nes": FakeAgency()}, settings, ALLOWED)
    assert [item.accepted for item in hook.received] == [True, True]
    statuses = [note["referral"]["status"] for note in hook.accepted]
    assert statuses == ["delivered", "accepted"]
    first = hook.accepted[0]
    assert first["type"] == "referral.status_changed"
    assert first["referral"]["id"] == referral["id"]
    assert first["referral"]["previous_status"] == "submitted"
    assert "person" not in str(first), "no personal data travels in a notification"
    jobs = client.get("/v1/admin/deliveries", params={"kind": "notification"}).json()["items"]
    assert {job["status"] for job in jobs} == {"delivered"}


def test_a_replayed_or_tampered_notification_is_refused(
    client: TestClient, connection: Connection, settings: Settings, hook: Receiver
) -> None:
    consented_referral(client)
    drain(connection, {"nes": FakeAgency()}, settings, ALLOWED)
    [original] = hook.received
    assert original.accepted
    replayed = httpx.post(hook.url, content=original.body, headers=original.headers)
    assert replayed.status_code == 401
    assert "ReplayedNotification" in (hook.received[-1].refusal or "")
    tampered = original.body.replace(b'"delivered"', b'"completed"')
    forged = httpx.post(hook.url, content=tampered, headers=original.headers)
    assert forged.status_code == 401
    assert "does not match" in (hook.received[-1].refusal or "")


def test_a_callback_that_fails_is_retried(
    client: TestClient, connection: Connection, settings: Settings, hook: Receiver
) -> None:
    right = hook.secret
    hook.secret = "whsec_wrong"  # the receiver answers 401 until it has the right secret
    referral = consented_referral(client)
    drain(connection, {"nes": FakeAgency()}, settings, ALLOWED)
    jobs = client.get("/v1/admin/deliveries", params={"kind": "notification"}).json()["items"]
    assert [(job["status"], job["attempts"]) for job in jobs] == [("dead", FAST.max_attempts)]
    assert job_of(client, referral["id"])["status"] == "delivered"
    hook.secret = right
    assert client.post(f"/v1/admin/deliveries/{jobs[0]['id']}/redrive").status_code == 200
    drain(connection, {"nes": FakeAgency()}, settings, ALLOWED)
    assert [note["referral"]["status"] for note in hook.accepted] == ["delivered"]


def test_subscriptions_go_only_to_allowed_hosts(client: TestClient) -> None:
    client.app.state.delivery_settings = DeliverySettings(callback_hosts="kirs=hooks.kirs.gov.rs")  # type: ignore[attr-defined]
    for url, reason in [
        ("https://evil.example.com/hook", "allow-list"),
        ("http://hooks.kirs.gov.rs/hook", "https"),
        ("http://127.0.0.1:9/hook", "allow-list"),
        ("https://169.254.169.254/hook", "allow-list"),
    ]:
        response = client.post("/v1/referral-subscriptions", json={"callback_url": url})
        assert response.status_code == 422, url
        assert reason in response.json()["errors"][0]["message"]
    created = client.post(
        "/v1/referral-subscriptions", json={"callback_url": "https://hooks.kirs.gov.rs/r"}
    )
    assert created.status_code == 201
    listed = client.get("/v1/referral-subscriptions").json()
    assert [item["id"] for item in listed] == [created.json()["id"]]
    assert "secret" not in listed[0]
    assert client.delete(f"/v1/referral-subscriptions/{created.json()['id']}").status_code == 204
    assert client.get("/v1/referral-subscriptions").json() == []


def test_a_subscription_off_port_443_needs_the_port_on_the_allow_list(client: TestClient) -> None:
    url = "https://hooks.kirs.gov.rs:8443/r"
    for hosts, status in (("kirs=hooks.kirs.gov.rs", 422), ("kirs=hooks.kirs.gov.rs:8443", 201)):
        client.app.state.delivery_settings = DeliverySettings(callback_hosts=hosts)  # type: ignore[attr-defined]
        response = client.post("/v1/referral-subscriptions", json={"callback_url": url})
        assert response.status_code == status, response.text
    assert [item["callback_url"] for item in client.get("/v1/referral-subscriptions").json()] == [
        url
    ]
