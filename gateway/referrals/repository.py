"""All queries of the referral tables: catalogue, rules, referrals and their history."""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from gateway.pagination import fetch_page
from gateway.referrals.lifecycle import OPEN
from gateway.referrals.models import Referral, ReferralEvent, ReferralService, RoutingRule
from gateway.registry.models import HouseholdMember, NeedsAssessment


def services(
    session: Session, *, agency: str | None, active_only: bool
) -> Sequence[ReferralService]:
    query = select(ReferralService).order_by(col(ReferralService.code))
    if agency is not None:
        query = query.where(col(ReferralService.agency) == agency)
    if active_only:
        query = query.where(col(ReferralService.active).is_(True))
    return session.exec(query).all()


def rules(
    session: Session, *, need_domain: str | None, municipality: str | None
) -> Sequence[RoutingRule]:
    query = select(RoutingRule).order_by(
        col(RoutingRule.need_domain), col(RoutingRule.rank), col(RoutingRule.id)
    )
    if need_domain is not None:
        query = query.where(col(RoutingRule.need_domain) == need_domain)
    if municipality is not None:
        query = query.where(col(RoutingRule.municipality) == municipality)
    return session.exec(query).all()


def rule_exists(
    session: Session, *, need_domain: str, municipality: str | None, service: str
) -> bool:
    query = select(RoutingRule.id).where(
        col(RoutingRule.need_domain) == need_domain,
        col(RoutingRule.service_code) == service,
        col(RoutingRule.municipality).is_(None)
        if municipality is None
        else col(RoutingRule.municipality) == municipality,
    )
    return session.exec(query.limit(1)).first() is not None


def active_rules_for(
    session: Session, domains: Iterable[str], municipality: str | None
) -> list[tuple[RoutingRule, ReferralService]]:
    """Active rules (with their active services) for these domains, here or anywhere."""
    places: list[Any] = [col(RoutingRule.municipality).is_(None)]
    if municipality is not None:
        places.append(col(RoutingRule.municipality) == municipality)
    query = (
        select(RoutingRule, ReferralService)
        .join(ReferralService, col(ReferralService.code) == col(RoutingRule.service_code))
        .where(
            col(RoutingRule.need_domain).in_(set(domains)),
            col(RoutingRule.active).is_(True),
            col(ReferralService.active).is_(True),
            or_(*places),
        )
        .order_by(col(RoutingRule.rank), col(RoutingRule.id))
    )
    return [(rule, service) for rule, service in session.exec(query).all()]


def needs_assessments(
    session: Session, *, person_id: uuid.UUID | None, household_id: uuid.UUID | None
) -> Sequence[NeedsAssessment]:
    """Assessments about the person or the household, oldest first."""
    subjects = []
    if person_id is not None:
        subjects.append(col(NeedsAssessment.person_id) == person_id)
    if household_id is not None:
        subjects.append(col(NeedsAssessment.household_id) == household_id)
    query = select(NeedsAssessment).where(or_(*subjects))
    order = (col(NeedsAssessment.assessed_on), col(NeedsAssessment.created_at))
    return session.exec(query.order_by(*order)).all()


def household_of(session: Session, person_id: uuid.UUID) -> uuid.UUID | None:
    query = select(HouseholdMember.household_id).where(col(HouseholdMember.person_id) == person_id)
    return session.exec(query).first()


def household_head(session: Session, household_id: uuid.UUID) -> uuid.UUID | None:
    """The head of the household, or its first member when none is named head."""
    query = select(HouseholdMember).where(col(HouseholdMember.household_id) == household_id)
    members = session.exec(query.order_by(col(HouseholdMember.position))).all()
    heads = [member for member in members if member.relationship == "head"]
    chosen = heads or list(members)
    return chosen[0].person_id if chosen else None


def open_services_for(
    session: Session, *, person_id: uuid.UUID | None, household_id: uuid.UUID | None
) -> set[str]:
    """The services the subject has open referrals for."""
    query = select(Referral.service_code).where(
        col(Referral.status).in_(OPEN),
        col(Referral.person_id) == person_id
        if person_id is not None
        else col(Referral.household_id) == household_id,
    )
    return set(session.exec(query).all())


def history(session: Session, referral_id: uuid.UUID) -> Sequence[ReferralEvent]:
    query = select(ReferralEvent).where(col(ReferralEvent.referral_id) == referral_id)
    return session.exec(query.order_by(col(ReferralEvent.id))).all()


def page_of_referrals(
    session: Session,
    *,
    filters: Sequence[Any],
    cursor: str | None,
    limit: int,
) -> tuple[Sequence[Referral], str | None]:
    query = select(Referral).where(*filters)
    rows, next_cursor = fetch_page(session, query, col(Referral.id), cursor=cursor, limit=limit)
    return rows, next_cursor


def involving(agency: str, direction: str | None) -> Any:
    """The condition of referrals an agency sent, received, or either."""
    sent = col(Referral.from_agency) == agency
    received = col(Referral.to_agency) == agency
    if direction == "sent":
        return sent
    if direction == "received":
        return received
    return or_(sent, received)


def overdue_condition(today: dt.date) -> Any:
    """Open referrals whose due date has passed."""
    return col(Referral.status).in_(OPEN) & (col(Referral.due_date) < today)
