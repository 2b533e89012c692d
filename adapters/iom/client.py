"""IOM's case-management API over the gateway's shared ``httpx.AsyncClient``.

The endpoints: ``GET /api/cases/{caseId}``, ``GET /api/cases?nationalId=...`` (IOM allows no
other search), ``POST /api/referrals`` with an ``Idempotency-Key`` header (201 for a new
referral; 200 and ``Idempotent-Replayed: true`` for a key IOM has seen),
``GET /api/referrals/{referralId}`` and ``POST /api/referrals/{referralId}/cancellation``
with an ``Idempotency-Key`` header too (200 with the referral's status, also for a referral
withdrawn already; 409 once IOM's work on it started or ended). Each call carries a bearer
token from ``AccessTokens``; a 401 ``invalid_token`` (expired or revoked early) gets one new
token and one retry. Failures become ``AdapterError``s as ``adapters.base`` documents for every
adapter (a 404 for a case or a referral -> ``RecordNotFound``, 409 and 422 ->
``AdapterRejected``). Answers are IOM's native models.
"""

from typing import Any
from urllib.parse import quote

import httpx

from adapters.iom.auth import AccessTokens
from adapters.iom.config import IomSettings
from adapters.iom.native import (
    CancellationRequest,
    CaseSearchResult,
    IomCase,
    ReferralReceipt,
    ReferralRequest,
    ReferralStatus,
)
from adapters.iom.transport import check, error_code, parse, send
from adapters.toolkit.http import IDEMPOTENCY_HEADER, replayed


class IomClient:
    """The calls the adapter makes to IOM's system."""

    def __init__(self, http: httpx.AsyncClient, settings: IomSettings) -> None:
        self._http = http
        self._settings = settings
        self._tokens = AccessTokens(http, settings)

    async def case(self, case_id: str) -> IomCase:
        """One case by IOM's case id; ``RecordNotFound`` if IOM has none."""
        response = await self._call("GET", f"/api/cases/{quote(case_id, safe='')}")
        return parse(IomCase, check(response, record=f"case {case_id}"))

    async def cases_by_national_id(self, national_id: str) -> list[IomCase]:
        """The cases of the person with this JMBG (usually one, or none)."""
        response = await self._call("GET", "/api/cases", params={"nationalId": national_id})
        return parse(CaseSearchResult, check(response)).results

    async def refer(self, referral: ReferralRequest, idempotency_key: str) -> tuple[str, bool]:
        """IOM's reference for the referral, and whether IOM had the key already."""
        response = await self._call(
            "POST",
            "/api/referrals",
            json=referral.to_json(),
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )
        receipt = parse(ReferralReceipt, check(response))
        return receipt.referral_id, replayed(response)

    async def referral(self, referral_id: str) -> ReferralStatus:
        """A referral IOM received, with its status history."""
        response = await self._call("GET", f"/api/referrals/{quote(referral_id, safe='')}")
        return parse(ReferralStatus, check(response, record=f"referral {referral_id}"))

    async def cancel(
        self, referral_id: str, cancellation: CancellationRequest, idempotency_key: str
    ) -> ReferralStatus:
        """Withdraw a referral IOM received; its status afterwards, with its history."""
        response = await self._call(
            "POST",
            f"/api/referrals/{quote(referral_id, safe='')}/cancellation",
            json=cancellation.to_json(),
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )
        return parse(ReferralStatus, check(response, record=f"referral {referral_id}"))

    async def _call(self, method: str, path: str, **options: Any) -> httpx.Response:
        """Send with a bearer token; on 401 ``invalid_token`` renew it and send once more."""
        token = await self._tokens.bearer()
        response = await self._send(method, path, token, **options)
        if response.status_code == 401 and error_code(response) == "invalid_token":
            self._tokens.forget(token)
            response = await self._send(method, path, await self._tokens.bearer(), **options)
        return response

    async def _send(self, method: str, path: str, token: str, **options: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        headers |= options.pop("headers", {})
        url = self._settings.base_url.rstrip("/") + path
        request = self._http.build_request(method, url, headers=headers, **options)
        return await send(self._http, request, timeout=self._settings.timeout_seconds)
