"""What goes wrong talking to IOM becomes the right ``AdapterError``."""

import json
from collections.abc import Callable

import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import (
    AdapterError,
    AdapterMalformedReply,
    AdapterTimeout,
    AdapterUnavailable,
)
from adapters.iom import IomAdapter, IomSettings
from adapters.simulation import AgencyPerson, Faults
from tests.adapters.iom.conftest import Connect
from tests.servers import free_port

pytestmark = pytest.mark.anyio


async def test_a_system_that_is_down_is_unavailable(
    make_simulator: Callable[..., Starlette], connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(make_simulator(faults=Faults(down=True))) as (adapter, _):
        with pytest.raises(AdapterUnavailable):
            await adapter.fetch_record(people[0].local_id)


async def test_an_internal_error_is_retried_later(
    make_simulator: Callable[..., Starlette], connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(make_simulator(faults=Faults(error_rate=1.0))) as (adapter, _):
        with pytest.raises(AdapterError) as raised:
            await adapter.fetch_record(people[0].local_id)
    assert type(raised.value) is AdapterUnavailable  # a 500, as ``adapters.base`` says


async def test_a_garbled_reply_is_malformed(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as (adapter, http):
        await adapter.fetch_record(people[0].local_id)
        await http.put("/_admin/faults", json={"malformed_rate": 1.0})
        with pytest.raises(AdapterMalformedReply):
            await adapter.fetch_record(people[0].local_id)


async def test_a_garbled_token_answer_is_malformed(
    make_simulator: Callable[..., Starlette], connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(make_simulator(faults=Faults(malformed_rate=1.0))) as (adapter, _):
        with pytest.raises(AdapterMalformedReply):
            await adapter.fetch_record(people[0].local_id)


async def test_a_hanging_system_times_out_within_the_adapter_timeout(
    make_simulator: Callable[..., Starlette], connect: Connect, people: list[AgencyPerson]
) -> None:
    simulator = make_simulator(faults=Faults(timeout_rate=1.0, hang_seconds=10))
    async with connect(simulator, timeout_seconds=0.2) as (adapter, _):
        with pytest.raises(AdapterTimeout, match=r"0\.2 s"):
            await adapter.fetch_record(people[0].local_id)


async def test_nothing_listening_is_unavailable() -> None:
    settings = IomSettings(base_url=f"http://127.0.0.1:{free_port()}", timeout_seconds=2)
    async with httpx.AsyncClient() as http:
        with pytest.raises(AdapterUnavailable):
            await IomAdapter(http, settings).fetch_record("RS-AVRR-2024-0001")


def answering(status: int, body: object) -> httpx.MockTransport:
    """A transport for IOM that issues tokens and answers every API call with ``status``."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            token = {"access_token": "token-abcdefgh", "token_type": "Bearer", "expires_in": 300}
            return httpx.Response(200, json=token)
        return httpx.Response(status, content=json.dumps(body).encode())

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (200, {"caseId": "RS-AVRR-2024-0001"}, AdapterMalformedReply),
        (200, [1, 2, 3], AdapterMalformedReply),
    ],
)
async def test_each_answer_of_iom_means_one_error(
    status: int, body: object, error: type[AdapterError]
) -> None:
    settings = IomSettings(base_url="http://iom")
    async with httpx.AsyncClient(transport=answering(status, body)) as http:
        with pytest.raises(error):
            await IomAdapter(http, settings).fetch_record("RS-AVRR-2024-0001")


async def test_a_throttled_token_request_is_unavailable() -> None:
    def throttled(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, json={"error": "slow_down"}, headers={"Retry-After": "5"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(throttled)) as http:
        with pytest.raises(AdapterUnavailable, match="429"):
            await IomAdapter(http, IomSettings(base_url="http://iom")).fetch_record("x")


@pytest.mark.parametrize(
    "accepted_at",
    ["2025-01-01T10:00:00", "2025-01-01 10:00"],
    ids=["iso-without-offset", "space-without-offset"],
)
@pytest.mark.parametrize("received_at", ["2025-01-01T09:00:00Z", "2025-01-01T09:00:00"])
async def test_a_status_history_with_a_time_without_an_offset_is_malformed(
    received_at: str, accepted_at: str
) -> None:
    status = {
        "referralId": "RS-REF-2025-00042",
        "externalReferenceId": "0195a4c2-6f1e-7c3a-9b7d-2f4e8a1c5d90",
        "status": "ACCEPTED",
        "receivedAt": received_at,
        "statusHistory": [
            {"status": "RECEIVED", "changedAt": received_at},
            {"status": "ACCEPTED", "changedAt": accepted_at},
        ],
    }
    async with httpx.AsyncClient(transport=answering(200, status)) as http:
        adapter = IomAdapter(http, IomSettings(base_url="http://iom"))
        with pytest.raises(AdapterMalformedReply, match="does not fit its format"):
            await adapter.referral_updates("RS-REF-2025-00042")


async def test_a_case_with_values_the_common_schema_refuses_is_malformed() -> None:
    case = {
        "caseId": "RS-AVRR-2024-0001",
        "caseStatus": "OPEN",
        "beneficiary": {"firstName": "Ana", "lastName": "Nikolić", "nationalId": "1234567890123"},
    }
    async with httpx.AsyncClient(transport=answering(200, case)) as http:
        with pytest.raises(AdapterMalformedReply, match="common schema"):
            await IomAdapter(http, IomSettings(base_url="http://iom")).fetch_record("x")
