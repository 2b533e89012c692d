"""Referrals to IOM: idempotent delivery and the status history, through the simulator."""

import datetime as dt
from collections.abc import Callable

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import AdapterRejected, RecordNotFound
from adapters.simulation import AgencyPerson
from gateway.schema.agency import PersonIdentity, ReferralDelivery
from tests.adapters.iom.conftest import Connect

pytestmark = pytest.mark.anyio


def referral(referral_id: str = "0195a4c2-6f1e-7c3a-9b7d-2f4e8a1c5d90") -> ReferralDelivery:
    return ReferralDelivery(
        referral_id=referral_id,
        from_agency="kirs",
        service="reintegration_counselling",
        priority="high",
        due_date=dt.date(2030, 1, 31),
        needs=["housing", "employment"],
        person=PersonIdentity(given_name="Љубиша", family_name="Ђорђевић", birth_date="1984"),
        municipality="vranje",
    )


async def received(http: httpx.AsyncClient) -> list[dict[str, object]]:
    answer: list[dict[str, object]] = (await http.get("/_admin/referrals")).json()["referrals"]
    return answer


async def act(http: httpx.AsyncClient, reference: str, action: str, **detail: object) -> int:
    return (await http.post(f"/_admin/referrals/{reference}/{action}", json=detail)).status_code


async def test_the_same_key_twice_makes_one_referral(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        first = await adapter.send_referral(referral(), idempotency_key="delivery-1")
        second = await adapter.send_referral(referral(), idempotency_key="delivery-1")
        stored = await received(http)
    assert (first.duplicate, second.duplicate) == (False, True)
    assert first.agency_reference == second.agency_reference
    assert first.agency_reference.startswith("RS-REF-")
    assert len(stored) == 1
    assert stored[0]["idempotencyKey"] == "delivery-1"


async def test_iom_receives_the_referral_in_its_own_form(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        await adapter.send_referral(referral(), idempotency_key="delivery-2")
        request = (await received(http))[0]["request"]
    assert isinstance(request, dict)
    assert request["referringOrganization"] == "KIRS"
    assert (request["priority"], request["needs"]) == ("HIGH", ["HOUSING", "EMPLOYMENT"])
    assert request["beneficiary"]["firstName"] == "Ljubiša"
    assert request["beneficiary"]["localNames"]["lastName"] == "Ђорђевић"
    assert request["beneficiary"]["dateOfBirthPrecision"] == "YEAR"
    assert request["destination"] == {"municipality": "Vranje"}


async def test_a_key_reused_for_another_referral_is_refused(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        await adapter.send_referral(referral(), idempotency_key="delivery-3")
        with pytest.raises(AdapterRejected, match="idempotency_key_reused"):
            await adapter.send_referral(referral("another"), idempotency_key="delivery-3")
        assert len(await received(http)) == 1


async def test_a_referral_for_a_case_iom_does_not_have_is_refused(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    known = referral().model_copy(update={"local_id": people[0].local_id})
    unknown = referral().model_copy(update={"local_id": "RS-AVRR-1999-9999"})
    async with connect(simulator) as (adapter, http):
        await adapter.send_referral(known, idempotency_key="delivery-known")
        with pytest.raises(AdapterRejected, match="unknown_case"):
            await adapter.send_referral(unknown, idempotency_key="delivery-unknown")
        stored = await received(http)
    assert [entry["request"]["caseId"] for entry in stored] == [people[0].local_id]  # type: ignore[index]


async def test_the_status_history_follows_iom_s_case_worker(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        receipt = await adapter.send_referral(referral(), idempotency_key="delivery-4")
        reference = receipt.agency_reference
        assert await adapter.referral_updates(reference) == []
        assert await act(http, reference, "accept") == 200
        assert await act(http, reference, "start") == 200
        assert await act(http, reference, "complete", service_delivered=True) == 200
        updates = await adapter.referral_updates(reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert {update.referral_id for update in updates} == {referral().referral_id}
    assert {update.agency_reference for update in updates} == {reference}
    assert updates[-1].service_delivered is True
    assert [u.occurred_at for u in updates] == sorted(u.occurred_at for u in updates)


async def test_a_rejection_carries_its_reason_and_illegal_moves_are_refused(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, http):
        reference = (await adapter.send_referral(referral(), idempotency_key="k5")).agency_reference
        assert await act(http, reference, "start") == 409
        assert await act(http, reference, "reject", reason="Not eligible: no EU return") == 200
        assert await act(http, reference, "accept") == 409
        assert await act(http, reference, "dance") == 404
        assert await act(http, "RS-REF-1999-00001", "accept") == 404
        updates = await adapter.referral_updates(reference)
    assert [(u.status, u.reason) for u in updates] == [("rejected", "Not eligible: no EU return")]


async def test_referrals_progress_by_themselves_when_asked_to(
    make_simulator: Callable[..., Starlette], connect: Connect
) -> None:
    simulator = make_simulator(auto_progress_seconds=0.05)
    async with connect(simulator) as (adapter, _):
        reference = (await adapter.send_referral(referral(), idempotency_key="k6")).agency_reference
        await anyio.sleep(0.2)
        updates = await adapter.referral_updates(reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert updates[-1].service_delivered is True


async def test_an_unknown_referral_is_record_not_found(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, _):
        with pytest.raises(RecordNotFound):
            await adapter.referral_updates("RS-REF-1999-00001")
