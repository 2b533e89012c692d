"""IOM's own OAuth 2.0 authorization server, as small as the simulator needs it.

``POST /oauth/token`` takes the client-credentials grant with ``client_secret_basic`` and
issues opaque bearer tokens that live ``token_lifetime_seconds``. API endpoints wrapped in
``requires(scope)`` answer a missing, unknown or expired token with 401
``{"error": "invalid_token"}`` (RFC 6750) and a token without the scope with 403
``insufficient_scope``. Tokens are kept in memory: a restart (or ``DELETE /_admin/tokens``)
revokes them all, as a real server's key rotation would.
"""

import base64
import binascii
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

SCOPES = frozenset({"cases:read", "referrals:read", "referrals:write"})
Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Grant:
    """What an issued token allows, and until when (monotonic clock)."""

    client_id: str
    scopes: frozenset[str]
    expires_at: float


class TokenIssuer:
    """Checks the one configured client and issues and verifies its tokens."""

    def __init__(self, *, client_id: str, client_secret: str, lifetime_seconds: int) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self.lifetime_seconds = lifetime_seconds
        self._grants: dict[str, Grant] = {}
        self.issued = 0

    def authenticate(self, authorization: str | None) -> str | None:
        """The client id if the Basic credentials are right, else None."""
        client_id, secret = _basic_credentials(authorization)
        right_id = hmac.compare_digest(client_id.encode(), self.client_id.encode())
        right_secret = hmac.compare_digest(secret.encode(), self._secret.encode())
        return self.client_id if right_id and right_secret else None

    def issue(self, client_id: str, scopes: frozenset[str]) -> dict[str, object]:
        """A new token for the client, as the token endpoint answers it."""
        token = secrets.token_urlsafe(32)
        expires_at = time.monotonic() + self.lifetime_seconds
        self._grants[token] = Grant(client_id, scopes, expires_at)
        self.issued += 1
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime_seconds,
            "scope": " ".join(sorted(scopes)),
        }

    def verify(self, token: str) -> Grant | None:
        """The grant of a live token; None for an unknown or expired one."""
        grant = self._grants.get(token)
        if grant is None or grant.expires_at <= time.monotonic():
            self._grants.pop(token, None)
            return None
        return grant

    def revoke_all(self) -> int:
        """Forget every token; how many were live."""
        live = sum(grant.expires_at > time.monotonic() for grant in self._grants.values())
        self._grants.clear()
        return live

    def active(self) -> int:
        """How many tokens are live now."""
        return sum(grant.expires_at > time.monotonic() for grant in self._grants.values())


async def token_endpoint(request: Request) -> Response:
    """Client credentials grant: a bearer token for the client of the Basic credentials."""
    issuer: TokenIssuer = request.app.state.tokens
    client_id = issuer.authenticate(request.headers.get("authorization"))
    if client_id is None:
        headers = {"WWW-Authenticate": 'Basic realm="IOM Serbia"'}
        return oauth_error("invalid_client", 401, "client authentication failed", headers)
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    if form.get("grant_type") != ["client_credentials"]:
        return oauth_error("unsupported_grant_type", 400, "only client_credentials is supported")
    scopes = frozenset(" ".join(form.get("scope", [])).split()) or SCOPES
    if not scopes <= SCOPES:
        return oauth_error("invalid_scope", 400, "a requested scope is not granted to the client")
    answer = issuer.issue(client_id, scopes)
    return JSONResponse(answer, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


def requires(scope: str) -> Callable[[Endpoint], Endpoint]:
    """Guard an endpoint with a bearer token that carries ``scope``."""

    def guard(endpoint: Endpoint) -> Endpoint:
        async def guarded(request: Request) -> Response:
            grant = _grant(request)
            if grant is None:
                return _invalid_token()
            if scope not in grant.scopes:
                return oauth_error("insufficient_scope", 403, f"the token lacks {scope}")
            return await endpoint(request)

        return guarded

    return guard


def oauth_error(
    code: str, status: int, description: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An error body in the OAuth style IOM's API uses everywhere."""
    body = {"error": code, "error_description": description}
    return JSONResponse(body, status_code=status, headers=headers)


def _grant(request: Request) -> Grant | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    issuer: TokenIssuer = request.app.state.tokens
    return issuer.verify(token.strip())


def _invalid_token() -> JSONResponse:
    challenge = 'Bearer realm="IOM Serbia", error="invalid_token"'
    description = "the access token is missing, expired or revoked"
    return oauth_error("invalid_token", 401, description, {"WWW-Authenticate": challenge})


def _basic_credentials(authorization: str | None) -> tuple[str, str]:
    """(client id, secret) from a Basic header, form-decoded (RFC 6749 2.3.1); empty if none."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    client_id, _, secret = decoded.partition(":")
    return unquote_plus(client_id), unquote_plus(secret)
