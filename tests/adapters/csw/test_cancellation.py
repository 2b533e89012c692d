"""A sender withdraws a referral at CSW: the native body, the adapter, the simulated desk."""

import base64
import datetime as dt
import json
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import AdapterMalformedReply, AdapterRejected, RecordNotFound
from adapters.csw import CswAdapter, CswSettings, create_simulator
from adapters.csw.native import CANCELLED, OtkazUputa, StanjeUputa
from adapters.csw.referral_mapping import cancellation_to_native, updates_from_native
from adapters.simulation import AgencyPerson
from gateway.schema.agency import ReferralCancellation, ReferralReceipt
from tests.adapters.csw.test_adapter import referral_for

pytestmark = pytest.mark.anyio
Connect = Callable[..., AbstractAsyncContextManager[CswAdapter]]
Admin = Callable[..., Any]
SAMPLES = Path(__file__).parent / "samples"
SIGNED_IN = {"Authorization": "Basic " + base64.b64encode(b"gateway:csw-dev-secret").decode()}
REASON = "Породица се одселила пре почетка рада центра."
BELGRADE = dt.timezone(dt.timedelta(hours=1))


def cancellation_of(
    referral_id: str, agency_reference: str, reason: str = REASON
) -> ReferralCancellation:
    return ReferralCancellation(
        referral_id=referral_id,
        agency_reference=agency_reference,
        reason=reason,
        cancelled_at=dt.datetime.now(dt.UTC),
    )


def cancel_path(number: str) -> str:
    return f"/api/uputi/{quote(number, safe='')}/otkaz"


async def referrals(app: Starlette, call: Admin) -> dict[str, dict[str, Any]]:
    listed = (await call(app, "GET", "/_admin/referrals")).json()["referrals"]
    return {entry["broj"]: entry for entry in listed}


async def sent(adapter: CswAdapter, person: AgencyPerson) -> tuple[str, ReferralReceipt]:
    referral = referral_for(person)
    receipt = await adapter.send_referral(referral, idempotency_key=str(uuid.uuid4()))
    return referral.referral_id, receipt


# The native body ------------------------------------------------------------------------------


def test_a_cancellation_is_written_as_csws_withdrawal_body() -> None:
    expected = json.loads((SAMPLES / "otkaz_uputa.json").read_text(encoding="utf-8"))
    cancellation = ReferralCancellation(
        referral_id="0194f3e2-7a31-7c4e-9d2b-5a8f0c6e1b77",
        agency_reference="УП-2026-000042",
        reason="Породица се одселила из Земуна пре почетка рада центра.",
        cancelled_at=dt.datetime(2026, 2, 2, 10, 15, tzinfo=BELGRADE),
    )
    native = cancellation_to_native(cancellation)
    assert native.wire() == expected
    assert OtkazUputa.model_validate(expected) == native


def test_a_cancelled_entry_in_the_history_is_no_update() -> None:
    state = StanjeUputa.model_validate(
        {
            "broj": "УП-2026-000042",
            "brojUputaPosiljaoca": "0194f3e2-7a31-7c4e-9d2b-5a8f0c6e1b77",
            "status": CANCELLED,
            "istorija": [
                {"status": "примљен", "vreme": "2026-02-01T09:00:00+01:00"},
                {"status": "прихваћен", "vreme": "2026-02-01T11:30:00+01:00"},
                {"status": CANCELLED, "vreme": "2026-02-02T10:15:00+01:00", "obrazlozenje": "x"},
            ],
        }
    )
    assert [update.status for update in updates_from_native(state)] == ["accepted"]


# The adapter against the simulator ------------------------------------------------------------


async def test_a_cancelled_referral_shows_cancelled_with_the_reason(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        number = receipt.agency_reference
        await adapter.cancel_referral(
            cancellation_of(referral_id, number), idempotency_key="cancel-1"
        )
    history = (await referrals(simulator, call))[number]["istorija"]
    assert [entry["status"] for entry in history] == ["примљен", CANCELLED]
    assert history[-1]["obrazlozenje"] == REASON
    assert history[-1]["vremeOtkaza"]


async def test_cancelling_twice_is_harmless_and_noted_once(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        cancellation = cancellation_of(referral_id, receipt.agency_reference)
        await adapter.cancel_referral(cancellation, idempotency_key="cancel-1")
        await adapter.cancel_referral(cancellation, idempotency_key="cancel-1")
        await adapter.cancel_referral(cancellation, idempotency_key="cancel-2")
    history = (await referrals(simulator, call))[receipt.agency_reference]["istorija"]
    assert [entry["status"] for entry in history] == ["примљен", CANCELLED]


@pytest.mark.parametrize(
    "actions",
    [("accept", "start"), ("accept", "start", "complete"), ("reject",)],
    ids=["in realisation", "realised", "refused"],
)
async def test_a_referral_whose_work_started_or_ended_cannot_be_cancelled(
    simulator: Starlette,
    connect: Connect,
    call: Admin,
    people: list[AgencyPerson],
    actions: tuple[str, ...],
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        number = receipt.agency_reference
        for action in actions:
            moved = await call(simulator, "POST", f"/_admin/referrals/{number}/{action}")
            assert moved.status_code == 200
        with pytest.raises(AdapterRejected, match="не може отказати") as raised:
            await adapter.cancel_referral(cancellation_of(referral_id, number), idempotency_key="c")
    assert not isinstance(raised.value, RecordNotFound)
    history = (await referrals(simulator, call))[number]["istorija"]
    assert CANCELLED not in [entry["status"] for entry in history]


async def test_cancelling_an_unknown_referral_is_not_found(
    simulator: Starlette, connect: Connect
) -> None:
    cancellation = cancellation_of(str(uuid.uuid4()), "УП-2026-999999")
    async with connect(simulator) as adapter:
        with pytest.raises(RecordNotFound, match="УП-2026-999999"):
            await adapter.cancel_referral(cancellation, idempotency_key="c")


async def test_a_cancellation_naming_another_senders_referral_is_rejected(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        _, receipt = await sent(adapter, people[0])
        cancellation = cancellation_of(str(uuid.uuid4()), receipt.agency_reference)
        with pytest.raises(AdapterRejected, match="неисправан отказ"):
            await adapter.cancel_referral(cancellation, idempotency_key="c")
    history = (await referrals(simulator, call))[receipt.agency_reference]["istorija"]
    assert [entry["status"] for entry in history] == ["примљен"]


async def test_one_key_cannot_withdraw_two_referrals(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        first_id, first = await sent(adapter, people[0])
        second_id, second = await sent(adapter, people[1])
        await adapter.cancel_referral(
            cancellation_of(first_id, first.agency_reference), idempotency_key="c"
        )
        with pytest.raises(AdapterRejected, match="кључ"):
            await adapter.cancel_referral(
                cancellation_of(second_id, second.agency_reference), idempotency_key="c"
            )


async def test_auto_progress_leaves_a_cancelled_referral_alone(
    store_path: str, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    # Work would start 0.4 s after receipt: ample time to cancel first, even on a slow machine.
    app = create_simulator(store_path=store_path, auto_progress_seconds=0.2)
    async with connect(app) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        number = receipt.agency_reference
        await adapter.cancel_referral(cancellation_of(referral_id, number), idempotency_key="c")
        await anyio.sleep(0.7)  # past every step the referral would have taken by itself
        updates = await adapter.referral_updates(number)
    assert updates == []
    history = (await referrals(app, call))[number]["istorija"]
    assert [entry["status"] for entry in history] == ["примљен", CANCELLED]


async def test_a_referral_auto_progressed_into_realisation_cannot_be_cancelled(
    store_path: str, connect: Connect, people: list[AgencyPerson]
) -> None:
    app = create_simulator(store_path=store_path, auto_progress_seconds=0.01)
    async with connect(app) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        await anyio.sleep(0.05)
        cancellation = cancellation_of(referral_id, receipt.agency_reference)
        with pytest.raises(AdapterRejected):
            await adapter.cancel_referral(cancellation, idempotency_key="c")


async def test_an_accepted_referral_is_cancelled_and_its_updates_carry_no_cancelled_entry(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        number = receipt.agency_reference
        await call(simulator, "POST", f"/_admin/referrals/{number}/accept")
        await adapter.cancel_referral(cancellation_of(referral_id, number), idempotency_key="c")
        updates = await adapter.referral_updates(number)
    assert [(update.status, update.referral_id) for update in updates] == [
        ("accepted", referral_id)
    ]


async def test_an_answer_that_is_not_cancelled_is_malformed() -> None:
    state = {"broj": "УП-1", "brojUputaPosiljaoca": "r", "status": "прихваћен", "istorija": []}
    transport = httpx.MockTransport(lambda _request: httpx.Response(200, json=state))
    async with httpx.AsyncClient(transport=transport) as http:
        adapter = CswAdapter(http, CswSettings(base_url="http://csw.test"))
        with pytest.raises(AdapterMalformedReply, match="прихваћен"):
            await adapter.cancel_referral(cancellation_of("r", "УП-1"), idempotency_key="c")


async def test_the_withdrawal_is_posted_with_the_key_to_the_referrals_path() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        state = {"broj": "УП-1", "brojUputaPosiljaoca": "r", "status": CANCELLED, "istorija": []}
        return httpx.Response(200, json=state)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        adapter = CswAdapter(http, CswSettings(base_url="http://csw.test"))
        await adapter.cancel_referral(cancellation_of("r", "УП-1"), idempotency_key="key-7")
    (request,) = seen
    assert (request.method, request.url.raw_path.decode()) == ("POST", cancel_path("УП-1"))
    assert request.headers["Idempotency-Key"] == "key-7"
    assert request.headers["Authorization"].startswith("Basic ")
    assert json.loads(request.content)["obrazlozenje"] == REASON


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, RecordNotFound), (409, AdapterRejected), (422, AdapterRejected)],
)
async def test_each_refusal_of_a_withdrawal_means_one_error(
    status: int, error: type[AdapterRejected]
) -> None:
    body = b'{"greska": "SUKOB"}'
    transport = httpx.MockTransport(lambda _request: httpx.Response(status, content=body))
    async with httpx.AsyncClient(transport=transport) as http:
        adapter = CswAdapter(http, CswSettings(base_url="http://csw.test"))
        with pytest.raises(AdapterRejected) as raised:
            await adapter.cancel_referral(cancellation_of("r", "УП-1"), idempotency_key="c")
    assert type(raised.value) is error


# The simulated desk ---------------------------------------------------------------------------


async def test_the_desk_answers_the_state_and_says_when_it_replays(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
    body = cancellation_to_native(cancellation_of(referral_id, receipt.agency_reference)).wire()
    headers = SIGNED_IN | {"Idempotency-Key": "c"}
    path = cancel_path(receipt.agency_reference)
    first = await call(simulator, "POST", path, json=body, headers=headers)
    again = await call(simulator, "POST", path, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["status"] == CANCELLED
    assert first.json() == again.json()
    assert (first.headers["idempotent-replayed"], again.headers["idempotent-replayed"]) == (
        "false",
        "true",
    )


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, {"obrazlozenje": "x", "vreme": "2026-02-02T10:15:00+01:00"}, 401),
        (SIGNED_IN, {"obrazlozenje": "x", "vreme": "2026-02-02T10:15:00+01:00"}, 400),
        (SIGNED_IN | {"Idempotency-Key": "c"}, {"obrazlozenje": "x"}, 422),
    ],
    ids=["not signed in", "no key", "incomplete"],
)
async def test_a_withdrawal_the_desk_cannot_take_is_refused(
    simulator: Starlette,
    connect: Connect,
    call: Admin,
    people: list[AgencyPerson],
    headers: dict[str, str],
    body: dict[str, Any],
    status: int,
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
    body = {"brojUputaPosiljaoca": referral_id} | body
    path = cancel_path(receipt.agency_reference)
    response = await call(simulator, "POST", path, json=body, headers=headers)
    assert response.status_code == status
    assert response.json()["greska"]
    history = (await referrals(simulator, call))[receipt.agency_reference]["istorija"]
    assert [entry["status"] for entry in history] == ["примљен"]


async def test_a_refused_withdrawal_answers_csws_error_body(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
    number = receipt.agency_reference
    await call(simulator, "POST", f"/_admin/referrals/{number}/reject")
    body = cancellation_to_native(cancellation_of(referral_id, number)).wire()
    headers = SIGNED_IN | {"Idempotency-Key": "c"}
    response = await call(simulator, "POST", cancel_path(number), json=body, headers=headers)
    assert response.status_code == 409
    assert response.json()["greska"] == "упут се не може отказати"
    assert "одбијен" in response.json()["poruka"]
    unknown = await call(simulator, "POST", cancel_path("УП-0"), json=body, headers=headers)
    assert unknown.status_code == 404
    assert unknown.json()["greska"] == "упут није пронађен"


@pytest.mark.parametrize("action", ["accept", "reject", "start", "complete"])
async def test_admin_actions_on_a_cancelled_referral_are_refused(
    simulator: Starlette, connect: Connect, call: Admin, people: list[AgencyPerson], action: str
) -> None:
    async with connect(simulator) as adapter:
        referral_id, receipt = await sent(adapter, people[0])
        number = receipt.agency_reference
        await adapter.cancel_referral(cancellation_of(referral_id, number), idempotency_key="c")
    response = await call(simulator, "POST", f"/_admin/referrals/{number}/{action}")
    assert response.status_code == 409
    assert response.json()["greska"] == "недозвољена промена стања"
