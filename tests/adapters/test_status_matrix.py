"""The same HTTP statuses, answered by a real server on loopback, mean the same error at every
adapter: the table of ``adapters.base``, applied by ``adapters.toolkit.http.error_for_status``."""

import datetime as dt
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from adapters.base import (
    AdapterAuthFailure,
    AdapterError,
    AdapterRejected,
    AdapterUnavailable,
    AgencyAdapter,
    RecordNotFound,
)
from adapters.csw import CswAdapter, CswSettings
from adapters.iom import IomAdapter, IomSettings
from adapters.kirs import KirsAdapter, KirsSettings
from adapters.nes import NesAdapter, NesSettings
from adapters.nes.client import NesClient
from gateway.schema.agency import ReferralCancellation
from tests.servers import free_port, running

AGENCIES: dict[str, Callable[[httpx.AsyncClient, str], AgencyAdapter]] = {
    "kirs": lambda http, url: KirsAdapter(http, KirsSettings(base_url=url)),
    "nes": lambda http, url: NesAdapter(NesClient(http, NesSettings(base_url=url))),
    "csw": lambda http, url: CswAdapter(http, CswSettings(base_url=url)),
    "iom": lambda http, url: IomAdapter(http, IomSettings(base_url=url)),
}

RETRIED = [(status, AdapterUnavailable) for status in (408, 425, 429, 500, 502, 503, 504, 507)]
REFUSED = [(status, AdapterRejected) for status in (400, 409, 410, 413, 422)]
MATRIX = [(401, AdapterAuthFailure), (403, AdapterAuthFailure), *RETRIED, *REFUSED]
"""Status -> error, the same for every agency and every call."""

CANCELLATION = ReferralCancellation(
    referral_id="0195a4c2-6f1e-7c3a-9b7d-2f4e8a1c5d90",
    agency_reference="UP-2026-000041",
    reason="The family moved away",
    cancelled_at=dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC),
)
Call = Callable[[AgencyAdapter], Awaitable[object]]
CALLS: dict[str, Call] = {
    "lookup": lambda adapter: adapter.fetch_record("ID-2026-000001"),
    "referral-status": lambda adapter: adapter.referral_updates("UP-2026-000041"),
    "withdrawal": lambda adapter: adapter.cancel_referral(CANCELLATION, idempotency_key="k-1"),
}
"""Calls whose path names a record (a person's, or a referral's): there a 404 is "no record"."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The answering server, on a free loopback port, for the whole module."""
    port = free_port()
    command = ["-m", "uvicorn", "tests.adapters.answering_server:app", "--port", str(port)]
    with running(
        [*command, "--log-level", "warning"], port=port, env={}, ready_path="/_ready"
    ) as url:
        yield url


async def outcome(server: str, agency: str, status: int, call: Call) -> AdapterError:
    """The error ``call`` raises at ``agency``'s adapter when the server answers ``status``."""
    async with httpx.AsyncClient() as http:
        (
            await http.put(f"{server}/_answer", json={"status": status, "body": "no"})
        ).raise_for_status()
        with pytest.raises(AdapterError) as raised:
            await call(AGENCIES[agency](http, server))
    assert raised.value.agency == agency
    return raised.value


@pytest.mark.anyio
@pytest.mark.parametrize("agency", AGENCIES)
@pytest.mark.parametrize(("status", "error"), MATRIX, ids=[str(status) for status, _ in MATRIX])
@pytest.mark.parametrize("call", CALLS, ids=list(CALLS))
async def test_each_status_means_one_error_at_every_adapter(
    server: str, agency: str, status: int, error: type[AdapterError], call: str
) -> None:
    raised = await outcome(server, agency, status, CALLS[call])
    assert type(raised) is error, raised
    assert str(status) in str(raised)


@pytest.mark.anyio
@pytest.mark.parametrize("agency", ["nes", "csw", "iom"])
@pytest.mark.parametrize("call", CALLS, ids=list(CALLS))
async def test_a_404_for_a_record_or_a_referral_is_record_not_found(
    server: str, agency: str, call: str
) -> None:
    raised = await outcome(server, agency, 404, CALLS[call])
    assert type(raised) is RecordNotFound, raised


@pytest.mark.anyio
async def test_a_404_where_the_path_names_no_record_is_no_endpoint(server: str) -> None:
    for agency in ("nes", "csw"):
        search = await outcome(server, agency, 404, lambda a: a.search(family_name="Jović"))
        assert type(search) is AdapterUnavailable, search
    for call in CALLS.values():  # KIRS posts every operation to one endpoint
        assert type(await outcome(server, "kirs", 404, call)) is AdapterUnavailable
