"""What the receiving agency reports about a referral, applied to it through the workflow.

Reports arrive pushed (``POST /v1/inbound/{agency}``, kind ``referral_update``) or polled by
the workers (``AgencyAdapter.referral_updates``). Each is applied at most once: a status the
referral has had already is skipped, and so is a change the lifecycle does not allow from where
the referral stands (a late or out-of-order report). A report about a referral still recorded
as submitted proves it arrived, so the delivery is recorded first. Only the receiving agency
reports on a referral.
"""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from gateway.errors import NotFound
from gateway.referrals import lifecycle, repository
from gateway.referrals.coverage import PURPOSE
from gateway.referrals.models import Referral
from gateway.referrals.workflow import Actor, Change, Source, move
from gateway.schema.agency import ReferralUpdate

NO_REASON = "The agency gave no reason."


def apply_pushed_update(
    session: Session, *, agency: str, client_id: str, purpose: str, update: ReferralUpdate
) -> dict[str, Any]:
    """Apply one report an agency pushed; the result the inbound event answers with."""
    referral = _reported(session, agency, update.referral_id)
    actor = Actor("target", agency, client_id, purpose, "agency")
    applied = apply_updates(session, referral, [update], actor=actor)
    return {"referral_id": str(referral.id), "status": referral.status, "applied": applied}


def apply_updates(
    session: Session, referral: Referral, updates: Sequence[ReferralUpdate], *, actor: Actor
) -> list[str]:
    """Apply the reports that are news, oldest first; the statuses that were applied."""
    seen = {event.to_status for event in repository.history(session, referral.id)}
    applied: list[str] = []
    for update in sorted(updates, key=lambda item: item.occurred_at):
        if update.status in seen:
            continue
        if referral.status == "submitted":
            _arrived(session, referral, update, actor.source)
            seen.add("delivered")
        if lifecycle.allowed(referral.status, update.status, "target"):
            move(session, referral, _change(update), actor=actor)
            seen.add(update.status)
            applied.append(update.status)
    return applied


def _change(update: ReferralUpdate) -> Change:
    closing = update.status in ("completed", "rejected")
    delivered = update.service_delivered
    if update.status == "completed" and delivered is None:
        delivered = True
    reason = update.reason
    if closing and not reason and not (update.status == "completed" and delivered):
        reason = NO_REASON
    return Change(
        status=update.status,
        reason=reason,
        service_delivered=delivered,
        agency_reference=update.agency_reference,
        occurred_at=update.occurred_at,
    )


def _arrived(session: Session, referral: Referral, update: ReferralUpdate, source: Source) -> None:
    gateway = Actor("gateway", None, None, PURPOSE, source)
    change = Change("delivered", agency_reference=update.agency_reference)
    move(session, referral, change, actor=gateway)


def _reported(session: Session, agency: str, referral_id: str) -> Referral:
    try:
        referral = session.get(Referral, uuid.UUID(referral_id), with_for_update=True)
    except ValueError:
        referral = None
    if referral is None or referral.to_agency != agency:  # another's referral is not shown to be
        raise NotFound(f"The gateway has no referral {referral_id[:100]} sent to {agency}.")
    return referral
