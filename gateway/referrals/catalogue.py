"""The service catalogue and the routing rules, as admins manage them.

Services are never deleted (referrals name them): an admin sets ``active`` to false and the
service is neither suggested nor accepted for new referrals. Routing rules may be deleted.
A rule's service must exist; one rule per need domain, municipality and service. Every
change records its audit entry here, naming ``actor``.
"""

import uuid

from sqlmodel import Session

from gateway.audit.actions import Acting, record_action
from gateway.concurrency import require_current
from gateway.errors import Conflict, FieldProblem, InvalidRequest, NotFound
from gateway.models import utcnow
from gateway.referrals import repository
from gateway.referrals.catalogue_schemas import (
    RoutingRuleCreate,
    RoutingRulePublic,
    RoutingRuleUpdate,
    ServiceCreate,
    ServicePublic,
    ServiceUpdate,
)
from gateway.referrals.models import ReferralService, RoutingRule


def list_services(
    session: Session, *, agency: str | None, active_only: bool
) -> list[ServicePublic]:
    """The services, optionally of one agency and only the active ones."""
    services = repository.services(session, agency=agency, active_only=active_only)
    return [service_public(service) for service in services]


def create_service(session: Session, *, body: ServiceCreate, actor: Acting) -> ServicePublic:
    """Add a service to the catalogue."""
    if session.get(ReferralService, body.code) is not None:
        raise Conflict(f"The catalogue has a service '{body.code}' already.")
    service = ReferralService(**body.model_dump())
    session.add(service)
    session.flush()
    record_action(session, actor, "service.created", detail={"service": service.code})
    return service_public(service)


def read_service(session: Session, *, code: str) -> ServicePublic:
    return service_public(load_service(session, code))


def change_service(
    session: Session, *, code: str, changes: ServiceUpdate, if_match: str | None, actor: Acting
) -> ServicePublic:
    """Change a service's labels, needs, categories, due days or whether it is active."""
    service = load_service(session, code)
    require_current(if_match, current_version=service.version)
    for name, value in _set_fields(changes).items():
        setattr(service, name, sorted(set(value)) if isinstance(value, list) else value)
    _changed(session, service, actor, "service.changed", service=code)
    return service_public(service)


def list_rules(
    session: Session, *, need_domain: str | None, municipality: str | None
) -> list[RoutingRulePublic]:
    """The routing rules, optionally of one need domain and municipality."""
    rules = repository.rules(session, need_domain=need_domain, municipality=municipality)
    return [rule_public(session, rule) for rule in rules]


def create_rule(session: Session, *, body: RoutingRuleCreate, actor: Acting) -> RoutingRulePublic:
    """Add a routing rule for a service the catalogue has."""
    if session.get(ReferralService, body.service) is None:
        problem = FieldProblem(location="body.service", message="not a service of the catalogue")
        raise InvalidRequest("The rule names no known service.", errors=[problem])
    if repository.rule_exists(
        session, need_domain=body.need_domain, municipality=body.municipality, service=body.service
    ):
        raise Conflict("A rule for this need, municipality and service exists already.")
    rule = RoutingRule(**body.model_dump(exclude={"service"}), service_code=body.service)
    session.add(rule)
    session.flush()
    record_action(session, actor, "routing_rule.created", detail={"rule": str(rule.id)})
    return rule_public(session, rule)


def read_rule(session: Session, *, rule_id: uuid.UUID) -> RoutingRulePublic:
    return rule_public(session, load_rule(session, rule_id))


def change_rule(
    session: Session,
    *,
    rule_id: uuid.UUID,
    changes: RoutingRuleUpdate,
    if_match: str | None,
    actor: Acting,
) -> RoutingRulePublic:
    """Change a rule's office, rank or whether it is active."""
    rule = load_rule(session, rule_id)
    require_current(if_match, current_version=rule.version)
    for name, value in _set_fields(changes).items():
        setattr(rule, name, value)
    _changed(session, rule, actor, "routing_rule.changed", rule=str(rule_id))
    return rule_public(session, rule)


def delete_rule(session: Session, *, rule_id: uuid.UUID, actor: Acting) -> None:
    session.delete(load_rule(session, rule_id))
    session.flush()
    record_action(session, actor, "routing_rule.deleted", detail={"rule": str(rule_id)})


def _changed(
    session: Session,
    record: ReferralService | RoutingRule,
    actor: Acting,
    action: str,
    **detail: str,
) -> None:
    """Save a changed service or rule as its next version, and audit the change."""
    record.version += 1
    record.updated_at = utcnow()
    session.add(record)
    session.flush()
    record_action(session, actor, action, detail=detail)


def load_service(session: Session, code: str) -> ReferralService:
    service = session.get(ReferralService, code)
    if service is None:
        raise NotFound(f"The catalogue has no service '{code}'.")
    return service


def load_rule(session: Session, rule_id: uuid.UUID) -> RoutingRule:
    rule = session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(f"There is no routing rule with id {rule_id}.")
    return rule


def service_public(service: ReferralService) -> ServicePublic:
    return ServicePublic.model_validate(service.model_dump())


def rule_public(session: Session, rule: RoutingRule) -> RoutingRulePublic:
    agency = load_service(session, rule.service_code).agency
    values = rule.model_dump(exclude={"service_code"})
    values |= {"service": rule.service_code, "agency": agency}
    return RoutingRulePublic.model_validate(values)


def _set_fields(changes: ServiceUpdate | RoutingRuleUpdate) -> dict[str, object]:
    """The fields a change sets; none of them may be cleared."""
    values = {name: getattr(changes, name) for name in changes.model_fields_set}
    cleared = sorted(name for name, value in values.items() if value is None)
    if cleared:
        errors = [
            FieldProblem(location=f"body.{name}", message="may not be null") for name in cleared
        ]
        raise InvalidRequest("Fields cannot be cleared.", errors=errors)
    return values
