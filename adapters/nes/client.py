"""NES's REST API over the gateway's shared ``httpx.AsyncClient``, failures as ``AdapterError``.

Every call sends the API key in ``X-Api-Kljuc`` and runs under one deadline, the settings'
``timeout_seconds``, for the whole exchange (httpx's own timeouts are per phase, and a
transport without a network, such as the tests' ASGI transport, has none).

How failures translate:

- no answer within the deadline, or an httpx timeout           -> ``AdapterTimeout``
- connection refused or broken; 502, 503, 504; 408, 425, 429;
  other 5xx                                                    -> ``AdapterUnavailable``
- 401, 403                                                     -> ``AdapterAuthFailure``
- 404                                                          -> ``RecordNotFound``
- other 4xx (NES says why in ``{"greska", "poruka"}``)          -> ``AdapterRejected``
- a reply that is not JSON or does not fit ``native``          -> ``AdapterMalformedReply``

A 500 is ``AdapterUnavailable`` too: it is NES's system failing, not the request, and the
gateway should try again later (the delivery outbox gives up after its last try). 408, 425
and 429 (``RETRYABLE_STATUSES``) mean "not now, come back later", which is the same for the
caller.
"""

from typing import Any, TypeVar
from urllib.parse import quote

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

AGENCY = "nes"
API = "/api/v1"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
"""Set to ``true`` by NES when it answers a repeated key with the first receipt."""
Reply = TypeVar("Reply", bound=BaseModel)
_UNAVAILABLE = RETRYABLE_STATUSES | {502, 503, 504}


class NesClient:
    """The calls the adapter makes to NES, each returning NES's native models."""

    def __init__(self, http: httpx.AsyncClient, settings: NesSettings) -> None:
        self._http = http
        self._settings = settings
        self._base_url = settings.base_url.rstrip("/") + API

    async def job_seeker(self, registration_number: str) -> LiceKojeTraziZaposlenje:
        """One job seeker by NES's registration number (``evidencioniBroj``)."""
        path = f"/lica-koja-traze-zaposlenje/{quote(registration_number, safe='')}"
        response = await self._request("GET", path)
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
        replayed = response.headers.get(REPLAYED_HEADER, "").lower() == "true"
        return _read(PotvrdaUputa, response), replayed

    async def referral_status(self, reference: str) -> StatusUputa:
        """A referral's state and history by NES's referral number."""
        response = await self._request("GET", f"/uputi/{quote(reference, safe='')}")
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
        )
        replayed = response.headers.get(REPLAYED_HEADER, "").lower() == "true"
        return _read(StatusUputa, response), replayed

    async def _request(
        self, method: str, path: str, *, headers: dict[str, str] | None = None, **options: Any
    ) -> httpx.Response:
        timeout = self._settings.timeout_seconds
        headers = {self._settings.api_key_header: self._settings.api_key, **(headers or {})}
        try:
            with anyio.fail_after(timeout):
                response = await self._http.request(
                    method, self._base_url + path, headers=headers, timeout=timeout, **options
                )
        except (TimeoutError, httpx.TimeoutException):
            raise AdapterTimeout(AGENCY, f"no answer within {timeout} s") from None
        except httpx.TransportError as error:
            raise AdapterUnavailable(AGENCY, f"cannot reach NES: {error!r}") from None
        _raise_for_status(response)
        return response


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status >= 400:
        raise _error_for(status)(AGENCY, f"{status}: {_error_text(response)}")


def _error_for(status: int) -> type[AdapterError]:
    if status in (401, 403):
        return AdapterAuthFailure
    if status == 404:
        return RecordNotFound
    if status in _UNAVAILABLE or status >= 500:
        return AdapterUnavailable
    return AdapterRejected


def _error_text(response: httpx.Response) -> str:
    """NES's own code and message when the body is its error JSON, else the start of the body."""
    try:
        error = Greska.model_validate_json(response.content)
    except ValidationError:
        return response.text[:200] or response.reason_phrase
    return f"{error.greska}: {error.poruka}"


def _read(model: type[Reply], response: httpx.Response) -> Reply:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        count = error.error_count()
        raise AdapterMalformedReply(
            AGENCY, f"the reply does not fit NES's format ({count} problems): {error}"[:500]
        ) from None
