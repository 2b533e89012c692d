"""Needs assessment: what a person or household needs, per domain, and how badly."""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from gateway.schema.return_event import SubjectRef
from gateway.schema.types import AgencyCode, NeedDomain, PastDate, Severity, StrictModel

NeedStatus = Literal["open", "in_progress", "met", "closed"]
NotesCategory = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{1,39}$")]


class Need(StrictModel):
    """One assessed need."""

    domain: NeedDomain
    severity: Severity
    status: NeedStatus = "open"
    notes_category: NotesCategory | None = Field(
        default=None, description="Category of the notes kept about this need at the agency"
    )


Needs = Annotated[list[Need], Field(min_length=1, max_length=8)]


def _one_need_per_domain(needs: list[Need]) -> None:
    domains = [need.domain for need in needs]
    if len(set(domains)) != len(domains):
        raise ValueError("each need domain appears at most once in an assessment")


class NeedsAssessmentFields(StrictModel):
    """The assessment's attributes, as written by a client."""

    assessed_on: PastDate
    assessed_by: AgencyCode
    needs: Needs

    @model_validator(mode="after")
    def _domains_once(self) -> "NeedsAssessmentFields":
        _one_need_per_domain(self.needs)
        return self


class NeedsAssessmentCreate(NeedsAssessmentFields, SubjectRef):
    """A new needs assessment for a person or a household."""


class NeedsAssessmentUpdate(StrictModel):
    """Changes to an assessment; ``needs``, when given, replaces the whole list."""

    assessed_on: PastDate | None = None
    assessed_by: AgencyCode | None = None
    needs: Needs | None = None

    @model_validator(mode="after")
    def _domains_once(self) -> "NeedsAssessmentUpdate":
        if self.needs is not None:
            _one_need_per_domain(self.needs)
        return self


class NeedsAssessmentPublic(NeedsAssessmentFields):
    """A needs assessment as the gateway returns it."""

    id: uuid.UUID
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    registered_by: str | None = Field(description="Agency whose client created the record")
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
