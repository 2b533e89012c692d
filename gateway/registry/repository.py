"""All queries of the registry tables."""

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from gateway.consent.loading import Visibility, visible_persons
from gateway.errors import Conflict
from gateway.models import Versioned
from gateway.pagination import fetch_page
from gateway.registry.models import (
    Household,
    HouseholdMember,
    NeedsAssessment,
    Person,
    PersonAgencyId,
    ReturnEvent,
)

Record = TypeVar("Record", bound=SQLModel)
Paged = TypeVar("Paged", bound=Versioned)
SubjectRecord = TypeVar("SubjectRecord", ReturnEvent, NeedsAssessment)


def get(session: Session, model: type[Record], record_id: uuid.UUID) -> Record | None:
    """One record by id."""
    return session.get(model, record_id)


def save(session: Session, record: SQLModel, *, conflict: str) -> None:
    """Write a record now, turning a uniqueness violation into a conflict."""
    session.add(record)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(conflict) from None


def any_person(session: Session) -> bool:
    """Whether the registry holds anyone at all."""
    return session.exec(select(Person.id).limit(1)).first() is not None


def person_by_jmbg(session: Session, jmbg: str) -> Person | None:
    return session.exec(select(Person).where(col(Person.jmbg) == jmbg)).one_or_none()


def agency_ids(
    session: Session, person_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[PersonAgencyId]]:
    """Agency identifiers of several persons at once."""
    found: dict[uuid.UUID, list[PersonAgencyId]] = {person_id: [] for person_id in person_ids}
    query = select(PersonAgencyId).where(col(PersonAgencyId.person_id).in_(person_ids))
    for row in session.exec(query.order_by(col(PersonAgencyId.id))):
        found[row.person_id].append(row)
    return found


def agency_id_owner(session: Session, agency: str, local_id: str) -> uuid.UUID | None:
    query = select(PersonAgencyId.person_id).where(
        col(PersonAgencyId.agency) == agency, col(PersonAgencyId.local_id) == local_id
    )
    return session.exec(query).one_or_none()


def replace_agency_ids(
    session: Session, person_id: uuid.UUID, pairs: list[tuple[str, str]]
) -> None:
    session.execute(delete(PersonAgencyId).where(col(PersonAgencyId.person_id) == person_id))
    for agency, local_id in pairs:
        session.add(PersonAgencyId(person_id=person_id, agency=agency, local_id=local_id))


def search_persons(
    session: Session,
    *,
    jmbg: str | None,
    name_keys: Sequence[tuple[str, str]],
    birth_date: str | None,
    municipality: str | None,
    visible_to: Visibility,
    cursor: str | None,
    limit: int,
) -> tuple[Sequence[Person], str | None]:
    """Persons matching every given criterion; each name word matches a given or family name."""
    query = select(Person).where(visible_persons(visible_to))
    if jmbg is not None:
        query = query.where(col(Person.jmbg) == jmbg)
    key_columns = (
        Person.given_key_dj,
        Person.given_key_d,
        Person.family_key_dj,
        Person.family_key_d,
    )
    for keys in name_keys:
        query = query.where(or_(*(col(column).in_(keys) for column in key_columns)))
    if birth_date is not None:
        query = query.where(col(Person.birth_date).startswith(birth_date))
    if municipality is not None:
        query = query.where(col(Person.municipality) == municipality)
    return _page(session, query, Person, cursor=cursor, limit=limit)


def members(session: Session, household_id: uuid.UUID) -> list[HouseholdMember]:
    query = select(HouseholdMember).where(col(HouseholdMember.household_id) == household_id)
    return list(session.exec(query.order_by(col(HouseholdMember.position))))


def households_of(session: Session, person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """The household each of these persons belongs to, where they belong to one."""
    query = select(HouseholdMember.person_id, HouseholdMember.household_id).where(
        col(HouseholdMember.person_id).in_(set(person_ids))
    )
    return dict(session.exec(query).all())


def replace_members(session: Session, household_id: uuid.UUID, rows: list[HouseholdMember]) -> None:
    session.execute(
        delete(HouseholdMember).where(col(HouseholdMember.household_id) == household_id)
    )
    session.add_all(rows)


def list_households(
    session: Session, *, municipality: str | None, cursor: str | None, limit: int
) -> tuple[Sequence[Household], str | None]:
    query = select(Household)
    if municipality is not None:
        query = query.where(col(Household.municipality) == municipality)
    return _page(session, query, Household, cursor=cursor, limit=limit)


def list_by_subject(
    session: Session,
    model: type[SubjectRecord],
    *,
    person_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[Sequence[SubjectRecord], str | None]:
    """Records of one model about a person and/or a household."""
    query = select(model)
    if person_id is not None:
        query = query.where(col(model.person_id) == person_id)
    if household_id is not None:
        query = query.where(col(model.household_id) == household_id)
    return _page(session, query, model, cursor=cursor, limit=limit)


def _page(
    session: Session, query: Any, model: type[Paged], *, cursor: str | None, limit: int
) -> tuple[Sequence[Paged], str | None]:
    rows, next_cursor = fetch_page(session, query, col(model.id), cursor=cursor, limit=limit)
    return rows, next_cursor
