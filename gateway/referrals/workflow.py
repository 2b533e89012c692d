"""Moving a referral along its lifecycle: the one place a referral's status changes.

``move`` checks the change against ``lifecycle``, records the outcome when it closes the
referral, appends the change to the history, writes (``outgoing``) a notification job for
each of the sending agency's subscriptions and a job telling the receiving agency when the
sender withdraws a referral it has, and an audit entry, all in the caller's transaction. The
API (``service``), the agencies' reports (``updates``) and the referral job kinds that the
delivery workers run (``delivery_jobs``) call it.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from gateway.audit.hook import AuditEvent, record
from gateway.models import utcnow
from gateway.referrals import lifecycle
from gateway.referrals.lifecycle import FINAL, Role
from gateway.referrals.models import Referral, ReferralEvent
from gateway.referrals.outgoing import enqueue_cancellation, notify_subscribers

Source = Literal["api", "agency", "delivery"]


@dataclass(frozen=True)
class Actor:
    """Who makes a change, in which role, through which channel."""

    role: Role
    agency: str | None
    client_id: str | None
    purpose: str | None
    source: Source


@dataclass(frozen=True)
class Change:
    """What changes: the new status and, when it closes the referral, the outcome."""

    status: str
    reason: str | None = None
    service_delivered: bool | None = None
    agency_reference: str | None = None
    occurred_at: dt.datetime | None = None


def move(
    session: Session,
    referral: Referral,
    change: Change,
    *,
    actor: Actor,
    disclosed: dict[str, str] | None = None,
) -> ReferralEvent:
    """Apply ``change`` made by ``actor``; IllegalTransition (409) or NotYourTransition (403).

    ``disclosed`` (a delivery) names the basis of each category the receiving agency got.
    """
    lifecycle.check(referral.status, change.status, actor.role)
    lifecycle.check_outcome(
        change.status, service_delivered=change.service_delivered, reason=change.reason
    )
    previous, now = referral.status, utcnow()
    _apply(referral, change, now)
    event = ReferralEvent(
        referral_id=referral.id,
        from_status=previous,
        to_status=change.status,
        occurred_at=change.occurred_at or now,
        actor_agency=actor.agency,
        actor_client=actor.client_id,
        source=actor.source,
        reason=change.reason,
        service_delivered=change.service_delivered,
    )
    session.add(referral)
    session.add(event)
    notify_subscribers(session, referral=referral, change=event)
    if change.status == "cancelled" and referral.agency_reference is not None:
        enqueue_cancellation(session, referral=referral, reason=change.reason or "")
    _audit(session, referral, event, actor, disclosed)
    return event


def _apply(referral: Referral, change: Change, now: dt.datetime) -> None:
    referral.status = change.status
    referral.version += 1
    referral.updated_at = now
    if change.agency_reference:
        referral.agency_reference = change.agency_reference
    if change.status in FINAL:
        referral.closed_at = now
        referral.poll_after = None
        referral.service_delivered = bool(change.service_delivered)
        referral.outcome_reason = change.reason


def _audit(
    session: Session,
    referral: Referral,
    event: ReferralEvent,
    actor: Actor,
    disclosed: dict[str, str] | None,
) -> None:
    record(
        session,
        AuditEvent(
            action=f"referral.{event.to_status}",
            decision="permit",
            actor_client=actor.client_id,
            actor_agency=actor.agency,
            purpose=actor.purpose,
            subject=str(subject_id(referral)),
            subject_kind="person" if referral.person_id else "household",
            categories_returned=None if disclosed is None else sorted(disclosed),
            basis=disclosed,
            detail={
                "referral": str(referral.id),
                "from_status": event.from_status,
                "to_agency": referral.to_agency,
                "source": actor.source,
            },
        ),
    )


def subject_id(referral: Referral) -> uuid.UUID:
    subject = referral.person_id or referral.household_id
    assert subject is not None  # the table's check constraint
    return subject
