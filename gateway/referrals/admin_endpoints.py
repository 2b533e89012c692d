"""Admin routes of the service catalogue and the routing rules (scope ``admin``)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from gateway.auth.caller import Admin, require_scope
from gateway.concurrency import etag
from gateway.db import SessionDep
from gateway.errors import problem_responses
from gateway.referrals import catalogue
from gateway.referrals.catalogue_schemas import (
    RoutingRuleCreate,
    RoutingRulePublic,
    RoutingRuleUpdate,
    ServiceCreate,
    ServicePublic,
    ServiceUpdate,
)
from gateway.schema.types import AgencyCode, MunicipalityCode, NeedDomain

services = APIRouter(prefix="/v1/admin/services", tags=["admin: service catalogue"])
routing_rules = APIRouter(prefix="/v1/admin/routing-rules", tags=["admin: routing rules"])
ADMIN = [require_scope("admin")]

IfMatch = Annotated[str | None, Header(max_length=200)]
ServiceCodePath = Annotated[str, Path(max_length=64, pattern=r"^[a-z][a-z0-9_]+$")]
ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429)


@services.get("", responses=ERRORS, dependencies=ADMIN)
def list_services(
    session: SessionDep,
    agency: Annotated[AgencyCode | None, Query()] = None,
    active_only: Annotated[bool, Query()] = False,
) -> list[ServicePublic]:
    """The service catalogue, optionally of one agency or only the active services."""
    return catalogue.list_services(session, agency=agency, active_only=active_only)


@services.post("", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def create_service(
    body: ServiceCreate, session: SessionDep, caller: Admin, response: Response
) -> ServicePublic:
    """Add a service to the catalogue."""
    created = catalogue.create_service(session, body=body, actor=caller)
    response.headers["ETag"] = etag(created.version)
    return created


@services.get("/{code}", responses=ERRORS, dependencies=ADMIN)
def read_service(code: ServiceCodePath, session: SessionDep, response: Response) -> ServicePublic:
    """Read one service of the catalogue."""
    found = catalogue.read_service(session, code=code)
    response.headers["ETag"] = etag(found.version)
    return found


@services.patch("/{code}", responses=ERRORS)
def change_service(
    code: ServiceCodePath,
    body: ServiceUpdate,
    session: SessionDep,
    caller: Admin,
    response: Response,
    if_match: IfMatch = None,
) -> ServicePublic:
    """Change a service; setting active to false retires it. Send the ETag in If-Match."""
    changed = catalogue.change_service(
        session, code=code, changes=body, if_match=if_match, actor=caller
    )
    response.headers["ETag"] = etag(changed.version)
    return changed


@routing_rules.get("", responses=ERRORS, dependencies=ADMIN)
def list_routing_rules(
    session: SessionDep,
    need_domain: Annotated[NeedDomain | None, Query()] = None,
    municipality: Annotated[MunicipalityCode | None, Query()] = None,
) -> list[RoutingRulePublic]:
    """The routing rules, optionally of one need domain or municipality."""
    return catalogue.list_rules(session, need_domain=need_domain, municipality=municipality)


@routing_rules.post("", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def create_routing_rule(
    body: RoutingRuleCreate, session: SessionDep, caller: Admin, response: Response
) -> RoutingRulePublic:
    """Route a need domain (optionally in one municipality) to a service and its office."""
    created = catalogue.create_rule(session, body=body, actor=caller)
    response.headers["ETag"] = etag(created.version)
    return created


@routing_rules.get("/{rule_id}", responses=ERRORS, dependencies=ADMIN)
def read_routing_rule(
    rule_id: uuid.UUID, session: SessionDep, response: Response
) -> RoutingRulePublic:
    """Read one routing rule."""
    found = catalogue.read_rule(session, rule_id=rule_id)
    response.headers["ETag"] = etag(found.version)
    return found


@routing_rules.patch("/{rule_id}", responses=ERRORS)
def change_routing_rule(
    rule_id: uuid.UUID,
    body: RoutingRuleUpdate,
    session: SessionDep,
    caller: Admin,
    response: Response,
    if_match: IfMatch = None,
) -> RoutingRulePublic:
    """Change a rule's office, rank or whether it applies. Send the ETag in If-Match."""
    changed = catalogue.change_rule(
        session, rule_id=rule_id, changes=body, if_match=if_match, actor=caller
    )
    response.headers["ETag"] = etag(changed.version)
    return changed


@routing_rules.delete(
    "/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
)
def delete_routing_rule(rule_id: uuid.UUID, session: SessionDep, caller: Admin) -> Response:
    """Delete a routing rule."""
    catalogue.delete_rule(session, rule_id=rule_id, actor=caller)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


router = APIRouter()
router.include_router(services)
router.include_router(routing_rules)
