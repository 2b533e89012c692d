"""The outbox: delivery jobs written in the transaction of the change they deliver.

``enqueue_referral`` is called by the referral service as it creates a referral,
``enqueue_notifications`` by the workflow as a referral changes status, and
``enqueue_cancellation`` when the sender withdraws a referral the target agency has (or gets
after all, when the withdrawal overtook the delivery): the job commits with
the change or not at all, so a change is never without its delivery and a delivery is never
made for a change that was rolled back. The workers (``gateway.delivery.worker``) do the rest.
"""

import uuid
from typing import Any

from sqlmodel import Session, col, select

from gateway.delivery import wakeup
from gateway.delivery.models import DeliveryJob, ReferralSubscription
from gateway.models import new_id, utcnow
from gateway.referrals.models import Referral, ReferralEvent
from gateway.schema.agency import ReferralCancellation

NOTIFICATION_TYPE = "referral.status_changed"


def referral_key(referral_id: uuid.UUID) -> str:
    """The idempotency key of a referral's delivery: the same on every try and re-drive."""
    return f"referral-{referral_id}"


def enqueue_referral(
    session: Session, *, referral_id: uuid.UUID, agency: str, payload: dict[str, Any]
) -> DeliveryJob:
    """The job that delivers a new referral to the receiving agency."""
    job = DeliveryJob(
        kind="referral",
        agency=agency,
        referral_id=referral_id,
        idempotency_key=referral_key(referral_id),
        payload=payload,
    )
    session.add(job)
    wakeup.on_commit(session)
    return job


def cancellation_key(referral_id: uuid.UUID) -> str:
    """The idempotency key of telling the agency that a referral was withdrawn."""
    return f"cancellation-{referral_id}"


def enqueue_cancellation(session: Session, *, referral: Referral, reason: str) -> DeliveryJob:
    """The job that tells the receiving agency the sender withdrew ``referral``."""
    assert referral.agency_reference is not None  # only what the agency has is withdrawn there
    cancellation = ReferralCancellation(
        referral_id=str(referral.id),
        agency_reference=referral.agency_reference,
        reason=reason[:200],
        cancelled_at=referral.closed_at or utcnow(),
    )
    job = DeliveryJob(
        kind="cancellation",
        agency=referral.to_agency,
        referral_id=referral.id,
        idempotency_key=cancellation_key(referral.id),
        payload=cancellation.model_dump(mode="json"),
    )
    session.add(job)
    wakeup.on_commit(session)
    return job


def enqueue_notifications(session: Session, *, referral: Referral, change: ReferralEvent) -> int:
    """A job per active subscription of the sending agency; how many were written."""
    query = select(ReferralSubscription).where(
        col(ReferralSubscription.agency) == referral.from_agency,
        col(ReferralSubscription.status) == "active",
    )
    subscriptions = session.exec(query).all()
    for subscription in subscriptions:
        job_id = new_id()
        session.add(
            DeliveryJob(
                id=job_id,
                kind="notification",
                agency=referral.from_agency,
                referral_id=referral.id,
                subscription_id=subscription.id,
                idempotency_key=f"notification-{job_id}",
                payload=notification_body(job_id, referral, change),
            )
        )
    if subscriptions:
        wakeup.on_commit(session)
    return len(subscriptions)


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
