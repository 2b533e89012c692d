"""Whether a consent or legal basis lets the receiving agency have what a referral carries.

A referral carries the person's identity and the needs it addresses, a health need is data
concerning health (the special category ``health``), and a service may name further
categories (``medical_support`` carries ``health``). The decision is the one policy decision
(``gateway.consent.enforcement.Policy``), asked for the receiving agency with the purpose
``referral_handling``: once when the referral is made, and again before every delivery.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from gateway.audit.hook import AuditEvent, record
from gateway.auth.caller import Caller
from gateway.consent.enforcement import Policy
from gateway.consent.policy import Decision
from gateway.errors import Forbidden
from gateway.referrals.models import Referral
from gateway.registry.models import Household, Person

PURPOSE = "referral_handling"
BASE_CATEGORIES = frozenset({"identity", "needs"})
HEALTH_NEEDS = frozenset({"health"})
RECEIVER_CLIENT = "referral-receiver"
"""The client id the decision is made under for the receiving agency (no real client)."""

Subject = Person | Household


@dataclass(frozen=True)
class Coverage:
    """The decision for the receiving agency, and what it leaves uncovered."""

    agency: str
    categories: frozenset[str]
    decision: Decision

    @property
    def missing(self) -> dict[str, str]:
        return {
            category: self.decision.withheld.get(category, "no basis")
            for category in sorted(self.categories)
            if not self.decision.allows(category)
        }

    @property
    def covered(self) -> bool:
        return not self.missing

    def basis(self) -> dict[str, str]:
        permitted = self.decision.permitted
        return {name: f"{basis.kind}:{basis.id or ''}" for name, basis in permitted.items()}


def carried_categories(service_categories: Iterable[str], needs: Iterable[str]) -> frozenset[str]:
    """The data categories a referral for these needs to this service carries."""
    health = {"health"} if HEALTH_NEEDS & set(needs) else set()
    return BASE_CATEGORIES | frozenset(service_categories) | health


def receiver(agency: str) -> Caller:
    """The receiving agency as the policy decision sees it."""
    return Caller(RECEIVER_CLIENT, agency, frozenset({"referrals:write"}), PURPOSE)


def coverage(
    session: Session,
    *,
    agency: str,
    subject: Subject,
    categories: Iterable[str],
    consent_age: int | None = None,
) -> Coverage:
    """Decide, for the receiving ``agency``, each category the referral carries."""
    wanted = frozenset(categories)
    policy = Policy(session, receiver(agency), consent_age=consent_age)
    if isinstance(subject, Person):
        decision = policy.for_person(subject, wanted)
    else:
        decision = policy.for_household(subject, wanted)
    return Coverage(agency, wanted, decision)


def coverage_of_referrals(
    session: Session, referrals: Sequence[Referral], *, consent_age: int | None = None
) -> dict[uuid.UUID, Coverage]:
    """The coverage of many referrals about persons, decided in one batch per agency and set
    of categories (a worker's claimed batch); referrals about households are left out."""
    groups: dict[tuple[str, frozenset[str]], list[Referral]] = defaultdict(list)
    for referral in referrals:
        if referral.person_id is not None:
            groups[(referral.to_agency, frozenset(referral.categories))].append(referral)
    found: dict[uuid.UUID, Coverage] = {}
    for (agency, categories), group in groups.items():
        ids = {referral.person_id for referral in group}
        persons = session.exec(select(Person).where(col(Person.id).in_(ids))).all()
        policy = Policy(session, receiver(agency), consent_age=consent_age)
        decisions = policy.for_persons(persons, categories)
        for referral in group:
            assert referral.person_id is not None
            found[referral.id] = Coverage(agency, categories, decisions[referral.person_id])
    return found


def require(session: Session, found: Coverage, *, caller: Caller, subject: Subject) -> None:
    """Refuse (403, audited) a referral whose categories are not all covered."""
    if found.covered:
        return
    record(
        session,
        AuditEvent(
            action="referral.refused",
            decision="deny",
            actor_client=caller.client_id,
            actor_agency=caller.agency,
            purpose=caller.purpose,
            subject=str(subject.id),
            subject_kind=kind_of(subject),
            categories_withheld=sorted(found.missing),
            detail={"to_agency": found.agency, "outcome": "no_basis"},
        ),
    )
    reasons = "; ".join(f"{name}: {why}" for name, why in found.missing.items())
    raise Forbidden(
        f"No consent or legal basis lets {found.agency} receive this referral for the purpose "
        f"'{PURPOSE}' ({reasons}).",
        extensions={"withheld": found.missing},
    )


def kind_of(subject: Subject) -> str:
    return "person" if isinstance(subject, Person) else "household"
