"""The request's audit context, and the refusals written after their transaction rolled back.

For every HTTP request the middleware assigns a request id (sent back in ``Request-Id``),
reads the trace id from ``traceparent`` and the case reference from
``Gateway-Case-Reference`` (a bad one is a 400 problem), and opens the ``RequestAudit`` the
hook reads. When an API call (``/v1/...`` or the token endpoint) is answered with an error,
the refusals recorded during it whose transaction was rolled back are written in a fresh
transaction before the answer leaves, each with the status it was answered with; an error
that recorded nothing (a 404, a 409, a 429, a body too large ...) gets one ``request.refused``
(or ``token.refused``) entry; refusals of ``/v1`` calls that name no client are tallied per
source address instead (``gateway.audit.bursts``). Nothing here decides whether a request is
allowed.
"""

import logging
import time

import anyio
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.audit import bursts, writer
from gateway.audit.context import (
    CASE_REFERENCE_HEADER,
    InvalidCaseReference,
    RequestAudit,
    activated,
    case_reference_from,
    new_request_id,
    new_trace_id,
    source_address,
    trace_id_from,
)
from gateway.audit.entries import AuditEvent, Draft, draft
from gateway.errors import PROBLEM_MEDIA_TYPE, FieldProblem, GatewayError, MalformedRequest

REQUEST_ID_HEADER = "Request-Id"
TOKEN_PATH = "/oauth/token"  # noqa: S105 (a path, not a secret)

logger = logging.getLogger("gateway.audit")


def _outcomes() -> dict[int, str]:
    found: dict[int, str] = {}
    pending: list[type[GatewayError]] = [GatewayError]
    while pending:
        error_class = pending.pop()
        found.setdefault(error_class.status, error_class.slug)
        pending.extend(error_class.__subclasses__())
    return found


OUTCOMES = _outcomes()


def is_api_call(path: str) -> bool:
    """Whether refused calls to ``path`` are audited."""
    return path.startswith("/v1/") or path == TOKEN_PATH


class AuditContextMiddleware:
    """ASGI middleware opening the audit context of each request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        trace_id = trace_id_from(headers.get("traceparent")) or new_trace_id()
        request = RequestAudit(new_request_id(), trace_id, scope=scope)
        answer = _Answer(scope, send, request)
        with activated(request):
            try:
                if scope["path"].startswith("/v1/"):
                    request.case_reference = case_reference_from(_raw_case_reference(scope))
            except InvalidCaseReference as error:
                await _refuse_case_reference(error, scope, receive, answer.send)
                return
            try:
                await self.app(scope, receive, answer.send)
            except Exception:
                if not answer.started:
                    await answer.settle(500)
                raise


class _Answer:
    """The response of one request, intercepted to settle its refusals before it leaves."""

    def __init__(self, scope: Scope, send: Send, request: RequestAudit) -> None:
        self.scope = scope
        self._send = send
        self.request = request
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            await self.settle(int(message["status"]))
            MutableHeaders(scope=message).append(REQUEST_ID_HEADER, self.request.request_id)
        await self._send(message)

    async def settle(self, status: int) -> None:
        """Write the refusals of this request that its own transaction did not commit."""
        if not is_api_call(self.scope["path"]):
            return
        drafts = refusals(self.request, status, token_call=self.scope["path"] == TOKEN_PATH)
        if drafts:
            await anyio.to_thread.run_sync(self._write, status, drafts)

    def _write(self, status: int, drafts: list[Draft]) -> None:
        state = self.scope["app"].state
        tally = getattr(state, "refusal_tally", None)
        if tally is not None and _tallied(self.scope["path"], self.request, drafts):
            try:
                drafts = bursts.tallied(
                    tally, source_address(self.scope), status, drafts, time.time()
                )
            except Exception:
                logger.exception("refused calls could not be tallied; each is written")
        if drafts:
            _write(getattr(state, "session_factory", None), drafts)


def _tallied(path: str, request: RequestAudit, drafts: list[Draft]) -> bool:
    # the token endpoint's refusals name the client they claim, and are kept one by one
    return path.startswith("/v1/") and bursts.is_anonymous(request, drafts)


def refusals(request: RequestAudit, status: int, *, token_call: bool) -> list[Draft]:
    """The entries still to write for a request answered with ``status``."""
    outcome = OUTCOMES.get(status, "error")
    if request.unwritten_denials:
        return [denial.answered(status, outcome) for denial in request.unwritten_denials]
    if status < 400 or request.committed:
        return []
    event = AuditEvent(
        action="token.refused" if token_call else "request.refused",
        decision="deny",
        outcome=outcome,
        http_status=status,
        detail={"method": request.method(), "route": request.route()},
    )
    return [draft(event, request)]


def _write(factory: sessionmaker[Session] | None, drafts: list[Draft]) -> None:
    if factory is None:
        logger.error("refusals not audited: the application has no database yet")
        return
    try:
        with factory() as session:
            for refusal in drafts:
                writer.enqueue(session, refusal)
            session.commit()
    except Exception:
        logger.exception("refusals could not be written to the audit trail")


def _raw_case_reference(scope: Scope) -> bytes | None:
    name = CASE_REFERENCE_HEADER.lower().encode()
    values = [value for key, value in scope["headers"] if key == name]
    if len(values) > 1:
        raise InvalidCaseReference("name one case reference per request")
    return values[0] if values else None


async def _refuse_case_reference(
    error: InvalidCaseReference, scope: Scope, receive: Receive, send: Send
) -> None:
    problem = MalformedRequest(
        f"The {CASE_REFERENCE_HEADER} header is not valid.",
        errors=[FieldProblem(location=f"header.{CASE_REFERENCE_HEADER}", message=str(error))],
    ).problem(instance=scope["path"])
    body = problem.model_dump(mode="json", exclude_none=True)
    response = JSONResponse(body, status_code=400, media_type=PROBLEM_MEDIA_TYPE)
    await response(scope, receive, send)
