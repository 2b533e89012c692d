"""Two agencies closing one referral at the same moment: one change wins, the other is 409.

A real ``gateway serve`` (its own connections to the suite's database) gets, for each of many
delivered referrals, the receiving agency's rejection and the sender's cancellation at once.
Both are allowed from ``delivered`` and each closes the referral; they must follow one another
(the referral row is locked for a change on PostgreSQL, SQLite has one writer), so exactly one
succeeds and the referral's status, history and outcome agree with it.
"""

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

from gateway.referrals.models import Referral, ReferralEvent
from tests.auth_helpers import register_client, secret_token
from tests.delivery import seeding
from tests.delivery.processes import serve_gateway, stop

PAIRS = 40
REASONS = {"rejected": "not registered with NES", "cancelled": "sent twice"}
SCOPES = ["referrals:read", "referrals:write"]


@pytest.fixture
def engine(fresh_database: str) -> Iterator[Engine]:
    with seeding.migrated(fresh_database) as engine:
        yield engine


def test_rejection_and_cancellation_at_once_make_one_change(
    engine: Engine, fresh_database: str, tmp_path: Path
) -> None:
    made = seeding.referrals(engine, seeding.persons(engine, 10), PAIRS)
    with Session(engine) as session:  # as delivered (the delivery itself is not under test)
        session.execute(update(Referral).values(status="delivered", version=2))
        session.commit()
    kirs = register_client(engine, agency="kirs", scopes=SCOPES, purposes=["referral_handling"])
    nes = register_client(engine, agency="nes", scopes=SCOPES, purposes=["referral_handling"])
    process, url = serve_gateway(fresh_database, tmp_path, {"GATEWAY_DELIVERY_WORKER": "false"})
    try:
        answers = _race(url, kirs, nes, made)
    finally:
        stop(process)
    with Session(engine) as session:
        referrals = {str(row.id): row for row in session.exec(select(Referral)).all()}
        events = session.exec(select(ReferralEvent).order_by(col(ReferralEvent.id))).all()
    for referral_id, (rejected, cancelled) in answers.items():
        assert sorted((rejected, cancelled)) == [200, 409], (referral_id, rejected, cancelled)
        referral = referrals[referral_id]
        changes = [event.to_status for event in events if str(event.referral_id) == referral_id]
        winner = "rejected" if rejected == 200 else "cancelled"
        assert referral.status == winner
        assert changes == ["submitted", winner], "one change on top of the creation"
        assert referral.outcome_reason == REASONS[winner]


def _race(url: str, kirs: object, nes: object, made: list[str]) -> dict[str, tuple[int, int]]:
    """For each referral, NES rejects while KIRS cancels; the two status codes."""
    with httpx.Client(base_url=url, timeout=30) as http:
        tokens = {
            name: secret_token(http, client, purpose="referral_handling")  # type: ignore[arg-type]
            for name, client in (("kirs", kirs), ("nes", nes))
        }
    changes = {
        "rejected": ("nes", {"status": "rejected", "reason": REASONS["rejected"]}),
        "cancelled": ("kirs", {"status": "cancelled", "reason": REASONS["cancelled"]}),
    }
    clients = {name: httpx.Client(base_url=url, timeout=30) for name in changes}
    answers: dict[str, tuple[int, int]] = {}
    try:
        for referral_id in made:
            codes: dict[str, int] = {}
            start = threading.Barrier(len(changes))

            def change(
                status: str,
                referral_id: str = referral_id,
                start: threading.Barrier = start,
                codes: dict[str, int] = codes,
            ) -> None:
                agency, body = changes[status]
                headers = {"Authorization": f"Bearer {tokens[agency]}"}
                start.wait()
                response = clients[status].post(
                    f"/v1/referrals/{referral_id}/transitions", json=body, headers=headers
                )
                codes[status] = response.status_code

            threads = [threading.Thread(target=change, args=(status,)) for status in changes]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            answers[referral_id] = (codes["rejected"], codes["cancelled"])
    finally:
        for client in clients.values():
            client.close()
    return answers
