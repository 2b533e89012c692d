"""Pure translation of referrals, their receipts and status histories, and pushed notices.

A referral to KIRS (``Uput``) carries the sender's own number (``BrojUputaPosiljaoca``: the
gateway's referral id), the sender as a KIRS institution, the service, a priority, the needs
in KIRS's need list and the person. KIRS answers with its own number (``BrojUputa``) and
reports each status change with the time; the ``примљен`` and ``сторниран`` entries are not
updates in the common schema (see ``codes.REFERRAL_STATUSES``). A withdrawal (``Storno``)
carries both numbers, the reason and the time, to the minute as KIRS writes times; KIRS
answers whether it had the referral withdrawn already (``Duplikat``). No I/O.
"""

from typing import Any

from adapters.kirs.codes import INSTITUTIONS, MUNICIPALITIES, NEEDS, PRIORITIES, REFERRAL_STATUSES
from adapters.kirs.dates import format_date, format_date_time, parse_date, parse_date_time
from adapters.kirs.mapping import (
    AGENCY,
    Decoder,
    from_native,
    person_from_native,
    person_to_native,
    validated,
)
from adapters.kirs.native import (
    NO,
    YES,
    IstorijaUputa,
    ObavestenjeOPrijemu,
    PotvrdaStorna,
    PotvrdaUputa,
    Problems,
    PromenaStatusa,
    StornoUputa,
    Uput,
)
from gateway.schema.agency import (
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
)


def yes_no(value: str) -> bool:
    """``да`` or ``не`` as a bool; ValueError for anything else."""
    if value not in (YES, NO):
        raise ValueError("neither да nor не")
    return value == YES


def referral_to_native(referral: ReferralDelivery) -> Uput:
    """The ``Uput`` KIRS takes for a referral; ``NotRepresentable`` if a code has no KIRS code."""
    return Uput(
        broj_uputa_posiljaoca=referral.referral_id,
        posiljalac=INSTITUTIONS.written(referral.from_agency),
        usluga=referral.service,
        prioritet=PRIORITIES.written(referral.priority),
        rok=None if referral.due_date is None else format_date(referral.due_date),
        potrebe=tuple(NEEDS.written(need) for need in referral.needs),
        osoba=person_to_native(referral.person),
        broj_prijema=referral.local_id,
        opstina=None
        if referral.municipality is None
        else MUNICIPALITIES.written(referral.municipality),
        kategorija_napomene=referral.notes_category,
    )


def referral_from_native(uput: Uput) -> ReferralDelivery:
    """The referral a ``Uput`` describes; raises ``KirsFormatError``."""
    read = Decoder(Problems())
    data = {
        "referral_id": uput.broj_uputa_posiljaoca,
        "from_agency": read.code(INSTITUTIONS, uput.posiljalac, "Uput/Posiljalac"),
        "service": uput.usluga,
        "priority": read.code(PRIORITIES, uput.prioritet, "Uput/Prioritet"),
        "due_date": read.convert(parse_date, uput.rok, "Uput/RokZaPostupanje"),
        "needs": read.codes(NEEDS, uput.potrebe, "Uput/Potrebe/Potreba"),
        "person": person_from_native(uput.osoba, read, "Uput/Osoba"),
        "local_id": uput.broj_prijema,
        "municipality": read.code(MUNICIPALITIES, uput.opstina, "Uput/Opstina"),
        "notes_category": uput.kategorija_napomene,
    }
    read.problems.raise_if_any()
    return validated(ReferralDelivery, data)


def receipt_from_native(potvrda: PotvrdaUputa) -> ReferralReceipt:
    """What KIRS answered to a referral; raises ``KirsFormatError``."""
    read = Decoder(Problems())
    duplicate = read.convert(yes_no, potvrda.duplikat, "PotvrdaUputa/Duplikat")
    read.problems.raise_if_any()
    return validated(
        ReferralReceipt, {"agency_reference": potvrda.broj_uputa, "duplicate": duplicate}
    )


def cancellation_to_native(cancellation: ReferralCancellation) -> StornoUputa:
    """The ``Storno`` of a withdrawal; the time in Belgrade, to the minute."""
    return StornoUputa(
        broj_uputa=cancellation.agency_reference,
        broj_uputa_posiljaoca=cancellation.referral_id,
        razlog=cancellation.reason,
        vreme_storniranja=format_date_time(cancellation.cancelled_at),
    )


def cancellation_from_native(storno: StornoUputa) -> ReferralCancellation:
    """The withdrawal a ``Storno`` describes; raises ``KirsFormatError``."""
    read = Decoder(Problems())
    cancelled_at = read.convert(
        parse_date_time, storno.vreme_storniranja, "Storno/VremeStorniranja"
    )
    read.problems.raise_if_any()
    return validated(
        ReferralCancellation,
        {
            **{"referral_id": storno.broj_uputa_posiljaoca, "agency_reference": storno.broj_uputa},
            **{"reason": storno.razlog, "cancelled_at": cancelled_at},
        },
    )


def cancellation_receipt_from_native(potvrda: PotvrdaStorna, agency_reference: str) -> bool:
    """Whether KIRS had the referral withdrawn already; raises ``KirsFormatError``.

    The answer must be about the referral withdrawn (``agency_reference``) and readable whole.
    """
    read = Decoder(Problems())
    if potvrda.broj_uputa != agency_reference:
        read.problems.note("PotvrdaStorna/BrojUputa", "not the referral withdrawn")
    duplicate = read.convert(yes_no, potvrda.duplikat, "PotvrdaStorna/Duplikat")
    read.convert(parse_date_time, potvrda.vreme_storniranja, "PotvrdaStorna/VremeStorniranja")
    read.problems.raise_if_any()
    return bool(duplicate)


def updates_from_native(istorija: IstorijaUputa) -> list[ReferralUpdate]:
    """The status changes of the common schema in a KIRS history, oldest first."""
    read = Decoder(Problems())
    updates = [
        _update(istorija, change, read, f"IstorijaUputa/Promene/Promena[{n}]")
        for n, change in enumerate(istorija.promene, 1)
    ]
    read.problems.raise_if_any()
    return [validated(ReferralUpdate, update) for update in updates if update is not None]


def _update(
    istorija: IstorijaUputa, change: PromenaStatusa, read: Decoder, where: str
) -> dict[str, Any] | None:
    status = read.code(REFERRAL_STATUSES, change.status, f"{where}/Status")
    occurred_at = read.convert(parse_date_time, change.vreme, f"{where}/Vreme")
    delivered = read.convert(yes_no, change.usluga_pruzena, f"{where}/UslugaPruzena")
    if status is None:
        return None
    return {
        **{"referral_id": istorija.broj_uputa_posiljaoca, "agency_reference": istorija.broj_uputa},
        **{"status": status, "reason": change.razlog, "service_delivered": delivered},
        "occurred_at": occurred_at,
    }


def event_from_native(
    notice: ObavestenjeOPrijemu, problems: Problems | None = None
) -> InboundEvent:
    """The ``reception`` event of a pushed notice; raises ``KirsFormatError`` with every problem.

    ``problems`` may hold what reading the XML found already: all are reported together.
    """
    read = Decoder(problems or Problems())
    where = "ObavestenjeOPrijemu"
    occurred_at = read.convert(parse_date_time, notice.vreme, f"{where}/VremeObavestenja")
    record = from_native(notice.prijem, problems=read.problems, where=f"{where}/PrijemOsobe")
    return validated(
        InboundEvent,
        {
            **{"event_id": notice.identifikator, "agency": AGENCY, "kind": "reception"},
            **{"occurred_at": occurred_at, "record": record},
        },
    )
