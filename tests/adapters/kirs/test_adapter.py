"""The KIRS adapter against the simulated readmission service, for each interface method."""

import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import AdapterAuthFailure, AdapterRejected, RecordNotFound
from adapters.configured import build_adapters, simulator_factory
from adapters.kirs import KirsAdapter, create_adapter
from tests.adapters.kirs.support import admin, cancellation, connected, kirs_people, referral


@pytest.mark.anyio
async def test_a_seeded_person_is_fetched_with_the_gateways_names_and_ids(
    simulator: Starlette,
) -> None:
    person = kirs_people()[0]
    async with connected(simulator) as adapter:
        record = await adapter.fetch_record(person.local_id)
    assert record.identity is not None
    assert record.identity.given_name == person.member.person.given_name
    assert record.identity.family_name == person.member.person.family_name
    assert record.identity.jmbg == person.member.person.jmbg
    assert record.reception is not None
    assert record.reception.modality == "readmission"
    assert record.reception.country_from == person.household.return_event.country_from
    assert record.reception.intended_municipality == person.household.municipality
    assert {relative.local_id for relative in record.household or []} == {
        next(i.local_id for i in relative.person.agency_ids if i.agency == "kirs")
        for relative in person.relatives
    }


@pytest.mark.anyio
async def test_every_seeded_record_translates(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        for person in kirs_people()[::7]:
            record = await adapter.fetch_record(person.local_id)
            assert record.local_id == person.local_id


@pytest.mark.anyio
async def test_an_unknown_reception_number_is_record_not_found(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        with pytest.raises(RecordNotFound, match="PRIJEM_NE_POSTOJI"):
            await adapter.fetch_record("KIRS-1999-000001")


@pytest.mark.anyio
async def test_wrong_credentials_are_an_auth_failure(simulator: Starlette) -> None:
    async with connected(simulator, password="not-the-secret") as adapter:
        with pytest.raises(AdapterAuthFailure, match="FailedAuthentication"):
            await adapter.fetch_record(kirs_people()[0].local_id)
    async with connected(simulator, username="someone-else") as adapter:
        with pytest.raises(AdapterAuthFailure):
            await adapter.search(jmbg="0101990710040")


@pytest.mark.anyio
async def test_search_by_jmbg_finds_the_person(simulator: Starlette) -> None:
    person = next(p for p in kirs_people() if p.member.person.jmbg)
    async with connected(simulator) as adapter:
        found = await adapter.search(jmbg=person.member.person.jmbg)
        nobody = await adapter.search(jmbg="0101990710040")
    assert [record.local_id for record in found] == [person.local_id]
    assert nobody == []


@pytest.mark.anyio
async def test_kirs_refuses_a_search_by_name_or_a_bad_jmbg(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        with pytest.raises(AdapterRejected, match="no search by name"):
            await adapter.search(family_name="Станковић")
        with pytest.raises(AdapterRejected, match="needs a JMBG"):
            await adapter.search()
        with pytest.raises(AdapterRejected, match="NEISPRAVAN_JMBG") as raised:
            await adapter.search(jmbg="0101990710041")
    assert not isinstance(raised.value, RecordNotFound)


@pytest.mark.anyio
async def test_the_same_key_twice_makes_one_referral(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        first = await adapter.send_referral(referral(), idempotency_key="key-1")
        again = await adapter.send_referral(referral(), idempotency_key="key-1")
        other = await adapter.send_referral(referral(), idempotency_key="key-2")
    async with admin(simulator) as http:
        received = (await http.get("/_admin/referrals")).json()
    assert (first.duplicate, again.duplicate, other.duplicate) == (False, True, False)
    assert again.agency_reference == first.agency_reference != other.agency_reference
    assert [item["identifikatorZahteva"] for item in received] == ["key-1", "key-2"]
    assert received[0]["posiljalac"] == "центар за социјални рад"


@pytest.mark.anyio
async def test_a_referral_moves_through_its_statuses(simulator: Starlette) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        number = receipt.agency_reference
        assert await adapter.referral_updates(number) == []
        for action in ("accept", "start"):
            assert (await http.post(f"/_admin/referrals/{number}/{action}")).status_code == 200
        body = {"service_delivered": True, "reason": "Додељен грађевински материјал"}
        done = await http.post(f"/_admin/referrals/{number}/complete", json=body)
        assert done.status_code == 200
        late = await http.post(f"/_admin/referrals/{number}/reject")
        updates = await adapter.referral_updates(number)
    assert late.status_code == 409
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert {update.referral_id for update in updates} == {"7f1c2a9e-referral"}
    assert updates[-1].service_delivered is True
    assert updates[-1].reason == "Додељен грађевински материјал"


@pytest.mark.anyio
async def test_a_rejected_referral_says_why(simulator: Starlette) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        path = f"/_admin/referrals/{receipt.agency_reference}/reject"
        await http.post(path, json={"reason": "Није у надлежности"})
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [(update.status, update.reason) for update in updates] == [
        ("rejected", "Није у надлежности")
    ]


@pytest.mark.anyio
async def test_an_unknown_referral_number_is_record_not_found(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        with pytest.raises(RecordNotFound, match="UPUT_NE_POSTOJI"):
            await adapter.referral_updates("UP-2020-999999")


@pytest.mark.anyio
async def test_a_cancelled_referral_is_withdrawn_at_kirs_with_its_reason(
    simulator: Starlette,
) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        number = receipt.agency_reference
        await http.post(f"/_admin/referrals/{number}/accept")
        await adapter.cancel_referral(cancellation(number), idempotency_key="cancel-1")
        listed = (await http.get("/_admin/referrals")).json()
        updates = await adapter.referral_updates(number)
    assert [(item["brojUputa"], item["status"]) for item in listed] == [(number, "сторниран")]
    withdrawn = listed[0]["promene"][-1]
    assert (withdrawn["status"], withdrawn["razlog"]) == ("сторниран", "Породица се одселила у Ниш")
    assert listed[0]["storno"] == {
        "identifikatorZahteva": "cancel-1",
        "vremeStorniranja": "04.03.2025. 10:30",
    }
    assert [update.status for update in updates] == ["accepted"]  # the withdrawal is ours


@pytest.mark.anyio
async def test_cancelling_twice_is_harmless_and_recorded_once(simulator: Starlette) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        withdrawal = cancellation(receipt.agency_reference)
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-1")
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-1")
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-2")
        listed = (await http.get("/_admin/referrals")).json()
    assert [change["status"] for change in listed[0]["promene"]] == ["примљен", "сторниран"]
    assert listed[0]["storno"]["identifikatorZahteva"] == "cancel-1"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("actions", "status"),
    [
        (("accept", "start"), "у обради"),
        (("accept", "start", "complete"), "реализован"),
        (("reject",), "одбијен"),
    ],
    ids=["started", "completed", "rejected"],
)
async def test_a_referral_whose_work_started_or_ended_cannot_be_cancelled(
    simulator: Starlette, actions: tuple[str, ...], status: str
) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        number = receipt.agency_reference
        for action in actions:
            assert (await http.post(f"/_admin/referrals/{number}/{action}")).status_code == 200
        with pytest.raises(AdapterRejected, match="UPUT_SE_NE_MOZE_STORNIRATI") as raised:
            await adapter.cancel_referral(cancellation(number), idempotency_key="cancel-1")
        listed = (await http.get("/_admin/referrals")).json()
    assert not isinstance(raised.value, RecordNotFound)
    assert [(item["status"], "storno" in item) for item in listed] == [(status, False)]


@pytest.mark.anyio
async def test_cancelling_an_unknown_referral_is_record_not_found(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        with pytest.raises(RecordNotFound, match="UPUT_NE_POSTOJI"):
            await adapter.cancel_referral(
                cancellation("UP-2020-999999"), idempotency_key="cancel-1"
            )


@pytest.mark.anyio
async def test_a_cancellation_naming_another_senders_referral_is_refused(
    simulator: Starlette,
) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        withdrawal = cancellation(receipt.agency_reference, referral_id="another-referral")
        with pytest.raises(AdapterRejected, match="NEISPRAVAN_ZAHTEV") as raised:
            await adapter.cancel_referral(withdrawal, idempotency_key="cancel-1")
        listed = (await http.get("/_admin/referrals")).json()
    assert not isinstance(raised.value, RecordNotFound)
    assert "BrojUputaPosiljaoca" in str(raised.value)
    assert listed[0]["status"] == "примљен"


@pytest.mark.anyio
async def test_the_registry_builds_the_kirs_adapter_and_simulator() -> None:
    async with httpx.AsyncClient() as http:
        adapters = build_adapters({"kirs": "adapters.kirs"}, http)
        assert isinstance(adapters["kirs"], KirsAdapter)
        assert isinstance(create_adapter(http), KirsAdapter)
    assert simulator_factory({"kirs": "adapters.kirs"}, "kirs").__name__ == "create_simulator"
