"""The CSW adapter: the common interface, answered by the CSW central case-file API.

Orchestration only: ``client`` speaks HTTP and the native format, ``mapping`` and
``referral_mapping`` translate. A reply that arrives whole but cannot be translated (an
unknown code, an invalid JMBG) is a malformed reply, as the core expects.
"""

import json

import httpx
from pydantic import ValidationError

from adapters.base import (
    AdapterRejected,
    AgencyAdapter,
    InvalidNativePayload,
)
from adapters.csw.client import CswClient
from adapters.csw.config import CswSettings
from adapters.csw.mapping import AGENCY, from_native
from adapters.csw.native import CANCELLED, Dogadjaj
from adapters.csw.referral_mapping import (
    cancellation_to_native,
    event_from_native,
    event_problems,
    receipt_from_native,
    referral_to_native,
    updates_from_native,
)
from adapters.toolkit.codes import UnknownNativeCode
from adapters.toolkit.events import media_type
from adapters.toolkit.native import problems
from adapters.toolkit.translate import require_withdrawn, translated
from gateway.schema import agency as common

_JSON_TYPES = ("application/json", "application/problem+json")


class CswAdapter(AgencyAdapter):
    """Centres for Social Work: household case files, rights decided, referrals received."""

    agency = AGENCY

    def __init__(self, http: httpx.AsyncClient, settings: CswSettings) -> None:
        self.settings = settings
        self._client = CswClient(http, settings)

    async def fetch_record(self, local_id: str) -> common.AgencyPersonRecord:
        """The case holder's record, by case number (``СЦР-...``)."""
        return translated(AGENCY, from_native, await self._client.case(local_id))

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[common.AgencyPersonRecord]:
        """Case holders by JMBG and/or family name (either script); CSW needs at least one."""
        if not jmbg and not family_name:
            raise AdapterRejected(AGENCY, "CSW searches only by JMBG or family name")
        cases = await self._client.search(jmbg=jmbg, surname=family_name)
        return [translated(AGENCY, from_native, case) for case in cases]

    async def send_referral(
        self, referral: common.ReferralDelivery, *, idempotency_key: str
    ) -> common.ReferralReceipt:
        """Post the referral with the key in CSW's ``Idempotency-Key`` header."""
        try:
            native = referral_to_native(referral)
        except ValueError as error:  # a sender or code CSW's lists have no word for
            raise AdapterRejected(AGENCY, f"CSW cannot take this referral: {error}") from None
        receipt, replayed = await self._client.send_referral(
            native, idempotency_key=idempotency_key
        )
        return receipt_from_native(receipt, replayed=replayed)

    async def cancel_referral(
        self, cancellation: common.ReferralCancellation, *, idempotency_key: str
    ) -> None:
        """Post the withdrawal to ``/api/uputi/{broj}/otkaz``, keyed like a referral.

        CSW answers a referral it has withdrawn already as it answers a new withdrawal; one
        already started, realised or refused is a 409 (``AdapterRejected``), an unknown number
        a 404 (``RecordNotFound``).
        """
        state = await self._client.cancel_referral(
            cancellation.agency_reference,
            cancellation_to_native(cancellation),
            idempotency_key=idempotency_key,
        )
        require_withdrawn(AGENCY, state.status, withdrawn=CANCELLED)

    async def referral_updates(self, agency_reference: str) -> list[common.ReferralUpdate]:
        """CSW's status history of the referral, after its receipt."""
        state = await self._client.referral(agency_reference)
        return translated(AGENCY, updates_from_native, state)

    def parse_event(self, body: bytes, content_type: str) -> common.InboundEvent:
        """A pushed ``решење`` (decision on a right) as a ``decision`` event."""
        event = _event(body, content_type)
        found = event_problems(event)
        if found:
            raise InvalidNativePayload(AGENCY, "the event cannot be translated", found)
        try:
            return event_from_native(event)
        except (UnknownNativeCode, ValidationError) as error:
            found = _problems(error)
            raise InvalidNativePayload(AGENCY, "the event cannot be translated", found) from None


def _event(body: bytes, content_type: str) -> Dogadjaj:
    if media_type(content_type) not in _JSON_TYPES:
        raise InvalidNativePayload(AGENCY, "not JSON", [f"content type '{content_type}'"])
    try:
        return Dogadjaj.model_validate(json.loads(body.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidNativePayload(AGENCY, "unreadable event", [f"body: {error}"]) from None
    except ValidationError as error:
        raise InvalidNativePayload(AGENCY, "not a CSW event", problems(error)) from None


def _problems(error: UnknownNativeCode | ValidationError) -> list[str]:
    return problems(error) if isinstance(error, ValidationError) else [str(error)]
