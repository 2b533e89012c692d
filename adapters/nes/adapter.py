"""The NES adapter: the ``AgencyAdapter`` interface over ``NesClient`` and the mappings.

Orchestration only: the client speaks HTTP and translates failures, the mapping modules
translate records, referrals and events. A reply that NES sent in its format but that does not
fit the common schema (an impossible JMBG, say) is a malformed reply, never a 500.
"""

from adapters.base import AdapterRejected, AgencyAdapter
from adapters.nes.client import NesClient
from adapters.nes.events import parse_event
from adapters.nes.mapping import AGENCY, from_native
from adapters.nes.native import REFERRAL_CANCELLED
from adapters.nes.referral_mapping import (
    cancellation_to_native,
    referral_to_native,
    updates_from_native,
)
from adapters.toolkit.translate import require_withdrawn, translated
from gateway.schema import agency as common


class NesAdapter(AgencyAdapter):
    """The National Employment Service's job-seeker register and referral desk."""

    agency = AGENCY

    def __init__(self, client: NesClient) -> None:
        self._client = client

    async def fetch_record(self, local_id: str) -> common.AgencyPersonRecord:
        """The job seeker with this NES registration number."""
        return translated(AGENCY, from_native, await self._client.job_seeker(local_id))

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[common.AgencyPersonRecord]:
        """Job seekers by JMBG and/or family name; NES allows both, but not neither."""
        if not jmbg and not family_name:
            raise AdapterRejected(AGENCY, "NES searches by JMBG or family name: give one")
        found = await self._client.search(jmbg=jmbg, prezime=family_name)
        return [translated(AGENCY, from_native, job_seeker) for job_seeker in found.lica]

    async def send_referral(
        self, referral: common.ReferralDelivery, *, idempotency_key: str
    ) -> common.ReferralReceipt:
        """Deliver a referral; NES deduplicates by the ``Idempotency-Key`` header."""
        receipt, replayed = await self._client.send_referral(
            referral_to_native(referral), idempotency_key=idempotency_key
        )
        return common.ReferralReceipt(agency_reference=receipt.broj_uputa, duplicate=replayed)

    async def cancel_referral(
        self, cancellation: common.ReferralCancellation, *, idempotency_key: str
    ) -> None:
        """Withdraw a referral at NES; NES answers a repeat (or an ``otkazan`` one) with success.

        NES answers 404 for a referral it does not have (or whose ``spoljniBroj`` is not our id)
        and 409 for one whose work started or ended; the client turns those into
        ``RecordNotFound`` and ``AdapterRejected``.
        """
        status, _replayed = await self._client.cancel_referral(
            cancellation.agency_reference,
            cancellation_to_native(cancellation),
            idempotency_key=idempotency_key,
        )
        require_withdrawn(AGENCY, status.status, withdrawn=REFERRAL_CANCELLED)

    async def referral_updates(self, agency_reference: str) -> list[common.ReferralUpdate]:
        """The referral's changes of state at NES, polled from its status history."""
        status = await self._client.referral_status(agency_reference)
        return translated(AGENCY, updates_from_native, status)

    def parse_event(self, body: bytes, content_type: str) -> common.InboundEvent:
        """A ``prijava-na-evidenciju`` or ``promena-statusa-uputa`` push, translated."""
        return parse_event(body, content_type)
