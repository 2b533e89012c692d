"""IOM Serbia's case-management API as pydantic models: English JSON, camelCase, EUR.

These are the shapes IOM's system sends and accepts (and its simulator stores): a case per
beneficiary (``caseId`` like ``RS-AVRR-2023-0456``) with the family, vulnerabilities, the
reintegration plan's budget lines, counselling sessions and the sustainability survey; the
referral IOM receives, its withdrawal by the sender and its status history; the events IOM
pushes (``case.updated``, ``referral.status_changed``); the OAuth 2.0 token answer. Codes are
IOM's own (``codes.py``).

Readers are tolerant of fields they do not know (IOM may add some); values are strict. Names
are in Latin script as in the passport; ``localNames`` keeps them as written in Serbian when
that differs (Cyrillic). Partial birth dates are a full date plus ``dateOfBirthPrecision``.

Moments (``changedAt``, ``occurredAt``, ``receivedAt``, ``cancelledAt``, ``lastUpdated``) are
ISO 8601 with an offset (IOM writes UTC, ``Z``); one without an offset does not fit the format.
The exception is ``arrivalTime``, a local time in Belgrade that ``mapping`` places in
Europe/Belgrade.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter

from adapters.iom.codes import (
    BudgetCategoryCode,
    BudgetLineStatusCode,
    CaseStatusCode,
    DocumentStatusCode,
    DocumentTypeCode,
    EducationCode,
    NeedCode,
    PartnerCode,
    PriorityCode,
    ReferralStatusCode,
    RelationshipCode,
    ReturnTypeCode,
    SexCode,
    VulnerabilityCode,
)
from adapters.toolkit.native import CamelModel

Name = Annotated[str, Field(min_length=1, max_length=200)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Reference = Annotated[str, Field(min_length=1, max_length=64)]
NationalId = Annotated[str, Field(pattern=r"^[0-9]{13}$")]
Iso3Country = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Score = Annotated[float, Field(ge=0, le=1)]
Euros = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2),
    PlainSerializer(float, return_type=float, when_used="json"),
]
"""An amount in EUR, written as a JSON number (IOM's budgets never hold fractions of a cent)."""
Precision = Literal["DAY", "MONTH", "YEAR"]


class NativeModel(CamelModel):
    """A JSON object of IOM's API: camelCase on the wire, snake_case in Python."""

    def to_json(self) -> dict[str, object]:
        """The object as IOM writes it: aliases, ISO dates, no nulls."""
        return self.model_dump(mode="json", exclude_none=True)


class LocalNames(NativeModel):
    """The names as written in Serbian, kept when they are not in Latin script."""

    first_name: Name
    last_name: Name
    parent_name: Name | None = None


class Beneficiary(NativeModel):
    """The person a case (or a referral) is about."""

    first_name: Name
    last_name: Name
    parent_name: Name | None = None
    local_names: LocalNames | None = None
    national_id: NationalId | None = None
    date_of_birth: dt.date | None = None
    date_of_birth_precision: Precision = "DAY"
    sex: SexCode | None = None
    place_of_birth: ShortText | None = None
    nationality: Iso3Country | None = None
    education_level: EducationCode | None = None
    occupation: ShortText | None = None


class ContactDetails(NativeModel):
    """How IOM's case worker reaches the beneficiary in Serbia."""

    phone_number: Annotated[str, Field(pattern=r"^\+?[0-9 ()/-]{6,20}$")] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    address: ShortText | None = None


class Destination(NativeModel):
    """Where the beneficiary settles: a municipality and, for a city municipality, its city."""

    municipality: Name
    city: Name | None = None


class FamilyMember(NativeModel):
    """Another member of the returning family, with their own case id if IOM assists them."""

    case_id: Reference | None = None
    first_name: Name
    last_name: Name
    local_names: LocalNames | None = None
    relationship_to_pa: RelationshipCode = Field(alias="relationshipToPA")
    date_of_birth: dt.date | None = None
    date_of_birth_precision: Precision = "DAY"


class IdentityDocument(NativeModel):
    """A personal document the beneficiary holds or lacks."""

    document_type: DocumentTypeCode
    status: DocumentStatusCode
    document_number: Annotated[str, Field(min_length=1, max_length=32)] | None = None


class BudgetLine(NativeModel):
    """One line of the reintegration plan's budget, in EUR."""

    category: BudgetCategoryCode
    amount_eur: Euros | None = Field(default=None, alias="amountEUR")
    status: BudgetLineStatusCode
    delivered_on: dt.date | None = None
    implemented_by: PartnerCode | None = None


class ReintegrationPlan(NativeModel):
    """The plan agreed with the beneficiary and its budget lines."""

    approved_on: dt.date | None = None
    budget_lines: list[BudgetLine] = Field(default_factory=list, max_length=100)


class CounsellingSession(NativeModel):
    """A counselling session before departure, on arrival or in follow-up."""

    session_date: dt.date | None = None
    session_type: Literal["PRE_DEPARTURE", "POST_ARRIVAL", "FOLLOW_UP"] = "FOLLOW_UP"


class SustainabilitySurvey(NativeModel):
    """IOM's reintegration sustainability scores per dimension, each 0 to 1."""

    surveyed_on: dt.date | None = None
    economic: Score
    social: Score
    psychosocial: Score


class IomCase(NativeModel):
    """One beneficiary's AVRR and reintegration case."""

    case_id: Reference
    programme: ShortText | None = None
    case_status: CaseStatusCode
    opened_on: dt.date | None = None
    return_type: ReturnTypeCode | None = None
    return_country: Iso3Country | None = None
    departure_date: dt.date | None = None
    arrival_date: dt.date | None = None
    arrival_time: dt.time | None = Field(default=None, description="Local time in Belgrade")
    arrival_point: ShortText | None = None
    destination: Destination | None = None
    beneficiary: Beneficiary
    contact: ContactDetails | None = None
    family_composition: list[FamilyMember] = Field(default_factory=list, max_length=30)
    identity_documents: list[IdentityDocument] = Field(default_factory=list, max_length=20)
    vulnerabilities: list[VulnerabilityCode] = Field(default_factory=list, max_length=20)
    medical_assistance_on_arrival: bool | None = None
    reintegration_needs: list[NeedCode] = Field(default_factory=list, max_length=10)
    reintegration_plan: ReintegrationPlan | None = None
    counselling_sessions: list[CounsellingSession] = Field(default_factory=list, max_length=500)
    sustainability_survey: SustainabilitySurvey | None = None
    last_updated: AwareDatetime | None = None


class CaseSearchResult(NativeModel):
    """The answer to ``GET /api/cases?nationalId=...``."""

    results: list[IomCase]
    count: int = Field(ge=0)


class ReferralRequest(NativeModel):
    """A referral to IOM, as ``POST /api/referrals`` takes it."""

    external_reference_id: Reference
    referring_organization: Annotated[str, Field(min_length=2, max_length=32)]
    requested_service: ShortText
    priority: PriorityCode
    due_date: dt.date | None = None
    needs: list[NeedCode] = Field(default_factory=list, max_length=10)
    beneficiary: Beneficiary
    case_id: Reference | None = None
    destination: Destination | None = None
    notes_category: ShortText | None = None


class ReferralReceipt(NativeModel):
    """IOM's answer to a referral: its reference for it and where it stands."""

    referral_id: Reference
    external_reference_id: Reference
    status: ReferralStatusCode
    received_at: AwareDatetime


class CancellationRequest(NativeModel):
    """The sender's withdrawal of a referral, as ``POST /api/referrals/{id}/cancellation`` takes it.

    ``externalReferenceId`` repeats the sender's id of the referral (IOM checks it against the
    referral in the path); ``cancelledAt`` is when the sender withdrew it, in UTC.
    """

    external_reference_id: Reference
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    cancelled_at: AwareDatetime


class StatusChange(NativeModel):
    """One entry of a referral's status history."""

    status: ReferralStatusCode
    changed_at: AwareDatetime
    reason: Annotated[str, Field(max_length=500)] | None = None
    service_delivered: bool | None = None


class ReferralStatus(ReferralReceipt):
    """``GET /api/referrals/{id}``: the referral's status and its history, oldest first."""

    status_history: list[StatusChange] = Field(min_length=1, max_length=100)


class TokenResponse(BaseModel):
    """The OAuth 2.0 token answer (RFC 6749 section 5.1): snake_case, as the RFC writes it."""

    model_config = ConfigDict(extra="ignore")

    access_token: Annotated[str, Field(min_length=8, max_length=4096)]
    token_type: Annotated[str, Field(pattern=r"^(?i:bearer)$")]
    expires_in: int = Field(gt=0, le=86_400)
    scope: str | None = None


class CaseUpdatedEvent(NativeModel):
    """IOM pushes this when a case changes; it carries the whole case."""

    event_id: Annotated[str, Field(min_length=1, max_length=100)]
    event_type: Literal["case.updated"]
    occurred_at: AwareDatetime
    case: IomCase


class ReferralChange(StatusChange):
    """A referral's new status, as IOM pushes it."""

    referral_id: Reference
    external_reference_id: Reference


class ReferralStatusChangedEvent(NativeModel):
    """IOM pushes this when a referral it received changes status."""

    event_id: Annotated[str, Field(min_length=1, max_length=100)]
    event_type: Literal["referral.status_changed"]
    occurred_at: AwareDatetime
    referral: ReferralChange


IomEvent = Annotated[
    CaseUpdatedEvent | ReferralStatusChangedEvent, Field(discriminator="event_type")
]
EVENTS: TypeAdapter[CaseUpdatedEvent | ReferralStatusChangedEvent] = TypeAdapter(IomEvent)
"""Reads any event IOM pushes, chosen by ``eventType``."""
