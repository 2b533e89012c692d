"""Withdrawing a referral at NES: the native body, the adapter against the simulator, the desk."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette

from adapters.base import (
    AdapterMalformedReply,
    AdapterRejected,
    AdapterUnavailable,
    InvalidNativePayload,
    RecordNotFound,
)
from adapters.nes.adapter import NesAdapter
from adapters.nes.client import NesClient
from adapters.nes.config import NesSettings
from adapters.nes.events import parse_event
from adapters.nes.native import OtkazivanjeUputa, StatusUputa, Uput
from adapters.nes.referral_mapping import (
    cancellation_from_native,
    cancellation_to_native,
    updates_from_native,
)
from adapters.nes.simulator.errors import NesError
from adapters.nes.simulator.referrals import ReferralDesk
from adapters.simulation import DocumentStore
from gateway.schema.agency import ReferralCancellation
from tests.adapters.nes.test_adapter import BASE_URL, admin, connected, referral, simulator

KEY = {"X-Api-Kljuc": "nes-dev-key"}
BELGRADE = ZoneInfo("Europe/Belgrade")
REASON = "Lice je u međuvremenu zaposleno."


def cancellation(agency_reference: str, **changes: Any) -> ReferralCancellation:
    fields: dict[str, Any] = {
        "referral_id": referral().referral_id,
        "agency_reference": agency_reference,
        "reason": REASON,
        "cancelled_at": dt.datetime(2026, 1, 14, 10, 5, tzinfo=BELGRADE),
    }
    return ReferralCancellation(**(fields | changes))


async def status(app: Starlette, reference: str) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        answer = await http.get(f"/api/v1/uputi/{reference}", headers=KEY)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def call(app: Starlette, method: str, path: str, **options: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        return await http.request(method, path, **options)


# The native body


def test_a_cancellation_is_written_in_nes_words() -> None:
    native = cancellation_to_native(cancellation("UP-2026-000001"))
    assert native.model_dump(mode="json") == {
        "spoljniBroj": "0193b8f2-1c4d-7a8e-9f10-5e2d7c6b4a31",
        "razlog": REASON,
        "vremeOtkazivanja": "2026-01-14T10:05:00+01:00",
    }


cancellations = st.builds(
    ReferralCancellation,
    referral_id=st.uuids().map(str),
    agency_reference=st.from_regex(r"\AUP-20[0-9]{2}-[0-9]{6}\Z"),
    reason=st.text(min_size=1, max_size=200),
    cancelled_at=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([dt.UTC, BELGRADE]),
        allow_imaginary=False,
    ),
)


@given(cancellations)
def test_a_cancellation_survives_the_wire(original: ReferralCancellation) -> None:
    wire = cancellation_to_native(original).model_dump_json()
    native = OtkazivanjeUputa.model_validate_json(wire)
    back = cancellation_from_native(native, broj_uputa=original.agency_reference)
    # Compared as instants: Python never finds a zone's ambiguous hour equal to another zone's.
    assert back.model_dump(exclude={"cancelled_at"}) == original.model_dump(
        exclude={"cancelled_at"}
    )
    assert back.cancelled_at.timestamp() == original.cancelled_at.timestamp()
    assert back.cancelled_at.utcoffset() == original.cancelled_at.utcoffset()


@pytest.mark.parametrize(
    "body",
    [
        {"razlog": "x", "vremeOtkazivanja": "2026-01-14T10:05:00+01:00"},
        {"spoljniBroj": "r", "razlog": "", "vremeOtkazivanja": "2026-01-14T10:05:00+01:00"},
        {"spoljniBroj": "r", "razlog": "x", "vremeOtkazivanja": "2026-01-14T10:05:00"},
    ],
)
def test_a_cancellation_without_its_facts_does_not_fit_the_format(body: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="validation error"):
        OtkazivanjeUputa.model_validate(body)


def test_a_withdrawal_in_the_history_is_not_an_update() -> None:
    history = StatusUputa.model_validate(
        {
            "brojUputa": "UP-2026-000042",
            "spoljniBroj": "ref-1",
            "status": "otkazan",
            "istorija": [
                {"status": "otkazan", "vreme": "2026-01-14T10:05:00+01:00", "razlog": REASON},
                {"status": "primljen", "vreme": "2026-01-12T08:02:11+01:00"},
                {"status": "prihvacen", "vreme": "2026-01-13T11:30:00+01:00"},
            ],
        }
    )
    assert [update.status for update in updates_from_native(history)] == ["accepted"]


def test_a_pushed_withdrawal_alone_is_no_referral_update() -> None:
    body = {
        "idDogadjaja": "evt-2",
        "tipDogadjaja": "promena-statusa-uputa",
        "vremeDogadjaja": "2026-01-14T10:05:00+01:00",
        "uput": {
            "brojUputa": "UP-2026-000042",
            "spoljniBroj": "ref-1",
            "status": "otkazan",
            "istorija": [
                {"status": "primljen", "vreme": "2026-01-12T08:02:11+01:00"},
                {"status": "otkazan", "vreme": "2026-01-14T10:05:00+01:00", "razlog": REASON},
            ],
        },
    }
    with pytest.raises(InvalidNativePayload, match="otkazan"):
        parse_event(json.dumps(body).encode(), "application/json")


# The adapter against the simulator


@pytest.mark.anyio
async def test_a_received_referral_is_withdrawn_with_its_reason() -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        reference = receipt.agency_reference
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-1")
        updates = await adapter.referral_updates(reference)
    shown = await status(app, reference)
    assert shown["status"] == "otkazan"
    assert [(change["status"], change["razlog"]) for change in shown["istorija"]] == [
        ("primljen", None),
        ("otkazan", REASON),
    ]
    assert updates == []
    (stored,) = (await admin(app, "GET", "/referrals")).json()
    assert stored["otkazivanje"] == {
        "spoljniBroj": referral().referral_id,
        "razlog": REASON,
        "vremeOtkazivanja": "2026-01-14T10:05:00+01:00",
        "kljuc": "cancel-1",
    }


@pytest.mark.anyio
async def test_withdrawing_twice_is_harmless_and_recorded_once() -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        withdrawal = cancellation(receipt.agency_reference)
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-1")
        await adapter.cancel_referral(withdrawal, idempotency_key="cancel-1")
        other = cancellation(receipt.agency_reference, reason="Drugi razlog.")
        await adapter.cancel_referral(other, idempotency_key="cancel-2")
    history = (await status(app, receipt.agency_reference))["istorija"]
    assert [(change["status"], change["razlog"]) for change in history] == [
        ("primljen", None),
        ("otkazan", REASON),
    ]


@pytest.mark.anyio
async def test_an_accepted_referral_can_still_be_withdrawn_and_keeps_its_acceptance() -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        reference = receipt.agency_reference
        assert (await admin(app, "POST", f"/referrals/{reference}/accept")).status_code == 200
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-1")
        updates = await adapter.referral_updates(reference)
    assert [update.status for update in updates] == ["accepted"]
    assert (await status(app, reference))["status"] == "otkazan"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("actions", "state"),
    [
        (("accept", "start"), "u_realizaciji"),
        (("accept", "start", "complete"), "realizovan"),
        (("reject",), "odbijen"),
    ],
)
async def test_a_referral_whose_work_started_or_ended_cannot_be_withdrawn(
    actions: tuple[str, ...], state: str
) -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        reference = receipt.agency_reference
        for action in actions:
            assert (await admin(app, "POST", f"/referrals/{reference}/{action}")).status_code == 200
        with pytest.raises(AdapterRejected, match="UPUT_SE_NE_MOZE_OTKAZATI") as raised:
            await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-1")
    assert not isinstance(raised.value, RecordNotFound)
    shown = await status(app, reference)
    assert shown["status"] == state
    assert "otkazan" not in {change["status"] for change in shown["istorija"]}


@pytest.mark.anyio
async def test_an_unknown_referral_cannot_be_withdrawn() -> None:
    app = simulator()
    async with connected(app) as adapter:
        with pytest.raises(RecordNotFound, match="UPUT_NE_POSTOJI"):
            await adapter.cancel_referral(
                cancellation("UP-2026-999999"), idempotency_key="cancel-1"
            )
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        someone_elses = cancellation(receipt.agency_reference, referral_id="another-referral")
        with pytest.raises(RecordNotFound, match="UPUT_NE_POSTOJI"):
            await adapter.cancel_referral(someone_elses, idempotency_key="cancel-2")
    assert (await status(app, receipt.agency_reference))["status"] == "primljen"


@pytest.mark.anyio
async def test_the_automatic_progress_leaves_a_withdrawn_referral_alone() -> None:
    app = simulator(auto_progress_seconds=0.2)
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        reference = receipt.agency_reference
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-1")
        await anyio.sleep(0.5)
        updates = await adapter.referral_updates(reference)
    assert updates == []
    shown = await status(app, reference)
    assert [change["status"] for change in shown["istorija"]] == ["primljen", "otkazan"]


@pytest.mark.anyio
@pytest.mark.parametrize("action", ["accept", "reject", "start", "complete"])
async def test_the_counsellor_cannot_move_a_withdrawn_referral(action: str) -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="send-1")
        reference = receipt.agency_reference
        await adapter.cancel_referral(cancellation(reference), idempotency_key="cancel-1")
    answer = await admin(app, "POST", f"/referrals/{reference}/{action}")
    assert (answer.status_code, answer.json()["greska"]) == (409, "NEDOZVOLJEN_PRELAZ")
    assert (await status(app, reference))["status"] == "otkazan"


# The client's side of the exchange, against stand-in replies


def replying(status_code: int, body: object) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: httpx.Response(status_code, json=body)


def withdrawn(state: str = "otkazan") -> dict[str, Any]:
    return {
        "brojUputa": "UP-2026-000001",
        "spoljniBroj": referral().referral_id,
        "status": state,
        "istorija": [{"status": state, "vreme": "2026-01-14T10:05:00+01:00"}],
    }


@pytest.mark.anyio
async def test_the_withdrawal_travels_with_nes_path_headers_and_body() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=withdrawn())

    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as http:
        adapter = NesAdapter(NesClient(http, NesSettings(base_url=BASE_URL)))
        await adapter.cancel_referral(cancellation("UP 2026/1"), idempotency_key="cancel-1")
    (request,) = seen
    assert request.method == "POST"
    assert str(request.url) == f"{BASE_URL}/api/v1/uputi/UP%202026%2F1/otkazivanje"
    assert request.headers["X-Api-Kljuc"] == "nes-dev-key"
    assert request.headers["Idempotency-Key"] == "cancel-1"
    assert json.loads(request.content) == {
        "spoljniBroj": referral().referral_id,
        "razlog": REASON,
        "vremeOtkazivanja": "2026-01-14T10:05:00+01:00",
    }


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status_code", "body", "error"),
    [
        (404, {"greska": "UPUT_NE_POSTOJI", "poruka": "Ne postoji."}, RecordNotFound),
        (409, {"greska": "UPUT_SE_NE_MOZE_OTKAZATI", "poruka": "Ne."}, AdapterRejected),
        (422, {"greska": "NEISPRAVNO_OTKAZIVANJE", "poruka": "Ne."}, AdapterRejected),
        (429, {"greska": "PREVISE_ZAHTEVA", "poruka": "Sporije."}, AdapterUnavailable),
        (503, {"greska": "NEDOSTUPNO", "poruka": "Kasnije."}, AdapterUnavailable),
        (200, withdrawn("prihvacen"), AdapterMalformedReply),
        (200, {"brojUputa": "UP-2026-000001"}, AdapterMalformedReply),
    ],
)
async def test_answers_to_a_withdrawal_translate_to_the_error_tree(
    status_code: int, body: object, error: type[Exception]
) -> None:
    transport = httpx.MockTransport(replying(status_code, body))
    async with httpx.AsyncClient(transport=transport) as http:
        adapter = NesAdapter(NesClient(http, NesSettings(base_url=BASE_URL)))
        with pytest.raises(error):
            await adapter.cancel_referral(cancellation("UP-1"), idempotency_key="cancel-1")


# The simulator's endpoint on its own


async def received(app: Starlette) -> str:
    headers = KEY | {"Idempotency-Key": "send-1"}
    body = referral_body()
    answer = await call(app, "POST", "/api/v1/uputi", headers=headers, json=body)
    assert answer.status_code == 201, answer.text
    number: str = answer.json()["brojUputa"]
    return number


def referral_body() -> dict[str, Any]:
    return {
        "spoljniBroj": "ref-1",
        "uputilac": "CSR",
        "usluga": "employment_counselling",
        "prioritet": "redovan",
        "potrebe": ["zaposljavanje"],
        "lice": {"ime": "Ana", "prezime": "Jović"},
    }


WITHDRAWAL = {"spoljniBroj": "ref-1", "razlog": REASON, "vremeOtkazivanja": "2026-01-14T10:05Z"}


@pytest.mark.anyio
async def test_the_endpoint_answers_the_state_and_says_when_nothing_was_new() -> None:
    app = simulator(households=1)
    number = await received(app)
    path = f"/api/v1/uputi/{number}/otkazivanje"
    first = await call(app, "POST", path, headers=KEY | {"Idempotency-Key": "c-1"}, json=WITHDRAWAL)
    again = await call(app, "POST", path, headers=KEY | {"Idempotency-Key": "c-1"}, json=WITHDRAWAL)
    assert (first.status_code, first.json()["status"]) == (200, "otkazan")
    assert "Idempotent-Replayed" not in first.headers
    assert (again.status_code, again.headers["Idempotent-Replayed"]) == (200, "true")
    assert again.json() == first.json()


@pytest.mark.anyio
async def test_the_endpoint_needs_the_api_key() -> None:
    app = simulator(households=1)
    number = await received(app)
    path = f"/api/v1/uputi/{number}/otkazivanje"
    for headers in ({}, {"X-Api-Kljuc": "pogresan"}):
        answer = await call(app, "POST", path, headers=headers | {"Idempotency-Key": "c-1"})
        assert (answer.status_code, answer.json()["greska"]) == (401, "NEVAZECI_API_KLJUC")
    assert (await status(app, number))["status"] == "primljen"


@pytest.mark.anyio
async def test_the_endpoint_refuses_a_missing_key_a_bad_body_and_a_reused_key() -> None:
    app = simulator(households=1)
    number = await received(app)
    path = f"/api/v1/uputi/{number}/otkazivanje"
    keyless = await call(app, "POST", path, headers=KEY, json=WITHDRAWAL)
    bad_body = WITHDRAWAL | {"vremeOtkazivanja": "2026-01-14T10:05"}
    invalid = await call(app, "POST", path, headers=KEY | {"Idempotency-Key": "c-1"}, json=bad_body)
    assert (keyless.status_code, keyless.json()["greska"]) == (
        400,
        "NEDOSTAJE_KLJUC_IDEMPOTENTNOSTI",
    )
    assert (invalid.status_code, invalid.json()["greska"]) == (422, "NEISPRAVNO_OTKAZIVANJE")
    assert [line.split(":")[0] for line in invalid.json()["detalji"]] == ["vremeOtkazivanja"]
    assert (await status(app, number))["status"] == "primljen"

    headers = KEY | {"Idempotency-Key": "send-2"}
    second = await call(app, "POST", "/api/v1/uputi", headers=headers, json=referral_body())
    other = second.json()["brojUputa"]
    used = KEY | {"Idempotency-Key": "c-1"}
    assert (await call(app, "POST", path, headers=used, json=WITHDRAWAL)).status_code == 200
    reused = await call(
        app, "POST", f"/api/v1/uputi/{other}/otkazivanje", headers=used, json=WITHDRAWAL
    )
    assert (reused.status_code, reused.json()["greska"]) == (409, "KLJUC_VEC_ISKORISCEN")
    assert (await status(app, other))["status"] == "primljen"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 1, 12, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_the_desk_withdraws_only_before_the_automatic_progress_starts_the_work() -> None:
    clock = Clock()
    desk = ReferralDesk(DocumentStore(":memory:"), auto_progress_seconds=60, clock=clock)
    uput = Uput.model_validate(referral_body())
    early, _ = desk.receive(uput, key="send-1")
    late, _ = desk.receive(uput.model_copy(update={"spoljni_broj": "ref-2"}), key="send-2")
    withdrawal = OtkazivanjeUputa.model_validate(WITHDRAWAL)

    clock.now += dt.timedelta(seconds=30)
    state, replayed = desk.cancel(early["brojUputa"], withdrawal, key="cancel-1")
    assert (state["status"], replayed) == ("otkazan", False)
    assert dt.datetime.fromisoformat(state["istorija"][-1]["vreme"]) == clock.now

    clock.now += dt.timedelta(hours=1)
    assert desk.status(early["brojUputa"])["status"] == "otkazan"
    assert len(desk.status(early["brojUputa"])["istorija"]) == 2
    late_withdrawal = withdrawal.model_copy(update={"spoljni_broj": "ref-2"})
    with pytest.raises(NesError) as refused:
        desk.cancel(late["brojUputa"], late_withdrawal, key="cancel-2")
    assert (refused.value.status, refused.value.code) == (409, "UPUT_SE_NE_MOZE_OTKAZATI")
    assert desk.status(late["brojUputa"])["status"] == "realizovan"
