"""IOM Serbia's own code lists and their total maps to the gateway's code lists.

Each native list is a ``Literal`` (so ``native.py`` refuses a code IOM's system would not send)
and a map to our codes. Every native code maps to one of ours or is listed in ``UNMAPPED`` with
the reason; ``tests/adapters/iom/test_codes.py`` checks that nothing is left out. The maps
``*_TO_NATIVE`` go the other way, for referrals and for ``mapping.to_native``.

Special categories: ``MEDICAL`` and ``MENTAL_HEALTH`` are health data and ``DISABILITY`` is
disability data; ``mapping`` routes them into the ``health`` and ``disability`` sections only.
Pure data: no I/O.
"""

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, get_args

CaseStatusCode = Literal["OPEN", "IN_PROGRESS", "ON_HOLD", "CLOSED"]
VulnerabilityCode = Literal[
    "SINGLE_PARENT",
    "UAM",
    "SMC",
    "ELDERLY",
    "MEDICAL",
    "MENTAL_HEALTH",
    "DISABILITY",
    "VoT",
    "UNDOCUMENTED",
    "PREGNANT",
    "GBV_SURVIVOR",
]
BudgetCategoryCode = Literal[
    "BUSINESS_STARTUP",
    "HOUSING",
    "MEDICAL",
    "VOCATIONAL_TRAINING",
    "SCHOOLING",
    "PSYCHOSOCIAL",
    "IN_KIND",
    "CASH_ON_ARRIVAL",
    "DOCUMENTATION",
    "LEGAL_ASSISTANCE",
    "JOB_PLACEMENT",
    "ONWARD_TRANSPORT",
]
BudgetLineStatusCode = Literal["PLANNED", "APPROVED", "IN_PROCUREMENT", "DELIVERED", "CANCELLED"]
PartnerCode = Literal["IOM", "KIRS", "NES", "CSW", "MUNICIPALITY", "NGO_PARTNER"]
RelationshipCode = Literal[
    "PA",
    "SPOUSE",
    "PARTNER",
    "CHILD",
    "STEPCHILD",
    "PARENT",
    "SIBLING",
    "PARENT_IN_LAW",
    "CHILD_IN_LAW",
    "SIBLING_IN_LAW",
    "GRANDCHILD",
    "GRANDPARENT",
    "OTHER_RELATIVE",
    "NON_RELATIVE",
]
DocumentTypeCode = Literal[
    "NATIONAL_ID_CARD",
    "PASSPORT",
    "BIRTH_CERTIFICATE",
    "CITIZENSHIP_CERTIFICATE",
    "RESIDENCE_CERTIFICATE",
    "HEALTH_INSURANCE_CARD",
    "EMERGENCY_TRAVEL_DOCUMENT",
    "WORK_BOOKLET",
    "SCHOOL_CERTIFICATE",
    "HOST_COUNTRY_RESIDENCE_PERMIT",
    "DRIVING_LICENCE",
]
DocumentStatusCode = Literal["VALID", "EXPIRED", "MISSING", "LOST"]
NeedCode = Literal[
    "HOUSING",
    "EMPLOYMENT",
    "INCOME_GENERATION",
    "HEALTH",
    "EDUCATION",
    "DOCUMENTATION",
    "SOCIAL_PROTECTION",
    "PSYCHOSOCIAL",
    "LEGAL",
    "FAMILY_TRACING",
]
EducationCode = Literal[
    "NONE",
    "PRIMARY_INCOMPLETE",
    "PRIMARY",
    "SECONDARY_VOCATIONAL",
    "SECONDARY_GENERAL",
    "TERTIARY",
    "UNKNOWN",
]
SexCode = Literal["M", "F", "U"]
ReturnTypeCode = Literal["ASSISTED_VOLUNTARY", "FORCED", "SPONTANEOUS"]
PriorityCode = Literal["LOW", "NORMAL", "HIGH", "URGENT"]
ReferralStatusCode = Literal[
    "RECEIVED", "ACCEPTED", "REJECTED", "IN_PROGRESS", "COMPLETED", "CANCELLED"
]

# The common schema's own enumerations that the maps below land in.
AssistanceStatus = Literal["planned", "approved", "delivered", "cancelled"]
DocumentStatus = Literal["held", "missing", "expired"]
ReferralUpdateStatus = Literal["accepted", "rejected", "in_progress", "completed"]
Priority = Literal["low", "normal", "high", "urgent"]

CASE_STATUSES: dict[CaseStatusCode, str] = {
    "OPEN": "open",
    "IN_PROGRESS": "active",
    "ON_HOLD": "suspended",
    "CLOSED": "closed",
}
VULNERABILITIES: dict[VulnerabilityCode, str] = {
    "SINGLE_PARENT": "single_parent",
    "UAM": "unaccompanied_minor",
    "ELDERLY": "elderly",
    "MEDICAL": "medical_condition",
    "MENTAL_HEALTH": "medical_condition",
    "DISABILITY": "disability",
    "VoT": "victim_of_trafficking",
    "UNDOCUMENTED": "no_documents",
}
ASSISTANCE_TYPES: dict[BudgetCategoryCode, str] = {
    "BUSINESS_STARTUP": "business_startup",
    "HOUSING": "housing",
    "VOCATIONAL_TRAINING": "vocational_training",
    "SCHOOLING": "schooling",
    "PSYCHOSOCIAL": "psychosocial",
    "IN_KIND": "in_kind",
    "CASH_ON_ARRIVAL": "cash_on_arrival",
    "DOCUMENTATION": "documents",
    "LEGAL_ASSISTANCE": "legal_aid",
}
ASSISTANCE_STATUSES: dict[BudgetLineStatusCode, AssistanceStatus] = {
    "PLANNED": "planned",
    "APPROVED": "approved",
    "IN_PROCUREMENT": "approved",
    "DELIVERED": "delivered",
    "CANCELLED": "cancelled",
}
PARTNERS: dict[PartnerCode, str] = {"IOM": "iom", "KIRS": "kirs", "NES": "nes", "CSW": "csw"}
RELATIONSHIPS: dict[RelationshipCode, str] = {
    "PA": "head",
    "SPOUSE": "partner",
    "PARTNER": "partner",
    "CHILD": "child",
    "STEPCHILD": "child",
    "PARENT": "parent",
    "SIBLING": "sibling",
    "PARENT_IN_LAW": "in_law",
    "CHILD_IN_LAW": "in_law",
    "SIBLING_IN_LAW": "in_law",
    "GRANDCHILD": "grandchild",
    "GRANDPARENT": "grandparent",
    "OTHER_RELATIVE": "other",
    "NON_RELATIVE": "other",
}
DOCUMENT_TYPES: dict[DocumentTypeCode, str] = {
    "NATIONAL_ID_CARD": "identity_card",
    "PASSPORT": "passport",
    "BIRTH_CERTIFICATE": "birth_certificate",
    "CITIZENSHIP_CERTIFICATE": "citizenship_certificate",
    "RESIDENCE_CERTIFICATE": "residence_registration",
    "HEALTH_INSURANCE_CARD": "health_insurance_card",
    "EMERGENCY_TRAVEL_DOCUMENT": "travel_sheet",
    "WORK_BOOKLET": "work_booklet",
    "SCHOOL_CERTIFICATE": "school_certificate",
}
DOCUMENT_STATUSES: dict[DocumentStatusCode, DocumentStatus] = {
    "VALID": "held",
    "EXPIRED": "expired",
    "MISSING": "missing",
    "LOST": "missing",
}
NEEDS: dict[NeedCode, str] = {
    "HOUSING": "housing",
    "EMPLOYMENT": "employment",
    "INCOME_GENERATION": "employment",
    "HEALTH": "health",
    "EDUCATION": "education",
    "DOCUMENTATION": "documentation",
    "SOCIAL_PROTECTION": "social_protection",
    "PSYCHOSOCIAL": "psychosocial",
    "LEGAL": "legal",
}
EDUCATION_LEVELS: dict[EducationCode, str] = {
    "NONE": "none",
    "PRIMARY_INCOMPLETE": "primary_incomplete",
    "PRIMARY": "primary",
    "SECONDARY_VOCATIONAL": "secondary_vocational",
    "SECONDARY_GENERAL": "secondary_general",
    "TERTIARY": "tertiary",
}
SEXES: dict[SexCode, str] = {"M": "male", "F": "female"}
RETURN_TYPES: dict[ReturnTypeCode, str] = {
    "ASSISTED_VOLUNTARY": "avrr",
    "FORCED": "readmission",
    "SPONTANEOUS": "spontaneous",
}
REFERRAL_STATUSES: dict[ReferralStatusCode, ReferralUpdateStatus] = {
    "ACCEPTED": "accepted",
    "REJECTED": "rejected",
    "IN_PROGRESS": "in_progress",
    "COMPLETED": "completed",
}
PRIORITIES: dict[PriorityCode, Priority] = {
    "LOW": "low",
    "NORMAL": "normal",
    "HIGH": "high",
    "URGENT": "urgent",
}

UNMAPPED: dict[str, dict[str, str]] = {
    "vulnerabilities": {
        "SMC": "a separated child travels with relatives other than parents; our list has only"
        " unaccompanied_minor, which would overstate the risk",
        "PREGNANT": "pregnancy is health data with no code in our list; it is not shared",
        "GBV_SURVIVOR": "survivors of gender-based violence are protected by IOM's protection"
        " policy and are never shared outside IOM's case worker",
    },
    "budget_categories": {
        "MEDICAL": "health data: never put into the assistance section; a medical budget line"
        " is reported only as the medical_condition vulnerability in the health section",
        "JOB_PLACEMENT": "a wage subsidy paid to an employer; no assistance type of ours fits"
        " and the NES labour measures describe employment support on NES's side",
        "ONWARD_TRANSPORT": "travel from the airport to the destination is a travel cost of"
        " the return, not reintegration assistance",
    },
    "partners": {
        "MUNICIPALITY": "municipalities are not agencies of the gateway (yet): provider empty",
        "NGO_PARTNER": "IOM's implementing NGOs are not agencies of the gateway: provider empty",
    },
    "document_types": {
        "HOST_COUNTRY_RESIDENCE_PERMIT": "a document of the host country that lapses with the"
        " return; no code in our list",
        "DRIVING_LICENCE": "not a personal document our list tracks",
    },
    "needs": {
        "FAMILY_TRACING": "restoring family links is IOM-internal casework; no need domain fits",
    },
    "education_levels": {"UNKNOWN": "not recorded: the education level stays empty"},
    "sexes": {"U": "not recorded: the sex stays empty"},
    "referral_statuses": {
        "RECEIVED": "the receipt itself: the gateway knows the referral was delivered when"
        " send_referral returns, so it is not reported as an update",
        "CANCELLED": "the sender's withdrawal, which the gateway made itself before it told IOM"
        " (cancel_referral): not an update of the agency's work, so it is not reported back",
    },
}
"""Native codes with no code of ours, by native list, with the reason."""

NATIVE_LISTS: dict[str, tuple[object, Mapping[Any, str]]] = {
    "case_statuses": (CaseStatusCode, CASE_STATUSES),
    "vulnerabilities": (VulnerabilityCode, VULNERABILITIES),
    "budget_categories": (BudgetCategoryCode, ASSISTANCE_TYPES),
    "budget_line_statuses": (BudgetLineStatusCode, ASSISTANCE_STATUSES),
    "partners": (PartnerCode, PARTNERS),
    "relationships": (RelationshipCode, RELATIONSHIPS),
    "document_types": (DocumentTypeCode, DOCUMENT_TYPES),
    "document_statuses": (DocumentStatusCode, DOCUMENT_STATUSES),
    "needs": (NeedCode, NEEDS),
    "education_levels": (EducationCode, EDUCATION_LEVELS),
    "sexes": (SexCode, SEXES),
    "return_types": (ReturnTypeCode, RETURN_TYPES),
    "referral_statuses": (ReferralStatusCode, REFERRAL_STATUSES),
    "priorities": (PriorityCode, PRIORITIES),
}
"""Each native list (its ``Literal``) with its map to our codes, for the totality test."""


def native_codes(literal: object) -> tuple[str, ...]:
    """The codes of a native list given as its ``Literal``."""
    return tuple(str(code) for code in get_args(literal))


Native = TypeVar("Native", bound=str)
Ours = TypeVar("Ours", bound=str)


def inverted(
    codes: Mapping[Native, Ours], preferred: Mapping[Ours, Native] | None = None
) -> dict[Ours, Native]:
    """Our code -> the native code IOM writes for it: the first listed, unless ``preferred``."""
    first_seen: dict[Ours, Native] = {}
    for native, ours in codes.items():
        first_seen.setdefault(ours, native)
    return first_seen | dict(preferred or {})


CASE_STATUSES_TO_NATIVE = inverted(CASE_STATUSES)
VULNERABILITIES_TO_NATIVE = inverted(VULNERABILITIES)
_MEDICAL_LINE: dict[str, BudgetCategoryCode] = {"medical": "MEDICAL"}
ASSISTANCE_TYPES_TO_NATIVE = inverted(ASSISTANCE_TYPES, _MEDICAL_LINE)
ASSISTANCE_STATUSES_TO_NATIVE = inverted(ASSISTANCE_STATUSES)
PARTNERS_TO_NATIVE = inverted(PARTNERS)
RELATIONSHIPS_TO_NATIVE = inverted(RELATIONSHIPS)
DOCUMENT_TYPES_TO_NATIVE = inverted(DOCUMENT_TYPES)
DOCUMENT_STATUSES_TO_NATIVE = inverted(DOCUMENT_STATUSES)
NEEDS_TO_NATIVE = inverted(NEEDS)
EDUCATION_LEVELS_TO_NATIVE = inverted(EDUCATION_LEVELS)
SEXES_TO_NATIVE = inverted(SEXES)
RETURN_TYPES_TO_NATIVE = inverted(RETURN_TYPES)
PRIORITIES_TO_NATIVE = inverted(PRIORITIES)


def ours_for(table: Mapping[Native, Ours], native: Native | None) -> Ours | None:
    """Our code for a native one; None for no code or an unmapped one."""
    return None if native is None else table.get(native)


def native_for(table: Mapping[Ours, Native], ours: Ours) -> Native:
    """IOM's code for one of ours; ValueError when IOM has none."""
    try:
        return table[ours]
    except KeyError:
        raise ValueError(f"IOM has no code for '{ours}'") from None


def native_or_none(table: Mapping[Ours, Native], ours: Ours | None) -> Native | None:
    """IOM's code for one of ours, or None for none."""
    return None if ours is None else native_for(table, ours)
