"""Recording how a job went: its attempt, its new state, and what its kind makes of it.

A delivered job is recorded as delivered, and its kind told (``JobKind.delivered``: a
referral becomes ``delivered``), whatever happened to the claim meanwhile, because the
receiver has it. A failure changes the job only if the claim is still this worker's (the
claim token): a worker whose lease ran out has lost the job to another, and only its attempt
is kept. A failure is retried after a backoff, or, when it cannot succeed (the receiver
refused it) or was the last try, parks the job as ``dead`` for an admin. A closed job keeps
no payload its kind can build again (``models.keeps_payload``).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from gateway.audit.hook import AuditEvent, record
from gateway.delivery.backoff import retry_delay
from gateway.delivery.jobs import Claimed, Result, Settled
from gateway.delivery.kinds import JobKind, JobKinds
from gateway.delivery.models import DeliveryAttempt, DeliveryJob, keeps_payload
from gateway.delivery.settings import DeliverySettings
from gateway.models import utcnow

WORKER_CLIENT = "delivery-worker"
Attempt = dict[str, Any]
"""A ``delivery_attempt`` row, inserted with the rest of its batch (``record_attempts``)."""


def settle(session: Session, settled: Settled, *, kind: JobKind | None, worker: str) -> Attempt:
    """Finish a job that needs no request (blocked by consent, stopped, already delivered).

    ``kind`` is told (None: a job of no registered kind). Returns its attempt's row, for the
    caller to insert with the batch's others.
    """
    job = _locked(session, settled.claimed)
    now = utcnow()
    job.attempts += 1
    outcome = "already_delivered" if settled.status == "delivered" else settled.status
    attempt = _attempt(settled.claimed, job.attempts, worker, now, now, outcome)
    _close(
        job, settled.status, now, error=settled.reason if settled.status != "delivered" else None
    )
    if settled.status == "blocked_by_consent":
        job.last_error_class = "ConsentWithdrawn"
    if kind is not None:
        kind.settled(session, settled)
    session.add(job)
    return attempt


def finish(
    session: Session,
    result: Result,
    *,
    kind: JobKind,
    worker: str,
    settings: DeliverySettings,
) -> Attempt:
    """Record one try and what follows from it; returns the attempt's row (see ``settle``)."""
    job = _locked(session, result.claimed)
    ours = job.claim_token == result.claimed.token
    number = job.attempts + 1 if ours or result.delivered else result.claimed.attempts + 1
    outcome = "delivered" if result.delivered else "failed"
    if result.receipt is not None and result.receipt.duplicate:
        outcome = "duplicate"
    attempt = _attempt(
        result.claimed, number, worker, result.started_at, result.finished_at, outcome, result
    )
    if result.delivered:
        _delivered(session, job, result, number, kind)
    elif ours:
        _failed(session, job, result, number, kind, settings)
    return attempt


def _delivered(
    session: Session, job: DeliveryJob, result: Result, number: int, kind: JobKind
) -> None:
    if job.status != "delivered":
        job.attempts = max(job.attempts, number)
        _close(job, "delivered", result.finished_at)
        session.add(job)
    kind.delivered(session, result)


def _failed(
    session: Session,
    job: DeliveryJob,
    result: Result,
    number: int,
    kind: JobKind,
    settings: DeliverySettings,
) -> None:
    job.attempts = number
    job.last_error_class, job.last_error = result.error_class, result.error
    limit = job.max_attempts or settings.max_attempts
    if result.permanent or number >= limit:
        _close(job, "dead", result.finished_at, error=result.error)
        _audit_dead(session, job, kind.purpose)
    else:
        delay = retry_delay(
            _tries_since_redrive(job, number, settings),
            base=settings.backoff_base_seconds,
            cap=settings.backoff_cap_seconds,
        )
        job.available_at = result.finished_at + dt.timedelta(seconds=delay)
        _release(job)
    job.updated_at = utcnow()
    session.add(job)


def _tries_since_redrive(job: DeliveryJob, number: int, settings: DeliverySettings) -> int:
    """Failed tries since the job was last re-driven (which granted a new budget), at least 1:
    a re-driven job starts its backoff again from the base, not from the cap."""
    if job.max_attempts is None:
        return number
    return max(1, number - (job.max_attempts - settings.max_attempts))


def _close(job: DeliveryJob, status: str, now: dt.datetime, *, error: str | None = None) -> None:
    if not keeps_payload(job.kind):
        job.payload = None  # not kept once closed (a re-drive builds it again)
    job.status = status
    job.finished_at = now
    job.updated_at = now
    if error is not None:
        job.last_error = error[:300]
    _release(job)


def _release(job: DeliveryJob) -> None:
    job.claimed_by = None
    job.claim_token = None
    job.claimed_until = None


def preload(session: Session, results: Sequence[Result], kinds: JobKinds) -> list[object]:
    """Lock a batch's jobs, and what their kinds change in finishing: a query each at most.

    Hold the returned rows while finishing: the session's identity map holds them weakly.
    """
    ids = [result.claimed.id for result in results]
    locking = select(DeliveryJob).where(col(DeliveryJob.id).in_(ids)).with_for_update()
    jobs = session.exec(locking.execution_options(populate_existing=True)).all()
    held: list[object] = list(jobs)
    by_kind: dict[str, list[Claimed]] = defaultdict(list)
    for result in results:
        by_kind[result.claimed.kind].append(result.claimed)
    for name, claimed in by_kind.items():
        held.extend(kinds[name].hold(session, claimed))
    return held


def _locked(session: Session, claimed: Claimed) -> DeliveryJob:
    """The job, locked by the claim or by ``preload`` in this transaction."""
    job = session.get(DeliveryJob, claimed.id)
    assert job is not None  # jobs are never deleted
    return job


def _attempt(
    claimed: Claimed,
    number: int,
    worker: str,
    started_at: dt.datetime,
    finished_at: dt.datetime,
    outcome: str,
    result: Result | None = None,
) -> Attempt:
    return {
        "job_id": claimed.id,
        "number": number,
        "worker": worker[:100],
        "started_at": started_at,
        "finished_at": finished_at,
        "outcome": outcome,
        "error_class": None if result is None else result.error_class,
        "error": None if result is None else result.error,
    }


def record_attempts(session: Session, attempts: Sequence[Attempt]) -> None:
    """Insert a batch's attempt rows in one statement."""
    if attempts:
        session.execute(insert(DeliveryAttempt), list(attempts))


def _audit_dead(session: Session, job: DeliveryJob, purpose: str) -> None:
    record(
        session,
        AuditEvent(
            action=f"{job.kind}.delivery_dead",
            decision="deny",
            actor_client=WORKER_CLIENT,
            actor_agency=job.agency,
            purpose=purpose,
            detail={
                "referral": str(job.referral_id),
                "job": str(job.id),
                "attempts": job.attempts,
                "error_class": job.last_error_class,
                "outcome": "dead",
            },
        ),
    )
