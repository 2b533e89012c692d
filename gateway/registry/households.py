"""Rules for households: members exist, belong to one household, and minors have a guardian."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.consent.enforcement import Policy
from gateway.consent.fields import categories_of, masked
from gateway.consent.policy import Decision
from gateway.errors import Conflict, FieldProblem, InvalidRequest, NotFound
from gateway.identity.ages import is_certainly_minor
from gateway.models import utcnow
from gateway.pagination import filtered_page
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

HOUSEHOLD_CATEGORIES = categories_of(HouseholdPublic)


def create_household(
    session: Session, *, household: HouseholdCreate, caller: Caller
) -> HouseholdPublic:
    """Register a household of persons the caller may see, with their guardians."""
    policy = Policy(session, caller)
    record = Household(registered_by=caller.agency, **household.model_dump(exclude={"members"}))
    _check_members(session, policy, household.members, household_id=record.id)
    repository.save(session, record, conflict="The household could not be registered.")
    _write_members(session, record.id, household.members)
    return _view(policy, record, household.members, action="household.created")


def read_household(session: Session, *, household_id: uuid.UUID, caller: Caller) -> HouseholdPublic:
    """One household by id, with the categories the caller has a basis for."""
    record = _load(session, household_id)
    members = _member_fields(session, household_id)
    return _view(Policy(session, caller), record, members, action="household.read")


def update_household(
    session: Session,
    *,
    household_id: uuid.UUID,
    changes: HouseholdUpdate,
    if_match: str | None,
    caller: Caller,
) -> HouseholdPublic:
    """Change a household, refusing a write based on a version that is no longer current."""
    policy = Policy(session, caller)
    record = _load(session, household_id)
    require_owner(
        record.registered_by,
        caller,
        noun="household",
        require_visible=lambda: policy.require(
            policy.for_household(record, {"household"}),
            "household",
            noun="household",
            action="household.changed",
            subject=record.id,
        ),
    )
    require_current(if_match, current_version=record.version)
    if "members" in changes.model_fields_set and changes.members is None:
        problem = FieldProblem(location="body.members", message="may not be null")
        raise InvalidRequest("A household keeps at least one member.", errors=[problem])
    current = _values(record, _member_fields(session, household_id))
    merged = HouseholdFields.model_validate(
        {name: current[name] for name in HouseholdFields.model_fields}
        | changes.model_dump(exclude_unset=True)
    )
    _check_members(session, policy, merged.members, household_id=household_id)
    for column, value in merged.model_dump(exclude={"members"}).items():
        setattr(record, column, value)
    record.version += 1
    record.updated_at = utcnow()
    repository.save(session, record, conflict="The household could not be changed.")
    _write_members(session, household_id, merged.members)
    return _view(policy, record, merged.members, action="household.changed")


def list_households(
    session: Session, *, caller: Caller, municipality: str | None, cursor: str | None, limit: int
) -> tuple[list[HouseholdPublic], str | None]:
    """Households the caller may see, optionally of one municipality, one page at a time."""
    policy = Policy(session, caller)

    def fetch(position: str | None, size: int) -> tuple[Sequence[Household], str | None]:
        return repository.list_households(
            session, municipality=municipality, cursor=position, limit=size
        )

    def keep(rows: Sequence[Household]) -> list[tuple[Household, Decision]]:
        decisions = [(row, policy.for_household(row, HOUSEHOLD_CATEGORIES)) for row in rows]
        return [(row, decision) for row, decision in decisions if decision.allows("household")]

    page, next_cursor = filtered_page(
        fetch, keep, id_of=lambda kept: kept[0].id, cursor=cursor, limit=limit
    )
    items = [
        _shown(policy, row, _member_fields(session, row.id), decision, action="household.read")
        for row, decision in page
    ]
    return items, next_cursor


def _view(
    policy: Policy, record: Household, members: Sequence[MemberFields], *, action: str
) -> HouseholdPublic:
    decision = policy.for_household(record, HOUSEHOLD_CATEGORIES)
    policy.require(decision, "household", noun="household", action=action, subject=record.id)
    return _shown(policy, record, members, decision, action=action)


def _shown(
    policy: Policy,
    record: Household,
    members: Sequence[MemberFields],
    decision: Decision,
    *,
    action: str,
) -> HouseholdPublic:
    policy.audit(action, record.id, decision)
    return HouseholdPublic.model_validate(
        masked(HouseholdPublic, _values(record, members), decision)
    )


def _load(session: Session, household_id: uuid.UUID) -> Household:
    record = repository.get(session, Household, household_id)
    if record is None:
        raise NotFound(f"There is no household with id {household_id}.")
    return record


def _check_members(
    session: Session,
    policy: Policy,
    members: Sequence[MemberFields],
    *,
    household_id: uuid.UUID,
) -> None:
    """Refuse unknown persons, persons of another household, and minors without a guardian.

    A person the caller has no basis to see is "no such person" here too, so naming an id
    reveals nothing.
    """
    persons = _visible_persons(
        session,
        policy,
        {
            person_id
            for member in members
            for person_id in (member.person_id, member.guardian_id)
            if person_id is not None
        },
    )
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


def _visible_persons(
    session: Session, policy: Policy, ids: set[uuid.UUID]
) -> dict[uuid.UUID, Person | None]:
    found = [person for person_id in ids if (person := repository.get(session, Person, person_id))]
    decisions = policy.for_persons(found, {"identity"})
    visible = {person.id: person for person in found if decisions[person.id].allows("identity")}
    return {person_id: visible.get(person_id) for person_id in ids}


def _values(record: Household, members: Sequence[MemberFields]) -> dict[str, Any]:
    values = record.model_dump() | {"members": [member.model_dump() for member in members]}
    return {key: value for key, value in values.items() if key in HouseholdPublic.model_fields}
