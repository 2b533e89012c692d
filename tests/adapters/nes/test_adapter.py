"""The NES adapter against the NES simulator, in process, through httpx's ASGI transport."""

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest
from pydantic import SecretStr
from starlette.applications import Starlette

from adapters.base import (
    AdapterAuthFailure,
    AdapterMalformedReply,
    AdapterRejected,
    AdapterTimeout,
    AdapterUnavailable,
    InvalidNativePayload,
    RecordNotFound,
)
from adapters.nes import create_adapter, create_simulator
from adapters.nes.adapter import NesAdapter
from adapters.nes.client import NesClient
from adapters.nes.config import NesSettings
from adapters.simulation import AgencyPerson, Faults, agency_people
from gateway.schema.agency import PersonIdentity, ReferralDelivery

BASE_URL = "http://nes.test"
PEOPLE = agency_people("nes")


def simulator(**options: Any) -> Starlette:
    return create_simulator(store_path=":memory:", **options)


@asynccontextmanager
async def connected(app: Starlette, **settings: Any) -> AsyncIterator[NesAdapter]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        yield NesAdapter(NesClient(http, NesSettings(base_url=BASE_URL, **settings)))


async def admin(app: Starlette, method: str, path: str, **options: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        return await http.request(method, f"/_admin{path}", **options)


def referral(**changes: Any) -> ReferralDelivery:
    fields: dict[str, Any] = {
        "referral_id": "0193b8f2-1c4d-7a8e-9f10-5e2d7c6b4a31",
        "from_agency": "kirs",
        "service": "job_club",
        "priority": "high",
        "needs": ["employment", "education"],
        "person": PersonIdentity(given_name="Марко", family_name="Ђорђевић", sex="male"),
        "municipality": "beograd-zemun",
    }
    return ReferralDelivery(**(fields | changes))


def with_jmbg() -> AgencyPerson:
    return next(person for person in PEOPLE if person.member.person.jmbg)


@pytest.mark.anyio
async def test_a_seeded_job_seeker_is_fetched_by_registration_number() -> None:
    person = with_jmbg()
    async with connected(simulator()) as adapter:
        record = await adapter.fetch_record(person.local_id)
    assert (record.agency, record.local_id) == ("nes", person.local_id)
    assert record.identity is not None
    assert record.identity.jmbg == person.member.person.jmbg
    assert record.identity.family_name == person.member.person.family_name
    assert record.employment is not None
    assert record.employment.register_status is not None


@pytest.mark.anyio
async def test_every_seeded_job_seeker_fits_the_common_schema() -> None:
    async with connected(simulator()) as adapter:
        records = [await adapter.fetch_record(person.local_id) for person in PEOPLE]
    assert len(records) == len(PEOPLE)
    assert all(record.reception is not None for record in records)


@pytest.mark.anyio
async def test_an_unknown_number_is_record_not_found() -> None:
    async with connected(simulator()) as adapter:
        with pytest.raises(RecordNotFound, match="LICE_NIJE_NA_EVIDENCIJI"):
            await adapter.fetch_record("NSZ-000000000")


@pytest.mark.anyio
async def test_search_by_jmbg_and_by_family_name_in_either_script() -> None:
    person = with_jmbg()
    family_name = person.member.person.family_name
    async with connected(simulator()) as adapter:
        by_jmbg = await adapter.search(jmbg=person.member.person.jmbg)
        by_name = await adapter.search(family_name=family_name.upper())
        both = await adapter.search(jmbg=person.member.person.jmbg, family_name="Nepostojeći")
    assert [record.local_id for record in by_jmbg] == [person.local_id]
    assert person.local_id in {record.local_id for record in by_name}
    assert both == []


@pytest.mark.anyio
async def test_search_needs_a_criterion_and_a_well_formed_jmbg() -> None:
    async with connected(simulator()) as adapter:
        with pytest.raises(AdapterRejected, match="JMBG or family name"):
            await adapter.search()
        with pytest.raises(AdapterRejected, match="NEISPRAVAN_JMBG"):
            await adapter.search(jmbg="123")


@pytest.mark.anyio
async def test_a_wrong_api_key_is_an_authentication_failure() -> None:
    async with connected(simulator(), credential=SecretStr("wrong")) as adapter:
        with pytest.raises(AdapterAuthFailure, match="NEVAZECI_API_KLJUC"):
            await adapter.fetch_record(PEOPLE[0].local_id)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("faults", "error"),
    [
        (Faults(down=True), AdapterUnavailable),
        (Faults(error_rate=1.0), AdapterUnavailable),
        (Faults(malformed_rate=1.0), AdapterMalformedReply),
    ],
)
async def test_faults_become_adapter_errors(faults: Faults, error: type[Exception]) -> None:
    async with connected(simulator(faults=faults)) as adapter:
        with pytest.raises(error):
            await adapter.fetch_record(PEOPLE[0].local_id)


@pytest.mark.anyio
async def test_a_hanging_nes_is_a_timeout_after_the_adapters_own_deadline() -> None:
    app = simulator(faults=Faults(timeout_rate=1.0, hang_seconds=10))
    async with connected(app, timeout_seconds=0.2) as adapter:
        with anyio.fail_after(3), pytest.raises(AdapterTimeout, match=r"0\.2 s"):
            await adapter.fetch_record(PEOPLE[0].local_id)


@pytest.mark.anyio
async def test_a_refused_connection_is_unavailable() -> None:
    async with httpx.AsyncClient() as http:
        settings = NesSettings(base_url="http://127.0.0.1:9", timeout_seconds=2)
        with pytest.raises(AdapterUnavailable, match="cannot reach NES"):
            await NesAdapter(NesClient(http, settings)).fetch_record("NSZ-000000001")


def replying(status: int, body: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: httpx.Response(status, content=body)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (200, b'{"ime": "Marko"}', AdapterMalformedReply),
        (200, b"<html>", AdapterMalformedReply),
        (
            200,
            b'{"evidencioniBroj": "NSZ-1", "ime": "A", "prezime": "B", "jmbg": "1234567890123"}',
            AdapterMalformedReply,
        ),
    ],
)
async def test_replies_translate_to_the_error_tree(
    status: int, body: bytes, error: type[Exception]
) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(replying(status, body))) as http:
        adapter = NesAdapter(NesClient(http, NesSettings(base_url=BASE_URL)))
        with pytest.raises(error):
            await adapter.fetch_record("NSZ-1")


@pytest.mark.anyio
async def test_the_api_key_and_the_idempotency_key_travel_in_nes_headers() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        receipt = {
            "brojUputa": "UP-2026-000001",
            "status": "primljen",
            "primljenU": "2026-01-12T08:02:11+01:00",
        }
        return httpx.Response(201, json=receipt)

    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as http:
        adapter = NesAdapter(NesClient(http, NesSettings(base_url=BASE_URL)))
        await adapter.send_referral(referral(), idempotency_key="key-1")
    (request,) = seen
    assert request.headers["X-Api-Kljuc"] == "nes-dev-key"
    assert request.headers["Idempotency-Key"] == "key-1"
    assert str(request.url) == f"{BASE_URL}/api/v1/uputi"
    sent = json.loads(request.content)
    assert (sent["uputilac"], sent["sifraMere"], sent["prioritet"]) == ("KIRS", "KTP", "visok")
    assert sent["potrebe"] == ["zaposljavanje", "obrazovanje"]
    assert sent["opstina"] == {"maticniBroj": "70157", "naziv": "Zemun"}
    assert sent["lice"]["prezime"] == "Ђорђевић"


@pytest.mark.anyio
async def test_the_same_key_twice_delivers_one_referral() -> None:
    app = simulator()
    async with connected(app) as adapter:
        first = await adapter.send_referral(referral(), idempotency_key="key-1")
        second = await adapter.send_referral(referral(), idempotency_key="key-1")
    assert (first.duplicate, second.duplicate) == (False, True)
    assert first.agency_reference == second.agency_reference
    assert first.agency_reference.startswith("UP-")
    assert len((await admin(app, "GET", "/referrals")).json()) == 1


@pytest.mark.anyio
async def test_the_same_key_with_another_referral_is_rejected() -> None:
    app = simulator()
    async with connected(app) as adapter:
        await adapter.send_referral(referral(), idempotency_key="key-1")
        with pytest.raises(AdapterRejected, match="KLJUC_VEC_ISKORISCEN"):
            await adapter.send_referral(referral(priority="low"), idempotency_key="key-1")
    assert len((await admin(app, "GET", "/referrals")).json()) == 1


@pytest.mark.anyio
async def test_a_referral_progresses_through_the_counsellors_actions() -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        assert await adapter.referral_updates(receipt.agency_reference) == []
        for action in ("accept", "start", "complete"):
            answer = await admin(app, "POST", f"/referrals/{receipt.agency_reference}/{action}")
            assert answer.status_code == 200, answer.text
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert {update.referral_id for update in updates} == {referral().referral_id}
    assert updates[-1].service_delivered is True


@pytest.mark.anyio
async def test_a_rejection_carries_its_reason() -> None:
    app = simulator()
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        path = f"/referrals/{receipt.agency_reference}/reject"
        await admin(app, "POST", path, json={"reason": "Lice se nije javilo."})
        (update,) = await adapter.referral_updates(receipt.agency_reference)
    assert (update.status, update.reason) == ("rejected", "Lice se nije javilo.")


@pytest.mark.anyio
async def test_referrals_progress_on_their_own_when_asked_to() -> None:
    app = simulator(auto_progress_seconds=0.05)
    async with connected(app) as adapter:
        receipt = await adapter.send_referral(referral(), idempotency_key="key-1")
        await anyio.sleep(0.2)
        updates = await adapter.referral_updates(receipt.agency_reference)
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert [u.occurred_at for u in updates] == sorted(u.occurred_at for u in updates)


@pytest.mark.anyio
async def test_an_unknown_referral_is_not_found() -> None:
    async with connected(simulator()) as adapter:
        with pytest.raises(RecordNotFound, match="UPUT_NE_POSTOJI"):
            await adapter.referral_updates("UP-2026-999999")


def test_parse_event_reads_a_registration_push() -> None:
    body = {
        "idDogadjaja": "evt-1",
        "tipDogadjaja": "prijava-na-evidenciju",
        "vremeDogadjaja": "2026-01-20T09:15:03+01:00",
        "lice": {"evidencioniBroj": "NSZ-1", "ime": "Ана", "prezime": "Јовић", "pol": "Ž"},
    }
    event = create_adapter(httpx.AsyncClient()).parse_event(
        json.dumps(body).encode(), "application/json; charset=utf-8"
    )
    assert (event.kind, event.record and event.record.identity) == (
        "registration",
        PersonIdentity(given_name="Ана", family_name="Јовић", sex="female"),
    )


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (b"{not json", "application/json", "(body): Invalid JSON"),
        (b"{}", "text/xml", "content type 'text/xml'"),
        (
            b'{"idDogadjaja": "e", "tipDogadjaja": "prijava-na-evidenciju",'
            b' "vremeDogadjaja": "2026-01-20T09:15:03+01:00"}',
            "application/json",
            "carries 'lice'",
        ),
        (
            b'{"idDogadjaja": "e", "tipDogadjaja": "nesto", "vremeDogadjaja": "2026-01-20"}',
            "application/json",
            "tipDogadjaja",
        ),
        (
            b'{"idDogadjaja": "e", "tipDogadjaja": "prijava-na-evidenciju",'
            b' "vremeDogadjaja": "2026-01-20T09:15:03+01:00", "lice": {"evidencioniBroj": "N",'
            b' "ime": "A", "prezime": "B", "stepenObrazovanja": "IX"}}',
            "application/json",
            "lice.stepenObrazovanja",
        ),
        (
            b'{"idDogadjaja": "e", "tipDogadjaja": "prijava-na-evidenciju",'
            b' "vremeDogadjaja": "2026-01-20T09:15:03+01:00", "lice": {"evidencioniBroj": "N",'
            b' "ime": "A", "prezime": "B", "jmbg": "1234567890123"}}',
            "application/json",
            "lice (common schema) jmbg: Value error",
        ),
    ],
)
def test_parse_event_lists_the_problems_of_a_malformed_push(
    body: bytes, content_type: str, problem: str
) -> None:
    adapter = create_adapter(httpx.AsyncClient())
    with pytest.raises(InvalidNativePayload) as raised:
        adapter.parse_event(body, content_type)
    assert any(problem in found for found in raised.value.problems), raised.value.problems
