"""The outbox: delivery jobs written in the transaction of the change they deliver.

``enqueue_referral`` is called by the referral service as it creates a referral, and
``enqueue_notifications`` by the workflow as a referral changes status: the job commits with
the change or not at all, so a change is never without its delivery and a delivery is never
made for a change that was rolled back. The workers (``gateway.delivery.worker``) do the rest.
"""

import uuid
from typing import Any

from sqlmodel import Session, col, select

from gateway.delivery import wakeup
from gateway.delivery.models import DeliveryJob, ReferralSubscription
from gateway.models import new_id
from gateway.referrals.models import Referral, ReferralEvent

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
