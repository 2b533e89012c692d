"""IOM's OAuth 2.0: the adapter's token is fetched once, renewed, and refused when wrong."""

from collections.abc import Callable

import anyio
import httpx
import pytest
from pydantic import SecretStr, ValidationError
from starlette.applications import Starlette

from adapters.base import AdapterAuthFailure
from adapters.iom.config import IomSettings
from adapters.simulation import AgencyPerson
from tests.adapters.iom.conftest import Connect

pytestmark = pytest.mark.anyio


async def issued(http: httpx.AsyncClient) -> int:
    count: int = (await http.get("/_admin/tokens")).json()["issued"]
    return count


async def test_a_token_is_reused_while_it_is_valid(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as (adapter, http):
        for person in people[:3]:
            await adapter.fetch_record(person.local_id)
        assert await issued(http) == 1


async def test_an_expired_token_is_renewed(
    make_simulator: Callable[..., Starlette], connect: Connect, people: list[AgencyPerson]
) -> None:
    simulator = make_simulator(token_lifetime_seconds=1)
    async with connect(simulator) as (adapter, http):
        await adapter.fetch_record(people[0].local_id)
        await anyio.sleep(1.05)
        record = await adapter.fetch_record(people[0].local_id)
        assert await issued(http) == 2
    assert record.local_id == people[0].local_id


async def test_a_revoked_token_gets_one_renewal_and_one_retry(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as (adapter, http):
        await adapter.fetch_record(people[0].local_id)
        assert (await http.delete("/_admin/tokens")).json() == {"revoked": 1}
        record = await adapter.fetch_record(people[1].local_id)
        assert await issued(http) == 2
    assert record.local_id == people[1].local_id


@pytest.mark.parametrize(
    "credentials",
    [
        {"client_secret": SecretStr("not-the-secret")},
        {"client_id": "someone-else"},
    ],
)
async def test_wrong_client_credentials_are_an_auth_failure(
    simulator: Starlette,
    connect: Connect,
    people: list[AgencyPerson],
    credentials: dict[str, object],
) -> None:
    async with connect(simulator, **credentials) as (adapter, _):
        with pytest.raises(AdapterAuthFailure, match="invalid_client"):
            await adapter.fetch_record(people[0].local_id)


async def test_a_token_without_the_scope_is_an_auth_failure(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator, scope="cases:read") as (adapter, _):
        with pytest.raises(AdapterAuthFailure, match="insufficient_scope"):
            await adapter.referral_updates("RS-REF-2025-00001")


async def test_the_api_answers_a_missing_or_unknown_token_in_iom_s_form(
    simulator: Starlette, people: list[AgencyPerson]
) -> None:
    transport = httpx.ASGITransport(app=simulator)
    async with httpx.AsyncClient(transport=transport, base_url="http://iom") as http:
        path = f"/api/cases/{people[0].local_id}"
        missing = await http.get(path)
        unknown = await http.get(path, headers={"Authorization": "Bearer forged-token-123"})
    for answer in (missing, unknown):
        assert (answer.status_code, answer.json()["error"]) == (401, "invalid_token")
        assert 'error="invalid_token"' in answer.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "scope": "admin"}, "invalid_scope"),
    ],
)
async def test_the_token_endpoint_refuses_other_grants_and_scopes(
    simulator: Starlette, form: dict[str, str], error: str
) -> None:
    settings = IomSettings()
    client = (settings.client_id, settings.client_secret.get_secret_value())
    transport = httpx.ASGITransport(app=simulator)
    async with httpx.AsyncClient(transport=transport, base_url="http://iom") as http:
        answer = await http.post("/oauth/token", data=form, auth=client)
    assert (answer.status_code, answer.json()["error"]) == (400, error)


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="ADAPTER_IOM_CLIENT_SECRET"):
        IomSettings()
    monkeypatch.setenv("ADAPTER_IOM_CLIENT_SECRET", "a-real-secret-from-iom")
    assert IomSettings().client_secret.get_secret_value() == "a-real-secret-from-iom"


def test_settings_never_show_the_secret() -> None:
    assert "iom-dev-secret" not in repr(IomSettings())
