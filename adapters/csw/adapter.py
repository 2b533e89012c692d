"""The CSW adapter: the common interface, answered by the CSW central case-file API.

Orchestration only: ``client`` speaks HTTP and the native format, ``mapping`` and
``mapping_referrals`` translate. A reply that arrives whole but cannot be translated (an
unknown code, an invalid JMBG) is a malformed reply, as the core expects.
"""

import json
from collections.abc import Callable
from typing import TypeVar

import httpx
from pydantic import ValidationError

from adapters.base import (
    AdapterMalformedReply,
    AdapterRejected,
    AgencyAdapter,
    InvalidNativePayload,
)
from adapters.csw.client import CswClient
from adapters.csw.codes import UnknownNativeCode
from adapters.csw.config import CswSettings
from adapters.csw.mapping import AGENCY, from_native
from adapters.csw.mapping_referrals import (
    cancellation_to_native,
    event_from_native,
    event_problems,
    is_cancelled,
    receipt_from_native,
    referral_to_native,
    updates_from_native,
)
from adapters.csw.native import Dogadjaj
from gateway.schema.agency import (
    AgencyPersonRecord,
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
)

Source = TypeVar("Source")
Target = TypeVar("Target")
_JSON_TYPES = ("application/json", "application/problem+json")


class CswAdapter(AgencyAdapter):
    """Centres for Social Work: household case files, rights decided, referrals received."""

    agency = AGENCY

    def __init__(self, http: httpx.AsyncClient, settings: CswSettings) -> None:
        self.settings = settings
        self._client = CswClient(http, settings)

    async def fetch_record(self, local_id: str) -> AgencyPersonRecord:
        """The case holder's record, by case number (``СЦР-...``)."""
        return _translated(from_native, await self._client.case(local_id))

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[AgencyPersonRecord]:
        """Case holders by JMBG and/or family name (either script); CSW needs at least one."""
        if not jmbg and not family_name:
            raise AdapterRejected(AGENCY, "CSW searches only by JMBG or family name")
        cases = await self._client.search(jmbg=jmbg, surname=family_name)
        return [_translated(from_native, case) for case in cases]

    async def send_referral(
        self, referral: ReferralDelivery, *, idempotency_key: str
    ) -> ReferralReceipt:
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
        self, cancellation: ReferralCancellation, *, idempotency_key: str
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
        if not is_cancelled(state):
            raise AdapterMalformedReply(
                AGENCY, f"CSW answered the withdrawal with the status '{state.status}'"
            )

    async def referral_updates(self, agency_reference: str) -> list[ReferralUpdate]:
        """CSW's status history of the referral, after its receipt."""
        return _translated(updates_from_native, await self._client.referral(agency_reference))

    def parse_event(self, body: bytes, content_type: str) -> InboundEvent:
        """A pushed ``решење`` (decision on a right) as a ``decision`` event."""
        event = _event(body, content_type)
        problems = event_problems(event)
        if problems:
            raise InvalidNativePayload(AGENCY, "the event cannot be translated", problems)
        try:
            return event_from_native(event)
        except (UnknownNativeCode, ValidationError) as error:
            problems = _problems(error)
            raise InvalidNativePayload(AGENCY, "the event cannot be translated", problems) from None


def _translated(translate: Callable[[Source], Target], native: Source) -> Target:
    try:
        return translate(native)
    except (UnknownNativeCode, ValidationError) as error:
        raise AdapterMalformedReply(AGENCY, f"reply does not translate: {error}") from None


def _event(body: bytes, content_type: str) -> Dogadjaj:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in _JSON_TYPES:
        raise InvalidNativePayload(AGENCY, "not JSON", [f"content type '{content_type}'"])
    try:
        return Dogadjaj.model_validate(json.loads(body.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidNativePayload(AGENCY, "unreadable event", [f"body: {error}"]) from None
    except ValidationError as error:
        raise InvalidNativePayload(AGENCY, "not a CSW event", _problems(error)) from None


def _problems(error: UnknownNativeCode | ValidationError) -> list[str]:
    if isinstance(error, UnknownNativeCode):
        return [str(error)]
    return [
        f"{'.'.join(str(part) for part in item['loc']) or 'body'}: {item['msg']}"
        for item in error.errors()
    ]
