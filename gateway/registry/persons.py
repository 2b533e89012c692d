"""Rules for persons: identity derived from and checked against the JMBG, names in both scripts."""

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


PERSON_CATEGORIES = categories_of(PersonPublic)


def create_person(session: Session, *, person: PersonCreate, caller: Caller) -> PersonPublic:
    """Register a person; the registering agency has a basis for what it registers."""
    fields = _with_jmbg_facts(person)
    record = Person(registered_by=caller.agency, **_columns(fields))
    _check_unique(session, fields, person_id=record.id)
    repository.save(session, record, conflict="A person with this JMBG is already registered.")
    pairs = _agency_pairs(fields)
    repository.replace_agency_ids(session, record.id, pairs)
    return _decide_and_view(
        Policy(session, caller), record, _values(record, pairs), action="person.created"
    )


def read_person(session: Session, *, person_id: uuid.UUID, caller: Caller) -> PersonPublic:
    """One person by id, with only the categories the caller has a basis for."""
    record = _load(session, person_id)
    values = _values(record, _pairs(session, person_id))
    return _decide_and_view(Policy(session, caller), record, values, action="person.read")


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
    require_owner(
        record.registered_by,
        caller,
        noun="person",
        require_visible=lambda: _require_identity(Policy(session, caller), record),
    )
    require_current(if_match, current_version=record.version)
    _refuse_cleared_required(changes)
    current = _values(record, _pairs(session, person_id))
    merged = PersonFields.model_validate(
        {name: current[name] for name in PersonFields.model_fields}
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
    return _decide_and_view(
        Policy(session, caller), record, _values(record, pairs), action="person.changed"
    )


def view(
    policy: Policy, record: Person, values: dict[str, Any], decision: Decision
) -> PersonPublic:
    """The person as the caller may see them, with the access audited before it leaves."""
    policy.audit("person.read", record.id, decision)
    return PersonPublic.model_validate(masked(PersonPublic, values, decision))


def values_of(session: Session, records: Sequence[Person]) -> dict[uuid.UUID, dict[str, Any]]:
    """The full values of several persons, agency ids included."""
    ids = repository.agency_ids(session, [record.id for record in records])
    return {
        record.id: _values(record, [(row.agency, row.local_id) for row in ids[record.id]])
        for record in records
    }


def _decide_and_view(
    policy: Policy, record: Person, values: dict[str, Any], *, action: str
) -> PersonPublic:
    decision = policy.for_person(record, PERSON_CATEGORIES)
    policy.require(decision, "identity", noun="person", action=action, subject=record.id)
    policy.audit(action, record.id, decision)
    return PersonPublic.model_validate(masked(PersonPublic, values, decision))


def _require_identity(policy: Policy, record: Person) -> None:
    decision = policy.for_person(record, {"identity"})
    policy.require(decision, "identity", noun="person", action="person.changed", subject=record.id)


def _pairs(session: Session, person_id: uuid.UUID) -> list[tuple[str, str]]:
    rows = repository.agency_ids(session, [person_id])[person_id]
    return [(row.agency, row.local_id) for row in rows]


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


def _values(record: Person, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    values = record.model_dump()
    values["agency_ids"] = [{"agency": agency, "local_id": local_id} for agency, local_id in pairs]
    return {key: value for key, value in values.items() if key in PersonPublic.model_fields}
