"""NES's REST API over the gateway's shared ``httpx.AsyncClient``, failures as ``AdapterError``.

Every call sends the API key in ``X-Api-Kljuc`` and runs as one ``exchange`` under the
settings' ``timeout_seconds`` for the whole exchange (httpx's own timeouts are per phase, and a
transport without a network, such as the tests' ASGI transport, has none). An unsuccessful
status becomes an ``AdapterError`` through ``error_for_status``, with NES's own code and
message (``{"greska", "poruka"}``) as the detail; what each status means is documented once,
in ``adapters.base``. A reply that is not JSON or does not fit ``native`` is
``AdapterMalformedReply``.
"""

from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from adapters.nes.config import NesSettings
from adapters.nes.native import (
    Greska,
    LiceKojeTraziZaposlenje,
    OtkazivanjeUputa,
    PotvrdaUputa,
    RezultatPretrage,
    StatusUputa,
    Uput,
)
from adapters.toolkit.http import IDEMPOTENCY_HEADER, error_for_status, exchange, replayed
from adapters.toolkit.native import read_reply

AGENCY = "nes"
API = "/api/v1"
Reply = TypeVar("Reply", bound=BaseModel)


class NesClient:
    """The calls the adapter makes to NES, each returning NES's native models."""

    def __init__(self, http: httpx.AsyncClient, settings: NesSettings) -> None:
        self._http = http
        self._settings = settings
        self._base_url = settings.base_url.rstrip("/") + API

    async def job_seeker(self, registration_number: str) -> LiceKojeTraziZaposlenje:
        """One job seeker by NES's registration number (``evidencioniBroj``)."""
        path = f"/lica-koja-traze-zaposlenje/{quote(registration_number, safe='')}"
        response = await self._request("GET", path, record=f"job seeker {registration_number}")
        return _read(LiceKojeTraziZaposlenje, response)

    async def search(self, *, jmbg: str | None, prezime: str | None) -> RezultatPretrage:
        """Job seekers by JMBG and/or family name."""
        params = {name: value for name, value in (("jmbg", jmbg), ("prezime", prezime)) if value}
        response = await self._request("GET", "/lica-koja-traze-zaposlenje", params=params)
        return _read(RezultatPretrage, response)

    async def send_referral(
        self, referral: Uput, *, idempotency_key: str
    ) -> tuple[PotvrdaUputa, bool]:
        """NES's receipt, and whether NES had seen the key before."""
        response = await self._request(
            "POST",
            "/uputi",
            json=referral.model_dump(mode="json"),
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )
        return _read(PotvrdaUputa, response), replayed(response)

    async def referral_status(self, reference: str) -> StatusUputa:
        """A referral's state and history by NES's referral number."""
        path = f"/uputi/{quote(reference, safe='')}"
        response = await self._request("GET", path, record=f"referral {reference}")
        return _read(StatusUputa, response)

    async def cancel_referral(
        self, reference: str, withdrawal: OtkazivanjeUputa, *, idempotency_key: str
    ) -> tuple[StatusUputa, bool]:
        """Withdraw a referral: its state afterwards, and whether NES had nothing new to do."""
        response = await self._request(
            "POST",
            f"/uputi/{quote(reference, safe='')}/otkazivanje",
            json=withdrawal.model_dump(mode="json"),
            headers={IDEMPOTENCY_HEADER: idempotency_key},
            record=f"referral {reference}",
        )
        return _read(StatusUputa, response), replayed(response)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        record: str | None = None,
        **options: Any,
    ) -> httpx.Response:
        timeout = self._settings.timeout_seconds
        headers = {self._settings.api_key_header: self._settings.api_key, **(headers or {})}
        async with exchange(AGENCY, timeout, system="NES"):
            response = await self._http.request(
                method, self._base_url + path, headers=headers, timeout=timeout, **options
            )
        if not response.is_success:
            detail = _error_text(response)
            raise error_for_status(AGENCY, response.status_code, detail=detail, record=record)
        return response


def _error_text(response: httpx.Response) -> str:
    """NES's own code and message when the body is its error JSON, else the start of the body."""
    try:
        error = Greska.model_validate_json(response.content)
    except ValidationError:
        return response.text[:200] or response.reason_phrase
    return f"{error.greska}: {error.poruka}"


def _read(model: type[Reply], response: httpx.Response) -> Reply:
    return read_reply(AGENCY, "NES", model, response)
