"""The CSW adapter against its simulator, in process: each interface method and each failure."""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import (
    AdapterAuthFailure,
    AdapterError,
    AdapterMalformedReply,
    AdapterRejected,
    AdapterTimeout,
    AdapterUnavailable,
    RecordNotFound,
)
from adapters.csw import CswAdapter, CswSettings, create_adapter, create_simulator
from adapters.simulation import AgencyPerson, Faults
from gateway.identity.names import search_keys
from gateway.schema.agency import PersonIdentity, ReferralDelivery
from tests.servers import free_port

pytestmark = pytest.mark.anyio
Connect = Callable[..., AbstractAsyncContextManager[CswAdapter]]
Admin = Callable[..., Any]


def referral_for(person: AgencyPerson, **changes: object) -> ReferralDelivery:
    """A referral from KIRS to the centre that holds the person's case."""
    who = person.member.person
    fields: dict[str, object] = {
        "referral_id": str(uuid.uuid4()),
        "from_agency": "kirs",
        "service": "social_assistance_assessment",
        "priority": "high",
        "due_date": dt.date.today() + dt.timedelta(days=14),
        "needs": ["social_protection", "housing"],
        "person": PersonIdentity(
            given_name=who.given_name, family_name=who.family_name, jmbg=who.jmbg
        ),
        "local_id": person.local_id,
        "municipality": person.household.municipality,
    }
    return ReferralDelivery.model_validate(fields | changes)


async def test_a_seeded_case_is_fetched_as_its_holders_record(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    person = people[0]
    async with connect(simulator) as adapter:
        record = await adapter.fetch_record(person.local_id)
    assert record.identity is not None
    assert record.social_benefits is not None
    assert record.local_id == person.local_id
    assert record.identity.family_name == person.member.person.family_name
    assert record.identity.jmbg == person.member.person.jmbg
    assert len(record.household or []) == len(list(person.relatives))
    assert record.social_benefits.centre == person.household.municipality


async def test_every_seeded_case_translates(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        records = [await adapter.fetch_record(person.local_id) for person in people]
    assert [record.local_id for record in records] == [person.local_id for person in people]


async def test_an_unknown_case_is_not_found(simulator: Starlette, connect: Connect) -> None:
    async with connect(simulator) as adapter:
        with pytest.raises(RecordNotFound, match="не постоји"):
            await adapter.fetch_record("СЦР-beograd-zemun-1999-0001")


async def test_a_wrong_password_is_an_auth_failure(simulator: Starlette, connect: Connect) -> None:
    async with connect(simulator, credential="not-the-password") as adapter:
        with pytest.raises(AdapterAuthFailure, match="неовлашћен"):
            await adapter.fetch_record("СЦР-beograd-zemun-2026-0166")


async def test_search_by_jmbg_finds_the_holder(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    person = next(p for p in people if p.member.person.jmbg)
    async with connect(simulator) as adapter:
        found = await adapter.search(jmbg=person.member.person.jmbg)
    assert [record.local_id for record in found] == [person.local_id]


async def test_search_by_surname_follows_cursor_pages_in_any_script(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    keys = Counter(search_keys(p.member.person.family_name)[1] for p in people)
    surname, expected = keys.most_common(1)[0]
    assert expected >= 2, "the demo population should share a surname between two cases"
    async with connect(simulator, search_page_size=1) as adapter:
        found = await adapter.search(family_name=surname.upper())
    assert len(found) == expected
    assert len({record.local_id for record in found}) == expected


async def test_a_search_stops_at_the_page_cap(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    surname = Counter(p.member.person.family_name for p in people).most_common(1)[0][0]
    async with connect(simulator, search_page_size=1, search_max_pages=1) as adapter:
        assert len(await adapter.search(family_name=surname)) == 1


async def test_a_search_without_criteria_is_refused(simulator: Starlette, connect: Connect) -> None:
    async with connect(simulator) as adapter:
        with pytest.raises(AdapterRejected):
            await adapter.search()


@pytest.mark.parametrize(
    ("faults", "error"),
    [
        (Faults(down=True), AdapterUnavailable),
        (Faults(malformed_rate=1.0), AdapterMalformedReply),
        (Faults(timeout_rate=1.0, hang_seconds=5), AdapterTimeout),
    ],
    ids=["down", "malformed", "timeout"],
)
async def test_faults_become_adapter_errors(
    store_path: str, connect: Connect, faults: Faults, error: type[AdapterError]
) -> None:
    app = create_simulator(store_path=store_path, faults=faults)
    async with connect(app, timeout_seconds=0.05) as adapter:
        with pytest.raises(error):
            await adapter.fetch_record("СЦР-beograd-zemun-2026-0166")


async def test_an_internal_error_is_retried_later(store_path: str, connect: Connect) -> None:
    app = create_simulator(store_path=store_path, faults=Faults(error_rate=1.0))
    async with connect(app) as adapter:
        with pytest.raises(AdapterError) as raised:
            await adapter.search(family_name="Чолић")
    assert type(raised.value) is AdapterUnavailable  # a 500, as ``adapters.base`` says


async def test_a_closed_port_is_unavailable() -> None:
    async with httpx.AsyncClient() as http:
        settings = CswSettings(base_url=f"http://127.0.0.1:{free_port()}", timeout_seconds=2)
        adapter = CswAdapter(http, settings)
        with pytest.raises(AdapterUnavailable):
            await adapter.fetch_record("СЦР-vranje-2025-0001")


async def test_a_case_with_a_code_csw_does_not_have_is_malformed(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    store = simulator.state.store
    case = store.get("predmeti", people[0].local_id)
    store.put("predmeti", people[0].local_id, case | {"faza": "мировање"})
    async with connect(simulator) as adapter:
        with pytest.raises(AdapterMalformedReply, match="мировање"):
            await adapter.fetch_record(people[0].local_id)


async def test_the_same_key_twice_delivers_one_referral(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    referral = referral_for(people[0])
    async with connect(simulator) as adapter:
        first = await adapter.send_referral(referral, idempotency_key="key-1")
        again = await adapter.send_referral(referral, idempotency_key="key-1")
        other = await adapter.send_referral(referral_for(people[1]), idempotency_key="key-2")
    assert (first.duplicate, again.duplicate, other.duplicate) == (False, True, False)
    assert first.agency_reference == again.agency_reference != other.agency_reference
    assert first.agency_reference.startswith("УП-")
    delivered = (await call(simulator, "GET", "/_admin/referrals")).json()["referrals"]
    assert [entry["kljuc"] for entry in delivered] == ["key-1", "key-2"]


async def test_a_key_reused_for_another_referral_is_rejected(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        await adapter.send_referral(referral_for(people[0]), idempotency_key="key-1")
        with pytest.raises(AdapterRejected, match="кључ"):
            await adapter.send_referral(referral_for(people[1]), idempotency_key="key-1")


async def test_a_referral_from_an_agency_csw_does_not_know_is_rejected(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    referral = referral_for(people[0], from_agency="poverenik")
    async with connect(simulator) as adapter:
        with pytest.raises(AdapterRejected, match="poverenik"):
            await adapter.send_referral(referral, idempotency_key="key-1")


async def test_referral_updates_follow_the_admin_actions(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    referral = referral_for(people[0])
    async with connect(simulator) as adapter:
        receipt = await adapter.send_referral(referral, idempotency_key="key-1")
        assert await adapter.referral_updates(receipt.agency_reference) == []
        for action in ("accept", "start", "complete"):
            path = f"/_admin/referrals/{receipt.agency_reference}/{action}"
            assert (await call(simulator, "POST", path)).status_code == 200
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert {update.referral_id for update in updates} == {referral.referral_id}
    assert updates[-1].service_delivered is True


async def test_a_rejection_carries_the_centres_reason(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    reason = {"reason": "Лице није са територије центра."}
    async with connect(simulator) as adapter:
        receipt = await adapter.send_referral(referral_for(people[0]), idempotency_key="key-1")
        path = f"/_admin/referrals/{receipt.agency_reference}/reject"
        await call(simulator, "POST", path, json=reason)
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [(u.status, u.reason) for u in updates] == [("rejected", reason["reason"])]


async def test_referrals_progress_by_themselves_when_asked_to(
    store_path: str, connect: Connect, people: list[AgencyPerson]
) -> None:
    app = create_simulator(store_path=store_path, auto_progress_seconds=0.01)
    async with connect(app) as adapter:
        receipt = await adapter.send_referral(referral_for(people[0]), idempotency_key="key-1")
        await anyio.sleep(0.05)
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert updates[0].occurred_at < updates[1].occurred_at < updates[2].occurred_at


async def test_updates_of_an_unknown_referral_are_not_found(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as adapter:
        with pytest.raises(RecordNotFound):
            await adapter.referral_updates("УП-2026-999999")


async def test_the_adapter_is_configured_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADAPTER_CSW_BASE_URL", "http://csw.example:8103")
    monkeypatch.setenv("ADAPTER_CSW_TIMEOUT_SECONDS", "1.5")
    async with httpx.AsyncClient() as http:
        adapter = create_adapter(http)
    assert isinstance(adapter, CswAdapter)
    assert adapter.agency == "csw"
    assert (adapter.settings.base_url, adapter.settings.timeout_seconds) == (
        "http://csw.example:8103",
        1.5,
    )
