"""One HTTP exchange with IOM's system, and what its failures mean for the gateway.

Every request is sent within the adapter's timeout: httpx's own (connect, read, write, pool)
and an overall deadline around the exchange, which also holds where httpx's network timeouts
do not apply (an in-process ASGI transport). Failures become the ``AdapterError`` tree:

- no answer in time (``httpx.TimeoutException`` or the deadline) -> ``AdapterTimeout``;
- no connection or a broken one -> ``AdapterUnavailable``;
- 401 and 403 -> ``AdapterAuthFailure``; 404 for a record -> ``RecordNotFound``;
  408, 425 and 429 ("not now", ``RETRYABLE_STATUSES``) -> ``AdapterUnavailable``; other 4xx
  -> ``AdapterRejected``;
- 500 -> a plain ``AdapterError``: IOM's system failed on this request but says nothing about
  being down, so the gateway reports an error for IOM rather than "unavailable";
  502, 503, 504 and other 5xx -> ``AdapterUnavailable``;
- a reply that is not JSON of the expected shape -> ``AdapterMalformedReply``.

Messages name the failure, never the personal data of the request or the reply.
"""

from typing import TypeVar

import anyio
import httpx
from pydantic import BaseModel, ValidationError

from adapters.base import (
    RETRYABLE_STATUSES,
    AdapterAuthFailure,
    AdapterError,
    AdapterMalformedReply,
    AdapterRejected,
    AdapterTimeout,
    AdapterUnavailable,
    RecordNotFound,
)

AGENCY = "iom"
Reply = TypeVar("Reply", bound=BaseModel)


async def send(
    http: httpx.AsyncClient, request: httpx.Request, *, timeout: float
) -> httpx.Response:
    """Send one request and read the reply within ``timeout`` seconds."""
    request.extensions["timeout"] = httpx.Timeout(timeout).as_dict()
    try:
        with anyio.fail_after(timeout):
            return await http.send(request)
    except (TimeoutError, httpx.TimeoutException):
        raise AdapterTimeout(AGENCY, f"IOM did not answer within {timeout:g} s") from None
    except httpx.TransportError as error:
        raise AdapterUnavailable(
            AGENCY, f"IOM cannot be reached ({type(error).__name__})"
        ) from None


def check(response: httpx.Response, *, record: str | None = None) -> httpx.Response:
    """The response if it succeeded; otherwise the ``AdapterError`` its status means."""
    if response.is_success:
        return response
    raise failure(response, record=record)


def failure(response: httpx.Response, *, record: str | None = None) -> AdapterError:
    """The ``AdapterError`` for a failed response; ``record`` names what a 404 did not find."""
    status, code = response.status_code, error_code(response)
    if status in (401, 403):
        return AdapterAuthFailure(AGENCY, f"IOM refused the adapter's credentials ({code})")
    if status == 404 and record:
        return RecordNotFound(AGENCY, f"IOM has no such {record}")
    if status in RETRYABLE_STATUSES:
        return AdapterUnavailable(AGENCY, f"IOM asks to try again later ({status} {code})")
    if status == 500:
        return AdapterError(AGENCY, "IOM's system failed on the request (500)")
    if status >= 500:
        return AdapterUnavailable(AGENCY, f"IOM's system is unavailable ({status})")
    return AdapterRejected(AGENCY, f"IOM refused the request ({status} {code})")


def error_code(response: httpx.Response) -> str:
    """IOM's ``error`` code from an error body (OAuth style), or ``unknown``."""
    try:
        body = response.json()
    except ValueError:
        return "unknown"
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) and code.isidentifier() else "unknown"


def parse(model: type[Reply], response: httpx.Response) -> Reply:
    """The reply read as ``model``; ``AdapterMalformedReply`` if it does not fit."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        problems = error.error_count()
        raise AdapterMalformedReply(
            AGENCY, f"IOM's reply does not fit its format ({problems} problems)"
        ) from None
