"""The whole loop with each agency's simulator: delivered in its native form, acted on by its
case worker, and the outcome polled back until the referral is completed."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import anyio
import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Connection, update
from sqlmodel import col

from adapters.configured import build_adapters, parse_adapter_list
from gateway.config import Settings
from gateway.db import create_session_factory
from gateway.delivery.settings import DeliverySettings
from gateway.referrals import polling
from gateway.referrals.models import Referral
from tests.conftest import Headers
from tests.delivery.fakes import FAST, worker_on
from tests.factories import person_body
from tests.federation.conftest import adapters_env, faults, known_ids, simulators
from tests.referrals.helpers import create_referral, grant, rows

__all__ = ["adapters_env", "faults", "simulators"]  # fixtures, used by name
SERVICES = {
    "nes": ("employment_counselling", ["employment"]),
    "csw": ("financial_social_assistance", ["social_protection"]),
    "iom": ("reintegration_grant", ["employment", "housing"]),
    "kirs": ("housing_support_lap", ["housing"]),
}
SENDERS = ("referrals:read", "referrals:write")


def test_each_agency_receives_acts_and_reports_back(
    adapters_env: None,
    faults: dict[str, str],
    client: TestClient,
    connection: Connection,
    settings: Settings,
    agency: Callable[..., Headers],
) -> None:
    nes = agency("nes", "referral_handling", SENDERS)
    made = _one_to_each_agency(client, nes)
    anyio.run(_deliver_and_poll, connection, settings, faults, made)
    for target, referral in made.items():
        after = client.get(f"/v1/referrals/{referral['id']}", headers=_party(target, nes)).json()
        assert after["status"] == "completed", (target, after["history"])
        assert after["outcome"]["service_delivered"] is True
        statuses = [change["status"] for change in after["history"]]
        assert statuses == ["submitted", "delivered", "accepted", "in_progress", "completed"]


def _one_to_each_agency(client: TestClient, nes: Headers) -> dict[str, dict[str, Any]]:
    """A person known to the four agencies, who consented, referred once to each of them."""
    ids = known_ids()
    agency_ids = [{"agency": name, "local_id": ids[name]} for name in SERVICES]
    person = client.post("/v1/persons", json=person_body(agency_ids=agency_ids)).json()["id"]
    for target in SERVICES:
        grant(client, person, target)
    made = {}
    for target, (service, needs) in SERVICES.items():
        headers = nes if target == "kirs" else None  # nobody refers to itself: NES sends it
        made[target] = create_referral(client, person, headers, service=service, needs=needs)
    return made


def _party(target: str, nes: Headers) -> Headers:
    return nes if target == "kirs" else {}


async def _deliver_and_poll(
    connection: Connection,
    settings: Settings,
    simulators: dict[str, str],
    made: dict[str, dict[str, Any]],
) -> None:
    delivery = DeliverySettings.model_validate(FAST.model_dump() | {"status_poll_seconds": 60})
    async with httpx.AsyncClient() as http:
        adapters = build_adapters(parse_adapter_list(settings.adapters), http)
        assert await worker_on(connection, adapters, settings, http, delivery).drain() == 4
        for target, referral in made.items():
            reference = _reference(connection, referral["id"])
            for action in ("accept", "start", "complete"):
                url = f"{simulators[target]}/_admin/referrals/{quote(reference)}/{action}"
                response = await http.post(url, json={})
                assert response.status_code == 200, (target, action, response.text)
        _due_now(connection)
        factory = create_session_factory(connection)
        assert await polling.poll_once(factory, adapters, delivery) == 4


def _reference(connection: Connection, referral_id: str) -> str:
    [referral] = rows(connection, Referral, col(Referral.id) == uuid.UUID(referral_id))
    assert referral.agency_reference, f"referral {referral_id} was not delivered"
    return referral.agency_reference


def _due_now(connection: Connection) -> None:
    connection.execute(
        update(Referral)
        .where(col(Referral.agency_reference).is_not(None))
        .values(poll_after=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )


def test_each_agency_withdraws_a_referral_the_sender_cancels(
    adapters_env: None,
    faults: dict[str, str],
    client: TestClient,
    connection: Connection,
    settings: Settings,
    agency: Callable[..., Headers],
) -> None:
    nes = agency("nes", "referral_handling", SENDERS)
    made = _one_to_each_agency(client, nes)
    anyio.run(_drain, connection, settings)
    for target, referral in made.items():
        response = client.post(
            f"/v1/referrals/{referral['id']}/transitions",
            json={"status": "cancelled", "reason": "the family moved abroad again"},
            headers=_party(target, nes),
        )
        assert response.status_code == 200, (target, response.text)
    assert anyio.run(_drain, connection, settings) == 4, "one withdrawal to each agency"
    with httpx.Client(timeout=10) as http:
        for target, referral in made.items():
            reference = quote(_reference(connection, referral["id"]))
            accept = http.post(f"{faults[target]}/_admin/referrals/{reference}/accept", json={})
            assert accept.status_code == 409, (target, accept.status_code, accept.text)
    statuses = client.get("/v1/admin/deliveries", params={"kind": "cancellation"}).json()
    assert {job["status"] for job in statuses["items"]} == {"delivered"}


async def _drain(connection: Connection, settings: Settings) -> int:
    async with httpx.AsyncClient() as http:
        adapters = build_adapters(parse_adapter_list(settings.adapters), http)
        return await worker_on(connection, adapters, settings, http).drain()
