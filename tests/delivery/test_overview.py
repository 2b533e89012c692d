"""The delivery overview: per agency, jobs by status, what is due, what waits, and pauses."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from adapters.base import AdapterUnavailable
from gateway.config import Settings
from tests.conftest import Headers
from tests.delivery.fakes import FAST, FakeAgency, run_once
from tests.referrals.helpers import consented_referral

SLOW = FAST.model_copy(update={"backoff_base_seconds": 600, "backoff_cap_seconds": 600})


def agencies(client: TestClient) -> dict[str, dict[str, Any]]:
    response = client.get("/v1/admin/delivery-overview")
    assert response.status_code == 200, response.text
    return {entry["agency"]: entry for entry in response.json()["agencies"]}


def test_the_overview_follows_a_backlog_through_an_outage(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    to_nes = [consented_referral(client) for _ in range(3)]
    consented_referral(
        client, to="csw", service="financial_social_assistance", needs=["social_protection"]
    )
    made = agencies(client)
    assert made["nes"]["by_status"]["pending"] == 3
    assert (made["nes"]["due"], made["nes"]["in_flight"]) == (3, 0)
    first, second = (dt.datetime.fromisoformat(referral["created_at"]) for referral in to_nes[:2])
    assert first <= dt.datetime.fromisoformat(made["nes"]["oldest_pending_since"]) < second
    assert made["csw"]["by_status"]["pending"] == 1

    nes = FakeAgency()
    nes.always = AdapterUnavailable("nes", "503")
    run_once(connection, {"nes": nes, "csw": FakeAgency("csw")}, settings, SLOW)
    after = agencies(client)
    assert after["nes"]["by_status"]["pending"] == 3
    assert after["nes"]["due"] == 0, "they wait for their backoff"
    assert after["csw"]["by_status"] | {"delivered": 1, "pending": 0} == after["csw"]["by_status"]
    assert after["csw"]["oldest_pending_since"] is None

    client.put("/v1/admin/delivery-pauses/nes", json={"reason": "NES maintenance"})
    paused = agencies(client)
    assert (paused["nes"]["paused"], paused["csw"]["paused"]) == (True, False)


def test_an_agency_paused_before_it_has_jobs_is_listed(client: TestClient) -> None:
    client.put("/v1/admin/delivery-pauses/iom", json={"reason": "IOM moves its servers"})
    iom = agencies(client)["iom"]
    assert iom["paused"] is True
    assert set(iom["by_status"].values()) == {0}
    assert iom["oldest_pending_since"] is None


def test_the_overview_is_for_admins(client: TestClient, agency: Callable[..., Headers]) -> None:
    nes = agency("nes", "referral_handling", ("referrals:read", "referrals:write"))
    response = client.get("/v1/admin/delivery-overview", headers=nes)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
