"""Events IOM pushes, read by ``parse_event``: valid ones translated, malformed ones explained."""

import datetime as dt
import json

import httpx
import pytest
from starlette.applications import Starlette

from adapters.base import InvalidNativePayload
from adapters.iom import IomAdapter
from adapters.simulation import AgencyPerson
from tests.adapters.iom.conftest import Connect

CASE = {"caseId": "RS-AVRR-2024-0001", "caseStatus": "OPEN"}
BENEFICIARY = {"firstName": "Ana", "lastName": "Nikolić"}


def event(**fields: object) -> bytes:
    body = {
        "eventId": "evt_1",
        "eventType": "case.updated",
        "occurredAt": "2025-03-11T09:30:00Z",
        "case": CASE | {"beneficiary": BENEFICIARY},
    }
    return json.dumps(body | fields).encode()


@pytest.fixture
def adapter() -> IomAdapter:
    # parse_event does no I/O: the client is never opened.
    return IomAdapter(httpx.AsyncClient())


@pytest.mark.anyio
async def test_a_case_updated_event_carries_the_same_record_as_a_fetch(
    simulator: Starlette, connect: Connect, people: list[AgencyPerson]
) -> None:
    person = people[1]
    async with connect(simulator) as (adapter, http):
        pushed = await http.get(f"/_admin/cases/{person.local_id}/event")
        fetched = await adapter.fetch_record(person.local_id)
    inbound = adapter.parse_event(pushed.content, "application/json; charset=utf-8")
    assert (inbound.kind, inbound.agency) == ("case_update", "iom")
    assert inbound.record == fetched


def test_a_minimal_case_event_is_read(adapter: IomAdapter) -> None:
    inbound = adapter.parse_event(event(), "application/json")
    assert inbound.record is not None
    assert inbound.record.identity is not None
    assert inbound.record.identity.family_name == "Nikolić"


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (event(), "text/xml", "content type"),
        (b'{"eventId": "evt_1", "eventTy', "application/json", "body: Invalid JSON"),
        (
            event(eventType="case.deleted"),
            "application/json",
            "does not match any of the expected tags",
        ),
        (event(occurredAt="yesterday"), "application/json", "occurredAt"),
        (event(case=CASE), "application/json", "case.beneficiary: Field required"),
        (
            event(case=CASE | {"beneficiary": BENEFICIARY, "vulnerabilities": ["ROYALTY"]}),
            "application/json",
            "case.vulnerabilities.0: Input should be",
        ),
        (
            event(case=CASE | {"beneficiary": BENEFICIARY | {"nationalId": "1234567890123"}}),
            "application/json",
            "jmbg: Value error",
        ),
    ],
)
def test_a_malformed_event_lists_its_problems(
    adapter: IomAdapter, body: bytes, content_type: str, problem: str
) -> None:
    with pytest.raises(InvalidNativePayload) as raised:
        adapter.parse_event(body, content_type)
    assert raised.value.problems, "say what is wrong"
    assert any(problem in entry for entry in raised.value.problems), raised.value.problems


def referral_event(**change: object) -> bytes:
    accepted = {
        "referralId": "RS-REF-2025-00001",
        "externalReferenceId": "r-1",
        "status": "ACCEPTED",
        "changedAt": "2025-01-01T10:00:00Z",
    }
    return event(eventType="referral.status_changed", referral=accepted | change)


def test_a_referral_change_is_read_as_an_aware_update(adapter: IomAdapter) -> None:
    inbound = adapter.parse_event(referral_event(), "application/json")
    assert inbound.referral is not None
    assert inbound.referral.occurred_at == dt.datetime(2025, 1, 1, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (referral_event(changedAt="2025-01-01T10:00:00"), "referral.changedAt"),
        (referral_event(changedAt="2025-01-01"), "referral.changedAt"),
        (event(occurredAt="2025-03-11T09:30:00"), "occurredAt"),
        (
            event(case=CASE | {"beneficiary": BENEFICIARY, "lastUpdated": "2025-03-11T09:30:00"}),
            "case.lastUpdated",
        ),
    ],
    ids=["changed-at", "changed-at-date-only", "occurred-at", "last-updated"],
)
def test_a_time_without_an_offset_is_malformed(
    adapter: IomAdapter, body: bytes, problem: str
) -> None:
    with pytest.raises(InvalidNativePayload) as raised:
        adapter.parse_event(body, "application/json")
    assert any(entry.startswith(f"{problem}:") for entry in raised.value.problems), (
        raised.value.problems
    )


def test_problems_never_repeat_personal_data(adapter: IomAdapter) -> None:
    body = event(case=CASE | {"beneficiary": BENEFICIARY | {"nationalId": "1234567890123"}})
    with pytest.raises(InvalidNativePayload) as raised:
        adapter.parse_event(body, "application/json")
    assert not any("1234567890123" in problem for problem in raised.value.problems)


def test_a_received_status_is_not_an_update(adapter: IomAdapter) -> None:
    change = {
        "referralId": "RS-REF-2025-00001",
        "externalReferenceId": "r-1",
        "status": "RECEIVED",
        "changedAt": "2025-03-11T09:30:00Z",
    }
    body = event(eventType="referral.status_changed", referral=change)
    with pytest.raises(InvalidNativePayload, match="cannot be translated"):
        adapter.parse_event(body, "application/json")
