"""Pure translation of referrals: the gateway's delivery to NES's ``Uput``, NES's history back.

A referral carries the gateway's referral id as ``spoljniBroj`` (NES's "external number"), the
sender as NES's institution code, the needs in NES's words, and the municipality by its number
in the Register of Spatial Units. When the requested service is one of our labour measures,
NES's own measure code goes along in ``sifraMere``. A withdrawal (``OtkazivanjeUputa``) names
the referral by NES's number in the path and repeats the gateway's id as ``spoljniBroj``; NES
records it as the state ``otkazan``, which is not an update and is skipped on the way back like
the receipt. The withdrawal's time is written in Belgrade time, as NES's own history is (our
model of NES's format). No I/O.
"""

from zoneinfo import ZoneInfo

from adapters.base import code_list
from adapters.nes import codes
from adapters.nes.mapping import identity_to_native
from adapters.nes.native import Opstina, OtkazivanjeUputa, PromenaStatusa, StatusUputa, Uput
from gateway.schema.agency import ReferralCancellation, ReferralDelivery, ReferralUpdate

BELGRADE = ZoneInfo("Europe/Belgrade")

OTHER_SENDER = "OSTALO"
_REASON_LENGTH = 200


def referral_to_native(referral: ReferralDelivery) -> Uput:
    """NES's referral for the gateway's delivery."""
    return Uput(
        spoljni_broj=referral.referral_id,
        uputilac=codes.SENDER.native(referral.from_agency) or OTHER_SENDER,
        usluga=referral.service,
        sifra_mere=codes.MEASURE.native(referral.service),
        prioritet=codes.PRIORITY.written(referral.priority),
        rok=referral.due_date,
        potrebe=[codes.NEED.written(need) for need in referral.needs],
        lice=identity_to_native(referral.person),
        evidencioni_broj=referral.local_id,
        opstina=None if referral.municipality is None else municipality(referral.municipality),
        napomena_kategorija=referral.notes_category,
    )


def cancellation_to_native(cancellation: ReferralCancellation) -> OtkazivanjeUputa:
    """NES's withdrawal body for the gateway's cancellation (the NES number goes in the path)."""
    return OtkazivanjeUputa(
        spoljni_broj=cancellation.referral_id,
        razlog=cancellation.reason,
        vreme_otkazivanja=cancellation.cancelled_at.astimezone(BELGRADE),
    )


def cancellation_from_native(
    withdrawal: OtkazivanjeUputa, *, broj_uputa: str
) -> ReferralCancellation:
    """The gateway's cancellation for NES's withdrawal of the referral numbered ``broj_uputa``."""
    return ReferralCancellation(
        referral_id=withdrawal.spoljni_broj,
        agency_reference=broj_uputa,
        reason=withdrawal.razlog,
        cancelled_at=withdrawal.vreme_otkazivanja,
    )


def municipality(code: str) -> Opstina:
    """NES's reference to one of our municipalities: its registry number and Latin name."""
    entry = code_list("municipalities").get(code)
    return Opstina(
        maticni_broj=entry.extra.get("registry_number") or None, naziv=entry.label("sr-Latn")
    )


def updates_from_native(status: StatusUputa) -> list[ReferralUpdate]:
    """The changes NES reports for a referral, oldest first; the receipt and a withdrawal are not
    ones (both are ``UNMAPPED`` states)."""
    changes = sorted(status.istorija, key=lambda change: change.vreme)
    updates = (update_from_native(status, change) for change in changes)
    return [update for update in updates if update is not None]


def update_from_native(status: StatusUputa, change: PromenaStatusa) -> ReferralUpdate | None:
    """One change as an update, or None for a state that is not an update (``UNMAPPED``)."""
    common = codes.REFERRAL_STATUS.common(change.status)
    if common is None:
        return None
    return ReferralUpdate(
        referral_id=status.spoljni_broj,
        agency_reference=status.broj_uputa,
        status=common,
        reason=(change.razlog or "").strip()[:_REASON_LENGTH] or None,
        service_delivered=change.usluga_pruzena,
        occurred_at=change.vreme,
    )
