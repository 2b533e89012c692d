"""The subject access report: every recorded access to one person's data, for their request.

It covers entries about the person and about the households they belong to now, each with
the agency (named from the ``agencies`` code list), the purpose, the data shown and withheld,
the basis, the case reference the agency gave and the time. ``report_html`` renders it as a
printable page in Serbian (Latin or Cyrillic) or English.
"""

import uuid
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from gateway.audit import chain, repository
from gateway.audit.schemas import SubjectAccess, SubjectReport
from gateway.codelists import code_list
from gateway.errors import NotFound
from gateway.models import utcnow
from gateway.registry.models import HouseholdMember, Person
from gateway.schema.types import read_from

BATCH_SIZE = 1000


def subject_report(session: Session, *, person_id: uuid.UUID, language: str) -> SubjectReport:
    """The report for ``person_id`` (404 when neither the person nor any entry is known)."""
    chain.seal(session.connection())
    households = _households(session, person_id)
    subjects = (str(person_id), *households)
    accesses = [
        _access(row, language, household=row.subject != str(person_id))
        for row in _entries(session, subjects)
    ]
    if not accesses and session.get(Person, person_id) is None:
        raise NotFound(f"There is no person {person_id}.")
    return SubjectReport(
        person_id=str(person_id),
        households=list(households),
        generated_at=utcnow(),
        language=language,
        accesses=accesses,
    )


def _households(session: Session, person_id: uuid.UUID) -> tuple[str, ...]:
    query = select(col(HouseholdMember.household_id)).where(
        col(HouseholdMember.person_id) == person_id
    )
    return tuple(str(value) for value in session.connection().execute(query).scalars())


def _entries(session: Session, subjects: tuple[str, ...]) -> list[Any]:
    entry_filter = repository.EntryFilter(subjects=subjects)
    bounds = repository.sequence_range(session.connection(), entry_filter)
    query = repository.filtered(entry_filter, bounds)

    def fetch(statement: Any) -> Any:
        return session.connection().execute(statement).all()

    found: list[Any] = []
    for batch in repository.batches(fetch, query, after=bounds.first - 1, size=BATCH_SIZE):
        found.extend(batch)
    return found


def _access(row: Any, language: str, *, household: bool) -> SubjectAccess:
    return read_from(
        SubjectAccess,
        row,
        time=row.recorded_at,
        agency=row.actor_agency,
        agency_name=label("agencies", row.actor_agency, language),
        purpose_label=label("purposes", row.purpose, language),
        about="household" if household else "person",
    )


def label(list_name: str, code: str | None, language: str) -> str | None:
    """The label of ``code`` in ``language``, or the code itself when the list lacks it."""
    if code is None:
        return None
    entries = code_list(list_name)
    return entries.get(code).label(language) if code in entries else code
