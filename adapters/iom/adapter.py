"""The IOM adapter: the gateway's questions asked of IOM's system, answered in the common schema.

Orchestration only: ``client`` speaks IOM's API, ``mapping``, ``referrals`` and ``events``
translate. A reply whose values do not fit the common schema (an invalid JMBG, say) is an
``AdapterMalformedReply``, like a reply that does not fit IOM's own format.
"""

import httpx

from adapters.base import AdapterRejected, AgencyAdapter
from adapters.iom.client import IomClient
from adapters.iom.config import IomSettings
from adapters.iom.events import event_from_native
from adapters.iom.mapping import AGENCY, from_native
from adapters.iom.referral_mapping import (
    cancellation_to_native,
    referral_to_native,
    updates_from_native,
)
from adapters.toolkit.translate import require_withdrawn, translated
from gateway.schema import agency as common


class IomAdapter(AgencyAdapter):
    """IOM Serbia's AVRR and reintegration case management."""

    agency = AGENCY

    def __init__(self, http: httpx.AsyncClient, settings: IomSettings | None = None) -> None:
        self._client = IomClient(http, settings or IomSettings())

    async def fetch_record(self, local_id: str) -> common.AgencyPersonRecord:
        """IOM's case with this case id, as the common record."""
        return translated(AGENCY, from_native, await self._client.case(local_id))

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[common.AgencyPersonRecord]:
        """Cases by JMBG (a family name beside it is not needed); a name alone is refused."""
        if jmbg is None:
            refused = "by family name" if family_name else "without a JMBG"
            raise AdapterRejected(AGENCY, f"IOM allows no search {refused}: by JMBG only")
        cases = await self._client.cases_by_national_id(jmbg)
        return [translated(AGENCY, from_native, case) for case in cases]

    async def send_referral(
        self, referral: common.ReferralDelivery, *, idempotency_key: str
    ) -> common.ReferralReceipt:
        """Post the referral with the key in IOM's ``Idempotency-Key`` header."""
        request = referral_to_native(referral)
        reference, replayed = await self._client.refer(request, idempotency_key)
        return common.ReferralReceipt(agency_reference=reference, duplicate=replayed)

    async def cancel_referral(
        self, cancellation: common.ReferralCancellation, *, idempotency_key: str
    ) -> None:
        """Post the withdrawal to the referral IOM named, with the key as for its delivery.

        IOM answers a referral it has withdrawn already like the first withdrawal; 404 is
        ``RecordNotFound`` and 409 (IOM's work started or ended) ``AdapterRejected``.
        """
        request = cancellation_to_native(cancellation)
        status = await self._client.cancel(cancellation.agency_reference, request, idempotency_key)
        require_withdrawn(AGENCY, status.status, withdrawn="CANCELLED")

    async def referral_updates(self, agency_reference: str) -> list[common.ReferralUpdate]:
        """The changes of the referral's status at IOM since it was received."""
        status = await self._client.referral(agency_reference)
        return translated(AGENCY, updates_from_native, status)

    def parse_event(self, body: bytes, content_type: str) -> common.InboundEvent:
        """A ``case.updated`` or ``referral.status_changed`` event IOM pushed."""
        return event_from_native(body, content_type)
