"""Tables of the outbox: delivery jobs, their attempts, paused agencies, webhook subscriptions.

A ``DeliveryJob`` is written in the same transaction as the change it delivers (a new
referral, a status change to notify), so a committed change always has its job and a rolled
back one never has. Workers claim jobs with a lease (``claimed_until``) and a claim token that
fences a worker whose lease ran out; every try is a ``DeliveryAttempt`` row.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from gateway.models import UTCDateTime, new_id, timestamp_field

JOB_STATUSES = ("pending", "delivered", "dead", "stopped", "blocked_by_consent")
NOTIFICATION = "notification"
"""Delivery's own job kind: a change posted to a subscribed callback URL (``notifications``)."""
PAYLOAD_KEPT_BY = frozenset({NOTIFICATION})
"""Kinds whose closed jobs keep their payload: a notification's body cannot be built again.
Every other kind's job drops its payload once closed (a parked job keeps no personal data),
and its kind builds it again when the job is re-driven."""


def keeps_payload(kind: str) -> bool:
    """Whether a closed job of ``kind`` keeps its payload."""
    return kind in PAYLOAD_KEPT_BY


class DeliveryJob(SQLModel, table=True):
    """Something to deliver to an agency: a referral, its withdrawal, or a notification to a
    callback URL."""

    __tablename__ = "delivery_job"
    __table_args__ = (Index("ix_delivery_job_status_available_at", "status", "available_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(max_length=16)
    agency: str = Field(max_length=32, index=True)
    referral_id: uuid.UUID = Field(foreign_key="referral.id", index=True)
    subscription_id: uuid.UUID | None = Field(default=None, foreign_key="referral_subscription.id")
    idempotency_key: str = Field(max_length=100)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="pending", max_length=24)
    attempts: int = Field(default=0)
    max_attempts: int | None = Field(
        default=None, description="None: the worker's setting; re-driving grants a new budget"
    )
    available_at: dt.datetime = timestamp_field()
    claimed_by: str | None = Field(default=None, max_length=100)
    claim_token: uuid.UUID | None = None
    claimed_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error_class: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, max_length=300)
    created_at: dt.datetime = timestamp_field()
    updated_at: dt.datetime = timestamp_field()
    finished_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class DeliveryAttempt(SQLModel, table=True):
    """One try at a job: when, by which worker, and what came of it."""

    __tablename__ = "delivery_attempt"

    id: int | None = Field(default=None, primary_key=True)
    job_id: uuid.UUID = Field(foreign_key="delivery_job.id", index=True)
    number: int
    worker: str = Field(max_length=100)
    started_at: dt.datetime = Field(sa_type=UTCDateTime)
    finished_at: dt.datetime = Field(sa_type=UTCDateTime)
    outcome: str = Field(max_length=24)
    error_class: str | None = Field(default=None, max_length=64)
    error: str | None = Field(default=None, max_length=300)


class DeliveryPause(SQLModel, table=True):
    """An agency whose deliveries workers leave alone until an admin resumes them."""

    __tablename__ = "delivery_pause"

    agency: str = Field(primary_key=True, max_length=32)
    reason: str = Field(max_length=200)
    paused_by: str = Field(max_length=64)
    paused_at: dt.datetime = timestamp_field()


class ReferralSubscription(SQLModel, table=True):
    """An agency's callback URL for the status changes of the referrals it sent."""

    __tablename__ = "referral_subscription"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    agency: str = Field(max_length=32, index=True)
    callback_url: str = Field(max_length=500)
    sealed_secret: str = Field(max_length=300)
    status: str = Field(default="active", max_length=16)
    created_by_client: str = Field(max_length=64)
    created_at: dt.datetime = timestamp_field()
    removed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
