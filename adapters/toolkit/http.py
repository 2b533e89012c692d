"""One HTTP exchange with an agency's system, and the one meaning of each status it answers.

``exchange`` bounds an exchange by one deadline (httpx's own timeouts bound each phase; the
deadline also holds on transports that ignore them) and turns a timeout into
``AdapterTimeout`` and a refused or broken connection into ``AdapterUnavailable``.

``error_for_status`` is the only place a status becomes an ``AdapterError``; the table of what
each status class means is in ``adapters.base``. Every client calls it with its agency's own
words for the failure (``detail``) and, for a path that names a record, what a 404 did not
find (``record``). Messages name the failure and the record's id, never personal data.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import httpx

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

IDEMPOTENCY_HEADER = "Idempotency-Key"
"""The header that carries the sender's idempotency key, where an agency takes it as one."""
REPLAYED_HEADER = "Idempotent-Replayed"
"""Set to ``true`` by an agency that answers a key it has seen with its first answer."""


@asynccontextmanager
async def exchange(agency: str, seconds: float, *, system: str) -> AsyncIterator[None]:
    """Run one exchange with ``system`` (``NES``) within ``seconds``; failures as errors."""
    try:
        with anyio.fail_after(seconds):
            yield
    except (TimeoutError, httpx.TimeoutException):
        raise AdapterTimeout(agency, f"{system} did not answer within {seconds:g} s") from None
    except httpx.TransportError as error:
        raise AdapterUnavailable(agency, f"cannot reach {system}: {type(error).__name__}") from None


def error_for_status(
    agency: str, status: int, *, detail: str = "", record: str | None = None
) -> AdapterError:
    """The ``AdapterError`` an answer with this (unsuccessful) status stands for.

    ``record`` names what the request's path addresses (``referral УП-2026-000041``): a 404
    there means the agency has no such record. Without it, a 404 means there is no such
    endpoint at that address, which a retry after the operator's fix may mend.
    """
    described = f"HTTP {status} {detail}".rstrip()
    if status in (401, 403):
        return AdapterAuthFailure(agency, described)
    if status == 404 and record is not None:
        return RecordNotFound(agency, f"no {record} ({described})")
    if status == 404 or status in RETRYABLE_STATUSES or status >= 500:
        return AdapterUnavailable(agency, described)
    if status >= 400:
        return AdapterRejected(agency, described)
    return AdapterMalformedReply(agency, f"{described}: not an answer the adapter can use")


def replayed(response: httpx.Response) -> bool:
    """Whether the agency answered a key it had seen before (``Idempotent-Replayed: true``)."""
    answer: str = response.headers.get(REPLAYED_HEADER, "")
    return answer.lower() == "true"
