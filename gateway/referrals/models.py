"""Tables of referrals: the service catalogue, routing rules, referrals and their history.

Only the repositories and the catalogue modules query them; the API speaks ``schemas``.
A referral names exactly one subject (a person or a household); every change of its status
is a ``ReferralEvent`` row, so the history is complete and in order.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from gateway.models import UTCDateTime, Versioned, timestamp_field

_ONE_SUBJECT = "(person_id IS NULL) <> (household_id IS NULL)"


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ReferralService(SQLModel, table=True):
    """A service of the catalogue: which agency provides it, for which needs."""

    __tablename__ = "referral_service"

    code: str = Field(primary_key=True, max_length=64)
    agency: str = Field(max_length=32, index=True)
    label_en: str = Field(max_length=200)
    label_sr_latn: str = Field(max_length=200)
    label_sr_cyrl: str = Field(max_length=200)
    need_domains: list[str] = _json_list()
    categories: list[str] = _json_list()
    default_due_days: int = Field(default=30)
    active: bool = True
    version: int = Field(default=1)
    created_at: dt.datetime = timestamp_field()
    updated_at: dt.datetime = timestamp_field()


class RoutingRule(Versioned, table=True):
    """A need domain (and optionally a municipality) routed to a service and its office."""

    __tablename__ = "referral_routing_rule"

    need_domain: str = Field(max_length=32, index=True)
    municipality: str | None = Field(default=None, max_length=64)
    service_code: str = Field(foreign_key="referral_service.code", max_length=64)
    office: str | None = Field(default=None, max_length=200)
    rank: int = Field(default=100)
    active: bool = True


class Referral(Versioned, table=True):
    """A referral from one agency to another about a person or a household."""

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(_ONE_SUBJECT, name="one_subject"),
        Index("ix_referral_status_due_date", "status", "due_date"),
        Index("ix_referral_from_agency_id", "from_agency", "id"),
        Index("ix_referral_to_agency_id", "to_agency", "id"),
    )

    from_agency: str = Field(max_length=32)
    to_agency: str = Field(max_length=32)
    service_code: str = Field(foreign_key="referral_service.code", max_length=64)
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    household_id: uuid.UUID | None = Field(default=None, foreign_key="household.id", index=True)
    needs: list[str] = _json_list()
    categories: list[str] = _json_list()
    priority: str = Field(max_length=16)
    due_date: dt.date | None = None
    notes_category: str | None = Field(default=None, max_length=40)
    municipality: str | None = Field(default=None, max_length=64)
    office: str | None = Field(default=None, max_length=200)
    status: str = Field(default="submitted", max_length=16)
    agency_reference: str | None = Field(default=None, max_length=64)
    service_delivered: bool | None = None
    outcome_reason: str | None = Field(default=None, max_length=200)
    created_by_client: str = Field(max_length=64)
    closed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    poll_after: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class ReferralEvent(SQLModel, table=True):
    """One change of a referral's status: who made it, when, through which channel, why."""

    __tablename__ = "referral_event"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: uuid.UUID = Field(foreign_key="referral.id", index=True)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str = Field(max_length=16)
    occurred_at: dt.datetime = Field(sa_type=UTCDateTime)
    recorded_at: dt.datetime = timestamp_field()
    actor_agency: str | None = Field(default=None, max_length=32)
    actor_client: str | None = Field(default=None, max_length=64)
    source: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=200)
    service_delivered: bool | None = None
