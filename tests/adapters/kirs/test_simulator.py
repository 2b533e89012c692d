"""The simulated readmission service on its own: SOAP rules, its store, its referral desk."""

import asyncio
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from starlette.applications import Starlette

from adapters.base import AdapterRejected
from adapters.kirs import messages, soap
from adapters.kirs.dates import BELGRADE
from adapters.kirs.native import Uput
from adapters.kirs.referral_mapping import cancellation_to_native, referral_to_native
from adapters.kirs.simulator.app import app_from_environment
from adapters.kirs.simulator.receptions import RECEPTIONS
from adapters.kirs.simulator.referrals import NotCancellable, ReferralDesk
from adapters.kirs.simulator.seed import seeded_receptions
from adapters.simulation import DocumentStore
from tests.adapters.kirs.support import (
    SimulatorFactory,
    admin,
    cancellation,
    connected,
    kirs_people,
    referral,
)

HEADERS = {"content-type": soap.CONTENT_TYPE}


def get_reception(number: str, *, credentials: soap.Credentials | None) -> bytes:
    payload = messages.request(messages.GET_RECEPTION, BrojPrijema=number)
    return soap.envelope(payload, credentials=credentials)


GOOD = soap.Credentials("gateway", "kirs-dev-secret")


async def post(app: Starlette, body: bytes, **headers: str) -> tuple[int, soap.Fault | None]:
    async with admin(app) as http:
        response = await http.post("/soap", content=body, headers=HEADERS | headers)
    payload = soap.read_message(response.content).payload
    return response.status_code, soap.read_fault(payload)


@pytest.mark.anyio
async def test_a_request_without_a_security_header_is_refused_with_401(
    simulator: Starlette,
) -> None:
    body = get_reception(kirs_people()[0].local_id, credentials=None)
    status, fault = await post(simulator, body, soapaction=soap.soap_action("PreuzmiPrijem"))
    assert status == 401
    assert fault is not None
    assert fault.code == "FailedAuthentication"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("action", "code"),
    [("", "NEUSKLADJEN_SOAPACTION"), (soap.soap_action("StatusUputa"), "NEUSKLADJEN_SOAPACTION")],
)
async def test_the_soap_action_must_name_the_operation(
    simulator: Starlette, action: str, code: str
) -> None:
    body = get_reception(kirs_people()[0].local_id, credentials=GOOD)
    status, fault = await post(simulator, body, soapaction=action)
    assert (status, fault and fault.detail_code) == (400, code)


@pytest.mark.anyio
async def test_an_unknown_operation_is_a_client_fault(simulator: Starlette) -> None:
    body = soap.envelope(messages.request("ObrisiPrijem", BrojPrijema="x"), credentials=GOOD)
    status, fault = await post(simulator, body, soapaction=soap.soap_action("ObrisiPrijem"))
    assert (status, fault and fault.detail_code) == (400, "NEPOZNATA_OPERACIJA")


@pytest.mark.anyio
async def test_a_request_missing_its_number_is_a_client_fault(simulator: Starlette) -> None:
    body = soap.envelope(messages.request(messages.GET_RECEPTION), credentials=GOOD)
    status, fault = await post(simulator, body, soapaction=soap.soap_action("PreuzmiPrijem"))
    assert (status, fault and fault.detail_code) == (400, "NEISPRAVAN_ZAHTEV")
    assert fault is not None
    assert "BrojPrijema: missing" in fault.message


@pytest.mark.anyio
async def test_an_invalid_referral_is_refused_with_every_problem(simulator: Starlette) -> None:
    async with connected(simulator) as adapter:
        uput = messages.referral_request("key-1", _broken_referral())
        with pytest.raises(AdapterRejected, match="NEISPRAVAN_ZAHTEV") as raised:
            await adapter.client.call(messages.RECEIVE_REFERRAL, uput)
    assert "Uput/Prioritet: not a code of the KIRS list Приоритет" in str(raised.value)
    assert "Uput/RokZaPostupanje: not a date as dd.MM.yyyy." in str(raised.value)
    async with admin(simulator) as http:
        assert (await http.get("/_admin/referrals")).json() == []


def _broken_referral() -> Uput:
    return dataclasses.replace(referral_to_native(referral()), prioritet="одмах", rok="сутра")


@pytest.mark.anyio
async def test_referrals_progress_by_themselves_when_asked(
    make_simulator: SimulatorFactory,
) -> None:
    simulator = make_simulator(auto_progress_seconds=0.05)
    async with connected(simulator) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        await asyncio.sleep(0.2)
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert updates[-1].service_delivered is True


@pytest.mark.anyio
async def test_the_admin_endpoint_refuses_unknown_actions_and_referrals(
    simulator: Starlette,
) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        number = receipt.agency_reference
        assert (await http.post(f"/_admin/referrals/{number}/archive")).status_code == 404
        assert (await http.post("/_admin/referrals/UP-1999-000001/accept")).status_code == 404
        assert (await http.post(f"/_admin/referrals/{number}/start")).status_code == 409
        bad = await http.post(f"/_admin/referrals/{number}/accept", json={"reason": 5})
        assert bad.status_code == 422
        listed = (await http.get("/_admin/referrals")).json()
    assert [(item["brojUputa"], item["status"]) for item in listed] == [(number, "примљен")]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 3, 4, 10, 0, tzinfo=BELGRADE)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def withdraw(desk: ReferralDesk, number: str, key: str = "cancel-1") -> bool | None:
    """Withdraw ``referral()`` at the desk; whether it was withdrawn already, None if unknown."""
    withdrawn = desk.cancel(
        number, key, sender_number="7f1c2a9e-referral", reason="Повучен", requested_at="—"
    )
    return None if withdrawn is None else withdrawn[1]


def statuses(desk: ReferralDesk) -> list[list[str]]:
    return [[change["status"] for change in item["promene"]] for item in desk.all()]


def test_automatic_progress_leaves_a_cancelled_referral_alone() -> None:
    clock = Clock()
    desk = ReferralDesk(DocumentStore(":memory:"), auto_progress_seconds=60, clock=clock)
    number = desk.receive("key-1", referral_to_native(referral()), "")[0]["brojUputa"]
    clock.advance(30)
    assert withdraw(desk, number) is False
    clock.advance(3600)
    assert withdraw(desk, number, "cancel-2") is True
    assert statuses(desk) == [["примљен", "сторниран"]]
    assert withdraw(desk, "UP-1999-000001") is None
    desk.store.close()


def test_steps_due_before_a_cancellation_are_applied_first() -> None:
    clock = Clock()
    desk = ReferralDesk(DocumentStore(":memory:"), auto_progress_seconds=60, clock=clock)
    accepted = desk.receive("key-1", referral_to_native(referral()), "")[0]["brojUputa"]
    started = desk.receive("key-2", referral_to_native(referral()), "")[0]["brojUputa"]
    clock.advance(61)
    assert withdraw(desk, accepted) is False  # accepted by now: still withdrawn
    clock.advance(60)
    with pytest.raises(NotCancellable, match="у обради"):
        withdraw(desk, started)
    clock.advance(3600)
    assert statuses(desk) == [
        ["примљен", "прихваћен", "сторниран"],
        ["примљен", "прихваћен", "у обради", "реализован"],
    ]
    desk.store.close()


@pytest.mark.anyio
async def test_a_cancelled_referral_stays_cancelled_under_automatic_progress(
    make_simulator: SimulatorFactory,
) -> None:
    first = make_simulator()
    async with connected(first) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        await adapter.cancel_referral(
            cancellation(receipt.agency_reference), idempotency_key="cancel-1"
        )
    first.state.store.close()
    progressing = make_simulator(auto_progress_seconds=0.01)
    await asyncio.sleep(0.1)
    async with connected(progressing) as adapter, admin(progressing) as http:
        updates = await adapter.referral_updates(receipt.agency_reference)
        listed = (await http.get("/_admin/referrals")).json()
    assert updates == []
    assert [change["status"] for change in listed[0]["promene"]] == ["примљен", "сторниран"]


@pytest.mark.anyio
async def test_the_admin_actions_are_refused_on_a_cancelled_referral(
    simulator: Starlette,
) -> None:
    async with connected(simulator) as adapter, admin(simulator) as http:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        number = receipt.agency_reference
        await adapter.cancel_referral(cancellation(number), idempotency_key="cancel-1")
        answers = [
            await http.post(f"/_admin/referrals/{number}/{action}")
            for action in ("accept", "reject", "start", "complete")
        ]
        listed = (await http.get("/_admin/referrals")).json()
    assert [answer.status_code for answer in answers] == [409, 409, 409, 409]
    assert "сторниран" in answers[0].json()["error"]
    assert listed[0]["status"] == "сторниран"


def cancel_referral(number: str, *, credentials: soap.Credentials | None, **storno: str) -> bytes:
    native = dataclasses.replace(cancellation_to_native(cancellation(number)), **storno)
    return soap.envelope(messages.cancellation_request("cancel-1", native), credentials=credentials)


@pytest.mark.anyio
async def test_a_cancellation_is_signed_in_and_checked_like_every_request(
    simulator: Starlette,
) -> None:
    async with connected(simulator) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
    number = receipt.agency_reference
    action = soap.soap_action("StornirajUput")
    unsigned = await post(simulator, cancel_referral(number, credentials=None), soapaction=action)
    body = cancel_referral(number, credentials=GOOD, vreme_storniranja="2025-03-04T10:30")
    unreadable = await post(simulator, body, soapaction=action)
    mismatched = await post(
        simulator,
        cancel_referral(number, credentials=GOOD),
        soapaction=soap.soap_action("PrimiUput"),
    )
    assert unsigned[0] == 401
    assert unsigned[1] is not None
    assert unsigned[1].code == "FailedAuthentication"
    assert (unreadable[0], unreadable[1] and unreadable[1].detail_code) == (
        400,
        "NEISPRAVAN_ZAHTEV",
    )
    assert unreadable[1] is not None
    assert "Storno/VremeStorniranja: not a date and time" in unreadable[1].message
    assert (mismatched[0], mismatched[1] and mismatched[1].detail_code) == (
        400,
        "NEUSKLADJEN_SOAPACTION",
    )
    async with admin(simulator) as http:
        listed = (await http.get("/_admin/referrals")).json()
    assert listed[0]["status"] == "примљен"


@pytest.mark.anyio
async def test_the_notice_of_a_reception_can_be_replayed(simulator: Starlette) -> None:
    person = kirs_people()[0]
    async with admin(simulator) as http:
        notice = await http.get(f"/_admin/notices/{person.local_id}")
        missing = await http.get("/_admin/notices/KIRS-1999-000001")
    async with connected(simulator) as adapter:
        event = adapter.parse_event(notice.content, notice.headers["content-type"])
    assert missing.status_code == 404
    assert event.record is not None
    assert event.record.local_id == person.local_id
    assert event.event_id == f"OBV-{person.local_id}"


@pytest.mark.anyio
async def test_the_store_outlives_the_simulator(make_simulator: SimulatorFactory) -> None:
    first = make_simulator()
    async with connected(first) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
    first.state.store.close()
    again = make_simulator()
    async with connected(again) as adapter:
        repeated = await adapter.send_referral(referral(), idempotency_key="key-1")
    assert repeated.duplicate is True
    assert repeated.agency_reference == receipt.agency_reference
    assert again.state.store.count(RECEPTIONS) == len(kirs_people())


def test_the_seed_is_the_demo_population_in_native_form() -> None:
    receptions = seeded_receptions(seed=42, households=60)
    assert [r.broj_prijema for r in receptions] == [p.local_id for p in kirs_people()]
    assert all(r.nacin_povratka == "реадмисија" for r in receptions)
    assert {r.osoba.imena.izvorno_pismo for r in receptions} == {"ћирилица", "латиница"}
    words = {m.srodstvo for r in receptions for m in r.clanovi_porodice or ()}
    assert {"супруга", "син", "ћерка", "носилац породице"} <= words


def test_the_simulator_is_configured_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seeded_store: Path
) -> None:
    store = str(tmp_path / "env.db")
    shutil.copyfile(seeded_store, store)
    monkeypatch.setenv("SIMULATOR_KIRS_STORE", store)
    monkeypatch.setenv("SIMULATOR_KIRS_DOWN", "true")
    app = app_from_environment()
    assert app.state.faults.down is True
    assert app.state.store.count(RECEPTIONS) == len(kirs_people())
    app.state.store.close()
