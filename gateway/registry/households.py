"""Rules for households: members exist, belong to one household, and minors have a guardian."""

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.errors import Conflict, FieldProblem, InvalidRequest, NotFound
from gateway.models import utcnow
from gateway.registry import repository
from gateway.registry.models import Household, HouseholdMember, Person
from gateway.registry.ownership import require_owner
from gateway.schema.household import (
    HouseholdCreate,
    HouseholdFields,
    HouseholdPublic,
    HouseholdUpdate,
)
from gateway.schema.household import HouseholdMember as MemberFields

AGE_OF_MAJORITY = 18


def create_household(
    session: Session, *, household: HouseholdCreate, caller: Caller
) -> HouseholdPublic:
    """Register a household with its members."""
    record = Household(
        registered_by=caller.agency,
        **household.model_dump(exclude={"members"}),
    )
    _check_members(session, household.members, household_id=record.id)
    repository.save(session, record, conflict="The household could not be registered.")
    _write_members(session, record.id, household.members)
    return _public(record, household.members)


def read_household(session: Session, *, household_id: uuid.UUID) -> HouseholdPublic:
    """One household by id, with its members."""
    record = _load(session, household_id)
    return _public(record, _member_fields(session, household_id))


def update_household(
    session: Session,
    *,
    household_id: uuid.UUID,
    changes: HouseholdUpdate,
    if_match: str | None,
    caller: Caller,
) -> HouseholdPublic:
    """Change a household, refusing a write based on a version that is no longer current."""
    record = _load(session, household_id)
    require_owner(record.registered_by, caller, noun="household")
    require_current(if_match, current_version=record.version)
    if "members" in changes.model_fields_set and changes.members is None:
        problem = FieldProblem(location="body.members", message="may not be null")
        raise InvalidRequest("A household keeps at least one member.", errors=[problem])
    current = read_household(session, household_id=household_id)
    merged = HouseholdFields.model_validate(
        current.model_dump(include=set(HouseholdFields.model_fields))
        | changes.model_dump(exclude_unset=True)
    )
    _check_members(session, merged.members, household_id=household_id)
    for column, value in merged.model_dump(exclude={"members"}).items():
        setattr(record, column, value)
    record.version += 1
    record.updated_at = utcnow()
    repository.save(session, record, conflict="The household could not be changed.")
    _write_members(session, household_id, merged.members)
    return _public(record, merged.members)


def list_households(
    session: Session, *, municipality: str | None, cursor: str | None, limit: int
) -> tuple[list[HouseholdPublic], str | None]:
    """Households, optionally of one municipality, one page at a time."""
    rows, next_cursor = repository.list_households(
        session, municipality=municipality, cursor=cursor, limit=limit
    )
    return [_public(row, _member_fields(session, row.id)) for row in rows], next_cursor


def _load(session: Session, household_id: uuid.UUID) -> Household:
    record = repository.get(session, Household, household_id)
    if record is None:
        raise NotFound(f"There is no household with id {household_id}.")
    return record


def _check_members(
    session: Session, members: Sequence[MemberFields], *, household_id: uuid.UUID
) -> None:
    """Refuse unknown persons, persons of another household, and minors without a guardian."""
    persons = {
        person_id: repository.get(session, Person, person_id)
        for member in members
        for person_id in (member.person_id, member.guardian_id)
        if person_id is not None
    }
    problems = [
        problem
        for index, member in enumerate(members)
        for problem in _member_problems(index, member, persons)
    ]
    if problems:
        raise InvalidRequest("The household's members are not valid.", errors=problems)
    elsewhere = {
        person_id
        for person_id, other in repository.households_of(session, persons).items()
        if other != household_id and any(m.person_id == person_id for m in members)
    }
    if elsewhere:
        listed = ", ".join(sorted(str(person_id) for person_id in elsewhere))
        raise Conflict(f"These persons already belong to another household: {listed}.")


def _member_problems(
    index: int, member: MemberFields, persons: dict[uuid.UUID, Person | None]
) -> list[FieldProblem]:
    where = f"body.members.{index}"
    person = persons[member.person_id]
    if person is None:
        return [FieldProblem(location=f"{where}.person_id", message="there is no such person")]
    if member.guardian_id is None:
        if is_certainly_minor(person.birth_date):
            return [
                FieldProblem(location=f"{where}.guardian_id", message="a minor needs a guardian")
            ]
        return []
    guardian = persons[member.guardian_id]
    if guardian is None:
        return [FieldProblem(location=f"{where}.guardian_id", message="there is no such person")]
    if is_certainly_minor(guardian.birth_date):
        return [
            FieldProblem(location=f"{where}.guardian_id", message="a guardian must be an adult")
        ]
    return []


def is_certainly_minor(birth_date: str | None, *, today: dt.date | None = None) -> bool:
    """Whether the person is under 18 even at the earliest date a partial birth date allows."""
    if birth_date is None:
        return False
    today = today or dt.date.today()
    year, month, day = (int(part) for part in (birth_date + "-01-01")[:10].split("-"))
    earliest = dt.date(year, month, day)
    age = today.year - earliest.year - ((today.month, today.day) < (earliest.month, earliest.day))
    return age < AGE_OF_MAJORITY


def _write_members(
    session: Session, household_id: uuid.UUID, members: Sequence[MemberFields]
) -> None:
    rows = [
        HouseholdMember(household_id=household_id, position=index, **member.model_dump())
        for index, member in enumerate(members)
    ]
    repository.replace_members(session, household_id, rows)
    session.flush()


def _member_fields(session: Session, household_id: uuid.UUID) -> list[MemberFields]:
    return [
        MemberFields(
            person_id=row.person_id, relationship=row.relationship, guardian_id=row.guardian_id
        )
        for row in repository.members(session, household_id)
    ]


def _public(record: Household, members: Sequence[MemberFields]) -> HouseholdPublic:
    values = record.model_dump() | {"members": [member.model_dump() for member in members]}
    return HouseholdPublic.model_validate(values)
