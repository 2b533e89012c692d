"""Referrals as the API shows them: summaries, the full view with history and delivery."""

import datetime as dt

from sqlmodel import Session, col, select

from gateway.delivery.models import DeliveryJob
from gateway.referrals import repository
from gateway.referrals.models import Referral, ReferralEvent
from gateway.referrals.schemas import (
    DeliveryState,
    OverdueReferral,
    ReferralChange,
    ReferralOutcome,
    ReferralPublic,
    ReferralSummary,
)
from gateway.schema.types import read_from


def summary(referral: Referral) -> ReferralSummary:
    return ReferralSummary.model_validate(_fields(referral))


def public(session: Session, referral: Referral) -> ReferralPublic:
    """The referral with its whole history and where its delivery stands."""
    history = [change(event) for event in repository.history(session, referral.id)]
    return ReferralPublic.model_validate(
        _fields(referral) | {"history": history, "delivery": delivery_state(session, referral)}
    )


def overdue(referral: Referral, today: dt.date) -> OverdueReferral:
    assert referral.due_date is not None  # the overdue query asks for a due date
    late = "not_accepted" if referral.status in ("submitted", "delivered") else "not_completed"
    days = (today - referral.due_date).days
    return OverdueReferral.model_validate(
        _fields(referral) | {"overdue": late, "days_overdue": days}
    )


def change(event: ReferralEvent) -> ReferralChange:
    return read_from(ReferralChange, event, status=event.to_status)


def delivery_state(session: Session, referral: Referral) -> DeliveryState | None:
    query = select(DeliveryJob).where(
        col(DeliveryJob.referral_id) == referral.id, col(DeliveryJob.kind) == "referral"
    )
    job = session.exec(query.order_by(col(DeliveryJob.created_at).desc())).first()
    if job is None:
        return None
    return DeliveryState(
        status=job.status,
        attempts=job.attempts,
        next_attempt_at=job.available_at if job.status == "pending" else None,
        last_error=job.last_error,
    )


def _fields(referral: Referral) -> dict[str, object]:
    outcome = None
    if referral.service_delivered is not None:
        outcome = ReferralOutcome(
            service_delivered=referral.service_delivered, reason=referral.outcome_reason
        )
    values = referral.model_dump(include=set(ReferralSummary.model_fields) - {"service", "outcome"})
    return values | {"service": referral.service_code, "outcome": outcome}
