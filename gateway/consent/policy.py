"""The one policy decision point: which categories of a subject's data a caller may have.

``decide`` is a pure function of the caller (agency, scopes, purpose), the subject, the
requested categories, the consents and legal bases that exist, the emergency grants, and the
time. For every requested category it finds a basis, in this order: a legal basis for the
caller's agency and purpose that names the category; a consent that is active now, names the
caller's agency, purpose and the category, and covers the subject; the registration (the
agency that registered a record in the gateway may work with what it registered, never a
special category); an approved emergency access still within its window. Categories without a
basis are withheld, each with the reason. Nothing here reads a database or a clock.
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

BasisKind = Literal["consent", "legal_basis", "registration", "emergency"]
SPECIAL_CATEGORIES = frozenset({"health", "disability", "ethnicity"})
REGISTRY_CATEGORIES = frozenset(
    {"identity", "contact", "household", "return", "needs", "documents"}
)
"""What the gateway's own registry holds, and so what a registering agency registered."""


@dataclass(frozen=True)
class CallerView:
    agency: str
    purpose: str
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SubjectView:
    """A person or household, with what coverage depends on."""

    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    registered_by: str | None
    guardian_id: uuid.UUID | None = None
    consents_through_guardian: bool = False
    """True for a person too young to consent alone: only a guardian's consent covers them."""


@dataclass(frozen=True)
class ConsentGrant:
    id: uuid.UUID
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    grantees: frozenset[str]
    purposes: frozenset[str]
    categories: frozenset[str]
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    revoked: bool
    given_by_person_id: uuid.UUID | None = None
    given_by_authority: str | None = None


@dataclass(frozen=True)
class LegalBasisGrant:
    id: uuid.UUID
    agency: str
    purpose: str
    categories: frozenset[str]
    valid_from: dt.datetime
    valid_until: dt.datetime | None
    active: bool = True


@dataclass(frozen=True)
class EmergencyGrant:
    id: uuid.UUID
    person_id: uuid.UUID
    agency: str
    purpose: str
    categories: frozenset[str]
    access_until: dt.datetime


@dataclass(frozen=True)
class Basis:
    kind: BasisKind
    id: str | None


@dataclass(frozen=True)
class Decision:
    """Permitted categories with their basis, and withheld ones with the reason."""

    permitted: dict[str, Basis] = field(default_factory=dict)
    withheld: dict[str, str] = field(default_factory=dict)

    @property
    def permits_any(self) -> bool:
        return bool(self.permitted)

    def allows(self, category: str) -> bool:
        return category in self.permitted


def decide(
    *,
    caller: CallerView,
    subject: SubjectView,
    requested: Iterable[str],
    consents: Sequence[ConsentGrant],
    legal_bases: Sequence[LegalBasisGrant],
    emergencies: Sequence[EmergencyGrant] = (),
    now: dt.datetime,
) -> Decision:
    """For each requested category, the basis that permits it or the reason it is withheld."""
    decision = Decision()
    for category in sorted(set(requested)):
        basis = _basis(caller, subject, category, consents, legal_bases, emergencies, now)
        if basis is None:
            decision.withheld[category] = _reason(caller, subject, category, consents, now)
        else:
            decision.permitted[category] = basis
    return decision


def _basis(
    caller: CallerView,
    subject: SubjectView,
    category: str,
    consents: Sequence[ConsentGrant],
    legal_bases: Sequence[LegalBasisGrant],
    emergencies: Sequence[EmergencyGrant],
    now: dt.datetime,
) -> Basis | None:
    for legal in legal_bases:
        if _legal_basis_applies(legal, caller, category, now):
            return Basis("legal_basis", str(legal.id))
    for consent in consents:
        if _consent_applies(consent, caller, subject, category, now):
            return Basis("consent", str(consent.id))
    if _registered_by_caller(subject, caller, category):
        return Basis("registration", None)
    for emergency in emergencies:
        if _emergency_applies(emergency, caller, subject, category, now):
            return Basis("emergency", str(emergency.id))
    return None


def _in_window(now: dt.datetime, start: dt.datetime, end: dt.datetime | None) -> bool:
    return start <= now and (end is None or now < end)


def _legal_basis_applies(
    legal: LegalBasisGrant, caller: CallerView, category: str, now: dt.datetime
) -> bool:
    return (
        legal.active
        and legal.agency == caller.agency
        and legal.purpose == caller.purpose
        and category in legal.categories
        and _in_window(now, legal.valid_from, legal.valid_until)
    )


def _consent_applies(
    consent: ConsentGrant, caller: CallerView, subject: SubjectView, category: str, now: dt.datetime
) -> bool:
    return (
        not consent.revoked
        and caller.agency in consent.grantees
        and caller.purpose in consent.purposes
        and category in consent.categories
        and _in_window(now, consent.valid_from, consent.valid_until)
        and covers(consent, subject)
    )


def covers(consent: ConsentGrant, subject: SubjectView) -> bool:
    """Whether the consent is about the subject: their own, or their household's (given rightly)."""
    if subject.person_id is not None and consent.person_id == subject.person_id:
        return True
    if consent.household_id is None or consent.household_id != subject.household_id:
        return False
    if subject.person_id is None:
        return True
    if not subject.consents_through_guardian:
        # The guardian authority consents for children only, never in an adult's place.
        return consent.given_by_authority is None
    return consent.given_by_authority == "csw" or (
        consent.given_by_person_id is not None and consent.given_by_person_id == subject.guardian_id
    )


def _registered_by_caller(subject: SubjectView, caller: CallerView, category: str) -> bool:
    return (
        subject.registered_by is not None
        and subject.registered_by == caller.agency
        and category in REGISTRY_CATEGORIES
    )


def _emergency_applies(
    emergency: EmergencyGrant,
    caller: CallerView,
    subject: SubjectView,
    category: str,
    now: dt.datetime,
) -> bool:
    return (
        emergency.person_id == subject.person_id
        and emergency.agency == caller.agency
        and emergency.purpose == caller.purpose
        and category in emergency.categories
        and now < emergency.access_until
    )


def _reason(
    caller: CallerView,
    subject: SubjectView,
    category: str,
    consents: Sequence[ConsentGrant],
    now: dt.datetime,
) -> str:
    """The most telling reason no basis applied."""
    relevant = [
        consent
        for consent in consents
        if caller.agency in consent.grantees
        and category in consent.categories
        and covers(consent, subject)
    ]
    if any(consent.revoked for consent in relevant):
        return "the consent that covered it was revoked"
    if any(consent.valid_until is not None and consent.valid_until <= now for consent in relevant):
        return "the consent that covered it has expired"
    if any(consent.valid_from > now for consent in relevant):
        return "the consent that covers it is not valid yet"
    if any(caller.purpose not in consent.purposes for consent in relevant):
        return f"no consent covers the purpose '{caller.purpose}'"
    if category in SPECIAL_CATEGORIES:
        return "a special category: no consent or legal basis names it for this agency and purpose"
    return (
        f"no consent or legal basis covers '{category}' for {caller.agency} and '{caller.purpose}'"
    )
