"""Rules for referrals: who may make one, to whom, with what, and who may change it.

A referral goes to the agency providing the requested service of the catalogue, never back
to the sender. The sender must see its subject; the receiving agency must have a consent or
legal basis for every category the referral carries (``coverage``). The referral, its first
history entry, its delivery job (the outbox) and the audit entry are written together.
Only the two agencies of a referral see it; anyone else is told it does not exist.
"""

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlmodel import Session, col

from gateway.audit.actions import record_action
from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.errors import FieldProblem, Forbidden, InvalidRequest, NotFound
from gateway.referrals import coverage, repository, routing, views
from gateway.referrals.lifecycle import Role
from gateway.referrals.models import Referral, ReferralEvent, ReferralService
from gateway.referrals.outgoing import enqueue_referral
from gateway.referrals.payload import delivery_for
from gateway.referrals.schemas import (
    OverdueReferral,
    ReferralCreate,
    ReferralPublic,
    ReferralSummary,
    ReferralTransition,
)
from gateway.referrals.subjects import Subject, visible_subject
from gateway.referrals.workflow import Actor, Change, move


def create_referral(
    session: Session,
    *,
    body: ReferralCreate,
    caller: Caller,
    agencies: Collection[str] | None = None,
) -> ReferralPublic:
    """Make a referral and commit its delivery job with it."""
    service = _requested_service(session, body.service, caller=caller, agencies=agencies)
    subject = visible_subject(
        session, caller, person_id=body.person_id, household_id=body.household_id
    )
    categories = coverage.carried_categories(service.categories, body.needs)
    found = coverage.coverage(
        session, agency=service.agency, subject=subject, categories=categories
    )
    coverage.require(session, found, caller=caller, subject=subject)
    referral = _new_referral(session, body, caller, service, subject, categories)
    payload = delivery_for(session, referral).model_dump(mode="json")
    enqueue_referral(session, referral_id=referral.id, agency=service.agency, payload=payload)
    _audit_created(session, referral, caller, found.basis())
    return views.public(session, referral)


def _new_referral(
    session: Session,
    body: ReferralCreate,
    caller: Caller,
    service: ReferralService,
    subject: Subject,
    categories: Collection[str],
) -> Referral:
    """The referral row and its first history entry, with the defaults filled in."""
    municipality = body.municipality or subject.municipality
    referral = Referral(
        **body.model_dump(include={"person_id", "household_id", "priority", "notes_category"}),
        from_agency=caller.agency,
        to_agency=service.agency,
        service_code=service.code,
        needs=list(body.needs),
        categories=sorted(categories),
        due_date=body.due_date or dt.date.today() + dt.timedelta(days=service.default_due_days),
        municipality=municipality,
        office=body.office or routing.office_for(session, service, body.needs, municipality),
        created_by_client=caller.client_id,
    )
    session.add(referral)
    session.flush()
    _submitted(session, referral, caller)
    return referral


def read_referral(session: Session, *, referral_id: uuid.UUID, caller: Caller) -> ReferralPublic:
    """One referral of the caller's agency, with its history."""
    referral = _party_referral(session, referral_id, caller)
    _audit_referral(session, referral, caller, "referral.read", {})
    return views.public(session, referral)


def list_referrals(
    session: Session,
    *,
    caller: Caller,
    direction: str | None,
    status: str | None,
    person_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[ReferralSummary], str | None]:
    """The referrals the caller's agency sent or received (admins: all), newest last."""
    filters: list[Any] = []
    if not caller.is_admin or direction is not None:
        filters.append(repository.involving(caller.agency, direction))
    if status is not None:
        filters.append(col(Referral.status) == status)
    if person_id is not None:
        filters.append(col(Referral.person_id) == person_id)
    if household_id is not None:
        filters.append(col(Referral.household_id) == household_id)
    rows, next_cursor = repository.page_of_referrals(
        session, filters=filters, cursor=cursor, limit=limit
    )
    _audit_listed(session, caller, rows)
    return [views.summary(row) for row in rows], next_cursor


def overdue_referrals(
    session: Session,
    *,
    caller: Caller,
    direction: str | None,
    cursor: str | None,
    limit: int,
    today: dt.date | None = None,
) -> tuple[list[OverdueReferral], str | None]:
    """Open referrals of the caller's agency past their due date, for follow-up."""
    day = today or dt.date.today()
    filters = [repository.overdue_condition(day)]
    if not caller.is_admin or direction is not None:
        filters.append(repository.involving(caller.agency, direction))
    rows, next_cursor = repository.page_of_referrals(
        session, filters=filters, cursor=cursor, limit=limit
    )
    _audit_listed(session, caller, rows)
    return [views.overdue(row, day) for row in rows], next_cursor


def change_status(
    session: Session,
    *,
    referral_id: uuid.UUID,
    body: ReferralTransition,
    caller: Caller,
    if_match: str | None,
) -> ReferralPublic:
    """Move a referral on: the receiving agency accepts and closes it, the sender cancels."""
    referral = _party_referral(session, referral_id, caller, lock=True)
    if if_match is not None:
        require_current(if_match, current_version=referral.version)
    role = _role(referral, caller)
    change = Change(
        status=body.status,
        reason=body.reason,
        service_delivered=body.service_delivered,
        agency_reference=body.agency_reference if role == "target" else None,
    )
    actor = Actor(role, caller.agency, caller.client_id, caller.purpose, "api")
    move(session, referral, change, actor=actor)
    return views.public(session, referral)


def _requested_service(
    session: Session, code: str, *, caller: Caller, agencies: Collection[str] | None
) -> ReferralService:
    service = session.get(ReferralService, code)
    if service is None or not service.active:
        _refuse("service", "not an active service of the catalogue")
    assert service is not None
    if service.agency == caller.agency:
        _refuse("service", "a referral goes to another agency than the sender")
    if agencies is not None and service.agency not in agencies:
        _refuse("service", f"the gateway has no connection to {service.agency}")
    return service


def _refuse(field: str, message: str) -> None:
    raise InvalidRequest(
        "The referral cannot be made.",
        errors=[FieldProblem(location=f"body.{field}", message=message)],
    )


def _party_referral(
    session: Session, referral_id: uuid.UUID, caller: Caller, *, lock: bool = False
) -> Referral:
    """The referral, if the caller's agency sent or received it (or the caller is an admin).

    ``lock``: for a change, the row is locked (PostgreSQL) so that changes made at the same
    time by the two agencies, a report or a delivery follow one another instead of one
    overwriting the other.
    """
    referral = session.get(Referral, referral_id, with_for_update=lock or None)
    parties = {referral.from_agency, referral.to_agency} if referral else set()
    if referral is None or (caller.agency not in parties and not caller.is_admin):
        raise NotFound(f"There is no referral with id {referral_id}.")
    return referral


def _role(referral: Referral, caller: Caller) -> Role:
    """The caller's part in the referral; an admin of a third agency reads but does not act."""
    if caller.agency == referral.to_agency:
        return "target"
    if caller.agency == referral.from_agency:
        return "sender"
    raise Forbidden("Only the sending and the receiving agency change a referral's status.")


def _submitted(session: Session, referral: Referral, caller: Caller) -> None:
    session.add(
        ReferralEvent(
            referral_id=referral.id,
            from_status=None,
            to_status="submitted",
            occurred_at=referral.created_at,
            actor_agency=caller.agency,
            actor_client=caller.client_id,
            source="api",
        )
    )


def _audit_created(
    session: Session, referral: Referral, caller: Caller, basis: dict[str, str]
) -> None:
    detail = {
        "to_agency": referral.to_agency,
        "service": referral.service_code,
        "categories": referral.categories,
        "receiver_basis": basis,
    }
    _audit_referral(session, referral, caller, "referral.created", detail)


def _audit_referral(
    session: Session, referral: Referral, caller: Caller, action: str, detail: dict[str, Any]
) -> None:
    record_action(
        session,
        caller,
        action,
        subject=str(referral.person_id or referral.household_id),
        subject_kind="person" if referral.person_id else "household",
        detail={"referral": str(referral.id)} | detail,
    )


def _audit_listed(session: Session, caller: Caller, rows: Sequence[Referral]) -> None:
    detail = {"count": len(rows), "referrals": [str(row.id) for row in rows]}
    record_action(session, caller, "referral.listed", detail=detail)
