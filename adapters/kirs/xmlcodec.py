"""KIRS records to and from XML elements; every element name of the format is in this module.

Writing uses ``xml.etree.ElementTree``, which is safe for building. Reading starts from an
element that ``soap.parse_xml`` (defusedxml) produced, never from bytes. A reader notes every
problem it finds in a ``Problems`` and carries on, so a bad message is reported whole; the
caller raises once at the end. Elements the reader does not know are ignored, as a newer
version of the service may add some. Values are not checked here: that is ``mapping``'s job.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from xml.etree.ElementTree import Element, SubElement

from adapters.kirs.native import (
    NAMESPACE,
    ClanPorodice,
    Dokument,
    Imena,
    IstorijaUputa,
    Kontakt,
    ObavestenjeOPrijemu,
    Osoba,
    PotvrdaStorna,
    PotvrdaUputa,
    PrijemOsobe,
    Problems,
    PromenaStatusa,
    StornoUputa,
    Upucivanje,
    Uput,
)

T = TypeVar("T")
Fields = Sequence[tuple[str, str]]
"""Pairs of (dataclass attribute, element name) of elements that hold text."""

_NAMES: Fields = (
    *(("ime", "Ime"), ("prezime", "Prezime"), ("ime_roditelja", "ImeRoditelja")),
    *(("ime_latinicom", "ImeLatinicom"), ("prezime_latinicom", "PrezimeLatinicom")),
    *(("ime_roditelja_latinicom", "ImeRoditeljaLatinicom"), ("izvorno_pismo", "IzvornoPismo")),
)
_PERSON: Fields = (
    *(("jmbg", "JMBG"), ("datum_rodjenja", "DatumRodjenja"), ("pol", "Pol")),
    ("mesto_rodjenja", "MestoRodjenja"),
)
_MEMBER: Fields = (("srodstvo", "Srodstvo"), ("datum_rodjenja", "DatumRodjenja"))
_DOCUMENT: Fields = (("vrsta", "Vrsta"), ("status", "Status"), ("broj", "Broj"))
_CONTACT: Fields = (("telefon", "Telefon"), ("email", "Email"), ("adresa_boravka", "AdresaBoravka"))
_REFERRAL_MADE: Fields = (("ustanova", "Ustanova"), ("datum", "Datum"))
_RECEPTION: Fields = (
    *(("broj_prijema", "BrojPrijema"), ("datum_prijema", "DatumPrijema")),
    *(("nacin_povratka", "NacinPovratka"), ("drzava_povratka", "DrzavaPovratka")),
    *(("let", "Let"), ("granicni_prelaz", "GranicniPrelaz"), ("putni_list", "PutniList")),
    ("nameravana_opstina", "NameravanaOpstina"),
)
_REFERRAL: Fields = (
    *(("broj_uputa_posiljaoca", "BrojUputaPosiljaoca"), ("posiljalac", "Posiljalac")),
    *(("usluga", "Usluga"), ("prioritet", "Prioritet"), ("rok", "RokZaPostupanje")),
    *(("broj_prijema", "BrojPrijema"), ("opstina", "Opstina")),
    ("kategorija_napomene", "KategorijaNapomene"),
)
_RECEIPT: Fields = (
    *(("broj_uputa", "BrojUputa"), ("duplikat", "Duplikat")),
    ("vreme_prijema", "VremePrijema"),
)
_CHANGE: Fields = (
    *(("status", "Status"), ("vreme", "Vreme"), ("razlog", "Razlog")),
    ("usluga_pruzena", "UslugaPruzena"),
)
_HISTORY: Fields = (("broj_uputa", "BrojUputa"), ("broj_uputa_posiljaoca", "BrojUputaPosiljaoca"))
_CANCELLATION: Fields = (
    *(("broj_uputa", "BrojUputa"), ("broj_uputa_posiljaoca", "BrojUputaPosiljaoca")),
    *(("razlog", "Razlog"), ("vreme_storniranja", "VremeStorniranja")),
)
_CANCELLATION_RECEIPT: Fields = (
    *(("broj_uputa", "BrojUputa"), ("duplikat", "Duplikat")),
    ("vreme_storniranja", "VremeStorniranja"),
)
_NOTICE: Fields = (("identifikator", "IdentifikatorObavestenja"), ("vreme", "VremeObavestenja"))


def tag(name: str) -> str:
    """The qualified name of a KIRS element."""
    return f"{{{NAMESPACE}}}{name}"


def element(name: str, parent: Element | None = None) -> Element:
    """A new KIRS element, under ``parent`` when one is given."""
    return Element(tag(name)) if parent is None else SubElement(parent, tag(name))


def add_text(parent: Element, name: str, text: str | None) -> None:
    """A child element holding ``text``; nothing when ``text`` is None."""
    if text is not None:
        element(name, parent).text = text


def _write(parent: Element, value: object, fields: Fields) -> None:
    for attribute, name in fields:
        add_text(parent, name, getattr(value, attribute))


def _add_list(parent: Element, container: str, item: str, texts: Sequence[str] | None) -> None:
    if texts is not None:
        holder = element(container, parent)
        for text in texts:
            add_text(holder, item, text)


class Reader:
    """One element being read, its path for problem messages, and the problems found so far."""

    def __init__(self, node: Element, path: str, problems: Problems) -> None:
        self.node = node
        self.path = path
        self.problems = problems

    def text(self, name: str) -> str | None:
        """The stripped text of a child element; None when it is absent or empty."""
        child = self.node.find(tag(name))
        text = None if child is None else (child.text or "").strip()
        return text or None

    def fields(self, fields: Fields, required: Sequence[str] = ()) -> dict[str, Any]:
        """The text of each element of ``fields`` by attribute; a missing required one noted."""
        found = {attribute: self.text(name) for attribute, name in fields}
        for attribute, name in fields:
            if attribute in required and found[attribute] is None:
                self.problems.note(f"{self.path}/{name}", "missing")
                found[attribute] = ""
        return found

    def child(self, name: str, *, required: bool = False) -> "Reader | None":
        """A child element to read; a missing required one noted."""
        child = self.node.find(tag(name))
        if child is None:
            if required:
                self.problems.note(f"{self.path}/{name}", "missing")
            return None
        return Reader(child, f"{self.path}/{name}", self.problems)

    def items(self, container: str, item: str) -> list["Reader"] | None:
        """The ``item`` elements inside ``container``; None when there is no container."""
        holder = self.node.find(tag(container))
        if holder is None:
            return None
        return [
            Reader(child, f"{self.path}/{container}/{item}[{index}]", self.problems)
            for index, child in enumerate(holder.findall(tag(item)), start=1)
        ]

    def texts(self, container: str, item: str) -> tuple[str, ...] | None:
        """The texts of the ``item`` elements inside ``container``; an empty one noted."""
        readers = self.items(container, item)
        if readers is None:
            return None
        texts = tuple((reader.node.text or "").strip() for reader in readers)
        for reader, text in zip(readers, texts, strict=True):
            if not text:
                self.problems.note(reader.path, "empty")
        return texts


def reader(node: Element, name: str, problems: Problems) -> Reader:
    """A reader for a message's main element, noting it when the element is not ``name``."""
    if node.tag != tag(name):
        problems.note(name, "expected this element, found another")
    return Reader(node, name, problems)


def write_names(parent: Element, imena: Imena) -> None:
    """The name elements (both scripts and the original one) into ``parent``."""
    _write(parent, imena, _NAMES)


def read_names(source: Reader) -> Imena:
    """The names of an ``Osoba`` or a ``ClanPorodice``."""
    return Imena(**source.fields(_NAMES, required=("ime", "prezime")))


def write_person(parent: Element, osoba: Osoba) -> Element:
    """``Osoba``: the person a record or a referral is about."""
    node = element("Osoba", parent)
    write_names(node, osoba.imena)
    _write(node, osoba, _PERSON)
    return node


def read_person(source: Reader) -> Osoba:
    """An ``Osoba``."""
    return Osoba(imena=read_names(source), **source.fields(_PERSON))


def _write_member(parent: Element, member: ClanPorodice) -> None:
    node = element("ClanPorodice", parent)
    add_text(node, "BrojPrijema", member.broj_prijema)
    write_names(node, member.imena)
    _write(node, member, _MEMBER)


def _read_member(source: Reader) -> ClanPorodice:
    fields = source.fields(_MEMBER, required=("srodstvo",))
    broj_prijema = source.text("BrojPrijema")
    return ClanPorodice(imena=read_names(source), broj_prijema=broj_prijema, **fields)


def _write_items(
    parent: Element, container: str, item: str, values: Sequence[object] | None, fields: Fields
) -> None:
    if values is not None:
        holder = element(container, parent)
        for value in values:
            _write(element(item, holder), value, fields)


def write_reception(prijem: PrijemOsobe, parent: Element | None = None) -> Element:
    """``PrijemOsobe``: the reception record of one person."""
    node = element("PrijemOsobe", parent)
    _write(node, prijem, _RECEPTION)
    write_person(node, prijem.osoba)
    if prijem.kontakt is not None:
        _write(element("Kontakt", node), prijem.kontakt, _CONTACT)
    if prijem.clanovi_porodice is not None:
        family = element("ClanoviPorodice", node)
        for member in prijem.clanovi_porodice:
            _write_member(family, member)
    _write_items(node, "Dokumenta", "Dokument", prijem.dokumenta, _DOCUMENT)
    _add_list(node, "HitnePotrebe", "Potreba", prijem.hitne_potrebe)
    _add_list(node, "Ranjivosti", "Ranjivost", prijem.ranjivosti)
    _write_items(node, "Upucivanja", "Upucivanje", prijem.upucivanja, _REFERRAL_MADE)
    return node


def read_reception(source: Reader) -> PrijemOsobe:
    """A ``PrijemOsobe``; problems are noted in the reader's ``Problems``."""
    required = ("broj_prijema", "datum_prijema", "nacin_povratka")
    person = source.child("Osoba", required=True)
    return PrijemOsobe(
        **source.fields(_RECEPTION, required=required),
        osoba=_person_or_blank(person),
        kontakt=_optional(source.child("Kontakt"), lambda r: Kontakt(**r.fields(_CONTACT))),
        clanovi_porodice=_tuple(source.items("ClanoviPorodice", "ClanPorodice"), _read_member),
        dokumenta=_tuple(source.items("Dokumenta", "Dokument"), _read_document),
        hitne_potrebe=source.texts("HitnePotrebe", "Potreba"),
        ranjivosti=source.texts("Ranjivosti", "Ranjivost"),
        upucivanja=_tuple(source.items("Upucivanja", "Upucivanje"), _read_referral_made),
    )


def _read_document(source: Reader) -> Dokument:
    return Dokument(**source.fields(_DOCUMENT, required=("vrsta", "status")))


def _read_referral_made(source: Reader) -> Upucivanje:
    return Upucivanje(**source.fields(_REFERRAL_MADE, required=("ustanova",)))


def _person_or_blank(source: Reader | None) -> Osoba:
    """The person, or a blank one when the element is missing (already noted)."""
    return read_person(source) if source is not None else Osoba(imena=Imena(ime="", prezime=""))


def _optional(source: Reader | None, read: Callable[[Reader], T]) -> T | None:
    return None if source is None else read(source)


def _tuple(sources: list[Reader] | None, read: Callable[[Reader], T]) -> tuple[T, ...] | None:
    return None if sources is None else tuple(read(source) for source in sources)


def write_referral(uput: Uput, parent: Element | None = None) -> Element:
    """``Uput``: a referral to KIRS."""
    node = element("Uput", parent)
    _write(node, uput, _REFERRAL)
    _add_list(node, "Potrebe", "Potreba", uput.potrebe)
    write_person(node, uput.osoba)
    return node


def read_referral(source: Reader) -> Uput:
    """A ``Uput``."""
    required = ("broj_uputa_posiljaoca", "posiljalac", "usluga", "prioritet")
    return Uput(
        **source.fields(_REFERRAL, required=required),
        potrebe=source.texts("Potrebe", "Potreba") or (),
        osoba=_person_or_blank(source.child("Osoba", required=True)),
    )


def write_receipt(potvrda: PotvrdaUputa, parent: Element | None = None) -> Element:
    """``PotvrdaUputa``: KIRS's receipt of a referral."""
    node = element("PotvrdaUputa", parent)
    _write(node, potvrda, _RECEIPT)
    return node


def read_receipt(source: Reader) -> PotvrdaUputa:
    """A ``PotvrdaUputa``."""
    return PotvrdaUputa(**source.fields(_RECEIPT, required=[name for name, _ in _RECEIPT]))


def write_history(istorija: IstorijaUputa, parent: Element | None = None) -> Element:
    """``IstorijaUputa``: a referral's status history."""
    node = element("IstorijaUputa", parent)
    _write(node, istorija, _HISTORY)
    _write_items(node, "Promene", "Promena", istorija.promene, _CHANGE)
    return node


def read_history(source: Reader) -> IstorijaUputa:
    """An ``IstorijaUputa``."""
    changes = source.items("Promene", "Promena") or []
    return IstorijaUputa(
        **source.fields(_HISTORY, required=("broj_uputa", "broj_uputa_posiljaoca")),
        promene=tuple(
            PromenaStatusa(**change.fields(_CHANGE, required=("status", "vreme")))
            for change in changes
        ),
    )


def write_cancellation(storno: StornoUputa, parent: Element | None = None) -> Element:
    """``Storno``: the sender withdraws a referral it sent."""
    node = element("Storno", parent)
    _write(node, storno, _CANCELLATION)
    return node


def read_cancellation(source: Reader) -> StornoUputa:
    """A ``Storno``; every element is required."""
    return StornoUputa(**source.fields(_CANCELLATION, required=[name for name, _ in _CANCELLATION]))


def write_cancellation_receipt(potvrda: PotvrdaStorna, parent: Element | None = None) -> Element:
    """``PotvrdaStorna``: KIRS's answer to a withdrawal."""
    node = element("PotvrdaStorna", parent)
    _write(node, potvrda, _CANCELLATION_RECEIPT)
    return node


def read_cancellation_receipt(source: Reader) -> PotvrdaStorna:
    """A ``PotvrdaStorna``."""
    required = [name for name, _ in _CANCELLATION_RECEIPT]
    return PotvrdaStorna(**source.fields(_CANCELLATION_RECEIPT, required=required))


def write_notice(notice: ObavestenjeOPrijemu) -> Element:
    """``ObavestenjeOPrijemu``: the push notice of a new reception."""
    node = element("ObavestenjeOPrijemu")
    _write(node, notice, _NOTICE)
    write_reception(notice.prijem, node)
    return node


def read_notice(source: Reader) -> ObavestenjeOPrijemu:
    """An ``ObavestenjeOPrijemu``; a missing record is noted and left blank."""
    fields = source.fields(_NOTICE, required=("identifikator", "vreme"))
    reception = source.child("PrijemOsobe", required=True)
    if reception is None:
        blank = Osoba(imena=Imena(ime="", prezime=""))
        prijem = PrijemOsobe(broj_prijema="", datum_prijema="", nacin_povratka="", osoba=blank)
    else:
        prijem = read_reception(reception)
    return ObavestenjeOPrijemu(**fields, prijem=prijem)
