"""The CSW central case-file API over the gateway's shared ``httpx.AsyncClient``.

Every call signs in with HTTP Basic and runs as one ``exchange`` under ``timeout_seconds``;
an unsuccessful status becomes an ``AdapterError`` through ``error_for_status``, with CSW's
own words (``{"greska", "poruka"}``) as the detail: the meaning of each status is the one
``adapters.base`` documents for every adapter (a 404 for a case or a referral is
``RecordNotFound``; 409, a referral whose work started or ended, ``AdapterRejected``). A reply
that is not JSON of the native shape is ``AdapterMalformedReply``.

Case and referral numbers contain Cyrillic (``СЦР-...``), so they are percent-encoded in paths.
This module knows the native format only; mapping to the common schema is ``mapping``'s job.
"""

import logging
from collections.abc import AsyncIterator
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from adapters.base import AdapterMalformedReply
from adapters.csw.config import CswSettings
from adapters.csw.native import (
    Greska,
    OtkazUputa,
    PotvrdaUputa,
    Predmet,
    StanjeUputa,
    StranaPredmeta,
    Uput,
)
from adapters.toolkit.http import (
    IDEMPOTENCY_HEADER,
    error_for_status,
    exchange,
    replayed,
)
from adapters.toolkit.native import read_reply

AGENCY = "csw"
Native = TypeVar("Native", bound=BaseModel)
logger = logging.getLogger(__name__)


class CswClient:
    """CSW's API: case files, search, referrals and their withdrawal; native answers."""

    def __init__(self, http: httpx.AsyncClient, settings: CswSettings) -> None:
        self._http = http
        self._settings = settings
        self._auth = httpx.BasicAuth(settings.username, settings.password())

    async def case(self, number: str) -> Predmet:
        """One case file by its number."""
        path = f"/api/predmeti/{_segment(number)}"
        response = await self._call("GET", path, record=f"case {number}")
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
        return _parse(response, PotvrdaUputa), replayed(response)

    async def cancel_referral(
        self, number: str, cancellation: OtkazUputa, *, idempotency_key: str
    ) -> StanjeUputa:
        """The referral's state once CSW has it withdrawn (or had it withdrawn already)."""
        headers = {IDEMPOTENCY_HEADER: idempotency_key}
        path = f"/api/uputi/{_segment(number)}/otkaz"
        response = await self._call(
            "POST", path, record=f"referral {number}", json=cancellation.wire(), headers=headers
        )
        return _parse(response, StanjeUputa)

    async def referral(self, number: str) -> StanjeUputa:
        """A referral's state and history by CSW's number."""
        path = f"/api/uputi/{_segment(number)}"
        response = await self._call("GET", path, record=f"referral {number}")
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
        self, method: str, path: str, *, record: str | None = None, **options: Any
    ) -> httpx.Response:
        url = self._settings.base_url.rstrip("/") + path
        timeout = self._settings.timeout_seconds
        async with exchange(AGENCY, timeout, system="CSW"):
            response = await self._http.request(
                method, url, auth=self._auth, timeout=timeout, **options
            )
        if not response.is_success:
            raise error_for_status(
                AGENCY, response.status_code, detail=_message(response), record=record
            )
        return response


def _segment(number: str) -> str:
    return quote(number, safe="")


def _present(query: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in query.items() if value is not None}


def _message(response: httpx.Response) -> str:
    """CSW's own words for an error, or the start of whatever came back."""
    try:
        error = Greska.model_validate_json(response.content)
    except ValidationError:
        return response.text[:200]
    return f"{error.greska}: {error.poruka}" if error.poruka else error.greska


def _parse(response: httpx.Response, model: type[Native]) -> Native:
    return read_reply(AGENCY, "CSW", model, response)
