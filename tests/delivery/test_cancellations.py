"""A referral the sender withdraws is withdrawn at the receiving agency too, through the outbox."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from adapters.base import AdapterRejected, AdapterUnavailable
from gateway.config import Settings
from gateway.schema.agency import ReferralDelivery, ReferralReceipt
from tests.delivery.fakes import FakeAgency, drain
from tests.referrals.helpers import consented_referral

REASON = {"status": "cancelled", "reason": "the family moved to Niš"}


def cancel(client: TestClient, referral_id: str) -> None:
    response = client.post(f"/v1/referrals/{referral_id}/transitions", json=REASON)
    assert response.status_code == 200, response.text


def jobs(client: TestClient, kind: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = client.get(
        "/v1/admin/deliveries", params={"kind": kind}
    ).json()["items"]
    return found


def test_a_delivered_referral_withdrawn_by_the_sender_is_withdrawn_at_the_agency(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    referral = consented_referral(client)
    drain(connection, {"nes": nes}, settings)
    cancel(client, referral["id"])
    assert drain(connection, {"nes": nes}, settings) == 1
    key = f"cancellation-{referral['id']}"
    withdrawal = nes.cancelled[key]
    assert withdrawal.referral_id == referral["id"]
    assert withdrawal.agency_reference == "UP-2026-000001"
    assert withdrawal.reason == REASON["reason"]
    [job] = jobs(client, "cancellation")
    assert (job["status"], job["agency"], job["attempts"]) == ("delivered", "nes", 1)
    assert client.get(f"/v1/referrals/{referral['id']}").json()["status"] == "cancelled"


def test_a_referral_withdrawn_before_its_delivery_is_never_sent(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    referral = consented_referral(client)
    cancel(client, referral["id"])
    drain(connection, {"nes": nes}, settings)
    assert nes.calls == [], "neither the referral nor a withdrawal of it goes out"
    assert jobs(client, "cancellation") == []


def test_a_withdrawal_the_agency_cannot_take_is_parked_for_an_admin(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    nes = FakeAgency()
    referral = consented_referral(client)
    drain(connection, {"nes": nes}, settings)
    cancel(client, referral["id"])
    nes.cancel_failures = [
        AdapterUnavailable("nes", "503"),
        AdapterRejected("nes", "u_realizaciji"),
    ]
    drain(connection, {"nes": nes}, settings)
    [job] = jobs(client, "cancellation")
    assert (job["status"], job["attempts"]) == ("dead", 2), "retried, then refused for good"
    assert job["last_error_class"] == "AdapterRejected"


def test_a_withdrawal_that_overtook_the_delivery_follows_it(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    referral = consented_referral(client)

    class CancelledMeanwhile(FakeAgency):
        async def send_referral(
            self, delivery: ReferralDelivery, *, idempotency_key: str
        ) -> ReferralReceipt:
            cancel(client, delivery.referral_id)  # the sender withdraws it while it travels
            return await super().send_referral(delivery, idempotency_key=idempotency_key)

    nes = CancelledMeanwhile()
    drain(connection, {"nes": nes}, settings)
    assert list(nes.cancelled) == [f"cancellation-{referral['id']}"]
    assert nes.cancelled[f"cancellation-{referral['id']}"].agency_reference == "UP-2026-000001"
    after = client.get(f"/v1/referrals/{referral['id']}").json()
    assert (after["status"], after["agency_reference"]) == ("cancelled", "UP-2026-000001")


def test_only_the_sender_withdraws(
    client: TestClient,
    connection: Connection,
    settings: Settings,
    agency: Callable[..., dict[str, str]],
) -> None:
    referral = consented_referral(client)
    drain(connection, {"nes": FakeAgency()}, settings)
    nes = agency("nes", "referral_handling", ("referrals:read", "referrals:write"))
    response = client.post(f"/v1/referrals/{referral['id']}/transitions", json=REASON, headers=nes)
    assert response.status_code == 403
    assert jobs(client, "cancellation") == []
