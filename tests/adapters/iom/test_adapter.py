"""The IOM adapter against its simulator: reading records and searching."""

import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import AdapterRejected, RecordNotFound
from adapters.configured import build_adapters, parse_adapter_list, simulator_factory
from adapters.iom import IomAdapter, create_simulator
from adapters.iom.config import IomSettings
from adapters.simulation import AgencyPerson
from tests.adapters.iom.conftest import Connect

pytestmark = pytest.mark.anyio


async def test_a_seeded_person_is_read_as_the_demo_data_holds_them(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    person = people[0]
    async with connect(simulator) as (adapter, _):
        record = await adapter.fetch_record(person.local_id)
    recorded = person.member.person
    assert (record.agency, record.local_id) == ("iom", person.local_id)
    assert record.identity is not None
    assert (record.identity.given_name, record.identity.family_name) == (
        recorded.given_name,
        recorded.family_name,
    )
    assert (record.identity.jmbg, record.identity.birth_date) == (
        recorded.jmbg,
        recorded.birth_date,
    )
    assert record.reception is not None
    assert record.reception.modality == "avrr"
    assert record.reception.intended_municipality == person.household.municipality


async def test_the_family_is_listed_with_each_members_iom_id(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    person = people[0]
    async with connect(simulator) as (adapter, _):
        record = await adapter.fetch_record(person.local_id)
    expected = [
        (relative.relationship, relative.person.agency_ids[0].local_id)
        for relative in person.relatives
    ]
    assert [(p.relationship, p.local_id) for p in record.household or []] == expected


async def test_every_seeded_case_fits_the_common_schema_without_leaking_health(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    async with connect(simulator) as (adapter, _):
        records = [await adapter.fetch_record(person.local_id) for person in people]
    for record in records:
        assert not {"medical_condition", "disability"} & set(record.vulnerabilities or [])
        assert record.assistance is not None
        assert "medical" not in {item.type for item in record.assistance.items}
    assert any(record.health for record in records), "the seed should screen some as MEDICAL"


async def test_an_unknown_case_id_is_record_not_found(
    simulator: Starlette, connect: Connect
) -> None:
    async with connect(simulator) as (adapter, _):
        with pytest.raises(RecordNotFound):
            await adapter.fetch_record("RS-AVRR-1999-9999")


async def test_search_by_jmbg_finds_the_person(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    person = next(person for person in people if person.member.person.jmbg)
    async with connect(simulator) as (adapter, _):
        found = await adapter.search(jmbg=person.member.person.jmbg)
        nobody = await adapter.search(jmbg="0101990710040")
    assert [record.local_id for record in found] == [person.local_id]
    assert nobody == []


async def test_iom_allows_no_search_by_family_name(simulator: Starlette, connect: Connect) -> None:
    async with connect(simulator) as (adapter, http):
        with pytest.raises(AdapterRejected, match="family name"):
            await adapter.search(family_name="Jovanović")
        with pytest.raises(AdapterRejected):
            await adapter.search()
        token = (
            await http.post(
                "/oauth/token", data={"grant_type": "client_credentials"}, auth=_dev_client()
            )
        ).json()
        refused = await http.get(
            "/api/cases",
            params={"lastName": "Jovanović"},
            headers={"Authorization": f"Bearer {token['access_token']}"},
        )
    assert (refused.status_code, refused.json()["error"]) == (400, "unsupported_filter")


def _dev_client() -> tuple[str, str]:
    settings = IomSettings()
    return settings.client_id, settings.client_secret.get_secret_value()


async def test_the_registry_builds_the_iom_adapter_and_finds_its_simulator() -> None:
    modules = parse_adapter_list("iom=adapters.iom")
    async with httpx.AsyncClient() as http:
        adapters = build_adapters(modules, http)
    assert isinstance(adapters["iom"], IomAdapter)
    assert adapters["iom"].agency == "iom"
    assert simulator_factory(modules, "iom") is create_simulator
