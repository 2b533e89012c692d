"""The IOM adapter: the gateway's questions asked of IOM's system, answered in the common schema.

Orchestration only: ``client`` speaks IOM's API, ``mapping``, ``referrals`` and ``events``
translate. A reply whose values do not fit the common schema (an invalid JMBG, say) is an
``AdapterMalformedReply``, like a reply that does not fit IOM's own format.
"""

from collections.abc import Callable
from typing import TypeVar

import httpx
from pydantic import ValidationError

from adapters.base import AdapterMalformedReply, AdapterRejected, AgencyAdapter
from adapters.iom.client import IomClient
from adapters.iom.config import IomSettings
from adapters.iom.events import event_from_native
from adapters.iom.mapping import AGENCY, from_native
from adapters.iom.referrals import (
    cancellation_to_native,
    referral_to_native,
    updates_from_native,
)
from gateway.schema.agency import (
    AgencyPersonRecord,
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
)

Native = TypeVar("Native")
Common = TypeVar("Common")


class IomAdapter(AgencyAdapter):
    """IOM Serbia's AVRR and reintegration case management."""

    agency = AGENCY

    def __init__(self, http: httpx.AsyncClient, settings: IomSettings | None = None) -> None:
        self._client = IomClient(http, settings or IomSettings())

    async def fetch_record(self, local_id: str) -> AgencyPersonRecord:
        """IOM's case with this case id, as the common record."""
        return _translated(from_native, await self._client.case(local_id))

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[AgencyPersonRecord]:
        """Cases by JMBG (a family name beside it is not needed); a name alone is refused."""
        if jmbg is None:
            refused = "by family name" if family_name else "without a JMBG"
            raise AdapterRejected(AGENCY, f"IOM allows no search {refused}: by JMBG only")
        cases = await self._client.cases_by_national_id(jmbg)
        return [_translated(from_native, case) for case in cases]

    async def send_referral(
        self, referral: ReferralDelivery, *, idempotency_key: str
    ) -> ReferralReceipt:
        """Post the referral with the key in IOM's ``Idempotency-Key`` header."""
        request = referral_to_native(referral)
        reference, replayed = await self._client.refer(request, idempotency_key)
        return ReferralReceipt(agency_reference=reference, duplicate=replayed)

    async def cancel_referral(
        self, cancellation: ReferralCancellation, *, idempotency_key: str
    ) -> None:
        """Post the withdrawal to the referral IOM named, with the key as for its delivery.

        IOM answers a referral it has withdrawn already like the first withdrawal; 404 is
        ``RecordNotFound`` and 409 (IOM's work started or ended) ``AdapterRejected``.
        """
        request = cancellation_to_native(cancellation)
        status = await self._client.cancel(cancellation.agency_reference, request, idempotency_key)
        if status.status != "CANCELLED":
            raise AdapterMalformedReply(
                AGENCY, f"IOM answered the cancellation with the status {status.status}"
            )

    async def referral_updates(self, agency_reference: str) -> list[ReferralUpdate]:
        """The changes of the referral's status at IOM since it was received."""
        status = await self._client.referral(agency_reference)
        return _translated(updates_from_native, status)

    def parse_event(self, body: bytes, content_type: str) -> InboundEvent:
        """A ``case.updated`` or ``referral.status_changed`` event IOM pushed."""
        return event_from_native(body, content_type)


def _translated(translate: Callable[[Native], Common], value: Native) -> Common:
    """``translate(value)``; values that do not fit the other side make a malformed reply."""
    try:
        return translate(value)
    except ValueError as error:
        problems = error.error_count() if isinstance(error, ValidationError) else 1
        raise AdapterMalformedReply(
            AGENCY, f"IOM's data does not fit the common schema ({problems} problems)"
        ) from None
