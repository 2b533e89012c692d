"""What the receiving agency reports moves the referral: pushed events and polled histories."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import anyio
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from gateway.config import Settings
from gateway.db import create_session_factory
from gateway.referrals import polling
from gateway.schema.agency import ReferralUpdate
from tests.conftest import Headers
from tests.delivery.fakes import FAST, FakeAgency, drain
from tests.referrals.helpers import consented_referral

NES_PUSH = ("returnees:write", "referrals:read", "referrals:write")
STEPS = {"accepted": "prihvacen", "in_progress": "u_realizaciji", "completed": "realizovan"}


def nes_event(referral_id: str, reference: str, *statuses: str, event_id: str) -> bytes:
    """NES's ``promena-statusa-uputa`` push after the given steps."""
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    history: list[dict[str, Any]] = [{"status": "primljen", "vreme": start.isoformat()}]
    for hour, status in enumerate(statuses, 1):
        change = {"status": STEPS[status], "vreme": (start + dt.timedelta(hours=hour)).isoformat()}
        if status == "completed":
            change["uslugaPruzena"] = True
        history.append(change)
    event = {
        "idDogadjaja": event_id,
        "tipDogadjaja": "promena-statusa-uputa",
        "vremeDogadjaja": start.isoformat(),
        "uput": {
            "brojUputa": reference,
            "spoljniBroj": referral_id,
            "status": history[-1]["status"],
            "istorija": history,
        },
    }
    return json.dumps(event).encode()


def push(client: TestClient, headers: Headers, body: bytes) -> Any:
    return client.post(
        "/v1/inbound/nes", content=body, headers=headers | {"content-type": "application/json"}
    )


def test_a_pushed_report_moves_the_referral_once(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    referral = consented_referral(client)
    nes = agency("nes", "referral_handling", NES_PUSH)
    body = nes_event(referral["id"], "UP-2026-000007", "accepted", event_id="nes-1")
    response = push(client, nes, body)
    assert response.status_code == 201, response.text
    assert response.json()["applied"] == ["accepted"]
    after = client.get(f"/v1/referrals/{referral['id']}").json()
    assert after["status"] == "accepted"
    assert after["agency_reference"] == "UP-2026-000007"
    assert [change["status"] for change in after["history"]] == [
        "submitted",
        "delivered",
        "accepted",
    ], "the report proves the referral arrived"
    assert after["history"][-1]["source"] == "agency"
    assert push(client, nes, body).status_code == 200, "a replayed event returns the first result"
    late = nes_event(referral["id"], "UP-2026-000007", "accepted", event_id="nes-2")
    assert push(client, nes, late).json()["applied"] == []
    done = nes_event(
        referral["id"], "UP-2026-000007", "accepted", "in_progress", "completed", event_id="nes-3"
    )
    assert push(client, nes, done).json()["status"] == "completed"
    closed = client.get(f"/v1/referrals/{referral['id']}").json()
    assert closed["outcome"] == {"service_delivered": True, "reason": None}


def test_only_the_receiving_agency_reports(
    client: TestClient, agency: Callable[..., Headers]
) -> None:
    referral = consented_referral(
        client, "csw", service="financial_social_assistance", needs=["social_protection"]
    )
    nes = agency("nes", "referral_handling", NES_PUSH)
    body = nes_event(referral["id"], "UP-1", "accepted", event_id="nes-4")
    response = push(client, nes, body)
    assert response.status_code == 422
    problems = " ".join(response.json()["problems"])
    assert "no referral" in problems
    assert "csw" not in problems, "whom another agency's referral went to is not told"
    unknown_id = "0190f3c2-0000-7000-8000-000000000000"
    unknown = nes_event(unknown_id, "UP-1", "accepted", event_id="x")
    refused = push(client, nes, unknown)
    assert refused.status_code == 422
    assert " ".join(refused.json()["problems"]) == problems.replace(referral["id"], unknown_id)


def test_polling_brings_the_agencys_news(
    client: TestClient, connection: Connection, settings: Settings
) -> None:
    fake = FakeAgency()
    referral = consented_referral(client)
    polled = FAST.model_copy(update={"status_poll_seconds": 0.01})
    drain(connection, {"nes": fake}, settings, polled)
    reference = client.get(f"/v1/referrals/{referral['id']}").json()["agency_reference"]
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    fake.updates[reference] = [
        ReferralUpdate(referral_id=referral["id"], status="accepted", occurred_at=at),
        ReferralUpdate(
            referral_id=referral["id"],
            status="rejected",
            reason="Nije prijavljen na evidenciju.",
            occurred_at=at + dt.timedelta(days=1),
        ),
    ]
    factory = create_session_factory(connection)
    asked = anyio.run(_poll_after_a_moment, factory, fake, polled)
    assert asked == 1
    after = client.get(f"/v1/referrals/{referral['id']}").json()
    assert after["status"] == "rejected"
    assert after["outcome"] == {
        "service_delivered": False,
        "reason": "Nije prijavljen na evidenciju.",
    }
    assert anyio.run(_poll_after_a_moment, factory, fake, polled) == 0, "closed: not asked again"


async def _poll_after_a_moment(factory: Any, fake: FakeAgency, polled: Any) -> int:
    await anyio.sleep(0.05)
    return await polling.poll_once(factory, {"nes": fake}, polled)
