"""Pure translation between KIRS reception records and the common schema. No I/O.

Where each fact of a ``PrijemOsobe`` goes in an ``AgencyPersonRecord``:

- ``Osoba`` (names, JMBG, birth date and place, sex) → ``identity``
- ``Kontakt`` → ``contact``; ``ClanoviPorodice`` → ``household``; ``Dokumenta`` → ``documents``
- reception time, ``NacinPovratka``, ``DrzavaPovratka``, ``Let`` or ``GranicniPrelaz``,
  ``PutniList``, ``NameravanaOpstina`` → ``reception`` (category ``return``)
- ``HitnePotrebe`` → ``needs``, except the urgent health need: ``health.urgent_medical_need``
- ``Ranjivosti`` → ``vulnerabilities``, except a medical condition (``health``) and a
  disability (``disability``): special categories never travel in another section.

Not carried: ``Upucivanja`` (the office's own referrals to local institutions: the common
record v1 has no place for them, and the gateway keeps its referrals itself) and the codes
``codes`` lists as unmapped. KIRS writes every name in both scripts and says which one it was
first recorded in (``IzvornoPismo``); that one is the name "as recorded".
"""

import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from adapters.base import is_cyrillic, to_cyrillic, to_latin
from adapters.kirs.codes import (
    COUNTRIES,
    DOCUMENT_STATUSES,
    DOCUMENT_TYPES,
    MUNICIPALITIES,
    NEEDS,
    RELATIONSHIPS,
    RETURN_MODALITIES,
    SEXES,
    VULNERABILITIES,
)
from adapters.kirs.dates import (
    format_date_time,
    format_partial_date,
    parse_date_time,
    parse_partial_date,
)
from adapters.kirs.native import (
    CYRILLIC_SCRIPT,
    LATIN_SCRIPT,
    ClanPorodice,
    Dokument,
    Imena,
    KirsFormatError,
    Kontakt,
    Osoba,
    PrijemOsobe,
    Problems,
)
from adapters.toolkit.codes import CodeMap, NotRepresentable, UnknownNativeCode, unique
from gateway.schema.agency import AgencyPersonRecord, PersonIdentity, RelatedPerson
from gateway.schema.person import Contact, IdentityDocument

AGENCY = "kirs"
HEALTH_NEED = "health"
HEALTH_VULNERABILITIES = frozenset({"medical_condition"})
DISABILITY = "disability"
_FLIGHT = re.compile(r"^[A-Z0-9]{2}[A-Z]? ?[0-9]{1,4}[A-Z]?$")
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class Decoder:
    """Turns native values into ours, noting each one that cannot be read in ``problems``."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def convert(self, parse: Callable[[str], T], value: str | None, where: str) -> T | None:
        """``parse(value)``, or None when the value is absent or ``parse`` refuses it.

        An empty value is absent: readers leave one for a required element they noted missing.
        """
        if not value:
            return None
        try:
            return parse(value)
        except ValueError as error:
            self.problems.note(where, str(error))
            return None

    def code(self, codes: CodeMap[str], value: str | None, where: str) -> str | None:
        """Our code for a KIRS code; None when absent, unmapped or unknown (noted, without the
        value: it may be anything a clerk typed)."""
        try:
            return codes.common(value or None)
        except UnknownNativeCode:
            self.problems.note(where, f"not a code of the KIRS list {codes.name}")
            return None

    def codes(self, codes: CodeMap[str], values: Sequence[str] | None, where: str) -> list[str]:
        """Our codes for a list of KIRS codes, unmapped ones left out, each once."""
        found = (
            self.code(codes, value, f"{where}[{n}]") for n, value in enumerate(values or (), 1)
        )
        return unique(found)


def validated(model: type[M], data: dict[str, Any]) -> M:
    """``model`` built from ``data``; the schema's objections as a ``KirsFormatError``."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False)
        ]
        raise KirsFormatError(problems) from None


def _maybe(translate: Callable[[str], str], value: str | None) -> str | None:
    return None if value is None else translate(value)


def names_to_native(given: str, family: str, parent: str | None = None) -> Imena:
    """Names in both scripts; the script they came in is the one recorded as original."""
    cyrillic = any(is_cyrillic(name) for name in (given, family, parent) if name)

    def both(name: str | None) -> tuple[str | None, str | None]:
        if name is None:
            return None, None
        return (name, to_latin(name)) if cyrillic else (to_cyrillic(name), name)

    (ime, ime_lat), (prezime, prezime_lat), (roditelj, roditelj_lat) = map(
        both, (given, family, parent)
    )
    return Imena(
        ime=ime or given,
        prezime=prezime or family,
        ime_roditelja=roditelj,
        ime_latinicom=ime_lat,
        prezime_latinicom=prezime_lat,
        ime_roditelja_latinicom=roditelj_lat,
        izvorno_pismo=CYRILLIC_SCRIPT if cyrillic else LATIN_SCRIPT,
    )


def names_from_native(imena: Imena, read: Decoder, where: str) -> tuple[str, str, str | None]:
    """Given, family and parent's name in the script KIRS first recorded them in."""
    if imena.izvorno_pismo not in (None, CYRILLIC_SCRIPT, LATIN_SCRIPT):
        read.problems.note(f"{where}/IzvornoPismo", "neither ћирилица nor латиница")
    if imena.izvorno_pismo != LATIN_SCRIPT:
        return imena.ime, imena.prezime, imena.ime_roditelja
    return (
        imena.ime_latinicom or imena.ime,
        imena.prezime_latinicom or imena.prezime,
        imena.ime_roditelja_latinicom or imena.ime_roditelja,
    )


def person_to_native(identity: PersonIdentity) -> Osoba:
    """The ``Osoba`` of a record or a referral."""
    return Osoba(
        imena=names_to_native(identity.given_name, identity.family_name, identity.parent_name),
        jmbg=identity.jmbg,
        datum_rodjenja=_maybe(format_partial_date, identity.birth_date),
        pol=_maybe(SEXES.written, identity.sex),
        mesto_rodjenja=identity.birth_place,
    )


def person_from_native(osoba: Osoba, read: Decoder, where: str) -> dict[str, Any]:
    """The ``identity`` section (or a referral's person) as a dict to validate."""
    given, family, parent = names_from_native(osoba.imena, read, where)
    birth_date = read.convert(parse_partial_date, osoba.datum_rodjenja, f"{where}/DatumRodjenja")
    return {
        **{"given_name": given, "family_name": family, "parent_name": parent},
        **{"jmbg": osoba.jmbg, "birth_date": birth_date, "birth_place": osoba.mesto_rodjenja},
        "sex": read.code(SEXES, osoba.pol, f"{where}/Pol"),
    }


def to_native(record: AgencyPersonRecord) -> PrijemOsobe:
    """The KIRS reception record of a common-schema record; ``NotRepresentable`` if none."""
    reception = record.reception
    if record.identity is None or reception is None:
        raise NotRepresentable("a KIRS reception record needs the identity and the reception")
    if reception.received_at is None or reception.modality is None:
        raise NotRepresentable("a KIRS reception record needs the reception time and modality")
    flight = reception.arrival is not None and _FLIGHT.fullmatch(reception.arrival) is not None
    return PrijemOsobe(
        broj_prijema=record.local_id,
        datum_prijema=format_date_time(reception.received_at),
        nacin_povratka=RETURN_MODALITIES.written(reception.modality),
        drzava_povratka=_maybe(COUNTRIES.written, reception.country_from),
        let=reception.arrival if flight else None,
        granicni_prelaz=None if flight else reception.arrival,
        putni_list=reception.travel_sheet_number,
        nameravana_opstina=_maybe(MUNICIPALITIES.written, reception.intended_municipality),
        osoba=person_to_native(record.identity),
        kontakt=_contact_to_native(record.contact),
        clanovi_porodice=_each(_member_to_native, record.household),
        dokumenta=_each(_document_to_native, record.documents),
        hitne_potrebe=_urgent_needs_to_native(record),
        ranjivosti=_vulnerabilities_to_native(record),
    )


def _each(translate: Callable[[Any], T], values: Sequence[Any] | None) -> tuple[T, ...] | None:
    return None if values is None else tuple(translate(value) for value in values)


def _contact_to_native(contact: Contact | None) -> Kontakt | None:
    if contact is None:
        return None
    return Kontakt(telefon=contact.phone, email=contact.email, adresa_boravka=contact.address)


def _member_to_native(member: RelatedPerson) -> ClanPorodice:
    return ClanPorodice(
        imena=names_to_native(member.given_name, member.family_name),
        srodstvo=RELATIONSHIPS.written(member.relationship),
        datum_rodjenja=_maybe(format_partial_date, member.birth_date),
        broj_prijema=member.local_id,
    )


def _document_to_native(document: IdentityDocument) -> Dokument:
    return Dokument(
        vrsta=DOCUMENT_TYPES.written(document.type),
        status=DOCUMENT_STATUSES.written(document.status),
        broj=document.number,
    )


def _urgent_needs_to_native(record: AgencyPersonRecord) -> tuple[str, ...] | None:
    urgent_medical = record.health is not None and record.health.urgent_medical_need is True
    if record.needs is None and not urgent_medical:
        return None
    domains = [*(record.needs or []), *([HEALTH_NEED] if urgent_medical else [])]
    return tuple(NEEDS.written_all(domains))


def _vulnerabilities_to_native(record: AgencyPersonRecord) -> tuple[str, ...] | None:
    health = record.health.vulnerabilities if record.health is not None else []
    disabled = record.disability is not None and record.disability.has_disability
    if record.vulnerabilities is None and not health and not disabled:
        return None
    codes = [*(record.vulnerabilities or []), *health, *([DISABILITY] if disabled else [])]
    return tuple(VULNERABILITIES.written_all(codes))


def from_native(
    prijem: PrijemOsobe, *, problems: Problems | None = None, where: str = "PrijemOsobe"
) -> AgencyPersonRecord:
    """The common-schema record of a KIRS reception record; raises ``KirsFormatError``.

    ``problems`` may hold what reading the XML found already: everything is reported at once.
    ``where`` is the record's path in its message, for the problem messages.
    """
    read = Decoder(problems or Problems())
    needs = read.codes(NEEDS, prijem.hitne_potrebe, f"{where}/HitnePotrebe/Potreba")
    marks = read.codes(VULNERABILITIES, prijem.ranjivosti, f"{where}/Ranjivosti/Ranjivost")
    special = HEALTH_VULNERABILITIES | {DISABILITY}
    data = {
        **{"agency": AGENCY, "local_id": prijem.broj_prijema},
        "identity": person_from_native(prijem.osoba, read, f"{where}/Osoba"),
        "contact": _contact_from_native(prijem.kontakt),
        "household": _household_from_native(prijem.clanovi_porodice, read, where),
        "documents": _documents_from_native(prijem.dokumenta, read, where),
        "reception": _reception_from_native(prijem, read, where),
        "needs": [need for need in needs if need != HEALTH_NEED] or None,
        "vulnerabilities": [mark for mark in marks if mark not in special] or None,
        "health": _health_from_native(needs, marks),
        "disability": {"has_disability": True} if DISABILITY in marks else None,
    }
    read.problems.raise_if_any()
    return validated(AgencyPersonRecord, data)


def _contact_from_native(kontakt: Kontakt | None) -> dict[str, Any] | None:
    if kontakt is None:
        return None
    return {"phone": kontakt.telefon, "email": kontakt.email, "address": kontakt.adresa_boravka}


def _household_from_native(
    members: Sequence[ClanPorodice] | None, read: Decoder, where: str
) -> list[dict[str, Any]] | None:
    if members is None:
        return None
    return [
        _member_from_native(member, read, f"{where}/ClanoviPorodice/ClanPorodice[{n}]")
        for n, member in enumerate(members, 1)
    ]


def _member_from_native(member: ClanPorodice, read: Decoder, where: str) -> dict[str, Any]:
    given, family, _ = names_from_native(member.imena, read, where)
    birth_date = read.convert(parse_partial_date, member.datum_rodjenja, f"{where}/DatumRodjenja")
    return {
        **{"given_name": given, "family_name": family, "birth_date": birth_date},
        "relationship": read.code(RELATIONSHIPS, member.srodstvo, f"{where}/Srodstvo"),
        "local_id": member.broj_prijema,
    }


def _documents_from_native(
    documents: Sequence[Dokument] | None, read: Decoder, where: str
) -> list[dict[str, Any]] | None:
    if documents is None:
        return None
    found = []
    for n, document in enumerate(documents, 1):
        place = f"{where}/Dokumenta/Dokument[{n}]"
        kind = read.code(DOCUMENT_TYPES, document.vrsta, f"{place}/Vrsta")
        status = read.code(DOCUMENT_STATUSES, document.status, f"{place}/Status")
        if kind is not None and status is not None:
            found.append({"type": kind, "status": status, "number": document.broj})
    return found


def _reception_from_native(prijem: PrijemOsobe, read: Decoder, where: str) -> dict[str, Any]:
    return {
        "received_at": read.convert(parse_date_time, prijem.datum_prijema, f"{where}/DatumPrijema"),
        "modality": read.code(RETURN_MODALITIES, prijem.nacin_povratka, f"{where}/NacinPovratka"),
        "country_from": read.code(COUNTRIES, prijem.drzava_povratka, f"{where}/DrzavaPovratka"),
        "arrival": prijem.let or prijem.granicni_prelaz,
        "travel_sheet_number": prijem.putni_list,
        "intended_municipality": read.code(
            MUNICIPALITIES, prijem.nameravana_opstina, f"{where}/NameravanaOpstina"
        ),
    }


def _health_from_native(needs: list[str], marks: list[str]) -> dict[str, Any] | None:
    conditions = [mark for mark in marks if mark in HEALTH_VULNERABILITIES]
    urgent = HEALTH_NEED in needs
    if not conditions and not urgent:
        return None
    return {"vulnerabilities": conditions, "urgent_medical_need": True if urgent else None}
