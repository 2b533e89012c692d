"""Claiming due jobs: one worker per job, with a lease that another worker may take over.

In one transaction a worker selects pending jobs that are due, not leased and not of a
paused agency, and marks them with its name, a new claim token and a lease end. On
PostgreSQL the select is ``FOR UPDATE SKIP LOCKED``: concurrent workers skip each other's
rows instead of waiting, so each job goes to one of them. On SQLite the transaction begins
``BEGIN IMMEDIATE`` (``gateway.db``): one writer at a time, across processes, so the select
and the marking cannot interleave. A worker that dies (SIGKILL, power loss) leaves its leases
to run out; then its jobs are due again and another worker delivers them with the same
idempotency key, which the agency recognises.
"""

import datetime as dt
import uuid

from sqlmodel import Session, col, or_, select

from gateway.delivery.models import DeliveryJob, DeliveryPause


def claim(
    session: Session, *, worker: str, limit: int, lease_seconds: float, now: dt.datetime
) -> list[DeliveryJob]:
    """Claim up to ``limit`` due jobs for ``worker`` until ``now + lease``."""
    paused = select(DeliveryPause.agency)
    query = (
        select(DeliveryJob)
        .where(
            col(DeliveryJob.status) == "pending",
            col(DeliveryJob.available_at) <= now,
            or_(col(DeliveryJob.claimed_until).is_(None), col(DeliveryJob.claimed_until) <= now),
            col(DeliveryJob.agency).not_in(paused),
        )
        .order_by(col(DeliveryJob.available_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    jobs = list(session.exec(query).all())
    token, until = uuid.uuid4(), now + dt.timedelta(seconds=lease_seconds)
    for job in jobs:
        job.claimed_by = worker[:100]
        job.claim_token = token
        job.claimed_until = until
        session.add(job)
    session.flush()
    return jobs
