"""The CSW central case-file API over the gateway's shared ``httpx.AsyncClient``.

Every call signs in with HTTP Basic, is bounded by ``timeout_seconds`` as a whole (httpx's own
timeouts bound each phase; the overall deadline also holds on transports that ignore them) and
turns failures into the ``AdapterError`` tree:

- timeout -> ``AdapterTimeout``; no connection, 502/503/504 -> ``AdapterUnavailable``;
- 401/403 -> ``AdapterAuthFailure``; 404 for a case or referral -> ``RecordNotFound``;
- 409 (a referral whose work started or ended cannot be withdrawn) -> ``AdapterRejected``;
- 408, 425, 429 ("not now", ``RETRYABLE_STATUSES``) -> ``AdapterUnavailable``;
- other 4xx -> ``AdapterRejected``, with CSW's own message;
- 500 -> a plain ``AdapterError``: CSW's system failed on this request, which says nothing
  about whether it is down; other 5xx -> ``AdapterUnavailable``;
- a reply that is not JSON or not of the native shape -> ``AdapterMalformedReply``.

Case and referral numbers contain Cyrillic (``СЦР-...``), so they are percent-encoded in paths.
This module knows the native format only; mapping to the common schema is ``mapping``'s job.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any, TypeVar
from urllib.parse import quote

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
from adapters.csw.config import CswSettings
from adapters.csw.native import (
    IDEMPOTENCY_HEADER,
    REPLAYED_HEADER,
    Greska,
    OtkazUputa,
    PotvrdaUputa,
    Predmet,
    StanjeUputa,
    StranaPredmeta,
    Uput,
)

AGENCY = "csw"
Native = TypeVar("Native", bound=BaseModel)
_UNAVAILABLE = RETRYABLE_STATUSES | {502, 503, 504}
logger = logging.getLogger(__name__)


class CswClient:
    """CSW's API: case files, search, referrals and their withdrawal; native answers."""

    def __init__(self, http: httpx.AsyncClient, settings: CswSettings) -> None:
        self._http = http
        self._settings = settings
        self._auth = httpx.BasicAuth(settings.username, settings.password())

    async def case(self, number: str) -> Predmet:
        """One case file by its number."""
        response = await self._call("GET", f"/api/predmeti/{_segment(number)}", missing=number)
        return _parse(response, Predmet)

    async def search(self, *, jmbg: str | None, surname: str | None) -> list[Predmet]:
        """Every case file matching, following cursors up to ``search_max_pages`` pages."""
        return [case async for page in self._pages(jmbg, surname) for case in page.predmeti]

    async def send_referral(
        self, referral: Uput, *, idempotency_key: str
    ) -> tuple[PotvrdaUputa, bool]:
        """The receipt of a referral, and whether CSW had seen its key before."""
        headers = {IDEMPOTENCY_HEADER: idempotency_key}
        response = await self._call("POST", "/api/uputi", json=referral.wire(), headers=headers)
        replayed = response.headers.get(REPLAYED_HEADER, "").lower() == "true"
        return _parse(response, PotvrdaUputa), replayed

    async def cancel_referral(
        self, number: str, cancellation: OtkazUputa, *, idempotency_key: str
    ) -> StanjeUputa:
        """The referral's state once CSW has it withdrawn (or had it withdrawn already)."""
        headers = {IDEMPOTENCY_HEADER: idempotency_key}
        path = f"/api/uputi/{_segment(number)}/otkaz"
        response = await self._call(
            "POST", path, missing=number, json=cancellation.wire(), headers=headers
        )
        return _parse(response, StanjeUputa)

    async def referral(self, number: str) -> StanjeUputa:
        """A referral's state and history by CSW's number."""
        response = await self._call("GET", f"/api/uputi/{_segment(number)}", missing=number)
        return _parse(response, StanjeUputa)

    async def _pages(self, jmbg: str | None, surname: str | None) -> AsyncIterator[StranaPredmeta]:
        query = {"jmbg": jmbg, "prezime": surname, "velicina": self._settings.search_page_size}
        cursors: set[str] = set()
        for _ in range(self._settings.search_max_pages):
            response = await self._call("GET", "/api/predmeti", params=_present(query))
            page = _parse(response, StranaPredmeta)
            yield page
            if page.sledeci_kursor is None:
                return
            if page.sledeci_kursor in cursors:
                raise AdapterMalformedReply(AGENCY, "the search cursor came back a second time")
            cursors.add(page.sledeci_kursor)
            query["kursor"] = page.sledeci_kursor
        logger.warning("CSW search stopped after %d pages", self._settings.search_max_pages)

    async def _call(
        self, method: str, path: str, *, missing: str | None = None, **options: Any
    ) -> httpx.Response:
        response = await self._send(method, path, **options)
        _check(response, missing=missing)
        return response

    async def _send(self, method: str, path: str, **options: Any) -> httpx.Response:
        url = self._settings.base_url.rstrip("/") + path
        timeout = self._settings.timeout_seconds
        try:
            async with asyncio.timeout(timeout):
                return await self._http.request(
                    method, url, auth=self._auth, timeout=timeout, **options
                )
        except (httpx.TimeoutException, TimeoutError):
            raise AdapterTimeout(AGENCY, f"no answer within {timeout} s") from None
        except httpx.TransportError as error:
            raise AdapterUnavailable(AGENCY, f"cannot reach CSW: {error!r}") from None


def _segment(number: str) -> str:
    return quote(number, safe="")


def _present(query: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in query.items() if value is not None}


def _check(response: httpx.Response, *, missing: str | None) -> None:
    status = response.status_code
    if status < 400:
        return
    message = f"HTTP {status}: {_message(response)}"
    if status in (401, 403):
        raise AdapterAuthFailure(AGENCY, message)
    if status == 404 and missing is not None:
        raise RecordNotFound(AGENCY, f"no record '{missing}' ({message})")
    if status in _UNAVAILABLE:
        raise AdapterUnavailable(AGENCY, message)
    if status < 500:
        raise AdapterRejected(AGENCY, message)
    if status == 500:
        raise AdapterError(AGENCY, message)
    raise AdapterUnavailable(AGENCY, message)


def _message(response: httpx.Response) -> str:
    """CSW's own words for an error, or the start of whatever came back."""
    try:
        error = Greska.model_validate_json(response.content)
    except ValidationError:
        return response.text[:200]
    return f"{error.greska}: {error.poruka}" if error.poruka else error.greska


def _parse(response: httpx.Response, model: type[Native]) -> Native:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        detail = f"{where}: {problem['msg']}" if where else problem["msg"]
        raise AdapterMalformedReply(
            AGENCY, f"reply is not a CSW {model.__name__}: {detail}"
        ) from None
