"""Reading what a decision needs: consents, legal bases, emergency grants and household ties.

All queries of the consent tables used by enforcement live here, batched by subject so a
page of fifty persons costs a handful of queries, not hundreds.
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, or_, select

from gateway.consent.models import Consent, ConsentScope, EmergencyAccess, LegalBasis
from gateway.consent.policy import ConsentGrant, EmergencyGrant, LegalBasisGrant, SubjectView
from gateway.identity.ages import possibly_under
from gateway.registry.models import Household, HouseholdMember, Person


def legal_bases(session: Session, *, agency: str, purpose: str) -> list[LegalBasisGrant]:
    query = select(LegalBasis).where(
        col(LegalBasis.agency) == agency, col(LegalBasis.purpose) == purpose
    )
    return [
        LegalBasisGrant(
            id=row.id,
            agency=row.agency,
            purpose=row.purpose,
            categories=frozenset(row.categories),
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            active=row.status == "active",
        )
        for row in session.exec(query)
    ]


def consents(
    session: Session, *, person_ids: Iterable[uuid.UUID], household_ids: Iterable[uuid.UUID]
) -> list[ConsentGrant]:
    """Every consent about these persons or households, whatever its state."""
    persons, households = set(person_ids), set(household_ids)
    if not persons and not households:
        return []
    query = select(Consent).where(
        or_(
            col(Consent.subject_person_id).in_(persons),
            col(Consent.subject_household_id).in_(households),
        )
    )
    return [grant(row) for row in session.exec(query)]


def grant(row: Consent) -> ConsentGrant:
    """A consent row as the decision sees it."""
    return ConsentGrant(
        id=row.id,
        person_id=row.subject_person_id,
        household_id=row.subject_household_id,
        grantees=frozenset(row.grantees),
        purposes=frozenset(row.purposes),
        categories=frozenset(row.categories),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        revoked=row.status == "revoked",
        given_by_person_id=row.given_by_person_id,
        given_by_authority=row.given_by_authority,
    )


def emergencies(
    session: Session, *, person_ids: Iterable[uuid.UUID], agency: str, now: dt.datetime
) -> list[EmergencyGrant]:
    query = select(EmergencyAccess).where(
        col(EmergencyAccess.subject_person_id).in_(set(person_ids)),
        col(EmergencyAccess.agency) == agency,
        col(EmergencyAccess.status) == "approved",
        col(EmergencyAccess.access_until) > now,
    )
    return [
        EmergencyGrant(
            id=row.id,
            person_id=row.subject_person_id,
            agency=row.agency,
            purpose=row.purpose,
            categories=frozenset(row.categories),
            access_until=row.access_until or now,
        )
        for row in session.exec(query)
    ]


def person_subjects(
    session: Session, persons: Sequence[Person], *, consent_age: int, today: dt.date
) -> dict[uuid.UUID, SubjectView]:
    """Each person as a decision subject, with their household and guardian."""
    ids = [person.id for person in persons]
    query = select(HouseholdMember).where(col(HouseholdMember.person_id).in_(ids))
    memberships = {row.person_id: row for row in session.exec(query)}
    return {
        person.id: SubjectView(
            person_id=person.id,
            household_id=memberships[person.id].household_id if person.id in memberships else None,
            registered_by=person.registered_by,
            guardian_id=memberships[person.id].guardian_id if person.id in memberships else None,
            consents_through_guardian=possibly_under(consent_age, person.birth_date, today=today),
        )
        for person in persons
    }


def household_subject(household: Household) -> SubjectView:
    return SubjectView(
        person_id=None, household_id=household.id, registered_by=household.registered_by
    )


@dataclass(frozen=True)
class Visibility:
    """Who asks, so a query can be narrowed to the persons they could have a basis for."""

    agency: str
    purpose: str
    everyone: bool
    now: dt.datetime


def visible_persons(visibility: Visibility) -> ColumnElement[bool]:
    """An SQL condition on ``person`` true for every person the caller could see (a superset)."""
    if visibility.everyone:
        return true()
    scoped = (
        select(Consent.id)
        .join(ConsentScope, col(ConsentScope.consent_id) == col(Consent.id))
        .where(
            col(ConsentScope.agency) == visibility.agency,
            col(ConsentScope.purpose) == visibility.purpose,
            col(ConsentScope.category) == "identity",
            col(Consent.status) != "revoked",
            col(Consent.valid_from) <= visibility.now,
            or_(col(Consent.valid_until).is_(None), col(Consent.valid_until) > visibility.now),
        )
    )
    by_person = select(Consent.subject_person_id).where(col(Consent.id).in_(scoped))
    households = select(Consent.subject_household_id).where(col(Consent.id).in_(scoped))
    by_household = select(HouseholdMember.person_id).where(
        col(HouseholdMember.household_id).in_(households)
    )
    by_emergency = select(EmergencyAccess.subject_person_id).where(
        col(EmergencyAccess.agency) == visibility.agency,
        col(EmergencyAccess.status) == "approved",
        col(EmergencyAccess.access_until) > visibility.now,
    )
    return or_(
        col(Person.registered_by) == visibility.agency,
        col(Person.id).in_(by_person),
        col(Person.id).in_(by_household),
        col(Person.id).in_(by_emergency),
    )
