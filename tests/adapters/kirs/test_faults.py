"""What the adapter makes of a KIRS service that is down, slow, failing or garbled."""

import httpx
import pytest

from adapters.base import (
    AdapterError,
    AdapterMalformedReply,
    AdapterRejected,
    AdapterTimeout,
    AdapterUnavailable,
)
from adapters.kirs import KirsAdapter, KirsSettings, messages, soap, xmlcodec
from adapters.kirs.native import PotvrdaStorna
from adapters.simulation import Faults
from tests.adapters.kirs.support import (
    BASE_URL,
    SimulatorFactory,
    cancellation,
    connected,
    kirs_people,
)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("faults", "error"),
    [
        (Faults(down=True), AdapterUnavailable),
        (Faults(malformed_rate=1.0), AdapterMalformedReply),
        (Faults(error_rate=1.0), AdapterUnavailable),
        (Faults(timeout_rate=1.0, hang_seconds=5), AdapterTimeout),
    ],
    ids=["down", "malformed", "error", "timeout"],
)
async def test_each_fault_is_an_adapter_error(
    make_simulator: SimulatorFactory, faults: Faults, error: type[AdapterError]
) -> None:
    simulator = make_simulator(faults=faults)
    async with connected(simulator, timeout_seconds=0.2) as adapter:
        with pytest.raises(error) as raised:
            await adapter.fetch_record(kirs_people()[0].local_id)
    assert raised.value.agency == "kirs"
    assert type(raised.value) is error  # a bare 500 is retried, as ``adapters.base`` says


@pytest.mark.anyio
async def test_latency_within_the_timeout_is_only_slow(make_simulator: SimulatorFactory) -> None:
    simulator = make_simulator(faults=Faults(latency_ms=20))
    async with connected(simulator, timeout_seconds=2) as adapter:
        record = await adapter.fetch_record(kirs_people()[0].local_id)
    assert record.local_id == kirs_people()[0].local_id


def answering(status: int, body: bytes, headers: dict[str, str] | None = None) -> KirsAdapter:
    """An adapter whose every request gets this answer."""

    def reply(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers or {})

    http = httpx.AsyncClient(transport=httpx.MockTransport(reply))
    return KirsAdapter(http, KirsSettings(base_url=BASE_URL, max_reply_bytes=4096))


def refused_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (200, b'{"json": true}', "AdapterMalformedReply"),
        (200, b"<ok/>", "AdapterMalformedReply"),
        (200, b"x" * 5000, "AdapterMalformedReply"),
    ],
)
async def test_replies_not_in_kirs_format(status: int, body: bytes, error: str) -> None:
    adapter = answering(status, body)
    with pytest.raises(AdapterError) as raised:
        await adapter.fetch_record("KIRS-2024-000123")
    assert type(raised.value).__name__ == error
    await adapter.client.http.aclose()


@pytest.mark.anyio
async def test_a_refused_connection_is_unavailable() -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(refused_connection))
    adapter = KirsAdapter(http, KirsSettings(base_url=BASE_URL))
    with pytest.raises(AdapterUnavailable, match="ConnectError"):
        await adapter.fetch_record("KIRS-2024-000123")
    await http.aclose()


@pytest.mark.anyio
async def test_a_reply_of_another_operation_is_malformed() -> None:
    adapter = answering(200, soap.envelope(messages.response(messages.SEARCH_BY_JMBG)))
    with pytest.raises(AdapterMalformedReply, match="another message"):
        await adapter.fetch_record("KIRS-2024-000123")
    await adapter.client.http.aclose()


@pytest.mark.anyio
async def test_a_reply_with_a_record_that_does_not_fit_is_malformed() -> None:
    body = (
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b'<kir:PreuzmiPrijemOdgovor xmlns:kir="urn:kirs.gov.rs:readmisija:v1"><kir:PrijemOsobe>'
        b"<kir:BrojPrijema>KIRS-2024-000123</kir:BrojPrijema></kir:PrijemOsobe>"
        b"</kir:PreuzmiPrijemOdgovor></soap:Body></soap:Envelope>"
    )
    adapter = answering(200, body)
    with pytest.raises(AdapterMalformedReply, match="DatumPrijema: missing") as raised:
        await adapter.fetch_record("KIRS-2024-000123")
    assert not isinstance(raised.value, AdapterRejected)
    await adapter.client.http.aclose()


@pytest.mark.anyio
async def test_a_throttled_answer_is_retried_whatever_fault_it_carries() -> None:
    fault = soap.fault_envelope(soap.Fault("Client", "Previše zahteva, pokušajte kasnije"))
    adapter = answering(429, fault)
    with pytest.raises(AdapterUnavailable, match="429"):
        await adapter.fetch_record("KIRS-2024-000123")
    await adapter.client.http.aclose()
    refused = answering(400, fault)
    with pytest.raises(AdapterRejected):
        await refused.fetch_record("KIRS-2024-000123")
    await refused.client.http.aclose()


THROTTLED = soap.fault_envelope(soap.Fault("Client", "Previše zahteva, pokušajte kasnije"))


@pytest.mark.anyio
@pytest.mark.parametrize(("status", "body"), [(408, THROTTLED), (429, THROTTLED), (503, b"")])
async def test_a_cancellation_asked_to_come_back_later_is_unavailable(
    status: int, body: bytes
) -> None:
    adapter = answering(status, body)
    with pytest.raises(AdapterUnavailable, match=str(status)):
        await adapter.cancel_referral(cancellation("UP-2025-000001"), idempotency_key="c-1")
    await adapter.client.http.aclose()


@pytest.mark.anyio
async def test_a_cancellation_answered_for_another_referral_is_malformed() -> None:
    potvrda = PotvrdaStorna(
        broj_uputa="UP-2025-000002", duplikat="не", vreme_storniranja="04.03.2025. 10:30"
    )
    answer = messages.response(
        messages.CANCEL_REFERRAL, xmlcodec.write_cancellation_receipt(potvrda)
    )
    adapter = answering(200, soap.envelope(answer))
    with pytest.raises(AdapterMalformedReply, match="not the referral withdrawn"):
        await adapter.cancel_referral(cancellation("UP-2025-000001"), idempotency_key="c-1")
    await adapter.client.http.aclose()
