"""Rules for persons: identity derived from and checked against the JMBG, names in both scripts."""

import uuid
from typing import Any

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.errors import Conflict, FieldProblem, InvalidRequest, NotFound
from gateway.identity.jmbg import parse_jmbg
from gateway.identity.names import normalise_name, search_keys
from gateway.models import utcnow
from gateway.registry import repository
from gateway.registry.models import Person
from gateway.registry.ownership import require_owner
from gateway.schema.person import (
    REQUIRED_ON_UPDATE,
    PersonCreate,
    PersonFields,
    PersonPublic,
    PersonUpdate,
)

_RECORD_FIELDS = frozenset(PersonFields.model_fields) - {"agency_ids"}


def create_person(session: Session, *, person: PersonCreate, caller: Caller) -> PersonPublic:
    """Register a person."""
    fields = _with_jmbg_facts(person)
    record = Person(registered_by=caller.agency, **_columns(fields))
    _check_unique(session, fields, person_id=record.id)
    repository.save(session, record, conflict="A person with this JMBG is already registered.")
    pairs = _agency_pairs(fields)
    repository.replace_agency_ids(session, record.id, pairs)
    return _public(record, pairs)


def read_person(session: Session, *, person_id: uuid.UUID) -> PersonPublic:
    """One person by id."""
    record = _load(session, person_id)
    pairs = [
        (row.agency, row.local_id) for row in repository.agency_ids(session, [person_id])[person_id]
    ]
    return _public(record, pairs)


def update_person(
    session: Session,
    *,
    person_id: uuid.UUID,
    changes: PersonUpdate,
    if_match: str | None,
    caller: Caller,
) -> PersonPublic:
    """Change a person, refusing a write based on a version that is no longer current."""
    record = _load(session, person_id)
    require_owner(record.registered_by, caller, noun="person")
    require_current(if_match, current_version=record.version)
    _refuse_cleared_required(changes)
    current = read_person(session, person_id=person_id)
    merged = PersonFields.model_validate(
        current.model_dump(include=set(PersonFields.model_fields))
        | changes.model_dump(exclude_unset=True)
    )
    fields = _with_jmbg_facts(merged, derive=False)
    _check_unique(session, fields, person_id=person_id)
    for column, value in _columns(fields).items():
        setattr(record, column, value)
    record.version += 1
    record.updated_at = utcnow()
    repository.save(session, record, conflict="A person with this JMBG is already registered.")
    pairs = _agency_pairs(fields)
    repository.replace_agency_ids(session, person_id, pairs)
    return _public(record, pairs)


def search_persons(
    session: Session,
    *,
    jmbg: str | None,
    name: str | None,
    birth_date: str | None,
    municipality: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[PersonPublic], str | None]:
    """Persons matching every given criterion, one page at a time."""
    name_keys = [search_keys(word) for word in name.split()] if name else []
    rows, next_cursor = repository.search_persons(
        session,
        jmbg=jmbg,
        name_keys=name_keys,
        birth_date=birth_date,
        municipality=municipality,
        cursor=cursor,
        limit=limit,
    )
    ids = repository.agency_ids(session, [row.id for row in rows])
    pairs = {key: [(row.agency, row.local_id) for row in value] for key, value in ids.items()}
    return [_public(row, pairs[row.id]) for row in rows], next_cursor


def _load(session: Session, person_id: uuid.UUID) -> Person:
    record = repository.get(session, Person, person_id)
    if record is None:
        raise NotFound(f"There is no person with id {person_id}.")
    return record


def _refuse_cleared_required(changes: PersonUpdate) -> None:
    cleared = [
        name
        for name in REQUIRED_ON_UPDATE & changes.model_fields_set
        if getattr(changes, name) is None
    ]
    if cleared:
        errors = [
            FieldProblem(location=f"body.{name}", message="may not be null") for name in cleared
        ]
        raise InvalidRequest("Required fields cannot be cleared.", errors=errors)


def _with_jmbg_facts(fields: PersonFields, *, derive: bool = True) -> PersonFields:
    """Check the birth date and sex against the JMBG, and fill them from it when missing."""
    if fields.jmbg is None:
        return fields
    facts = parse_jmbg(fields.jmbg)
    errors = []
    if fields.birth_date is not None and not facts.birth_date.isoformat().startswith(
        fields.birth_date
    ):
        errors.append(f"the JMBG encodes the birth date {facts.birth_date.isoformat()}")
    if fields.sex is not None and fields.sex != facts.sex:
        errors.append(f"the JMBG encodes the sex '{facts.sex}'")
    if errors:
        problems = [FieldProblem(location="body.jmbg", message=message) for message in errors]
        raise InvalidRequest("The JMBG does not agree with the other fields.", errors=problems)
    if not derive and fields.birth_date is not None and fields.sex is not None:
        return fields
    return fields.model_copy(
        update={"birth_date": facts.birth_date.isoformat(), "sex": fields.sex or facts.sex}
    )


def _check_unique(session: Session, fields: PersonFields, *, person_id: uuid.UUID) -> None:
    if fields.jmbg is not None:
        holder = repository.person_by_jmbg(session, fields.jmbg)
        if holder is not None and holder.id != person_id:
            raise Conflict("A person with this JMBG is already registered.")
    for agency, local_id in _agency_pairs(fields):
        owner = repository.agency_id_owner(session, agency, local_id)
        if owner is not None and owner != person_id:
            raise Conflict(
                f"The {agency} identifier '{local_id}' already belongs to another person."
            )


def _agency_pairs(fields: PersonFields) -> list[tuple[str, str]]:
    pairs = [(item.agency, item.local_id) for item in fields.agency_ids]
    if len(set(pairs)) != len(pairs):
        problem = FieldProblem(location="body.agency_ids", message="an identifier is listed twice")
        raise InvalidRequest("The agency identifiers repeat.", errors=[problem])
    return pairs


def _columns(fields: PersonFields) -> dict[str, Any]:
    values = fields.model_dump(mode="json", include=set(_RECORD_FIELDS))
    given_dj, given_d = search_keys(fields.given_name)
    family_dj, family_d = search_keys(fields.family_name)
    return values | {
        "given_name_latin": normalise_name(fields.given_name),
        "family_name_latin": normalise_name(fields.family_name),
        "given_key_dj": given_dj,
        "given_key_d": given_d,
        "family_key_dj": family_dj,
        "family_key_d": family_d,
    }


def _public(record: Person, pairs: list[tuple[str, str]]) -> PersonPublic:
    values = record.model_dump()
    values["agency_ids"] = [{"agency": agency, "local_id": local_id} for agency, local_id in pairs]
    return PersonPublic.model_validate(
        {key: value for key, value in values.items() if key in PersonPublic.model_fields}
    )
