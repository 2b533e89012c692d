"""Admin routes of the client registry under ``/v1/admin/clients`` (scope ``admin``)."""

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from gateway.auth import clients
from gateway.auth.caller import Admin, require_scope
from gateway.auth.schemas import (
    ClientCreate,
    ClientCredentials,
    ClientPublic,
    ClientUpdate,
    JwksChange,
)
from gateway.concurrency import etag
from gateway.db import SessionDep
from gateway.errors import problem_responses
from gateway.schema.types import AgencyCode

router = APIRouter(prefix="/v1/admin/clients", tags=["admin: clients"])

ClientId = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9_-]+$")]
IfMatch = Annotated[str | None, Header(max_length=200)]
ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 413, 422, 428, 429)


@router.post("", status_code=status.HTTP_201_CREATED, responses=ERRORS)
def create_client(
    body: ClientCreate, session: SessionDep, caller: Admin, response: Response
) -> ClientCredentials:
    """Register an agency client; a secret client's secret is shown in this response only."""
    created = clients.create_client(session, client=body, actor=caller)
    response.headers["ETag"] = etag(created.version)
    response.headers["Cache-Control"] = "no-store"
    return created


@router.get("", responses=ERRORS, dependencies=[require_scope("admin")])
def list_clients(
    session: SessionDep, agency: Annotated[AgencyCode | None, Query()] = None
) -> list[ClientPublic]:
    """List the registered clients, optionally of one agency."""
    return clients.list_clients(session, agency=agency)


@router.get("/{client_id}", responses=ERRORS, dependencies=[require_scope("admin")])
def read_client(client_id: ClientId, session: SessionDep, response: Response) -> ClientPublic:
    """Read one client."""
    found = clients.read_client(session, client_id=client_id)
    response.headers["ETag"] = etag(found.version)
    return found


@router.patch("/{client_id}", responses=ERRORS)
def update_client(
    client_id: ClientId,
    body: ClientUpdate,
    session: SessionDep,
    caller: Admin,
    response: Response,
    if_match: IfMatch = None,
) -> ClientPublic:
    """Change a client's grants, name or status; suspension stops its tokens at once."""
    changed = clients.update_client(
        session, client_id=client_id, changes=body, if_match=if_match, actor=caller
    )
    response.headers["ETag"] = etag(changed.version)
    return changed


@router.post("/{client_id}/secret", responses=ERRORS)
def rotate_secret(
    client_id: ClientId, session: SessionDep, caller: Admin, response: Response
) -> ClientCredentials:
    """Give a secret client a new secret (shown once); the old one stops working."""
    rotated = clients.rotate_secret(session, client_id=client_id, actor=caller)
    response.headers["Cache-Control"] = "no-store"
    return rotated


@router.put("/{client_id}/jwks", responses=ERRORS)
def replace_jwks(
    client_id: ClientId, body: JwksChange, session: SessionDep, caller: Admin
) -> ClientPublic:
    """Replace a key client's public keys."""
    return clients.replace_jwks(session, client_id=client_id, jwks=body.jwks, actor=caller)
