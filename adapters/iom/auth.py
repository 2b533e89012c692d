"""The adapter's access to IOM's API: OAuth 2.0 client credentials at IOM's own token endpoint.

``AccessTokens`` gets a bearer token with ``client_secret_basic`` (RFC 6749 section 2.3.1:
id and secret form-encoded, then HTTP Basic), caches it and renews it a margin before it
expires (at most half its lifetime, so short-lived tokens are renewed too). Callers that
get a 401 ``invalid_token`` drop the token with ``forget`` and ask again once. Concurrent
callers share one token request. Tokens are never logged.

authlib's httpx integration is a client class of its own; the adapter must use the gateway's
shared ``httpx.AsyncClient``, so this small cache does the client-credentials grant instead.
"""

import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus

import anyio
import httpx

from adapters.base import AdapterAuthFailure
from adapters.iom.config import IomSettings
from adapters.iom.native import TokenResponse
from adapters.iom.transport import AGENCY, check, error_code, parse, send

logger = logging.getLogger(__name__)

_REFUSED_CLIENT = frozenset({"invalid_client", "unauthorized_client", "invalid_scope"})


@dataclass(frozen=True)
class _Token:
    value: str
    renew_at: float


class AccessTokens:
    """Bearer tokens for IOM's API, fetched when needed and renewed before they expire."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: IomSettings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        self._token: _Token | None = None
        self._lock = anyio.Lock()

    async def bearer(self) -> str:
        """A token that is valid for a while yet."""
        async with self._lock:
            if self._token is None or self._clock() >= self._token.renew_at:
                self._token = await self._request_token()
            return self._token.value

    def forget(self, token: str) -> None:
        """Drop ``token`` because IOM refused it, unless another caller renewed it already."""
        if self._token is not None and self._token.value == token:
            self._token = None

    async def _request_token(self) -> _Token:
        settings = self._settings
        requested_at = self._clock()
        request = self._http.build_request(
            "POST",
            settings.base_url.rstrip("/") + settings.token_path,
            data={"grant_type": "client_credentials", "scope": settings.scope},
            headers={"Authorization": self._client_authorization(), "Accept": "application/json"},
        )
        response = await send(self._http, request, timeout=settings.timeout_seconds)
        if response.status_code in (400, 401) and error_code(response) in _REFUSED_CLIENT:
            raise AdapterAuthFailure(AGENCY, f"IOM refused the client ({error_code(response)})")
        answer = parse(TokenResponse, check(response))
        logger.debug("IOM access token obtained, valid for %s s", answer.expires_in)
        return _Token(answer.access_token, requested_at + self._usable_seconds(answer.expires_in))

    def _usable_seconds(self, lifetime: int) -> float:
        margin = min(self._settings.token_renewal_margin_seconds, lifetime / 2)
        return lifetime - margin

    def _client_authorization(self) -> str:
        client_id = quote_plus(self._settings.client_id, safe="")
        secret = quote_plus(self._settings.client_secret.get_secret_value(), safe="")
        return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode("ascii")
