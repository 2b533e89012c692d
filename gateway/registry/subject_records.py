"""Rules for records about a person or a household: return events and needs assessments."""

import uuid
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.errors import FieldProblem, InvalidRequest, NotFound
from gateway.models import utcnow
from gateway.registry import repository
from gateway.registry.models import Household, NeedsAssessment, Person, ReturnEvent
from gateway.registry.ownership import require_owner
from gateway.schema.needs import NeedsAssessmentFields, NeedsAssessmentPublic
from gateway.schema.return_event import ReturnEventFields, ReturnEventPublic, SubjectRef

Record = TypeVar("Record", ReturnEvent, NeedsAssessment)
Public = TypeVar("Public", ReturnEventPublic, NeedsAssessmentPublic)


class Kind:
    """What differs between the record kinds: table, field model, public model, name."""

    def __init__(
        self, table: type[Any], fields: type[BaseModel], public: type[BaseModel], noun: str
    ) -> None:
        self.table = table
        self.fields = fields
        self.public = public
        self.noun = noun


RETURN_EVENTS = Kind(ReturnEvent, ReturnEventFields, ReturnEventPublic, "return event")
NEEDS_ASSESSMENTS = Kind(
    NeedsAssessment, NeedsAssessmentFields, NeedsAssessmentPublic, "needs assessment"
)


def create_record(session: Session, kind: Kind, *, body: SubjectRef, caller: Caller) -> Any:
    """Record a return event or a needs assessment about an existing subject."""
    _check_subject(session, body)
    record = kind.table(**body.model_dump(), registered_by=caller.agency)
    repository.save(session, record, conflict=f"The {kind.noun} could not be recorded.")
    return kind.public.model_validate(record.model_dump())


def read_record(session: Session, kind: Kind, *, record_id: uuid.UUID) -> Any:
    """One record by id."""
    return kind.public.model_validate(_load(session, kind, record_id).model_dump())


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
    require_owner(record.registered_by, caller, noun=kind.noun)
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
    return kind.public.model_validate(record.model_dump())


def list_records(
    session: Session,
    kind: Kind,
    *,
    person_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Records about a person and/or a household, one page at a time."""
    rows, next_cursor = repository.list_by_subject(
        session,
        kind.table,
        person_id=person_id,
        household_id=household_id,
        cursor=cursor,
        limit=limit,
    )
    return [kind.public.model_validate(row.model_dump()) for row in rows], next_cursor


def _load(session: Session, kind: Kind, record_id: uuid.UUID) -> Any:
    record = repository.get(session, kind.table, record_id)
    if record is None:
        raise NotFound(f"There is no {kind.noun} with id {record_id}.")
    return record


def _check_subject(session: Session, subject: SubjectRef) -> None:
    if subject.person_id is not None and repository.get(session, Person, subject.person_id) is None:
        problem = FieldProblem(location="body.person_id", message="there is no such person")
        raise InvalidRequest("The subject does not exist.", errors=[problem])
    if (
        subject.household_id is not None
        and repository.get(session, Household, subject.household_id) is None
    ):
        problem = FieldProblem(location="body.household_id", message="there is no such household")
        raise InvalidRequest("The subject does not exist.", errors=[problem])
