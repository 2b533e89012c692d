"""What an agency's own system holds about a person, in the common schema v1.

Adapters translate each agency's native records into ``AgencyPersonRecord``. Every section
of the record is exactly one data category (see ``SECTION_CATEGORIES``), so consent filtering
withholds whole sections and nothing of a withheld category can slip through inside another.

Moments an agency reports (``received_at``, ``occurred_at``) are timezone-aware only: an
agency whose native format writes local time without an offset (KIRS, IOM's arrival time) has
its adapter say which zone it means (Europe/Belgrade); a time without an offset that reaches
these models is refused as a validation error, which adapters turn into a malformed reply or
an invalid pushed payload, never into a naive timestamp for the database.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from gateway.schema.person import Contact, IdentityDocument
from gateway.schema.types import (
    AgencyCode,
    CountryCode,
    Instant,
    Jmbg,
    MunicipalityCode,
    NeedDomain,
    PartialDate,
    PersonName,
    Relationship,
    ReturnModality,
    Sex,
    StrictModel,
    coded,
)

LocalId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]
EducationLevel = Annotated[str, coded("education_levels")]
LabourMeasure = Annotated[str, coded("labour_measures")]
BenefitType = Annotated[str, coded("benefit_types")]
AssistanceType = Annotated[str, coded("assistance_types")]
RegisterStatus = Annotated[str, coded("employment_register_statuses")]
CaseStatus = Annotated[str, coded("case_statuses")]
Vulnerability = Annotated[str, coded("vulnerabilities")]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class PersonIdentity(StrictModel):
    """Who the agency's record is about (category ``identity``)."""

    given_name: PersonName
    family_name: PersonName
    parent_name: PersonName | None = None
    jmbg: Jmbg | None = None
    birth_date: PartialDate | None = None
    sex: Sex | None = None
    birth_place: Text | None = None


class RelatedPerson(StrictModel):
    """A family member as the agency recorded them (category ``household``)."""

    given_name: PersonName
    family_name: PersonName
    relationship: Relationship
    birth_date: PartialDate | None = None
    local_id: LocalId | None = None


class Reception(StrictModel):
    """How the person arrived and was received (category ``return``)."""

    received_at: Instant | None = None
    modality: ReturnModality | None = None
    country_from: CountryCode | None = None
    arrival: Text | None = Field(default=None, description="Flight number or border crossing")
    travel_sheet_number: Text | None = None
    intended_municipality: MunicipalityCode | None = None


class MeasureEnrolment(StrictModel):
    """An employment measure the person takes part in."""

    measure: LabourMeasure
    status: Literal["planned", "enrolled", "completed", "dropped"]
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class EmploymentProfile(StrictModel):
    """The job-seeker record (category ``employment``)."""

    register_status: RegisterStatus | None = None
    registered_on: dt.date | None = None
    education_level: EducationLevel | None = None
    occupation: Text | None = None
    work_experience_months: int | None = Field(default=None, ge=0, le=900)
    employment_plan_agreed_on: dt.date | None = None
    hard_to_employ: bool | None = None
    measures: list[MeasureEnrolment] = Field(default_factory=list, max_length=50)


class BenefitDecision(StrictModel):
    """A decision on a right in social protection."""

    benefit: BenefitType
    status: Literal["pending", "granted", "refused", "ended"]
    decided_on: dt.date | None = None
    valid_until: dt.date | None = None
    monthly_amount_rsd: Money | None = None


class SocialCase(StrictModel):
    """The Centre for Social Work's case file (category ``social_benefits``)."""

    case_number: Text
    centre: MunicipalityCode | None = None
    opened_on: dt.date | None = None
    stage: Literal["intake", "initial_assessment", "focused_assessment", "service_plan", "closed"]
    benefits: list[BenefitDecision] = Field(default_factory=list, max_length=50)


class AssistanceItem(StrictModel):
    """One piece of assistance planned or delivered."""

    type: AssistanceType
    status: Literal["planned", "approved", "delivered", "cancelled"]
    delivered_on: dt.date | None = None
    amount: Money | None = None
    currency: Literal["EUR", "RSD"] | None = None
    provider: AgencyCode | None = None


class ReintegrationCase(StrictModel):
    """An assistance case, e.g. IOM's reintegration plan (category ``assistance``)."""

    case_number: Text
    programme: Text | None = None
    status: CaseStatus
    opened_on: dt.date | None = None
    counselling_sessions: int | None = Field(default=None, ge=0, le=1000)
    items: list[AssistanceItem] = Field(default_factory=list, max_length=100)
    sustainability: dict[Literal["economic", "social", "psychosocial"], float] | None = Field(
        default=None, description="Reintegration sustainability scores per dimension, 0 to 1"
    )


class HealthInformation(StrictModel):
    """Health needs an agency recorded (special category ``health``)."""

    vulnerabilities: list[Vulnerability] = Field(default_factory=list, max_length=20)
    urgent_medical_need: bool | None = None


class DisabilityInformation(StrictModel):
    """Disability an agency recorded (special category ``disability``)."""

    has_disability: bool
    care_allowance: bool | None = None


class AgencyPersonRecord(StrictModel):
    """Everything one agency holds about one person, a section per data category."""

    agency: AgencyCode
    local_id: LocalId
    identity: PersonIdentity | None = None
    contact: Contact | None = None
    household: list[RelatedPerson] | None = None
    documents: list[IdentityDocument] | None = None
    reception: Reception | None = None
    needs: list[NeedDomain] | None = None
    employment: EmploymentProfile | None = None
    social_benefits: SocialCase | None = None
    assistance: ReintegrationCase | None = None
    vulnerabilities: list[Vulnerability] | None = Field(
        default=None, description="Vulnerabilities that are not health or disability"
    )
    health: HealthInformation | None = None
    disability: DisabilityInformation | None = None


SECTION_CATEGORIES: dict[str, str] = {
    "identity": "identity",
    "contact": "contact",
    "household": "household",
    "documents": "documents",
    "reception": "return",
    "needs": "needs",
    "employment": "employment",
    "social_benefits": "social_benefits",
    "assistance": "assistance",
    "vulnerabilities": "needs",
    "health": "health",
    "disability": "disability",
}
"""The data category of each section; ``agency`` and ``local_id`` travel with any section."""


class ReferralDelivery(StrictModel):
    """A referral as the gateway hands it to the target agency's adapter."""

    referral_id: str
    from_agency: AgencyCode
    service: Text
    priority: Literal["low", "normal", "high", "urgent"]
    due_date: dt.date | None = None
    needs: list[NeedDomain]
    person: PersonIdentity
    local_id: LocalId | None = Field(default=None, description="The person's id at the target")
    municipality: MunicipalityCode | None = None
    notes_category: Text | None = None


class ReferralReceipt(StrictModel):
    """What the target agency answered when it received a referral."""

    agency_reference: LocalId
    duplicate: bool = Field(description="True when the agency had this idempotency key already")


class ReferralCancellation(StrictModel):
    """The sending agency withdrew a referral the target agency had received."""

    referral_id: str = Field(description="The gateway's id, as in the delivered referral")
    agency_reference: LocalId = Field(description="The target agency's own reference")
    reason: Text
    cancelled_at: Instant


class ReferralUpdate(StrictModel):
    """A change of a referral's state reported by the target agency."""

    referral_id: str
    agency_reference: LocalId | None = None
    status: Literal["accepted", "rejected", "in_progress", "completed"]
    reason: Text | None = None
    service_delivered: bool | None = None
    occurred_at: Instant


class InboundEvent(StrictModel):
    """An event an agency's system pushed to the gateway, translated to the common schema."""

    event_id: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    agency: AgencyCode
    kind: Literal["reception", "registration", "decision", "case_update", "referral_update"]
    occurred_at: Instant
    record: AgencyPersonRecord | None = None
    referral: ReferralUpdate | None = None
