"""The sender's withdrawal of a referral to IOM: the native body, and the simulator's answers."""

import datetime as dt
import json
from collections.abc import Callable
from zoneinfo import ZoneInfo

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import AdapterRejected, InvalidNativePayload, RecordNotFound
from adapters.iom import IomAdapter
from adapters.iom.config import DEVELOPMENT_CLIENT_ID, DEVELOPMENT_CLIENT_SECRET
from adapters.iom.native import ReferralStatus
from adapters.iom.referral_mapping import cancellation_to_native, updates_from_native
from gateway.schema.agency import ReferralCancellation
from tests.adapters.iom.conftest import Connect
from tests.adapters.iom.test_referrals import act, referral

REASON = "The returnee moved to Germany again"
WITHDRAWN_AT = dt.datetime(2025, 3, 11, 10, 30, tzinfo=ZoneInfo("Europe/Belgrade"))


def cancellation(agency_reference: str, referral_id: str | None = None) -> ReferralCancellation:
    return ReferralCancellation(
        referral_id=referral_id or referral().referral_id,
        agency_reference=agency_reference,
        reason=REASON,
        cancelled_at=WITHDRAWN_AT,
    )


async def stored(http: httpx.AsyncClient, reference: str) -> dict[str, object]:
    everything = (await http.get("/_admin/referrals")).json()["referrals"]
    found: dict[str, object] = next(r for r in everything if r["referralId"] == reference)
    return found


def statuses(document: dict[str, object]) -> list[object]:
    history = document["statusHistory"]
    assert isinstance(history, list)
    return [entry["status"] for entry in history]


async def sent(adapter: IomAdapter, key: str) -> str:
    return (await adapter.send_referral(referral(), idempotency_key=key)).agency_reference


def test_the_native_body_names_the_sender_s_id_and_the_moment_in_utc() -> None:
    native = cancellation_to_native(cancellation("RS-REF-2025-00042"))
    assert native.to_json() == {
        "externalReferenceId": referral().referral_id,
        "reason": REASON,
        "cancelledAt": "2025-03-11T09:30:00Z",
    }


def test_a_cancelled_entry_in_the_history_is_not_an_update() -> None:
    status = ReferralStatus.model_validate(
        {
            "referralId": "RS-REF-2025-00042",
            "externalReferenceId": "r-1",
            "status": "CANCELLED",
            "receivedAt": "2025-03-11T09:00:00Z",
            "statusHistory": [
                {"status": "RECEIVED", "changedAt": "2025-03-11T09:00:00Z"},
                {"status": "ACCEPTED", "changedAt": "2025-03-11T09:10:00Z"},
                {"status": "CANCELLED", "changedAt": "2025-03-11T09:30:00Z", "reason": REASON},
            ],
        }
    )
    assert [update.status for update in updates_from_native(status)] == ["accepted"]


def test_a_pushed_cancellation_is_not_an_update() -> None:
    change = {
        "referralId": "RS-REF-2025-00042",
        "externalReferenceId": "r-1",
        "status": "CANCELLED",
        "changedAt": "2025-03-11T09:30:00Z",
    }
    body = {
        "eventId": "evt_1",
        "eventType": "referral.status_changed",
        "occurredAt": "2025-03-11T09:30:00Z",
        "referral": change,
    }
    with pytest.raises(InvalidNativePayload, match="cannot be translated"):
        IomAdapter(httpx.AsyncClient()).parse_event(json.dumps(body).encode(), "application/json")


@pytest.mark.anyio
async def test_the_adapter_withdraws_the_referral_at_iom(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c1")
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-c1")
        document = await stored(http, reference)
        updates = await adapter.referral_updates(reference)
    assert document["status"] == "CANCELLED"
    assert statuses(document) == ["RECEIVED", "CANCELLED"]
    assert document["statusHistory"][-1]["reason"] == REASON  # type: ignore[index]
    assert document["cancellation"] == {
        "externalReferenceId": referral().referral_id,
        "reason": REASON,
        "cancelledAt": "2025-03-11T09:30:00Z",
        "idempotencyKey": "cancel-c1",
    }
    assert updates == []


@pytest.mark.anyio
async def test_updates_after_a_cancellation_hold_no_cancelled_entry(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c2")
        assert await act(http, reference, "accept") == 200
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-c2")
        updates = await adapter.referral_updates(reference)
        assert statuses(await stored(http, reference)) == ["RECEIVED", "ACCEPTED", "CANCELLED"]
    assert [update.status for update in updates] == ["accepted"]


@pytest.mark.anyio
async def test_cancelling_twice_is_harmless(simulator: Starlette, connect: Connect) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c3")
        withdrawal = cancellation(reference)
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-c3")
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-c3")
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-c3-again")
        document = await stored(http, reference)
    assert statuses(document) == ["RECEIVED", "CANCELLED"]
    assert document["cancellation"]["idempotencyKey"] == "cancel-c3"  # type: ignore[index]


@pytest.mark.anyio
async def test_a_repeated_key_is_answered_as_a_replay(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c4")
        token = (
            await http.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(DEVELOPMENT_CLIENT_ID, DEVELOPMENT_CLIENT_SECRET),
            )
        ).json()["access_token"]
        path = f"/api/referrals/{reference}/cancellation"
        body = cancellation_to_native(cancellation(reference)).to_json()
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "cancel-c4"}
        first = await http.post(path, json=body, headers=headers)
        again = await http.post(path, json=body, headers=headers)
        other = await http.post(path, json=body | {"reason": "other"}, headers=headers)
        unsigned = await http.post(path, json=body, headers={"Idempotency-Key": "cancel-c4b"})
        keyless = await http.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert (first.status_code, first.json()["status"]) == (200, "CANCELLED")
    assert "Idempotent-Replayed" not in first.headers
    assert (again.status_code, again.headers["Idempotent-Replayed"]) == (200, "true")
    assert (other.status_code, other.json()["error"]) == (422, "idempotency_key_reused")
    assert (unsigned.status_code, unsigned.json()["error"]) == (401, "invalid_token")
    assert (keyless.status_code, keyless.json()["error"]) == (400, "idempotency_key_required")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("actions", "status"),
    [
        (("accept", "start"), "IN_PROGRESS"),
        (("accept", "complete"), "COMPLETED"),
        (("reject",), "REJECTED"),
    ],
)
async def test_a_referral_whose_work_started_or_ended_cannot_be_withdrawn(
    simulator: Starlette, connect: Connect, actions: tuple[str, ...], status: str
) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c5")
        for action in actions:
            assert await act(http, reference, action) == 200
        with pytest.raises(AdapterRejected, match="409 illegal_transition") as refused:
            await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-c5")
        document = await stored(http, reference)
    assert not isinstance(refused.value, RecordNotFound)
    assert document["status"] == status
    assert "CANCELLED" not in statuses(document)


@pytest.mark.anyio
async def test_an_unknown_referral_is_record_not_found(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, _):
        with pytest.raises(RecordNotFound):
            await adapter.cancel_referral(
                cancellation("RS-REF-1999-00001"), idempotency_key="cancel-c6"
            )


@pytest.mark.anyio
async def test_another_sender_s_id_is_refused(simulator: Starlette, connect: Connect) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c7")
        with pytest.raises(AdapterRejected, match="external_reference_mismatch"):
            await adapter.cancel_referral(
                cancellation(reference, referral_id="someone-else"), idempotency_key="cancel-c7"
            )
        assert (await stored(http, reference))["status"] == "RECEIVED"


@pytest.mark.anyio
async def test_a_cancelled_referral_is_final_for_iom_s_case_workers(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        reference = await sent(adapter, "delivery-c8")
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-c8")
        answers = [await act(http, reference, action) for action in ("accept", "reject", "start")]
        assert answers == [409, 409, 409]
        assert await act(http, reference, "complete", service_delivered=True) == 409
        assert statuses(await stored(http, reference)) == ["RECEIVED", "CANCELLED"]


@pytest.mark.anyio
async def test_automatic_progress_leaves_a_cancelled_referral_alone(
    make_simulator: Callable[..., Starlette], connect: Connect
) -> None:
    simulator = make_simulator(auto_progress_seconds=0.25)
    async with connect(simulator) as (adapter, http):
        cancelled = await sent(adapter, "delivery-c9")
        await adapter.cancel_referral(cancellation(cancelled), idempotency_key="cancel-c9")
        untouched = await adapter.send_referral(referral("other"), idempotency_key="c9b")
        await anyio.sleep(0.9)
        updates = await adapter.referral_updates(cancelled)
        document = await stored(http, cancelled)
        moved_on = await adapter.referral_updates(untouched.agency_reference)
    assert updates == []
    assert statuses(document) == ["RECEIVED", "CANCELLED"]
    assert [update.status for update in moved_on] == ["accepted", "in_progress", "completed"]
