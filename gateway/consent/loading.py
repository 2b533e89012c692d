"""Reading what a decision needs: consents, legal bases, emergency grants and household ties.

All queries of the consent tables used by enforcement live here, batched by subject: the
decisions about one person or a page of fifty cost one statement (``decision_inputs``).
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    CompoundSelect,
    String,
    Uuid,
    cast,
    literal,
    null,
    true,
    union_all,
)
from sqlalchemy import select as core_select
from sqlmodel import Session, col, or_, select

from gateway.consent.models import Consent, ConsentScope, EmergencyAccess, LegalBasis
from gateway.consent.policy import ConsentGrant, EmergencyGrant, LegalBasisGrant, SubjectView
from gateway.identity.ages import possibly_under
from gateway.models import UTCDateTime
from gateway.registry.models import Household, HouseholdMember, Person


def legal_bases(session: Session, *, agency: str, purpose: str) -> list[LegalBasisGrant]:
    query = select(LegalBasis).where(
        col(LegalBasis.agency) == agency, col(LegalBasis.purpose) == purpose
    )
    return [_legal_grant(row) for row in session.exec(query)]


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


def grant(row: Any) -> ConsentGrant:
    """A consent (a ``Consent`` or a row with its column names) as the decision sees it."""
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


@dataclass(frozen=True)
class DecisionInputs:
    """Everything the decisions about some persons need, read in one statement."""

    subjects: dict[uuid.UUID, SubjectView]
    consents: list[ConsentGrant]
    emergencies: list[EmergencyGrant]
    legal_bases: list[LegalBasisGrant]


def decision_inputs(
    session: Session,
    persons: Sequence[Person],
    *,
    agency: str,
    purpose: str,
    consent_age: int,
    now: dt.datetime,
) -> DecisionInputs:
    """The persons' household ties, the consents about them or their households, the caller's
    emergency grants for them and the legal bases of the caller's agency and purpose: one
    round trip (``UNION ALL`` of four selects in the consent table's column names, with a
    ``kind``), however many persons."""
    ids = [person.id for person in persons]
    rows = session.connection().execute(_inputs_query(ids, agency=agency, purpose=purpose, now=now))
    memberships: dict[uuid.UUID, Any] = {}
    found = DecisionInputs({}, [], [], [])
    for row in rows:
        if row.kind == "member":
            memberships[row.subject_person_id] = row
        elif row.kind == "consent":
            found.consents.append(grant(row))
        elif row.kind == "emergency":
            found.emergencies.append(_emergency_grant(row, now))
        else:
            found.legal_bases.append(_legal_grant(row))
    for person in persons:
        member = memberships.get(person.id)
        found.subjects[person.id] = SubjectView(
            person_id=person.id,
            household_id=member.subject_household_id if member else None,
            registered_by=person.registered_by,
            guardian_id=member.given_by_person_id if member else None,
            consents_through_guardian=possibly_under(
                consent_age, person.birth_date, today=now.date()
            ),
        )
    return found


def _inputs_query(
    ids: list[uuid.UUID], *, agency: str, purpose: str, now: dt.datetime
) -> CompoundSelect[Any]:
    consent, member = Consent.__table__, HouseholdMember.__table__  # type: ignore[attr-defined]
    emergency, legal = EmergencyAccess.__table__, LegalBasis.__table__  # type: ignore[attr-defined]
    no_uuid, no_text = cast(null(), Uuid()), cast(null(), String())
    no_json, no_time = cast(null(), JSON()), cast(null(), UTCDateTime())
    households = core_select(member.c.household_id).where(member.c.person_id.in_(ids))
    consents = core_select(
        literal("consent").label("kind"),
        consent.c.id,
        consent.c.subject_person_id,
        consent.c.subject_household_id,
        consent.c.given_by_person_id,
        no_text.label("agency"),
        no_text.label("purpose"),
        consent.c.grantees,
        consent.c.purposes,
        consent.c.categories,
        consent.c.valid_from,
        consent.c.valid_until,
        consent.c.status,
        consent.c.given_by_authority,
    ).where(
        or_(consent.c.subject_person_id.in_(ids), consent.c.subject_household_id.in_(households))
    )
    memberships = core_select(
        literal("member"),
        no_uuid,
        member.c.person_id,
        member.c.household_id,
        member.c.guardian_id,
        *(no_text, no_text, no_json, no_json, no_json, no_time, no_time, no_text, no_text),
    ).where(member.c.person_id.in_(ids))
    emergencies = core_select(
        literal("emergency"),
        emergency.c.id,
        emergency.c.subject_person_id,
        *(no_uuid, no_uuid),
        emergency.c.agency,
        emergency.c.purpose,
        *(no_json, no_json),
        emergency.c.categories,
        no_time,
        emergency.c.access_until,
        *(no_text, no_text),
    ).where(
        emergency.c.subject_person_id.in_(ids),
        emergency.c.agency == agency,
        emergency.c.status == "approved",
        emergency.c.access_until > now,
    )
    legal_bases = core_select(
        literal("legal"),
        legal.c.id,
        *(no_uuid, no_uuid, no_uuid),
        legal.c.agency,
        legal.c.purpose,
        *(no_json, no_json),
        legal.c.categories,
        legal.c.valid_from,
        legal.c.valid_until,
        legal.c.status,
        no_text,
    ).where(legal.c.agency == agency, legal.c.purpose == purpose)
    return union_all(consents, memberships, emergencies, legal_bases)


def _emergency_grant(row: Any, now: dt.datetime) -> EmergencyGrant:
    return EmergencyGrant(
        id=row.id,
        person_id=row.subject_person_id,
        agency=row.agency,
        purpose=row.purpose,
        categories=frozenset(row.categories),
        access_until=row.valid_until or now,
    )


def _legal_grant(row: Any) -> LegalBasisGrant:
    return LegalBasisGrant(
        id=row.id,
        agency=row.agency,
        purpose=row.purpose,
        categories=frozenset(row.categories),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        active=row.status == "active",
    )


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
