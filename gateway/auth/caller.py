"""The caller of a request: the one dependency that guards every ``/v1`` route.

Each route declares the scopes it needs through one of the aliases below, so the requirement
shows in its signature and, as an OAuth 2.0 security requirement, in the published spec. A
route that needs the scope but not the caller declares ``dependencies=[require_scope(...)]``. The
dependency checks the bearer token (``gateway.auth.tokens``), that its client is still active
and holds what the token claims, the client's rate limit, and the scopes; the route gets a
typed ``Caller``.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security, params
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import OAuth2, SecurityScopes
from sqlmodel import Session

from gateway.audit.context import identify, source_address
from gateway.audit.hook import AuditEvent, record
from gateway.auth.keys import KeyRing
from gateway.auth.models import Client
from gateway.auth.rate_limits import RateLimits
from gateway.auth.scopes import SCOPES
from gateway.auth.tokens import InvalidToken, TokenClaims, TokenPolicy, check_holder, verify
from gateway.db import SessionDep
from gateway.dependencies import KeyRingDep, RateLimitsDep, TokenPolicyDep
from gateway.errors import Forbidden, Unauthenticated

REALM = 'Bearer realm="returnee-gateway"'

oauth2 = OAuth2(
    flows=OAuthFlows(
        clientCredentials=OAuthFlowClientCredentials(tokenUrl="/oauth/token", scopes=SCOPES)
    ),
    scheme_name="agencyClient",
    description="Client credentials (private_key_jwt or client_secret_basic), one purpose",
    auto_error=False,
)


@dataclass(frozen=True)
class Caller:
    """An authenticated client: who it is, for which agency, what it may do and why."""

    client_id: str
    agency: str
    scopes: frozenset[str]
    purpose: str

    @property
    def is_admin(self) -> bool:
        return "admin" in self.scopes


def authenticate(
    security_scopes: SecurityScopes,
    request: Request,
    session: SessionDep,
    authorization: Annotated[str | None, Depends(oauth2)],
    keys: KeyRingDep,
    policy: TokenPolicyDep,
    limits: RateLimitsDep,
) -> Caller:
    """The caller behind the bearer token, holding every scope the route requires."""
    try:
        claims = _verified(keys, policy, session, authorization)
    except Unauthenticated as error:
        record(session, _refusal(request, None, error.detail))
        _count_refusal(request, limits)
        raise
    try:
        check_holder(claims, session.get(Client, claims.client_id))
    except InvalidToken as error:
        record(session, _refusal(request, claims.client_id, str(error)))
        _count_refusal(request, limits)
        raise _invalid_token(str(error)) from None
    identify(claims.client_id, claims.agency, claims.purpose)  # later refusals name the caller
    limits.take(limits.api, claims.client_id, what="calls")
    caller = Caller(claims.client_id, claims.agency, claims.scopes, claims.purpose)
    _require_scopes(request, session, caller, set(security_scopes.scopes))
    return caller


def _verified(
    keys: KeyRing, policy: TokenPolicy, session: Session, authorization: str | None
) -> TokenClaims:
    if not authorization:
        raise Unauthenticated(
            "Send an access token: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": REALM},
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(
            "The Authorization header must be 'Bearer <token>'.",
            headers={"WWW-Authenticate": f'{REALM}, error="invalid_request"'},
        )
    try:
        return verify(keys, session, policy, token.strip())
    except InvalidToken as error:
        raise _invalid_token(str(error)) from None


def _count_refusal(request: Request, limits: RateLimits) -> None:
    """Count a refused authentication against its source address: 429 once over the limit."""
    source = f"source:{source_address(request.scope)}"
    limits.take(limits.source_refusals, source, what="refused calls from your address")


def _invalid_token(reason: str) -> Unauthenticated:
    return Unauthenticated(
        f"The access token was refused: {reason}.",
        headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
    )


def _require_scopes(request: Request, session: Session, caller: Caller, needed: set[str]) -> None:
    missing = sorted(needed - caller.scopes)
    if not missing:
        return
    record(session, _refusal(request, caller.client_id, f"missing scope {' '.join(missing)}"))
    raise Forbidden(
        f"This call needs the scope {' '.join(missing)}, which the token does not carry.",
        headers={
            "WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="{" ".join(missing)}"'
        },
    )


def _refusal(request: Request, client_id: str | None, reason: str) -> AuditEvent:
    return AuditEvent(
        action="request.refused",
        decision="deny",
        actor_client=client_id,
        detail={"method": request.method, "path": request.url.path, "reason": reason},
    )


def require_scope(*scopes: str) -> params.Security:
    """A route dependency: an authenticated caller holding ``scopes``, for routes that do not
    use the caller itself (the requirement still shows in the published spec)."""
    dependency: params.Security = Security(authenticate, scopes=list(scopes))
    return dependency


AnyCaller = Annotated[Caller, Security(authenticate)]
ReturneesRead = Annotated[Caller, Security(authenticate, scopes=["returnees:read"])]
ReturneesWrite = Annotated[Caller, Security(authenticate, scopes=["returnees:write"])]
ReferralsRead = Annotated[Caller, Security(authenticate, scopes=["referrals:read"])]
ReferralsWrite = Annotated[Caller, Security(authenticate, scopes=["referrals:write"])]
ConsentsRead = Annotated[Caller, Security(authenticate, scopes=["consents:read"])]
ConsentsWrite = Annotated[Caller, Security(authenticate, scopes=["consents:write"])]
AuditRead = Annotated[Caller, Security(authenticate, scopes=["audit:read"])]
StatsRead = Annotated[Caller, Security(authenticate, scopes=["stats:read"])]
Admin = Annotated[Caller, Security(authenticate, scopes=["admin"])]
