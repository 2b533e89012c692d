"""Deliveries that meet other changes: an agency's report while its copy is on the way, an admin
re-driving or stopping a job, referrals nobody scheduled a poll for, and paused agencies."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import anyio
from fastapi.testclient import TestClient
from sqlalchemy import Connection, update
from sqlmodel import col

from gateway.audit.models import AuditEntry
from gateway.config import Settings
from gateway.db import create_session_factory
from gateway.delivery.models import DeliveryJob
from gateway.referrals import polling
from gateway.referrals.models import Referral
from gateway.schema.agency import ReferralDelivery, ReferralReceipt, ReferralUpdate
from tests.conftest import Headers
from tests.delivery.fakes import FAST, FakeAgency, drain, job_of
from tests.referrals.helpers import consented_referral, rows
from tests.referrals.test_agency_updates import NES_PUSH, nes_event, push

POLLED = FAST.model_copy(update={"status_poll_seconds": 60})


class ReportsBeforeAnswering(FakeAgency):
    """An agency whose system pushes its acceptance before it answers the delivery."""

    def __init__(self, report: Callable[[str, str], None]) -> None:
        super().__init__()
        self.report = report

    async def send_referral(
        self, referral: ReferralDelivery, *, idempotency_key: str
    ) -> ReferralReceipt:
        receipt = await super().send_referral(referral, idempotency_key=idempotency_key)
        self.report(referral.referral_id, receipt.agency_reference)
        return receipt


def test_a_copy_received_after_the_agency_reported_is_still_on_the_record(
    client: TestClient,
    connection: Connection,
    settings: Settings,
    agency: Callable[..., Headers],
) -> None:
    referral = consented_referral(client)
    nes = agency("nes", "referral_handling", NES_PUSH)

    def report(referral_id: str, reference: str) -> None:
        event = nes_event(referral_id, reference, "accepted", event_id=f"nes-{referral_id}")
        assert push(client, nes, event).status_code == 201

    assert drain(connection, {"nes": ReportsBeforeAnswering(report)}, settings) == 1
    after = client.get(f"/v1/referrals/{referral['id']}").json()
    assert [change["status"] for change in after["history"]] == [
        "submitted",
        "delivered",
        "accepted",
    ], "the worker's answer does not write delivered over the agency's acceptance"
    assert job_of(client, referral["id"])["status"] == "delivered"
    [disclosed] = _audited(connection, "referral.disclosed")
    assert disclosed.categories_returned == ["identity", "needs"]
    assert disclosed.detail["referral"] == referral["id"]


def test_a_job_being_delivered_is_not_redriven(client: TestClient, connection: Connection) -> None:
    referral = consented_referral(client)
    job = job_of(client, referral["id"])
    _claim(connection, job["id"], until=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    response = client.post(f"/v1/admin/deliveries/{job['id']}/redrive")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "worker-a" in response.json()["detail"]
    _claim(connection, job["id"], until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert client.post(f"/v1/admin/deliveries/{job['id']}/redrive").status_code == 200


def test_a_stopped_job_keeps_no_payload_and_a_redrive_sends_it_whole(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    referral = consented_referral(client)
    job = job_of(client, referral["id"])
    stopped = client.post(f"/v1/admin/deliveries/{job['id']}/stop", json={"reason": "wait"})
    assert stopped.status_code == 200
    [row] = rows(connection, DeliveryJob, col(DeliveryJob.id) == uuid.UUID(job["id"]))
    assert row.payload is None, "no personal data is kept in a parked job"
    assert client.post(f"/v1/admin/deliveries/{job['id']}/redrive").status_code == 200
    nes = FakeAgency()
    assert drain(connection, {"nes": nes}, settings) == 1
    [sent] = nes.received.values()
    assert sent.referral_id == referral["id"]
    assert sent.person is not None
    assert sent.person.family_name


def test_a_referral_without_a_poll_time_is_asked_about(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    referral = consented_referral(client)
    fake = FakeAgency()
    drain(connection, {"nes": fake}, settings)  # FAST polls never: no poll time is set
    [row] = rows(connection, Referral, col(Referral.id) == uuid.UUID(referral["id"]))
    assert row.poll_after is None
    assert row.agency_reference is not None
    fake.updates[row.agency_reference] = [_accepted(referral["id"])]
    assert _poll(connection, fake) == 1
    assert client.get(f"/v1/referrals/{referral['id']}").json()["status"] == "accepted"


def test_a_paused_agency_is_not_asked_for_news(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    referral = consented_referral(client)
    fake = FakeAgency()
    drain(connection, {"nes": fake}, settings)
    client.put("/v1/admin/delivery-pauses/nes", json={"reason": "NES maintenance"})
    assert _poll(connection, fake) == 0
    client.delete("/v1/admin/delivery-pauses/nes")
    assert _poll(connection, fake) == 1
    del referral


def test_one_unreadable_answer_does_not_cost_the_others(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    first, second = consented_referral(client), consented_referral(client)
    fake = FakeAgency()
    drain(connection, {"nes": fake}, settings)
    references = {
        made["id"]: client.get(f"/v1/referrals/{made['id']}").json()["agency_reference"]
        for made in (first, second)
    }

    class HalfBroken(FakeAgency):
        async def referral_updates(self, agency_reference: str) -> list[ReferralUpdate]:
            if agency_reference == references[first["id"]]:
                raise KeyError("a field the adapter did not expect")
            return [_accepted(second["id"])]

    assert _poll(connection, HalfBroken()) == 2
    assert client.get(f"/v1/referrals/{second['id']}").json()["status"] == "accepted"
    assert client.get(f"/v1/referrals/{first['id']}").json()["status"] == "delivered"


def _accepted(referral_id: str) -> ReferralUpdate:
    return ReferralUpdate(
        referral_id=referral_id, status="accepted", occurred_at=dt.datetime.now(dt.UTC)
    )


def _poll(connection: Connection, adapter: FakeAgency) -> int:
    factory = create_session_factory(connection)
    return anyio.run(polling.poll_once, factory, {"nes": adapter}, POLLED)


def _claim(connection: Connection, job_id: str, *, until: dt.datetime) -> None:
    connection.execute(
        update(DeliveryJob)
        .where(col(DeliveryJob.id) == uuid.UUID(job_id))
        .values(claimed_by="worker-a", claim_token=uuid.uuid4(), claimed_until=until)
    )


def _audited(connection: Connection, action: str) -> list[Any]:
    return rows(connection, AuditEntry, col(AuditEntry.action) == action)
