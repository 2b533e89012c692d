"""Tables of consents (with their history), legal bases and emergency access grants."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from gateway.models import UTCDateTime, Versioned, new_id, utcnow

_ONE_SUBJECT = "(subject_person_id IS NULL) <> (subject_household_id IS NULL)"


def _json(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_column=Column(JSON, nullable=True))
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Consent(Versioned, table=True):
    """A returnee's consent as it stands now; every change is kept in ``consent_version``."""

    __tablename__ = "consent"
    __table_args__ = (CheckConstraint(_ONE_SUBJECT, name="one_subject"),)

    subject_person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    subject_household_id: uuid.UUID | None = Field(
        default=None, foreign_key="household.id", index=True
    )
    grantees: list[str] = _json()
    purposes: list[str] = _json()
    categories: list[str] = _json()
    valid_from: dt.datetime = Field(sa_type=UTCDateTime)
    valid_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    given_by_person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")
    given_by_authority: str | None = Field(default=None, max_length=32)
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    notice_language: str = Field(max_length=8)
    status: str = Field(default="active", max_length=16)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revocation_reason: str | None = Field(default=None, max_length=500)
    recorded_by_client: str = Field(max_length=64)
    recorded_by_agency: str = Field(max_length=32)


class ConsentScope(SQLModel, table=True):
    """One (agency, purpose, category) a consent grants: what lookups by grantee index."""

    __tablename__ = "consent_scope"
    __table_args__ = (Index("ix_consent_scope_lookup", "agency", "purpose", "category"),)

    consent_id: uuid.UUID = Field(foreign_key="consent.id", primary_key=True, ondelete="CASCADE")
    agency: str = Field(primary_key=True, max_length=32)
    purpose: str = Field(primary_key=True, max_length=64)
    category: str = Field(primary_key=True, max_length=32)


class ConsentVersion(SQLModel, table=True):
    """A consent as it was after one change: created, changed or revoked."""

    __tablename__ = "consent_version"

    consent_id: uuid.UUID = Field(foreign_key="consent.id", primary_key=True)
    version: int = Field(primary_key=True)
    change: str = Field(max_length=16)
    snapshot: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    changed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    changed_by_client: str = Field(max_length=64)


class LegalBasis(Versioned, table=True):
    """A statutory basis for an agency and purpose, covering the categories it names."""

    __tablename__ = "legal_basis"
    __table_args__ = (Index("ix_legal_basis_agency_purpose", "agency", "purpose"),)

    agency: str = Field(max_length=32)
    purpose: str = Field(max_length=64)
    categories: list[str] = _json()
    citation: str = Field(max_length=500)
    valid_from: dt.datetime = Field(sa_type=UTCDateTime)
    valid_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="active", max_length=16)


class EmergencyAccess(SQLModel, table=True):
    """Break-glass access to one person: asked with a justification, approved by another role."""

    __tablename__ = "emergency_access"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    subject_person_id: uuid.UUID = Field(foreign_key="person.id", index=True)
    agency: str = Field(max_length=32)
    purpose: str = Field(max_length=64)
    categories: list[str] = _json()
    justification: str = Field(max_length=1000)
    requested_by_client: str = Field(max_length=64)
    requested_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    approve_by: dt.datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=16)
    decided_by_client: str | None = Field(default=None, max_length=64)
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    access_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
