"""Applying an agency's pushed event: once per event id, wholly or not at all, always kept.

The adapter translates the native payload (``parse_event``); a payload it cannot read is kept
as ``rejected`` with the problems found and answered with a 422 naming them. A readable event
is applied in a savepoint: the person is found by JMBG, then by the agency's own id, or
registered; the agency's id is linked; a KIRS reception also registers the household and the
return. If any part fails, nothing of it stays and the event is kept as rejected. A replay of
an event id returns the first result. An event holding text the database cannot store (NUL, a
lone surrogate) is rejected before anything is looked up; every payload is kept as UTF-8 text
with its bytes that are not UTF-8, and NUL, written as ``\\xNN``.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from adapters.base import AgencyAdapter, InvalidNativePayload
from gateway.audit.hook import AuditEvent, record
from gateway.auth.caller import Caller
from gateway.errors import GatewayError
from gateway.identity.ages import is_certainly_minor
from gateway.inbound.models import InboundEvent
from gateway.referrals.updates import apply_pushed_update
from gateway.registry import repository
from gateway.registry.households import create_household
from gateway.registry.models import HouseholdMember, PersonAgencyId
from gateway.registry.persons import create_person
from gateway.registry.subject_records import RETURN_EVENTS, create_record
from gateway.schema.agency import AgencyPersonRecord, RelatedPerson
from gateway.schema.agency import InboundEvent as Event
from gateway.schema.household import HouseholdCreate
from gateway.schema.household import HouseholdMember as MemberFields
from gateway.schema.person import AgencyIdentifier, PersonCreate
from gateway.schema.return_event import ReturnEventCreate
from gateway.storable_text import UNSTORABLE_MESSAGE, escaped, unstorable_locations


@dataclass(frozen=True)
class Outcome:
    """What the gateway answers: status, body, and whether it is a replay."""

    status: int
    body: dict[str, Any]
    replayed: bool = False


def receive(
    session: Session,
    *,
    adapter: AgencyAdapter,
    caller: Caller,
    payload: bytes,
    content_type: str,
) -> Outcome:
    """Translate, deduplicate, apply and keep one pushed event."""
    try:
        event = adapter.parse_event(payload, content_type)
    except InvalidNativePayload as error:
        problems = error.problems or [error.message]
        return _keep_rejected(session, caller, payload, content_type, None, problems)
    unstorable = unstorable_locations(event.model_dump(), "event")
    if unstorable:
        problems = [f"{where}: {UNSTORABLE_MESSAGE}" for where in unstorable]
        return _keep_rejected(session, caller, payload, content_type, None, problems)
    earlier = _earlier(session, caller.agency, event.event_id)
    if earlier is not None:
        return Outcome(earlier.http_status, earlier.result, replayed=True)
    try:
        with session.begin_nested():
            result = _apply(session, caller, event)
    except GatewayError as error:
        problems = [error.detail, *(f"{item.location}: {item.message}" for item in error.errors)]
        return _keep_rejected(session, caller, payload, content_type, event, problems)
    body = {"event_id": event.event_id, "kind": event.kind, "status": "applied", **result}
    _keep(
        session,
        caller,
        payload,
        content_type,
        event,
        status="applied",
        problems=[],
        body=body,
        http_status=201,
    )
    return Outcome(201, body)


def _apply(session: Session, caller: Caller, event: Event) -> dict[str, Any]:
    if event.kind == "referral_update" and event.referral is not None:
        return apply_pushed_update(
            session,
            agency=caller.agency,
            client_id=caller.client_id,
            purpose=caller.purpose,
            update=event.referral,
        )
    if event.kind == "referral_update" or event.record is None:
        return {"note": "referral updates are taken up by the referral workflow"}
    person_id, created = link_person(session, caller, event.record)
    result: dict[str, Any] = {"person_id": str(person_id), "person_created": created}
    if event.kind == "reception":
        result |= _register_reception(session, caller, person_id, event.record)
    return result


def link_person(
    session: Session, caller: Caller, agency_record: AgencyPersonRecord
) -> tuple[uuid.UUID, bool]:
    """The gateway person the agency's record is about, registered if the gateway has none."""
    identity = agency_record.identity
    found = (
        repository.person_by_jmbg(session, identity.jmbg) if identity and identity.jmbg else None
    )
    person_id = (
        found.id
        if found
        else repository.agency_id_owner(session, agency_record.agency, agency_record.local_id)
    )
    if person_id is not None:
        _link_id(session, person_id, agency_record.agency, agency_record.local_id)
        return person_id, False
    if identity is None:
        raise GatewayError(
            "The event names a person the gateway does not know, without identity data."
        )
    body = PersonCreate(
        jmbg=identity.jmbg,
        given_name=identity.given_name,
        family_name=identity.family_name,
        parent_name=identity.parent_name,
        sex=identity.sex,
        birth_date=identity.birth_date,
        documents=agency_record.documents or [],
        contact=agency_record.contact,
        agency_ids=[AgencyIdentifier(agency=agency_record.agency, local_id=agency_record.local_id)],
    )
    return create_person(session, person=body, caller=caller).id, True


def _register_reception(
    session: Session, caller: Caller, person_id: uuid.UUID, agency_record: AgencyPersonRecord
) -> dict[str, Any]:
    household_id = session.exec(
        select(HouseholdMember.household_id).where(col(HouseholdMember.person_id) == person_id)
    ).first()
    if household_id is None:
        household_id = _register_household(session, caller, person_id, agency_record)
    reception = agency_record.reception
    if reception is None or reception.country_from is None or reception.received_at is None:
        return {"household_id": str(household_id)}
    event = create_record(
        session,
        RETURN_EVENTS,
        body=ReturnEventCreate(
            household_id=household_id,
            modality=reception.modality or "readmission",
            return_date=reception.received_at.date(),
            country_from=reception.country_from,
            entry_point="bel_airport_readmission"
            if (reception.modality or "readmission") == "readmission"
            else "other",
            registering_agency=caller.agency,
        ),
        caller=caller,
    )
    return {"household_id": str(household_id), "return_event_id": str(event.id)}


def _register_household(
    session: Session, caller: Caller, head_id: uuid.UUID, agency_record: AgencyPersonRecord
) -> uuid.UUID:
    members = [MemberFields(person_id=head_id, relationship="head")]
    for relative in agency_record.household or []:
        relative_id = _relative(session, caller, agency_record.agency, relative)
        guardian = head_id if is_certainly_minor(relative.birth_date) else None
        members.append(
            MemberFields(
                person_id=relative_id, relationship=relative.relationship, guardian_id=guardian
            )
        )
    municipality = (
        agency_record.reception.intended_municipality if agency_record.reception else None
    )
    household = create_household(
        session,
        household=HouseholdCreate(municipality=municipality, members=members),
        caller=caller,
    )
    return household.id


def _relative(session: Session, caller: Caller, agency: str, relative: RelatedPerson) -> uuid.UUID:
    if relative.local_id:
        owner = repository.agency_id_owner(session, agency, relative.local_id)
        if owner is not None:
            return owner
    ids = [AgencyIdentifier(agency=agency, local_id=relative.local_id)] if relative.local_id else []
    body = PersonCreate(
        given_name=relative.given_name,
        family_name=relative.family_name,
        birth_date=relative.birth_date,
        agency_ids=ids,
    )
    return create_person(session, person=body, caller=caller).id


def _link_id(session: Session, person_id: uuid.UUID, agency: str, local_id: str) -> None:
    if repository.agency_id_owner(session, agency, local_id) is None:
        session.add(PersonAgencyId(person_id=person_id, agency=agency, local_id=local_id))
        session.flush()


def _earlier(session: Session, agency: str, event_id: str) -> InboundEvent | None:
    query = select(InboundEvent).where(
        col(InboundEvent.agency) == agency, col(InboundEvent.event_id) == event_id
    )
    return session.exec(query).first()


def _keep_rejected(
    session: Session,
    caller: Caller,
    payload: bytes,
    content_type: str,
    event: Event | None,
    problems: list[str],
) -> Outcome:
    problems = [escaped(problem) for problem in problems]
    body = {
        "type": "https://gateway.returnee.rs/problems/invalid-native-payload",
        "title": "The agency's event could not be applied",
        "status": 422,
        "detail": f"{len(problems)} problem(s) found; the payload is kept for inspection.",
        "problems": problems[:50],
    }
    kept = _keep(
        session,
        caller,
        payload,
        content_type,
        event,
        status="rejected",
        problems=problems,
        body=body,
        http_status=422,
    )
    body["inbound_id"] = str(kept.id)
    return Outcome(422, body)


def _keep(
    session: Session,
    caller: Caller,
    payload: bytes,
    content_type: str,
    event: Event | None,
    *,
    status: str,
    problems: list[str],
    body: dict[str, Any],
    http_status: int,
) -> InboundEvent:
    kept = InboundEvent(
        agency=caller.agency,
        event_id=event.event_id if event is not None and status == "applied" else None,
        kind=event.kind if event is not None else None,
        received_by_client=caller.client_id,
        content_type=content_type[:100],
        payload=_stored_payload(payload),
        status=status,
        problems=problems,
        result=body,
        http_status=http_status,
    )
    session.add(kept)
    session.flush()
    record(
        session,
        AuditEvent(
            action=f"inbound.{status}",
            decision="permit" if status == "applied" else "deny",
            actor_client=caller.client_id,
            actor_agency=caller.agency,
            purpose=caller.purpose,
            subject=body.get("person_id"),
            detail={
                "event_id": event.event_id if event else None,
                "kind": event.kind if event else None,
                "inbound": str(kept.id),
            },
        ),
    )
    return kept


def _stored_payload(payload: bytes) -> str:
    """The payload as text PostgreSQL can store: bytes that are not UTF-8 and NUL as ``\\xNN``."""
    return escaped(payload.decode("utf-8", errors="backslashreplace"))


def rejected(session: Session, *, agency: str, limit: int) -> list[InboundEvent]:
    """The payloads of an agency that could not be applied, newest first."""
    query = select(InboundEvent).where(
        col(InboundEvent.agency) == agency, col(InboundEvent.status) == "rejected"
    )
    return list(session.exec(query.order_by(col(InboundEvent.received_at).desc()).limit(limit)))
