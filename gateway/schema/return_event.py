"""Return event: how, when and from where a person or a household came back."""

import datetime as dt
import uuid

from pydantic import Field, model_validator

from gateway.schema.types import (
    AgencyCode,
    CountryCode,
    EntryPoint,
    PastDate,
    ReturnModality,
    StrictModel,
)


class SubjectRef(StrictModel):
    """Names exactly one subject: a person or a household."""

    person_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _exactly_one_subject(self) -> "SubjectRef":
        if (self.person_id is None) == (self.household_id is None):
            raise ValueError("give exactly one of person_id and household_id")
        return self


class ReturnEventFields(StrictModel):
    """The return's attributes, as written by a client."""

    modality: ReturnModality
    return_date: PastDate
    country_from: CountryCode
    entry_point: EntryPoint
    registering_agency: AgencyCode

    @model_validator(mode="after")
    def _returned_from_abroad(self) -> "ReturnEventFields":
        if self.country_from == "RS":
            raise ValueError("country_from must be the country the person returned from")
        return self


class ReturnEventCreate(ReturnEventFields, SubjectRef):
    """A new return event for a person or a household."""


class ReturnEventUpdate(StrictModel):
    """Changes to a return event; its subject cannot change."""

    modality: ReturnModality | None = None
    return_date: PastDate | None = None
    country_from: CountryCode | None = None
    entry_point: EntryPoint | None = None
    registering_agency: AgencyCode | None = None


class ReturnEventPublic(ReturnEventFields):
    """A return event as the gateway returns it."""

    id: uuid.UUID
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    registered_by: str | None = Field(description="Agency whose client created the record")
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
