"""Whom a token request counts against, so that the limits cannot be turned on a real client.

A request is counted before it is authenticated, under the client id it claims and the address
it comes from together: guessing a client's secret from one address fills only that address's
bucket of the client, and the real client elsewhere still gets its tokens. A claimed client id
that is not registered counts against the address alone, so made-up ids are limited too. The
counts live on the ``RateLimits`` storage (memory, or Redis shared by the replicas).
"""

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request
from sqlmodel import Session

from gateway.audit.context import source_address
from gateway.auth.models import Client
from gateway.auth.rate_limits import RateLimits
from gateway.storable_text import is_storable


@dataclass(frozen=True)
class TokenRequester:
    """A registered client id the request claims (unchecked), and the address it comes from."""

    client_id: str | None
    source: str

    @property
    def key(self) -> str:
        # Prefixes keep a client's bucket apart from an address's, whatever an id looks like.
        if self.client_id is None:
            return f"token-source:{self.source}"
        return f"token-client:{self.client_id}@{self.source}"


def requester(session: Session, request: Request, form: Mapping[str, str]) -> TokenRequester:
    """Who the request says it is, kept only if that client is registered, and its address."""
    claimed = _claimed_client_id(request, form)
    # An assertion's sub reaches here unchecked; PostgreSQL cannot even compare a NUL.
    registered = (
        claimed is not None and is_storable(claimed) and session.get(Client, claimed) is not None
    )
    return TokenRequester(claimed if registered else None, source_address(request.scope))


def admit(limits: RateLimits, who: TokenRequester) -> None:
    """Refuse (429) a requester with too many failed authentications; count its request."""
    failures = limits.failed_authentication
    if limits.exhausted(failures, f"failed:{who.key}"):
        limits.refuse(failures, f"failed:{who.key}", what="failed authentications")
    limits.take(limits.token, f"requests:{who.key}", what="token requests")


def count_failure(limits: RateLimits, who: TokenRequester) -> None:
    """Count a failed authentication of the requester."""
    limits.count(limits.failed_authentication, f"failed:{who.key}")


def _claimed_client_id(request: Request, form: Mapping[str, str]) -> str | None:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("basic "):
        try:
            return base64.b64decode(authorization[6:]).decode().partition(":")[0]
        except (ValueError, UnicodeDecodeError):
            return None
    return form.get("client_id") or _assertion_subject(form.get("client_assertion", ""))


def _assertion_subject(assertion: str) -> str | None:
    """The ``sub`` of a client assertion, unverified: only to choose whose bucket to count in."""
    payload = assertion.split(".")[1] if assertion.count(".") == 2 else ""
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:  # binascii and Unicode errors included
        return None
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return subject if isinstance(subject, str) else None
