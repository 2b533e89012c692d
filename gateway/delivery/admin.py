"""Looking after deliveries: list jobs, re-drive the parked, stop a retry storm, pause agencies.

Re-driving a ``dead``, ``stopped`` or ``blocked_by_consent`` job makes it due now with a new
budget of attempts (a blocked one is decided on again before it goes). Stopping a job ends
its retries at once; a delivery in flight when it is stopped is still recorded if it
arrived. Pausing an agency keeps every worker away from its jobs until it is resumed, so an
agency in trouble is not hammered; its jobs wait, none is lost.
"""

import uuid
from collections.abc import Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from gateway.auth.caller import Caller
from gateway.delivery.models import DeliveryAttempt, DeliveryJob, DeliveryPause, keeps_payload
from gateway.delivery.schemas import (
    DeliveryAttemptPublic,
    DeliveryJobPublic,
    DeliveryJobSummary,
    PausePublic,
)
from gateway.delivery.wakeup import on_commit
from gateway.errors import Conflict, NotFound
from gateway.models import utcnow
from gateway.pagination import fetch_page

PARKED = ("dead", "stopped", "blocked_by_consent")
STOPPABLE = ("pending", "dead", "blocked_by_consent")


def list_jobs(
    session: Session,
    *,
    status: str | None,
    agency: str | None,
    kind: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[DeliveryJobSummary], str | None]:
    """Jobs, oldest first, optionally of one status, agency and kind."""
    query = select(DeliveryJob)
    for column, value in (("status", status), ("agency", agency), ("kind", kind)):
        if value is not None:
            query = query.where(col(getattr(DeliveryJob, column)) == value)
    rows, next_cursor = fetch_page(session, query, col(DeliveryJob.id), cursor=cursor, limit=limit)
    return [summary(row) for row in rows], next_cursor


def read_job(session: Session, *, job_id: uuid.UUID) -> DeliveryJobPublic:
    job = _load(session, job_id)
    query = select(DeliveryAttempt).where(col(DeliveryAttempt.job_id) == job_id)
    attempts = session.exec(query.order_by(col(DeliveryAttempt.id))).all()
    return public(job, attempts)


def redrive(session: Session, *, job_id: uuid.UUID, max_attempts: int) -> DeliveryJobPublic:
    """Deliver a parked job again now (or a waiting one at once), with a new budget.

    A job a worker is delivering right now is not re-driven: another worker would send it a
    second time while the first request is still on its way.
    """
    job = _load(session, job_id, lock=True)
    if job.status not in (*PARKED, "pending"):
        raise Conflict(f"A {job.status} job is not re-driven.")
    if job.claimed_until is not None and job.claimed_until > utcnow():
        raise Conflict(
            f"The job is being delivered by {job.claimed_by}; re-drive it once that try ends."
        )
    _due_now(job, max_attempts)
    session.add(job)
    session.flush()
    on_commit(session)
    return read_job(session, job_id=job_id)


def redrive_many(session: Session, *, agency: str | None, status: str, max_attempts: int) -> int:
    """Re-drive every parked job of one status (and agency); how many."""
    query = select(DeliveryJob).where(col(DeliveryJob.status) == status)
    if agency is not None:
        query = query.where(col(DeliveryJob.agency) == agency)
    jobs = session.exec(query).all()
    for job in jobs:
        _due_now(job, max_attempts)
        session.add(job)
    session.flush()
    on_commit(session)
    return len(jobs)


def stop(session: Session, *, job_id: uuid.UUID, reason: str) -> DeliveryJobPublic:
    """End a job's retries now (its payload is dropped unless its kind keeps it: a re-drive
    builds it again)."""
    job = _load(session, job_id, lock=True)
    if job.status not in STOPPABLE:
        raise Conflict(f"A {job.status} job cannot be stopped.")
    now = utcnow()
    job.status, job.finished_at, job.updated_at = "stopped", now, now
    job.last_error_class, job.last_error = "StoppedByAdmin", reason
    job.claimed_by = job.claim_token = job.claimed_until = None
    if not keeps_payload(job.kind):
        job.payload = None
    session.add(job)
    session.flush()
    return read_job(session, job_id=job_id)


def pauses(session: Session) -> list[PausePublic]:
    rows = session.exec(select(DeliveryPause).order_by(col(DeliveryPause.agency))).all()
    return [PausePublic.model_validate(row.model_dump()) for row in rows]


def pause(session: Session, *, agency: str, reason: str, caller: Caller) -> PausePublic:
    """Keep the workers away from an agency's jobs (again: changes the reason)."""
    row = session.get(DeliveryPause, agency) or DeliveryPause(
        agency=agency, reason=reason, paused_by=caller.client_id
    )
    row.reason, row.paused_by, row.paused_at = reason, caller.client_id, utcnow()
    session.add(row)
    session.flush()
    return PausePublic.model_validate(row.model_dump())


def resume(session: Session, *, agency: str) -> None:
    """Let the workers deliver an agency's jobs again."""
    row = session.get(DeliveryPause, agency)
    if row is None:
        raise NotFound(f"The deliveries to {agency} are not paused.")
    session.delete(row)
    session.execute(
        update(DeliveryJob)
        .where(col(DeliveryJob.agency) == agency, col(DeliveryJob.status) == "pending")
        .values(available_at=utcnow())
    )
    session.flush()
    on_commit(session)


def summary(job: DeliveryJob) -> DeliveryJobSummary:
    return DeliveryJobSummary.model_validate(
        job.model_dump(include=set(DeliveryJobSummary.model_fields))
    )


def public(job: DeliveryJob, attempts: Sequence[DeliveryAttempt]) -> DeliveryJobPublic:
    log = [
        DeliveryAttemptPublic.model_validate(
            attempt.model_dump(include=set(DeliveryAttemptPublic.model_fields))
        )
        for attempt in attempts
    ]
    return DeliveryJobPublic.model_validate(summary(job).model_dump() | {"attempt_log": log})


def _due_now(job: DeliveryJob, budget: int) -> None:
    now = utcnow()
    job.status, job.available_at, job.updated_at, job.finished_at = "pending", now, now, None
    job.max_attempts = job.attempts + budget
    job.claimed_by = job.claim_token = job.claimed_until = None


def _load(session: Session, job_id: uuid.UUID, *, lock: bool = False) -> DeliveryJob:
    """The job; ``lock``: locked for a change (PostgreSQL), so a worker's record comes first."""
    job = session.get(DeliveryJob, job_id, with_for_update=lock or None)
    if job is None:
        raise NotFound(f"There is no delivery job with id {job_id}.")
    return job
