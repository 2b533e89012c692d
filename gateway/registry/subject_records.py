"""Rules for records about a person or a household: return events and needs assessments."""

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.consent.enforcement import Policy
from gateway.consent.policy import Decision
from gateway.errors import FieldProblem, InvalidRequest, NotFound
from gateway.models import utcnow
from gateway.pagination import filtered_page
from gateway.registry import repository
from gateway.registry.models import Household, NeedsAssessment, Person, ReturnEvent
from gateway.registry.ownership import require_owner
from gateway.schema.needs import NeedsAssessmentFields, NeedsAssessmentPublic
from gateway.schema.return_event import ReturnEventFields, ReturnEventPublic, SubjectRef


class Kind:
    """What differs between the record kinds: table, field model, public model, name, category."""

    def __init__(
        self,
        table: type[Any],
        fields: type[BaseModel],
        public: type[BaseModel],
        noun: str,
        category: str,
    ) -> None:
        self.table = table
        self.fields = fields
        self.public = public
        self.noun = noun
        self.category = category
        self.action = noun.replace(" ", "_")


RETURN_EVENTS = Kind(ReturnEvent, ReturnEventFields, ReturnEventPublic, "return event", "return")
NEEDS_ASSESSMENTS = Kind(
    NeedsAssessment, NeedsAssessmentFields, NeedsAssessmentPublic, "needs assessment", "needs"
)


def create_record(session: Session, kind: Kind, *, body: SubjectRef, caller: Caller) -> Any:
    """Record a return event or a needs assessment about a subject the caller may see."""
    policy = Policy(session, caller)
    _check_subject(session, policy, body)
    record = kind.table(**body.model_dump(), registered_by=caller.agency)
    repository.save(session, record, conflict=f"The {kind.noun} could not be recorded.")
    return _view(policy, kind, record, action=f"{kind.action}.created")


def read_record(session: Session, kind: Kind, *, record_id: uuid.UUID, caller: Caller) -> Any:
    """One record by id, if the caller has a basis for its category about its subject."""
    record = _load(session, kind, record_id)
    return _view(Policy(session, caller), kind, record, action=f"{kind.action}.read")


def update_record(
    session: Session,
    kind: Kind,
    *,
    record_id: uuid.UUID,
    changes: BaseModel,
    if_match: str | None,
    caller: Caller,
) -> Any:
    """Change a record's attributes (never its subject), refusing stale writes."""
    record = _load(session, kind, record_id)
    require_owner(
        record.registered_by,
        caller,
        noun=kind.noun,
        require_visible=lambda: _require_visible(Policy(session, caller), kind, record),
    )
    require_current(if_match, current_version=record.version)
    cleared = [name for name in changes.model_fields_set if getattr(changes, name) is None]
    if cleared:
        problems = [
            FieldProblem(location=f"body.{name}", message="may not be null") for name in cleared
        ]
        raise InvalidRequest("Required fields cannot be cleared.", errors=problems)
    current = record.model_dump(include=set(kind.fields.model_fields))
    merged = kind.fields.model_validate(current | changes.model_dump(exclude_unset=True))
    for column, value in merged.model_dump().items():
        setattr(record, column, value)
    record.version += 1
    record.updated_at = utcnow()
    repository.save(session, record, conflict=f"The {kind.noun} could not be changed.")
    return _view(Policy(session, caller), kind, record, action=f"{kind.action}.changed")


def list_records(
    session: Session,
    kind: Kind,
    *,
    caller: Caller,
    person_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Records the caller may see, about a person and/or a household, one page at a time."""
    policy = Policy(session, caller)

    def fetch(position: str | None, size: int) -> tuple[Sequence[Any], str | None]:
        return repository.list_by_subject(
            session,
            kind.table,
            person_id=person_id,
            household_id=household_id,
            cursor=position,
            limit=size,
        )

    def keep(rows: Sequence[Any]) -> list[tuple[Any, Decision]]:
        decided = [(row, _decision(session, policy, kind, row)) for row in rows]
        return [(row, decision) for row, decision in decided if decision.allows(kind.category)]

    page, next_cursor = filtered_page(
        fetch, keep, id_of=lambda kept: kept[0].id, cursor=cursor, limit=limit
    )
    items = []
    for row, decision in page:
        policy.audit(f"{kind.action}.read", _subject_id(row), decision)
        items.append(kind.public.model_validate(row.model_dump()))
    return items, next_cursor


def _view(policy: Policy, kind: Kind, record: Any, *, action: str) -> Any:
    decision = _require_visible(policy, kind, record, action=action)
    policy.audit(action, _subject_id(record), decision)
    return kind.public.model_validate(record.model_dump())


def _require_visible(
    policy: Policy, kind: Kind, record: Any, *, action: str | None = None
) -> Decision:
    decision = _decision(policy.session, policy, kind, record)
    policy.require(
        decision,
        kind.category,
        noun=kind.noun,
        action=action or f"{kind.action}.changed",
        subject=_subject_id(record),
        record_id=record.id,
    )
    return decision


def _decision(session: Session, policy: Policy, kind: Kind, record: Any) -> Decision:
    if record.person_id is not None:
        person = repository.get(session, Person, record.person_id)
        assert person is not None
        return policy.for_person(person, {kind.category})
    household = repository.get(session, Household, record.household_id)
    assert household is not None
    return policy.for_household(household, {kind.category})


def _subject_id(record: Any) -> uuid.UUID:
    subject: uuid.UUID = record.person_id or record.household_id
    return subject


def _load(session: Session, kind: Kind, record_id: uuid.UUID) -> Any:
    record = repository.get(session, kind.table, record_id)
    if record is None:
        raise NotFound(f"There is no {kind.noun} with id {record_id}.")
    return record


def _check_subject(session: Session, policy: Policy, subject: SubjectRef) -> None:
    """The subject must exist and be someone the caller may see; otherwise it is unknown."""
    if subject.person_id is not None:
        person = repository.get(session, Person, subject.person_id)
        if person is None or not policy.for_person(person, {"identity"}).allows("identity"):
            problem = FieldProblem(location="body.person_id", message="there is no such person")
            raise InvalidRequest("The subject does not exist.", errors=[problem])
    if subject.household_id is not None:
        household = repository.get(session, Household, subject.household_id)
        if household is None or not policy.for_household(household, {"household"}).allows(
            "household"
        ):
            problem = FieldProblem(
                location="body.household_id", message="there is no such household"
            )
            raise InvalidRequest("The subject does not exist.", errors=[problem])
