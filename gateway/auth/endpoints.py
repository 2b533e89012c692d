"""The authorization server's routes: token endpoint, JWKS and RFC 8414 metadata."""

from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from gateway.auth import token_limits
from gateway.auth.keys import ALGORITHM
from gateway.auth.scopes import PURPOSE_PREFIX, SCOPES
from gateway.auth.server import CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT, TokenRequest, TokenServer
from gateway.codelists import code_list
from gateway.db import SessionDep
from gateway.dependencies import KeyRingDep, RateLimitsDep, SettingsDep, TokenPolicyDep
from gateway.errors import problem_responses
from gateway.storable_text import unstorable_locations

router = APIRouter(tags=["oauth"])

_FORM = "application/x-www-form-urlencoded"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_TOKEN_REQUEST_SCHEMA = {
    "type": "object",
    "required": ["grant_type"],
    "properties": {
        "grant_type": {"type": "string", "enum": ["client_credentials"]},
        "scope": {
            "type": "string",
            "description": "Scopes and one purpose:<code>, space-separated",
        },
        "client_assertion_type": {"type": "string"},
        "client_assertion": {"type": "string"},
    },
}
_TOKEN_RESPONSES: dict[int | str, Any] = {
    200: {
        "description": "An access token",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    400: {
        "description": "RFC 6749 error",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    401: {
        "description": "RFC 6749 error (client authentication failed)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    **problem_responses(413, 422, 429),
}


def _oauth_error(error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, 400, headers=_NO_STORE)


def _form(body: bytes, content_type: str) -> dict[str, str] | JSONResponse:
    if content_type.split(";")[0].strip().lower() != _FORM:
        return _oauth_error("invalid_request", f"send the parameters as {_FORM}")
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=bool(body))
    except (UnicodeDecodeError, ValueError):
        return _oauth_error("invalid_request", "the form body cannot be read")
    form = dict(pairs)
    if len(form) != len(pairs):
        return _oauth_error("invalid_request", "a parameter is repeated")
    if unstorable_locations(form, "form"):
        return _oauth_error("invalid_request", "a parameter holds NUL or a lone surrogate")
    return form


@router.post(
    "/oauth/token",
    responses=_TOKEN_RESPONSES,
    openapi_extra={
        "requestBody": {"required": True, "content": {_FORM: {"schema": _TOKEN_REQUEST_SCHEMA}}}
    },
)
async def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    keys: KeyRingDep,
    policy: TokenPolicyDep,
    limits: RateLimitsDep,
) -> JSONResponse:
    """Issue an access token (client credentials grant) for scopes and one purpose."""
    form = _form(await request.body(), request.headers.get("content-type", ""))
    if isinstance(form, JSONResponse):
        return form
    if not form.get("grant_type"):
        return _oauth_error("invalid_request", "grant_type is required")
    # The lookup of the claimed client reads the database: off the event loop, like the rest.
    who = await run_in_threadpool(token_limits.requester, session, request, form)
    token_limits.admit(limits, who)
    server = TokenServer(session, keys, policy, settings.token_endpoint)
    oauth_request = TokenRequest(settings.token_endpoint, form, request.headers)
    status, body, headers = await run_in_threadpool(server.create_token_response, oauth_request)
    if isinstance(body, dict) and body.get("error") == "invalid_client":
        token_limits.count_failure(limits, who)
    return JSONResponse(body, status, headers=dict(headers) | _NO_STORE)


@router.get("/oauth/jwks")
def jwks(session: SessionDep, keys: KeyRingDep) -> dict[str, Any]:
    """The public keys that verify the gateway's access tokens."""
    return keys.current(session).public_jwks


@router.get("/.well-known/oauth-authorization-server")
def metadata(settings: SettingsDep) -> dict[str, Any]:
    """Authorization server metadata (RFC 8414)."""
    purposes = [PURPOSE_PREFIX + code for code in code_list("purposes").codes()]
    return {
        "issuer": settings.issuer,
        "token_endpoint": settings.token_endpoint,
        "jwks_uri": f"{settings.issuer}/oauth/jwks",
        "grant_types_supported": ["client_credentials"],
        "response_types_supported": [],
        "token_endpoint_auth_methods_supported": [PRIVATE_KEY_JWT, CLIENT_SECRET_BASIC],
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256", "EdDSA", "Ed25519"],
        "scopes_supported": [*SCOPES, *purposes],
        "access_token_signing_alg_values_supported": [ALGORITHM],
    }
