"""Request and response bodies of consents, legal bases and emergency access."""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from gateway.schema.types import AgencyCode, Instant, StrictModel, coded

DataCategory = Annotated[
    str,
    StringConstraints(max_length=32, pattern=r"^[a-z_]+$"),
    coded("data_categories"),
    Field(description="A code of the 'data_categories' code list"),
]
Purpose = Annotated[
    str,
    StringConstraints(max_length=64, pattern=r"^[a-z_]+$"),
    coded("purposes"),
    Field(description="A code of the 'purposes' code list"),
]
NoticeLanguage = Literal["sr-Latn", "sr-Cyrl", "en"]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=500, strip_whitespace=True)]
Reference = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]


def _distinct(values: list[str]) -> list[str]:
    return sorted(set(values))


class Evidence(StrictModel):
    """How the consent was given and recorded: who, on what form or channel, where the paper is."""

    recorded_by: Reference = Field(description="Name and role of the worker who recorded it")
    channel: Literal["signed_form", "in_person", "phone", "video_call", "electronic"]
    form_reference: Reference | None = Field(default=None, description="Form or template used")
    document_reference: Reference | None = Field(
        default=None, description="Where the signed paper is kept (file or registry number)"
    )


class ConsentTerms(StrictModel):
    """Who may see which categories, for which purposes, and until when."""

    grantees: list[AgencyCode] = Field(min_length=1, max_length=20)
    purposes: list[Purpose] = Field(min_length=1, max_length=20)
    categories: list[DataCategory] = Field(min_length=1, max_length=20)
    valid_until: Instant | None = Field(default=None, description="Null: until revoked")

    @model_validator(mode="after")
    def _tidy(self) -> "ConsentTerms":
        self.grantees = _distinct(self.grantees)
        self.purposes = _distinct(self.purposes)
        self.categories = _distinct(self.categories)
        return self


class ConsentCreate(ConsentTerms):
    """A consent given by a person for themselves, by a guardian, or for a household."""

    person_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    valid_from: Instant | None = Field(default=None, description="Null: from now")
    given_by_person_id: uuid.UUID | None = Field(
        default=None,
        description="Who gave it: null for the subject themself; a guardian for a minor",
    )
    given_by_authority: Literal["csw"] | None = Field(
        default=None, description="The Centre for Social Work consenting as guardian authority"
    )
    evidence: Evidence
    notice_language: NoticeLanguage = Field(description="Language the notice was given in")

    @model_validator(mode="after")
    def _one_subject_and_giver(self) -> "ConsentCreate":
        if (self.person_id is None) == (self.household_id is None):
            raise ValueError("give exactly one of person_id and household_id")
        if self.given_by_person_id is not None and self.given_by_authority is not None:
            raise ValueError(
                "a consent is given by a person or by the guardian authority, not both"
            )
        start = self.valid_from or dt.datetime.now(dt.UTC)
        if self.valid_until is not None and self.valid_until <= start:
            raise ValueError("valid_until must be after valid_from")
        return self


class ConsentChange(StrictModel):
    """Changes to a consent's terms; each change makes a new version."""

    grantees: list[AgencyCode] | None = Field(default=None, min_length=1, max_length=20)
    purposes: list[Purpose] | None = Field(default=None, min_length=1, max_length=20)
    categories: list[DataCategory] | None = Field(default=None, min_length=1, max_length=20)
    valid_until: Instant | None = None
    evidence: Evidence | None = None


class ConsentRevocation(StrictModel):
    """Why the consent is withdrawn; it stops working on the very next request."""

    reason: Reason


ConsentStatus = Literal["active", "scheduled", "expired", "revoked"]


class ConsentPublic(StrictModel):
    """A consent as it stands."""

    id: uuid.UUID
    version: int
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    grantees: list[str]
    purposes: list[str]
    categories: list[str]
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    given_by_person_id: uuid.UUID | None
    given_by_authority: str | None
    evidence: Evidence
    notice_language: str
    status: ConsentStatus
    revoked_at: dt.datetime | None
    revocation_reason: str | None
    recorded_by_agency: str
    created_at: dt.datetime
    updated_at: dt.datetime


class ConsentVersionPublic(StrictModel):
    """One version in a consent's history."""

    version: int
    change: Literal["created", "changed", "revoked"]
    changed_at: dt.datetime
    changed_by_client: str
    consent: ConsentPublic


class LegalBasisCreate(StrictModel):
    """A statutory basis: an agency may process these categories for this purpose by law."""

    agency: AgencyCode
    purpose: Purpose
    categories: list[DataCategory] = Field(min_length=1, max_length=20)
    citation: Annotated[str, StringConstraints(min_length=5, max_length=500, strip_whitespace=True)]
    valid_from: Instant | None = None
    valid_until: Instant | None = None


class LegalBasisChange(StrictModel):
    """Changes to a legal basis."""

    categories: list[DataCategory] | None = Field(default=None, min_length=1, max_length=20)
    citation: Annotated[str, StringConstraints(min_length=5, max_length=500)] | None = None
    valid_until: Instant | None = None
    status: Literal["active", "repealed"] | None = None


class LegalBasisPublic(StrictModel):
    """A recorded legal basis."""

    id: uuid.UUID
    version: int
    agency: str
    purpose: str
    categories: list[str]
    citation: str
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


class Withheld(StrictModel):
    """A category left out of a response, and why."""

    category: str
    reason: str


class BasisUsed(StrictModel):
    """What permitted a category: a consent, a legal basis, the registration, an emergency."""

    category: str
    kind: Literal["consent", "legal_basis", "registration", "emergency"]
    id: str | None
