"""Request and response bodies of referrals, their status changes and suggestions."""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from gateway.referrals.catalogue_schemas import Office, ServiceCode
from gateway.referrals.lifecycle import Status
from gateway.schema.needs import NotesCategory
from gateway.schema.return_event import SubjectRef
from gateway.schema.types import MunicipalityCode, NeedDomain, Severity, StrictModel

Priority = Literal["low", "normal", "high", "urgent"]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=200, strip_whitespace=True)]
AgencyReference = Annotated[str, StringConstraints(min_length=1, max_length=64)]
DeliveryStatus = Literal["pending", "delivered", "dead", "stopped", "blocked_by_consent"]


class ReferralCreate(SubjectRef):
    """A referral to the agency that provides ``service``, for a person or a household."""

    service: ServiceCode
    needs: list[NeedDomain] = Field(min_length=1, max_length=8)
    priority: Priority = "normal"
    due_date: dt.date | None = Field(
        default=None, description="Null: the service's default number of days from today"
    )
    notes_category: NotesCategory | None = None
    municipality: MunicipalityCode | None = Field(
        default=None, description="Where the service is needed; null: the subject's municipality"
    )
    office: Office | None = Field(default=None, description="Null: the routing rule's office")

    @model_validator(mode="after")
    def _needs_once_and_due_ahead(self) -> "ReferralCreate":
        if len(set(self.needs)) != len(self.needs):
            raise ValueError("each need domain appears at most once")
        if self.due_date is not None and self.due_date < dt.date.today():
            raise ValueError("the due date is in the past")
        return self


class ReferralTransition(StrictModel):
    """A change of status, with the outcome when it closes the referral."""

    status: Status
    reason: Reason | None = None
    service_delivered: bool | None = Field(
        default=None, description="Required to complete: whether the service was delivered"
    )
    agency_reference: AgencyReference | None = Field(
        default=None, description="The receiving agency's own reference, when it accepts"
    )


class ReferralOutcome(StrictModel):
    """How the referral ended."""

    service_delivered: bool
    reason: str | None


class ReferralChange(StrictModel):
    """One change of status in the referral's history."""

    from_status: str | None
    status: str
    occurred_at: dt.datetime
    actor_agency: str | None
    source: Literal["api", "agency", "delivery"]
    reason: str | None
    service_delivered: bool | None


class DeliveryState(StrictModel):
    """Where the delivery to the receiving agency stands."""

    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    last_error: str | None


class ReferralSummary(StrictModel):
    """A referral as lists show it."""

    id: uuid.UUID
    from_agency: str
    to_agency: str
    service: str
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    needs: list[str]
    categories: list[str] = Field(description="Data categories the referral carries")
    priority: Priority
    due_date: dt.date | None
    notes_category: str | None
    municipality: str | None
    office: str | None
    status: Status
    agency_reference: str | None
    outcome: ReferralOutcome | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ReferralPublic(ReferralSummary):
    """A referral with its history and the state of its delivery."""

    history: list[ReferralChange]
    delivery: DeliveryState | None


class OverdueReferral(ReferralSummary):
    """A referral past its due date: not accepted, or not completed, in time."""

    overdue: Literal["not_accepted", "not_completed"]
    days_overdue: int


class SuggestionRequest(SubjectRef):
    """Whose open needs to propose referrals for."""

    municipality: MunicipalityCode | None = Field(
        default=None, description="Null: the subject's municipality"
    )


class Suggestion(StrictModel):
    """A referral the routing rules propose for one open need."""

    need_domain: str
    severity: Severity
    service: str
    service_label: str
    to_agency: str
    office: str | None
    priority: Priority
    rule_id: uuid.UUID
    covered: bool = Field(description="Whether a consent or legal basis lets the agency receive it")
    missing_categories: list[str]
    already_referred: bool = Field(description="An open referral for this service exists")


class Suggestions(StrictModel):
    """The proposals for a subject's open needs, and the needs no rule routes."""

    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    municipality: str | None
    suggestions: list[Suggestion]
    unrouted_needs: list[str]
