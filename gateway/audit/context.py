"""What the audit hook knows about the request (or operator command) an entry belongs to.

``AuditContextMiddleware`` opens a ``RequestAudit`` per HTTP request: the request id (also sent
back in the ``Request-Id`` header), the trace id from the W3C ``traceparent`` header (or a new
one), the ``Gateway-Case-Reference`` the caller named, and, once the auth dependency has
checked the token, who the caller is. It also keeps the refusals recorded during the request
until they are committed, so refusals whose transaction was rolled back are still written.
Operator commands open one with ``operation(actor)``. This module only holds state: it never writes.
"""

import re
import secrets
import uuid
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gateway.audit.entries import Draft

CASE_REFERENCE_HEADER = "Gateway-Case-Reference"
CASE_REFERENCE_PATTERN = r"^[^\x00-\x1f\x7f]{1,100}$"
"""Printable (no control characters), 1 to 100 characters; Cyrillic case numbers welcome."""

_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")
_CASE_REFERENCE = re.compile(CASE_REFERENCE_PATTERN)
_SUBJECT_PARAMETERS = {"person_id": "person", "household_id": "household"}


class InvalidCaseReference(ValueError):
    """The ``Gateway-Case-Reference`` header is not a printable text of at most 100 characters."""


@dataclass(frozen=True)
class Actor:
    """The authenticated caller of a request."""

    client_id: str
    agency: str
    purpose: str


@dataclass
class RequestAudit:
    """The audit state of one request or operator command."""

    request_id: str
    trace_id: str | None
    case_reference: str | None = None
    scope: MutableMapping[str, Any] = field(default_factory=dict)
    actor: Actor | None = None
    unwritten_denials: list["Draft"] = field(default_factory=list)
    committed: int = 0

    def route(self) -> str | None:
        """The template of the matched route (never the raw path, which may carry names)."""
        route = self.scope.get("route")
        path = getattr(route, "path", None)
        return path if isinstance(path, str) else None

    def method(self) -> str | None:
        method = self.scope.get("method")
        return method if isinstance(method, str) else None

    def success_status(self) -> int:
        """The status the matched route answers with when it succeeds."""
        status = getattr(self.scope.get("route"), "status_code", None)
        return status if isinstance(status, int) else 200

    def path_subject(self) -> tuple[str, str] | None:
        """The person or household a matched route's path names, as (kind, id)."""
        parameters = self.scope.get("path_params") or {}
        for name, kind in _SUBJECT_PARAMETERS.items():
            value = parameters.get(name)
            if isinstance(value, uuid.UUID | str) and _is_uuid(str(value)):
                return kind, str(value)
        return None

    def remember_denial(self, draft: "Draft") -> None:
        self.unwritten_denials.append(draft)

    def mark_committed(self, draft: "Draft") -> None:
        """A draft of this request reached the database with its transaction."""
        self.committed += 1
        self.unwritten_denials = [kept for kept in self.unwritten_denials if kept is not draft]


_current: ContextVar[RequestAudit | None] = ContextVar("gateway_audit_request", default=None)


def current() -> RequestAudit | None:
    """The audit state of the request being handled, if any."""
    return _current.get()


def identify(client_id: str, agency: str, purpose: str) -> None:
    """Note who the caller is, so refusals later in the request name them."""
    request = _current.get()
    if request is not None:
        request.actor = Actor(client_id, agency, purpose)


@contextmanager
def activated(request: RequestAudit) -> Iterator[RequestAudit]:
    token = _current.set(request)
    try:
        yield request
    finally:
        _current.reset(token)


@contextmanager
def operation(actor: Actor | None = None) -> Iterator[RequestAudit]:
    """An audit context for work outside HTTP (operator commands, periodic jobs).

    ``actor``: the operator of a command, named by entries that do not name one themselves.
    """
    request = RequestAudit(request_id=new_request_id(), trace_id=new_trace_id(), actor=actor)
    with activated(request):
        yield request


def source_address(scope: MutableMapping[str, Any]) -> str:
    """The network address a request came from (the peer: behind a proxy, set by the server)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def new_request_id() -> str:
    return uuid.uuid4().hex


def new_trace_id() -> str:
    return secrets.token_hex(16)


def trace_id_from(traceparent: str | None) -> str | None:
    """The trace id of a valid W3C ``traceparent`` header (invalid ones are ignored)."""
    match = _TRACEPARENT.match((traceparent or "").strip())
    if match is None or match.group(1) == "ff" or set(match.group(2)) == {"0"}:
        return None
    return match.group(2)


def case_reference_from(raw: bytes | None) -> str | None:
    """The case reference a caller named, or ``InvalidCaseReference``."""
    if raw is None:
        return None
    try:
        value = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidCaseReference("the case reference is not UTF-8 text") from None
    if not _CASE_REFERENCE.fullmatch(value):
        raise InvalidCaseReference(
            "the case reference must be 1 to 100 printable characters, no control characters"
        )
    return value


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
