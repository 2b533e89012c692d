"""IOM Serbia's own code lists and their total maps to the gateway's code lists.

Each native list is a ``Literal`` (so ``native.py`` refuses a code IOM's system would not send)
and a ``CodeMap`` (``adapters.toolkit.codes``) to our codes. Every native code maps to one of
ours or is listed in the map's ``unmapped`` with the reason (``UNMAPPED`` gathers them); the
tests check that the map and the ``Literal`` hold the same codes. ``written`` and ``native``
go the other way, for referrals and for ``mapping.to_native``.

The codes are this project's model of IOM's case-management system (English upper-case codes
in the style of IOM's published AVRR programme terms: budget categories, vulnerability flags);
they are not IOM's official codes.

Special categories: ``MEDICAL`` and ``MENTAL_HEALTH`` are health data and ``DISABILITY`` is
disability data; ``mapping`` routes them into the ``health`` and ``disability`` sections only.
Pure data: no I/O.
"""

from typing import Any, Literal, get_args

from adapters.toolkit.codes import CodeMap, unmapped_by_list

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

CASE_STATUSES = CodeMap[str, CaseStatusCode](
    agency="IOM",
    name="case_statuses",
    common_list="case_statuses",
    to_common={
        "OPEN": "open",
        "IN_PROGRESS": "active",
        "ON_HOLD": "suspended",
        "CLOSED": "closed",
    },
)
VULNERABILITIES = CodeMap[str, VulnerabilityCode](
    agency="IOM",
    name="vulnerabilities",
    common_list="vulnerabilities",
    to_common={
        "SINGLE_PARENT": "single_parent",
        "UAM": "unaccompanied_minor",
        "ELDERLY": "elderly",
        "MEDICAL": "medical_condition",
        "MENTAL_HEALTH": "medical_condition",
        "DISABILITY": "disability",
        "VoT": "victim_of_trafficking",
        "UNDOCUMENTED": "no_documents",
    },
    unmapped={
        "SMC": "a separated child travels with relatives other than parents; our list has only"
        " unaccompanied_minor, which would overstate the risk",
        "PREGNANT": "pregnancy is health data with no code in our list; it is not shared",
        "GBV_SURVIVOR": "survivors of gender-based violence are protected by IOM's protection"
        " policy and are never shared outside IOM's case worker",
    },
)
ASSISTANCE_TYPES = CodeMap[str, BudgetCategoryCode](
    agency="IOM",
    name="budget_categories",
    common_list="assistance_types",
    to_common={
        "BUSINESS_STARTUP": "business_startup",
        "HOUSING": "housing",
        "VOCATIONAL_TRAINING": "vocational_training",
        "SCHOOLING": "schooling",
        "PSYCHOSOCIAL": "psychosocial",
        "IN_KIND": "in_kind",
        "CASH_ON_ARRIVAL": "cash_on_arrival",
        "DOCUMENTATION": "documents",
        "LEGAL_ASSISTANCE": "legal_aid",
    },
    unmapped={
        "MEDICAL": "health data: never put into the assistance section; a medical budget line"
        " is reported only as the medical_condition vulnerability in the health section",
        "JOB_PLACEMENT": "a wage subsidy paid to an employer; no assistance type of ours fits"
        " and the NES labour measures describe employment support on NES's side",
        "ONWARD_TRANSPORT": "travel from the airport to the destination is a travel cost of"
        " the return, not reintegration assistance",
    },
    # Our ``medical`` assistance is written as IOM's medical budget line, which never comes
    # back as assistance (see ``unmapped``).
    preferred={"medical": "MEDICAL"},
)
ASSISTANCE_STATUSES = CodeMap[AssistanceStatus, BudgetLineStatusCode](
    agency="IOM",
    name="budget_line_statuses",
    common_list="schema:AssistanceItem.status",
    to_common={
        "PLANNED": "planned",
        "APPROVED": "approved",
        "IN_PROCUREMENT": "approved",
        "DELIVERED": "delivered",
        "CANCELLED": "cancelled",
    },
)
PARTNERS = CodeMap[str, PartnerCode](
    agency="IOM",
    name="partners",
    common_list="agencies",
    to_common={"IOM": "iom", "KIRS": "kirs", "NES": "nes", "CSW": "csw"},
    unmapped={
        "MUNICIPALITY": "municipalities are not agencies of the gateway (yet): provider empty",
        "NGO_PARTNER": "IOM's implementing NGOs are not agencies of the gateway: provider empty",
    },
)
RELATIONSHIPS = CodeMap[str, RelationshipCode](
    agency="IOM",
    name="relationships",
    common_list="relationships",
    to_common={
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
    },
)
DOCUMENT_TYPES = CodeMap[str, DocumentTypeCode](
    agency="IOM",
    name="document_types",
    common_list="document_types",
    to_common={
        "NATIONAL_ID_CARD": "identity_card",
        "PASSPORT": "passport",
        "BIRTH_CERTIFICATE": "birth_certificate",
        "CITIZENSHIP_CERTIFICATE": "citizenship_certificate",
        "RESIDENCE_CERTIFICATE": "residence_registration",
        "HEALTH_INSURANCE_CARD": "health_insurance_card",
        "EMERGENCY_TRAVEL_DOCUMENT": "travel_sheet",
        "WORK_BOOKLET": "work_booklet",
        "SCHOOL_CERTIFICATE": "school_certificate",
    },
    unmapped={
        "HOST_COUNTRY_RESIDENCE_PERMIT": "a document of the host country that lapses with the"
        " return; no code in our list",
        "DRIVING_LICENCE": "not a personal document our list tracks",
    },
)
DOCUMENT_STATUSES = CodeMap[DocumentStatus, DocumentStatusCode](
    agency="IOM",
    name="document_statuses",
    common_list="schema:IdentityDocument.status",
    to_common={"VALID": "held", "EXPIRED": "expired", "MISSING": "missing", "LOST": "missing"},
)
NEEDS = CodeMap[str, NeedCode](
    agency="IOM",
    name="needs",
    common_list="need_domains",
    to_common={
        "HOUSING": "housing",
        "EMPLOYMENT": "employment",
        "INCOME_GENERATION": "employment",
        "HEALTH": "health",
        "EDUCATION": "education",
        "DOCUMENTATION": "documentation",
        "SOCIAL_PROTECTION": "social_protection",
        "PSYCHOSOCIAL": "psychosocial",
        "LEGAL": "legal",
    },
    unmapped={
        "FAMILY_TRACING": "restoring family links is IOM-internal casework; no need domain fits",
    },
)
EDUCATION_LEVELS = CodeMap[str, EducationCode](
    agency="IOM",
    name="education_levels",
    common_list="education_levels",
    to_common={
        "NONE": "none",
        "PRIMARY_INCOMPLETE": "primary_incomplete",
        "PRIMARY": "primary",
        "SECONDARY_VOCATIONAL": "secondary_vocational",
        "SECONDARY_GENERAL": "secondary_general",
        "TERTIARY": "tertiary",
    },
    unmapped={"UNKNOWN": "not recorded: the education level stays empty"},
)
SEXES = CodeMap[str, SexCode](
    agency="IOM",
    name="sexes",
    common_list="sexes",
    to_common={"M": "male", "F": "female"},
    unmapped={"U": "not recorded: the sex stays empty"},
)
RETURN_TYPES = CodeMap[str, ReturnTypeCode](
    agency="IOM",
    name="return_types",
    common_list="return_modalities",
    to_common={
        "ASSISTED_VOLUNTARY": "avrr",
        "FORCED": "readmission",
        "SPONTANEOUS": "spontaneous",
    },
)
REFERRAL_STATUSES = CodeMap[ReferralUpdateStatus, ReferralStatusCode](
    agency="IOM",
    name="referral_statuses",
    common_list="schema:ReferralUpdate.status",
    to_common={
        "ACCEPTED": "accepted",
        "REJECTED": "rejected",
        "IN_PROGRESS": "in_progress",
        "COMPLETED": "completed",
    },
    unmapped={
        "RECEIVED": "the receipt itself: the gateway knows the referral was delivered when"
        " send_referral returns, so it is not reported as an update",
        "CANCELLED": "the sender's withdrawal, which the gateway made itself before it told IOM"
        " (cancel_referral): not an update of the agency's work, so it is not reported back",
    },
)
PRIORITIES = CodeMap[Priority, PriorityCode](
    agency="IOM",
    name="priorities",
    common_list="schema:ReferralDelivery.priority",
    to_common={"LOW": "low", "NORMAL": "normal", "HIGH": "high", "URGENT": "urgent"},
)

NATIVE_LISTS: tuple[tuple[CodeMap[Any, Any], object], ...] = (
    (CASE_STATUSES, CaseStatusCode),
    (VULNERABILITIES, VulnerabilityCode),
    (ASSISTANCE_TYPES, BudgetCategoryCode),
    (ASSISTANCE_STATUSES, BudgetLineStatusCode),
    (PARTNERS, PartnerCode),
    (RELATIONSHIPS, RelationshipCode),
    (DOCUMENT_TYPES, DocumentTypeCode),
    (DOCUMENT_STATUSES, DocumentStatusCode),
    (NEEDS, NeedCode),
    (EDUCATION_LEVELS, EducationCode),
    (SEXES, SexCode),
    (RETURN_TYPES, ReturnTypeCode),
    (REFERRAL_STATUSES, ReferralStatusCode),
    (PRIORITIES, PriorityCode),
)
"""Each code map with the ``Literal`` its native codes are checked against."""

CODE_MAPS: tuple[CodeMap[Any, Any], ...] = tuple(code_map for code_map, _ in NATIVE_LISTS)
"""Every IOM code list the adapter knows."""

UNMAPPED = unmapped_by_list(CODE_MAPS)
"""Native codes with no code of ours, by native list, with the reason."""


def native_codes(literal: object) -> tuple[str, ...]:
    """The codes of a native list given as its ``Literal``."""
    return tuple(str(code) for code in get_args(literal))
