"""One HTTP exchange with IOM's system, shared by the API client and the token cache.

Every request runs as one ``exchange`` within the adapter's timeout; an unsuccessful status
becomes an ``AdapterError`` through ``error_for_status``, with IOM's OAuth-style ``error``
code as the detail (what each status means is documented once, in ``adapters.base``).
Messages name the failure, never the personal data of the request or the reply.
"""

from typing import TypeVar

import httpx
from pydantic import BaseModel

from adapters.toolkit.http import error_for_status, exchange
from adapters.toolkit.native import read_reply

AGENCY = "iom"
Reply = TypeVar("Reply", bound=BaseModel)


async def send(
    http: httpx.AsyncClient, request: httpx.Request, *, timeout: float
) -> httpx.Response:
    """Send one request and read the reply within ``timeout`` seconds."""
    request.extensions["timeout"] = httpx.Timeout(timeout).as_dict()
    async with exchange(AGENCY, timeout, system="IOM"):
        return await http.send(request)


def check(response: httpx.Response, *, record: str | None = None) -> httpx.Response:
    """The response if it succeeded; otherwise the ``AdapterError`` its status means.

    ``record`` names what the request's path addresses (``case RS-AVRR-2024-0001``).
    """
    if response.is_success:
        return response
    detail = error_code(response)
    raise error_for_status(AGENCY, response.status_code, detail=detail, record=record)


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
    return read_reply(AGENCY, "IOM", model, response)
