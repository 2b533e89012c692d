"""The referral job kinds the delivery workers run: a referral, and its withdrawal.

The outbox and its workers (``gateway.delivery``) know no referral: the composition root
hands them these kinds. Before every try at a referral the policy decision is asked again
(for a claimed batch at once): a consent revoked since the referral was made stops the job as
``blocked_by_consent`` (audited) and nothing is sent; a cancelled referral's job stops; a
referral the agency has reported on already needs no request. What goes is the payload made
with the referral (built again after a re-drive), through the agency's adapter with the
referral's idempotency key. Delivered, the referral becomes ``delivered`` with the agency's
reference and the basis of each category disclosed; a copy that arrives after the referral
moved on is audited as disclosed, and if the sender withdrew it meanwhile, the withdrawal
follows. A withdrawal carries no personal data: the two references and the reason.
"""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlmodel import Session, col, select

from adapters.base import AgencyAdapter
from gateway.audit.hook import AuditEvent, record
from gateway.delivery.finish import WORKER_CLIENT
from gateway.delivery.jobs import AgencySend, Claimed, Receipt, Result, Send, Settled
from gateway.models import utcnow
from gateway.referrals import coverage
from gateway.referrals.coverage import PURPOSE
from gateway.referrals.lifecycle import FINAL
from gateway.referrals.models import Referral
from gateway.referrals.outgoing import (
    CANCELLATION,
    REFERRAL,
    cancellation_of,
    enqueue_cancellation,
)
from gateway.referrals.payload import delivery_for
from gateway.referrals.workflow import Actor, Change, move, subject_id
from gateway.registry.models import Household, Person
from gateway.schema.agency import ReferralCancellation, ReferralDelivery


@dataclass(frozen=True)
class Decisions:
    """A batch's consent decisions by referral id, with the referrals they were made for.

    Holding the referrals keeps them in the session's identity map (which holds its objects
    weakly), so preparing each job reads none of them again.
    """

    by_referral: Mapping[uuid.UUID, coverage.Coverage] = field(default_factory=dict)
    referrals: Sequence[Referral] = ()


@dataclass
class ReferralJobs:
    """Delivering a referral to the receiving agency (a ``JobKind``)."""

    consent_age: int
    status_poll_seconds: float
    """After a delivery, when to ask the agency for news (0: never)."""
    name: str = REFERRAL
    purpose: str = PURPOSE

    def decide(self, session: Session, jobs: Sequence[Claimed]) -> Decisions:
        """The consent decisions of a claimed batch's referrals, made together."""
        ids = {job.referral_id for job in jobs}
        referrals = session.exec(select(Referral).where(col(Referral.id).in_(ids))).all()
        found = coverage.coverage_of_referrals(session, referrals, consent_age=self.consent_age)
        return Decisions(found, referrals)

    def prepare(self, session: Session, job: Claimed, decided: object | None) -> Send | Settled:
        referral = session.get(Referral, job.referral_id)
        assert referral is not None  # a foreign key
        if referral.status == "cancelled":
            return Settled(job, "stopped", "the referral was cancelled before it was delivered")
        if referral.status != "submitted":
            return Settled(job, "delivered", "the agency has reported on the referral already")
        known = decided.by_referral.get(job.referral_id) if isinstance(decided, Decisions) else None
        found = known or coverage.coverage(
            session,
            agency=referral.to_agency,
            subject=_subject(session, referral),
            categories=referral.categories,
            consent_age=self.consent_age,
        )
        if not found.covered:
            return Settled(job, "blocked_by_consent", "no basis covers it now", found.missing)
        if job.payload is None:  # cleared once closed; a re-drive builds it again
            delivery = delivery_for(session, referral)
        else:
            delivery = ReferralDelivery.model_validate(job.payload)
        return AgencySend(job, partial(_send_referral, delivery), found.basis())

    def hold(self, session: Session, jobs: Sequence[Claimed]) -> Sequence[object]:
        """The batch's referrals, locked (PostgreSQL), so that a status an agency reports
        meanwhile is read, not overwritten with ``delivered``."""
        wanted = {job.referral_id for job in jobs}
        referrals = select(Referral).where(col(Referral.id).in_(wanted)).with_for_update()
        return session.exec(referrals.execution_options(populate_existing=True)).all()

    def settled(self, session: Session, settled: Settled) -> None:
        if settled.status == "blocked_by_consent":
            _audit_blocked(session, settled)

    def delivered(self, session: Session, result: Result) -> None:
        """The referral is ``delivered``, or, if it moved on meanwhile, the copy is audited."""
        if result.receipt is None:
            return
        referral = session.get(Referral, result.claimed.referral_id)
        assert referral is not None
        reference = result.receipt.reference
        if referral.status == "submitted":
            actor = Actor("gateway", None, WORKER_CLIENT, PURPOSE, "delivery")
            change = Change("delivered", agency_reference=reference, occurred_at=result.finished_at)
            move(session, referral, change, actor=actor, disclosed=result.disclosed)
        else:  # the agency reported (or the sender cancelled) while this copy was on its way
            known = referral.agency_reference
            referral.agency_reference = known or reference
            _audit_disclosed(session, referral, result)
            if referral.status == "cancelled" and known is None:  # withdrawn there too
                enqueue_cancellation(
                    session, referral=referral, reason=referral.outcome_reason or ""
                )
        if self.status_poll_seconds and referral.status not in FINAL:
            referral.poll_after = utcnow() + dt.timedelta(seconds=self.status_poll_seconds)
        session.add(referral)


@dataclass
class Cancellations:
    """Telling the receiving agency that the sender withdrew a referral (a ``JobKind``)."""

    name: str = CANCELLATION
    purpose: str = PURPOSE

    def decide(self, _session: Session, _jobs: Sequence[Claimed]) -> None:
        return None

    def prepare(self, session: Session, job: Claimed, _decided: object | None) -> Send | Settled:
        if job.payload is None:  # cleared once closed; a re-drive builds it again
            referral = session.get(Referral, job.referral_id)
            assert referral is not None  # a foreign key
            cancellation = cancellation_of(referral, referral.outcome_reason or "")
        else:
            cancellation = ReferralCancellation.model_validate(job.payload)
        return AgencySend(job, partial(_cancel_referral, cancellation))

    def hold(self, _session: Session, _jobs: Sequence[Claimed]) -> Sequence[object]:
        return ()

    def settled(self, _session: Session, _settled: Settled) -> None:
        return None

    def delivered(self, _session: Session, _result: Result) -> None:
        return None


async def _send_referral(
    delivery: ReferralDelivery, adapter: AgencyAdapter, idempotency_key: str
) -> Receipt:
    receipt = await adapter.send_referral(delivery, idempotency_key=idempotency_key)
    return Receipt(receipt.agency_reference, duplicate=receipt.duplicate)


async def _cancel_referral(
    cancellation: ReferralCancellation, adapter: AgencyAdapter, idempotency_key: str
) -> None:
    await adapter.cancel_referral(cancellation, idempotency_key=idempotency_key)


def _subject(session: Session, referral: Referral) -> Person | Household:
    subject: Person | Household | None
    if referral.person_id is not None:
        subject = session.get(Person, referral.person_id)
    else:
        subject = session.get(Household, referral.household_id)
    assert subject is not None  # foreign keys
    return subject


def _audit_blocked(session: Session, settled: Settled) -> None:
    referral = session.get(Referral, settled.claimed.referral_id)
    assert referral is not None
    _audit_for_receiver(
        session,
        referral,
        action="referral.delivery_blocked",
        decision="deny",
        categories_withheld=sorted(settled.withheld),
        detail={
            "referral": str(referral.id),
            "job": str(settled.claimed.id),
            "outcome": "blocked_by_consent",
            "reasons": settled.withheld,
        },
    )


def _audit_disclosed(session: Session, referral: Referral, result: Result) -> None:
    """A copy the agency received after the referral had moved on: what went, on what basis."""
    disclosed = result.disclosed or {}
    _audit_for_receiver(
        session,
        referral,
        action="referral.disclosed",
        decision="permit",
        categories_returned=sorted(disclosed),
        basis=disclosed,
        detail={
            "referral": str(referral.id),
            "job": str(result.claimed.id),
            "status": referral.status,
        },
    )


def _audit_for_receiver(session: Session, referral: Referral, **entry: Any) -> None:
    """An entry of the worker's about what the receiving agency got (or did not) of a subject."""
    record(
        session,
        AuditEvent(
            actor_client=WORKER_CLIENT,
            actor_agency=referral.to_agency,
            purpose=PURPOSE,
            subject=str(subject_id(referral)),
            subject_kind="person" if referral.person_id else "household",
            **entry,
        ),
    )
