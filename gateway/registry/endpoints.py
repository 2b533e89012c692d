"""HTTP routes of the registry under ``/v1``; thin: parse, call one service, return."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status

from gateway.auth.caller import ReturneesRead, ReturneesWrite
from gateway.concurrency import etag
from gateway.db import SessionDep
from gateway.errors import problem_responses
from gateway.pagination import DEFAULT_PAGE_SIZE, Cursor, Limit
from gateway.registry import households, person_search, persons
from gateway.registry.subject_records import (
    NEEDS_ASSESSMENTS,
    RETURN_EVENTS,
    create_record,
    list_records,
    read_record,
    update_record,
)
from gateway.schema.household import HouseholdCreate, HouseholdPublic, HouseholdUpdate
from gateway.schema.needs import NeedsAssessmentCreate, NeedsAssessmentPublic, NeedsAssessmentUpdate
from gateway.schema.pages import Page
from gateway.schema.person import PersonCreate, PersonPublic, PersonUpdate
from gateway.schema.return_event import ReturnEventCreate, ReturnEventPublic, ReturnEventUpdate
from gateway.schema.types import Jmbg, MunicipalityCode, PartialDate

router = APIRouter(prefix="/v1")

IfMatch = Annotated[
    str | None, Header(max_length=200, description="The ETag of the version being changed")
]
READ = problem_responses(400, 401, 403, 404, 422, 429)
CREATE = problem_responses(400, 401, 403, 409, 413, 415, 422, 429)
UPDATE = problem_responses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429)
LIST = problem_responses(400, 401, 403, 422, 429)


def _versioned(response: Response, version: int, location: str | None = None) -> None:
    response.headers["ETag"] = etag(version)
    if location is not None:
        response.headers["Location"] = location


@router.post("/persons", status_code=status.HTTP_201_CREATED, responses=CREATE, tags=["persons"])
def create_person(
    body: PersonCreate, session: SessionDep, caller: ReturneesWrite, response: Response
) -> PersonPublic:
    """Register a person."""
    person = persons.create_person(session, person=body, caller=caller)
    _versioned(response, person.version, f"/v1/persons/{person.id}")
    return person


@router.get("/persons", responses=LIST, tags=["persons"])
def search_persons(
    session: SessionDep,
    caller: ReturneesRead,
    jmbg: Annotated[Jmbg | None, Query()] = None,
    name: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Given or family names, either script"),
    ] = None,
    birth_date: Annotated[PartialDate | None, Query()] = None,
    municipality: Annotated[MunicipalityCode | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[PersonPublic]:
    """Search the persons the caller may see, by JMBG, name, birth date and municipality."""
    items, next_cursor = person_search.search_persons(
        session,
        caller=caller,
        jmbg=jmbg,
        name=name,
        birth_date=birth_date,
        municipality=municipality,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/persons/{person_id}", responses=READ, tags=["persons"])
def read_person(
    person_id: uuid.UUID, session: SessionDep, caller: ReturneesRead, response: Response
) -> PersonPublic:
    """Read one person: the categories the caller has a basis for; the rest listed as withheld."""
    person = persons.read_person(session, person_id=person_id, caller=caller)
    _versioned(response, person.version)
    return person


@router.patch("/persons/{person_id}", responses=UPDATE, tags=["persons"])
def update_person(
    person_id: uuid.UUID,
    body: PersonUpdate,
    session: SessionDep,
    caller: ReturneesWrite,
    response: Response,
    if_match: IfMatch = None,
) -> PersonPublic:
    """Change a person; send the ETag you read in If-Match."""
    person = persons.update_person(
        session, person_id=person_id, changes=body, if_match=if_match, caller=caller
    )
    _versioned(response, person.version)
    return person


@router.post(
    "/households", status_code=status.HTTP_201_CREATED, responses=CREATE, tags=["households"]
)
def create_household(
    body: HouseholdCreate, session: SessionDep, caller: ReturneesWrite, response: Response
) -> HouseholdPublic:
    """Register a household with its members and the guardians of its minors."""
    household = households.create_household(session, household=body, caller=caller)
    _versioned(response, household.version, f"/v1/households/{household.id}")
    return household


@router.get("/households", responses=LIST, tags=["households"])
def list_households(
    session: SessionDep,
    caller: ReturneesRead,
    municipality: Annotated[MunicipalityCode | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[HouseholdPublic]:
    """List households, optionally of one municipality."""
    items, next_cursor = households.list_households(
        session, caller=caller, municipality=municipality, cursor=cursor, limit=limit
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/households/{household_id}", responses=READ, tags=["households"])
def read_household(
    household_id: uuid.UUID, session: SessionDep, caller: ReturneesRead, response: Response
) -> HouseholdPublic:
    """Read one household with its members."""
    household = households.read_household(session, household_id=household_id, caller=caller)
    _versioned(response, household.version)
    return household


@router.patch("/households/{household_id}", responses=UPDATE, tags=["households"])
def update_household(
    household_id: uuid.UUID,
    body: HouseholdUpdate,
    session: SessionDep,
    caller: ReturneesWrite,
    response: Response,
    if_match: IfMatch = None,
) -> HouseholdPublic:
    """Change a household; a members list replaces the current one."""
    household = households.update_household(
        session, household_id=household_id, changes=body, if_match=if_match, caller=caller
    )
    _versioned(response, household.version)
    return household


SubjectPerson = Annotated[uuid.UUID | None, Query(description="Only records about this person")]
SubjectHousehold = Annotated[
    uuid.UUID | None, Query(description="Only records about this household")
]


@router.post(
    "/return-events", status_code=status.HTTP_201_CREATED, responses=CREATE, tags=["return events"]
)
def create_return_event(
    body: ReturnEventCreate, session: SessionDep, caller: ReturneesWrite, response: Response
) -> ReturnEventPublic:
    """Record how, when and from where a person or household returned."""
    event: ReturnEventPublic = create_record(session, RETURN_EVENTS, body=body, caller=caller)
    _versioned(response, event.version, f"/v1/return-events/{event.id}")
    return event


@router.get("/return-events", responses=LIST, tags=["return events"])
def list_return_events(
    session: SessionDep,
    caller: ReturneesRead,
    person_id: SubjectPerson = None,
    household_id: SubjectHousehold = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[ReturnEventPublic]:
    """List return events, optionally of one person or household."""
    items, next_cursor = list_records(
        session,
        RETURN_EVENTS,
        caller=caller,
        person_id=person_id,
        household_id=household_id,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/return-events/{event_id}", responses=READ, tags=["return events"])
def read_return_event(
    event_id: uuid.UUID, session: SessionDep, caller: ReturneesRead, response: Response
) -> ReturnEventPublic:
    """Read one return event."""
    event: ReturnEventPublic = read_record(
        session, RETURN_EVENTS, record_id=event_id, caller=caller
    )
    _versioned(response, event.version)
    return event


@router.patch("/return-events/{event_id}", responses=UPDATE, tags=["return events"])
def update_return_event(
    event_id: uuid.UUID,
    body: ReturnEventUpdate,
    session: SessionDep,
    caller: ReturneesWrite,
    response: Response,
    if_match: IfMatch = None,
) -> ReturnEventPublic:
    """Change a return event; its subject cannot change."""
    event: ReturnEventPublic = update_record(
        session, RETURN_EVENTS, record_id=event_id, changes=body, if_match=if_match, caller=caller
    )
    _versioned(response, event.version)
    return event


@router.post(
    "/needs-assessments", status_code=status.HTTP_201_CREATED, responses=CREATE, tags=["needs"]
)
def create_needs_assessment(
    body: NeedsAssessmentCreate, session: SessionDep, caller: ReturneesWrite, response: Response
) -> NeedsAssessmentPublic:
    """Record the needs of a person or household, per domain and severity."""
    assessment: NeedsAssessmentPublic = create_record(
        session, NEEDS_ASSESSMENTS, body=body, caller=caller
    )
    _versioned(response, assessment.version, f"/v1/needs-assessments/{assessment.id}")
    return assessment


@router.get("/needs-assessments", responses=LIST, tags=["needs"])
def list_needs_assessments(
    session: SessionDep,
    caller: ReturneesRead,
    person_id: SubjectPerson = None,
    household_id: SubjectHousehold = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[NeedsAssessmentPublic]:
    """List needs assessments, optionally of one person or household."""
    items, next_cursor = list_records(
        session,
        NEEDS_ASSESSMENTS,
        caller=caller,
        person_id=person_id,
        household_id=household_id,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/needs-assessments/{assessment_id}", responses=READ, tags=["needs"])
def read_needs_assessment(
    assessment_id: uuid.UUID, session: SessionDep, caller: ReturneesRead, response: Response
) -> NeedsAssessmentPublic:
    """Read one needs assessment."""
    assessment: NeedsAssessmentPublic = read_record(
        session, NEEDS_ASSESSMENTS, record_id=assessment_id, caller=caller
    )
    _versioned(response, assessment.version)
    return assessment


@router.patch("/needs-assessments/{assessment_id}", responses=UPDATE, tags=["needs"])
def update_needs_assessment(
    assessment_id: uuid.UUID,
    body: NeedsAssessmentUpdate,
    session: SessionDep,
    caller: ReturneesWrite,
    response: Response,
    if_match: IfMatch = None,
) -> NeedsAssessmentPublic:
    """Change a needs assessment; a needs list replaces the current one."""
    assessment: NeedsAssessmentPublic = update_record(
        session,
        NEEDS_ASSESSMENTS,
        record_id=assessment_id,
        changes=body,
        if_match=if_match,
        caller=caller,
    )
    _versioned(response, assessment.version)
    return assessment
