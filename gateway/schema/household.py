"""Household: the family that returns together, with relationships and guardians of minors."""

import datetime as dt
import uuid
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from gateway.schema.person import Withheld
from gateway.schema.types import MunicipalityCode, Relationship, StrictModel


class HouseholdMember(StrictModel):
    """One member, their relationship to the head, and the guardian of a minor."""

    person_id: uuid.UUID
    relationship: Relationship
    guardian_id: uuid.UUID | None = Field(
        default=None, description="The person who is the legal guardian of this member (minors)"
    )

    @model_validator(mode="after")
    def _not_own_guardian(self) -> "HouseholdMember":
        if self.guardian_id == self.person_id:
            raise ValueError("a member cannot be their own guardian")
        return self


Members = Annotated[list[HouseholdMember], Field(min_length=1, max_length=30)]
Address = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class HouseholdFields(StrictModel):
    """The household's attributes, as written by a client."""

    municipality: MunicipalityCode | None = None
    address: Address | None = None
    no_fixed_address: bool = False
    members: Members

    @model_validator(mode="after")
    def _members_once_each(self) -> "HouseholdFields":
        check_members(self.members)
        return self


class HouseholdCreate(HouseholdFields):
    """A new household."""


class HouseholdUpdate(StrictModel):
    """Changes to a household; ``members``, when given, replaces the whole list."""

    municipality: MunicipalityCode | None = None
    address: Address | None = None
    no_fixed_address: bool | None = None
    members: Members | None = None

    @model_validator(mode="after")
    def _members_once_each(self) -> "HouseholdUpdate":
        if self.members is not None:
            check_members(self.members)
        return self


class HouseholdPublic(StrictModel):
    """A household as the gateway returns it: fields of withheld categories are null."""

    id: uuid.UUID
    municipality: str | None = None
    address: str | None = None
    no_fixed_address: bool | None = None
    members: list[HouseholdMember] | None = None
    registered_by: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    withheld: list[Withheld] = Field(default_factory=list)


def check_members(members: list[HouseholdMember]) -> None:
    """Each person at most once, and at most one head."""
    ids = [member.person_id for member in members]
    if len(set(ids)) != len(ids):
        raise ValueError("a person is listed more than once among the members")
    if sum(member.relationship == "head" for member in members) > 1:
        raise ValueError("a household has at most one head")
