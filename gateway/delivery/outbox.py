"""The outbox: delivery jobs written in the transaction of the change they deliver.

A feature that has something to deliver calls ``enqueue`` as it makes the change (the referral
service as it creates a referral, the referral workflow as a referral is withdrawn; notifications
go through ``notifications.enqueue_notifications``): the job commits with the change or not at
all, so a change is never without its delivery and a delivery is never made for a change that
was rolled back. The workers (``gateway.delivery.worker``) do the rest, through the job's kind.
"""

import uuid
from typing import Any

from sqlmodel import Session

from gateway.delivery import wakeup
from gateway.delivery.models import DeliveryJob
from gateway.models import new_id


def enqueue(
    session: Session,
    *,
    kind: str,
    agency: str,
    key: str,
    referral_id: uuid.UUID,
    payload: dict[str, Any] | None,
    subscription_id: uuid.UUID | None = None,
    job_id: uuid.UUID | None = None,
) -> DeliveryJob:
    """A job of ``kind`` for ``agency``, sent with the idempotency key ``key`` on every try."""
    job = DeliveryJob(
        id=job_id or new_id(),
        kind=kind,
        agency=agency,
        referral_id=referral_id,
        subscription_id=subscription_id,
        idempotency_key=key,
        payload=payload,
    )
    session.add(job)
    wakeup.on_commit(session)
    return job
