"""What the referrals put in the outbox: a referral to deliver, its withdrawal, notifications.

``enqueue_referral`` is called by the service as it creates a referral, ``notify_subscribers``
by the workflow as a referral changes status, and ``enqueue_cancellation`` when the sender
withdraws a referral the target agency has (or gets after all, when the withdrawal overtook
the delivery). Each job commits with the change or not at all (``gateway.delivery.outbox``);
the job kinds in ``delivery_jobs`` say what the worker does with them.
"""

import uuid
from typing import Any

from sqlmodel import Session

from gateway.delivery.models import DeliveryJob
from gateway.delivery.notifications import enqueue_notifications
from gateway.delivery.outbox import enqueue
from gateway.models import utcnow
from gateway.referrals.models import Referral, ReferralEvent
from gateway.schema.agency import ReferralCancellation

REFERRAL = "referral"
CANCELLATION = "cancellation"
NOTIFICATION_TYPE = "referral.status_changed"


def referral_key(referral_id: uuid.UUID) -> str:
    """The idempotency key of a referral's delivery: the same on every try and re-drive."""
    return f"referral-{referral_id}"


def cancellation_key(referral_id: uuid.UUID) -> str:
    """The idempotency key of telling the agency that a referral was withdrawn."""
    return f"cancellation-{referral_id}"


def enqueue_referral(
    session: Session, *, referral_id: uuid.UUID, agency: str, payload: dict[str, Any]
) -> DeliveryJob:
    """The job that delivers a new referral to the receiving agency."""
    return enqueue(
        session,
        kind=REFERRAL,
        agency=agency,
        key=referral_key(referral_id),
        referral_id=referral_id,
        payload=payload,
    )


def enqueue_cancellation(session: Session, *, referral: Referral, reason: str) -> DeliveryJob:
    """The job that tells the receiving agency the sender withdrew ``referral``."""
    return enqueue(
        session,
        kind=CANCELLATION,
        agency=referral.to_agency,
        key=cancellation_key(referral.id),
        referral_id=referral.id,
        payload=cancellation_of(referral, reason).model_dump(mode="json"),
    )


def cancellation_of(referral: Referral, reason: str) -> ReferralCancellation:
    """The withdrawal as the agency's adapter takes it: the two references and the reason."""
    assert referral.agency_reference is not None  # only what the agency has is withdrawn there
    return ReferralCancellation(
        referral_id=str(referral.id),
        agency_reference=referral.agency_reference,
        reason=reason[:200],
        cancelled_at=referral.closed_at or utcnow(),
    )


def notify_subscribers(session: Session, *, referral: Referral, change: ReferralEvent) -> int:
    """A notification job per active subscription of the sending agency; how many."""
    return enqueue_notifications(
        session,
        agency=referral.from_agency,
        referral_id=referral.id,
        body=lambda job_id: notification_body(job_id, referral, change),
    )


def notification_body(
    job_id: uuid.UUID, referral: Referral, change: ReferralEvent
) -> dict[str, Any]:
    """What a callback receives: the change, with no personal data but the referral's id."""
    outcome = None
    if referral.service_delivered is not None:
        outcome = {
            "service_delivered": referral.service_delivered,
            "reason": referral.outcome_reason,
        }
    return {
        "id": str(job_id),
        "type": NOTIFICATION_TYPE,
        "occurred_at": change.occurred_at.isoformat(),
        "referral": {
            "id": str(referral.id),
            "from_agency": referral.from_agency,
            "to_agency": referral.to_agency,
            "service": referral.service_code,
            "previous_status": change.from_status,
            "status": change.to_status,
            "agency_reference": referral.agency_reference,
            "outcome": outcome,
        },
    }
