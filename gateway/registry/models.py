"""Tables of the registry. Only repositories query them; the API speaks ``gateway.schema``."""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from gateway.models import Versioned

_ONE_SUBJECT = "(person_id IS NULL) <> (household_id IS NULL)"


def json_column() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Person(Versioned, table=True):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_family_keys", "family_key_dj", "family_key_d"),
        Index("ix_person_given_keys", "given_key_dj", "given_key_d"),
    )

    jmbg: str | None = Field(default=None, max_length=13, unique=True)
    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)
    parent_name: str | None = Field(default=None, max_length=100)
    given_name_latin: str = Field(max_length=100)
    family_name_latin: str = Field(max_length=100)
    given_key_dj: str = Field(max_length=100)
    given_key_d: str = Field(max_length=100)
    family_key_dj: str = Field(max_length=100)
    family_key_d: str = Field(max_length=100)
    sex: str | None = Field(default=None, max_length=16)
    birth_date: str | None = Field(default=None, max_length=10, index=True)
    citizenship: list[str] = json_column()
    idp: bool = False
    municipality: str | None = Field(default=None, max_length=64, index=True)
    contact: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    languages: list[str] = json_column()
    documents: list[dict[str, Any]] = json_column()
    registered_by: str | None = Field(default=None, max_length=32)


class PersonAgencyId(SQLModel, table=True):
    """A person's identifier in one agency's system; unique per agency."""

    __tablename__ = "person_agency_id"
    __table_args__ = (UniqueConstraint("agency", "local_id", name="uq_person_agency_id_local"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    agency: str = Field(max_length=32)
    local_id: str = Field(max_length=64)


class Household(Versioned, table=True):
    __tablename__ = "household"

    municipality: str | None = Field(default=None, max_length=64, index=True)
    address: str | None = Field(default=None, max_length=200)
    no_fixed_address: bool = False
    registered_by: str | None = Field(default=None, max_length=32)


class HouseholdMember(SQLModel, table=True):
    __tablename__ = "household_member"

    household_id: uuid.UUID = Field(
        foreign_key="household.id", primary_key=True, ondelete="CASCADE"
    )
    person_id: uuid.UUID = Field(foreign_key="person.id", primary_key=True, unique=True)
    position: int = 0
    relationship: str = Field(max_length=32)
    guardian_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")


class ReturnEvent(Versioned, table=True):
    __tablename__ = "return_event"
    __table_args__ = (CheckConstraint(_ONE_SUBJECT, name="one_subject"),)

    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    household_id: uuid.UUID | None = Field(default=None, foreign_key="household.id", index=True)
    modality: str = Field(max_length=32)
    return_date: dt.date
    country_from: str = Field(max_length=2)
    entry_point: str = Field(max_length=64)
    registering_agency: str = Field(max_length=32)
    registered_by: str | None = Field(default=None, max_length=32)


class NeedsAssessment(Versioned, table=True):
    __tablename__ = "needs_assessment"
    __table_args__ = (CheckConstraint(_ONE_SUBJECT, name="one_subject"),)

    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id", index=True)
    household_id: uuid.UUID | None = Field(default=None, foreign_key="household.id", index=True)
    assessed_on: dt.date
    assessed_by: str = Field(max_length=32)
    needs: list[dict[str, Any]] = json_column()
    registered_by: str | None = Field(default=None, max_length=32)
