"""The KIRS adapter: the ``AgencyAdapter`` interface over the readmission service.

Orchestration only: native calls are ``client``'s, translations ``mapping``'s and
``referral_mapping``'s. KIRS answers searches by JMBG only: a search by family name is refused
here, without a call.
The idempotency key of a referral travels in the ``IdentifikatorZahteva`` element of
``PrimiUput``; KIRS answers a key it has seen with the first receipt and ``Duplikat`` = ``да``.
A withdrawal (``StornirajUput``) carries its key the same way; KIRS answers a referral it has
withdrawn already with ``Duplikat`` = ``да``, and refuses one whose work started or ended with
a ``soap:Client`` fault (``UPUT_SE_NE_MOZE_STORNIRATI``), so ``AdapterRejected``.
"""

import httpx

from adapters.base import (
    AdapterRejected,
    AgencyAdapter,
    InvalidNativePayload,
)
from adapters.kirs import messages, soap
from adapters.kirs.client import KirsClient
from adapters.kirs.config import KirsSettings
from adapters.kirs.mapping import AGENCY, from_native
from adapters.kirs.native import KirsFormatError, Problems
from adapters.kirs.referral_mapping import (
    cancellation_receipt_from_native,
    cancellation_to_native,
    event_from_native,
    receipt_from_native,
    referral_to_native,
    updates_from_native,
)
from adapters.toolkit.codes import NotRepresentable
from adapters.toolkit.translate import translated
from gateway.schema import agency as common


class KirsAdapter(AgencyAdapter):
    """The Commissariat for Refugees and Migration's readmission service, over SOAP."""

    agency = AGENCY

    def __init__(self, http: httpx.AsyncClient, settings: KirsSettings | None = None) -> None:
        self.settings = settings or KirsSettings()
        self.client = KirsClient(http, self.settings)

    async def fetch_record(self, local_id: str) -> common.AgencyPersonRecord:
        """The reception record with the number ``local_id`` (``KIRS-2024-000123``)."""
        return translated(AGENCY, from_native, await self.client.reception(local_id))

    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[common.AgencyPersonRecord]:
        """Reception records of a JMBG; KIRS does not allow searching by name."""
        if family_name is not None:
            raise AdapterRejected(AGENCY, "KIRS allows no search by name, only by JMBG")
        if jmbg is None:
            raise AdapterRejected(AGENCY, "a search at KIRS needs a JMBG")
        receptions = await self.client.receptions_by_jmbg(jmbg)
        return [translated(AGENCY, from_native, reception) for reception in receptions]

    async def send_referral(
        self, referral: common.ReferralDelivery, *, idempotency_key: str
    ) -> common.ReferralReceipt:
        """``PrimiUput`` with the key in ``IdentifikatorZahteva``."""
        try:
            uput = referral_to_native(referral)
        except NotRepresentable as error:
            raise AdapterRejected(AGENCY, f"KIRS cannot take this referral: {error}") from None
        receipt = await self.client.send_referral(idempotency_key, uput)
        return translated(AGENCY, receipt_from_native, receipt)

    async def cancel_referral(
        self, cancellation: common.ReferralCancellation, *, idempotency_key: str
    ) -> None:
        """``StornirajUput`` with the key in ``IdentifikatorZahteva``; twice is harmless."""
        storno = cancellation_to_native(cancellation)
        potvrda = await self.client.cancel_referral(idempotency_key, storno)
        reference = cancellation.agency_reference
        translated(
            AGENCY, lambda answer: cancellation_receipt_from_native(answer, reference), potvrda
        )

    async def referral_updates(self, agency_reference: str) -> list[common.ReferralUpdate]:
        """The referral's status changes at KIRS (``StatusUputa``), oldest first."""
        history = await self.client.referral_history(agency_reference)
        return translated(AGENCY, updates_from_native, history)

    def parse_event(self, body: bytes, content_type: str) -> common.InboundEvent:
        """An ``ObavestenjeOPrijemu`` KIRS pushed, as a ``reception`` event."""
        problems = Problems()
        try:
            notice = messages.read_notice_message(body, content_type, problems)
            return event_from_native(notice, problems)
        except soap.UnreadableMessage as error:
            raise InvalidNativePayload(AGENCY, "unreadable notice", [str(error)]) from None
        except KirsFormatError as error:
            raise InvalidNativePayload(AGENCY, "invalid notice", error.problems) from None
