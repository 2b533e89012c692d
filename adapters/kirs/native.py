"""The records of the KIRS readmission service, exactly as its SOAP messages carry them.

KIRS (Komesarijat za izbeglice i migracije) keeps one reception record (``PrijemOsobe``) per
person received at the Readmission Office, and takes referrals (``Uput``) from other agencies.
Values stay here as KIRS writes them: Cyrillic code values, dates as ``dd.MM.yyyy.``, ``да``
and ``не``. Turning them into the common schema is ``mapping``'s job, reading and writing XML
is ``xmlcodec``'s; this module holds only the shapes, the constants and the error they share.
"""

from dataclasses import dataclass

NAMESPACE = "urn:kirs.gov.rs:readmisija:v1"
"""The namespace of every KIRS element."""

CYRILLIC_SCRIPT = "ћирилица"
LATIN_SCRIPT = "латиница"
YES = "да"
NO = "не"


class FaultCode:
    """The codes KIRS puts in a SOAP Fault's detail (``Greska/Sifra``)."""

    RECEPTION_NOT_FOUND = "PRIJEM_NE_POSTOJI"
    REFERRAL_NOT_FOUND = "UPUT_NE_POSTOJI"
    REFERRAL_NOT_CANCELLABLE = "UPUT_SE_NE_MOZE_STORNIRATI"
    INVALID_REQUEST = "NEISPRAVAN_ZAHTEV"
    INVALID_JMBG = "NEISPRAVAN_JMBG"
    UNKNOWN_OPERATION = "NEPOZNATA_OPERACIJA"
    SOAP_ACTION_MISMATCH = "NEUSKLADJEN_SOAPACTION"
    MESSAGE_TOO_LARGE = "PORUKA_PREVELIKA"
    FORBIDDEN_XML = "ZABRANJEN_XML"
    INTERNAL = "INTERNA_GRESKA"
    FAILED_AUTHENTICATION = "FailedAuthentication"


NOT_FOUND_CODES = frozenset({FaultCode.RECEPTION_NOT_FOUND, FaultCode.REFERRAL_NOT_FOUND})


class KirsFormatError(ValueError):
    """A KIRS message does not fit the native format; ``problems`` says where and why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Problems:
    """Collects the problems of one message, so a reader reports all of them at once.

    Messages name the element and what is wrong with it, never the value found there: values
    are personal data and problems end up in logs.
    """

    def __init__(self) -> None:
        self.found: list[str] = []

    def note(self, where: str, message: str) -> None:
        """Record one problem at ``where`` (a path of element names)."""
        self.found.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        """Raise ``KirsFormatError`` with everything noted so far, if anything was."""
        if self.found:
            raise KirsFormatError(list(self.found))


@dataclass(frozen=True, kw_only=True)
class Imena:
    """A person's names in both scripts, and the script the names were first recorded in."""

    ime: str
    prezime: str
    ime_roditelja: str | None = None
    ime_latinicom: str | None = None
    prezime_latinicom: str | None = None
    ime_roditelja_latinicom: str | None = None
    izvorno_pismo: str | None = None


@dataclass(frozen=True, kw_only=True)
class Osoba:
    """The person a record or a referral is about."""

    imena: Imena
    jmbg: str | None = None
    datum_rodjenja: str | None = None
    pol: str | None = None
    mesto_rodjenja: str | None = None


@dataclass(frozen=True, kw_only=True)
class ClanPorodice:
    """A family member received together with the person; ``srodstvo`` is to the family head."""

    imena: Imena
    srodstvo: str
    datum_rodjenja: str | None = None
    broj_prijema: str | None = None


@dataclass(frozen=True, kw_only=True)
class Dokument:
    """A personal document the person holds, lacks or holds expired."""

    vrsta: str
    status: str
    broj: str | None = None


@dataclass(frozen=True, kw_only=True)
class Kontakt:
    """How to reach the person after reception."""

    telefon: str | None = None
    email: str | None = None
    adresa_boravka: str | None = None


@dataclass(frozen=True, kw_only=True)
class Upucivanje:
    """A referral the Readmission Office made at reception, to a local institution."""

    ustanova: str
    datum: str | None = None


@dataclass(frozen=True, kw_only=True)
class PrijemOsobe:
    """The reception record of one person at the Readmission Office."""

    broj_prijema: str
    datum_prijema: str
    nacin_povratka: str
    osoba: Osoba
    drzava_povratka: str | None = None
    let: str | None = None
    granicni_prelaz: str | None = None
    putni_list: str | None = None
    nameravana_opstina: str | None = None
    kontakt: Kontakt | None = None
    clanovi_porodice: tuple[ClanPorodice, ...] | None = None
    dokumenta: tuple[Dokument, ...] | None = None
    hitne_potrebe: tuple[str, ...] | None = None
    ranjivosti: tuple[str, ...] | None = None
    upucivanja: tuple[Upucivanje, ...] | None = None


@dataclass(frozen=True, kw_only=True)
class Uput:
    """A referral another agency sends to KIRS."""

    broj_uputa_posiljaoca: str
    posiljalac: str
    usluga: str
    prioritet: str
    osoba: Osoba
    potrebe: tuple[str, ...] = ()
    rok: str | None = None
    broj_prijema: str | None = None
    opstina: str | None = None
    kategorija_napomene: str | None = None


@dataclass(frozen=True, kw_only=True)
class PotvrdaUputa:
    """KIRS's answer to a referral: its own number, and whether it had the request already."""

    broj_uputa: str
    duplikat: str
    vreme_prijema: str


@dataclass(frozen=True, kw_only=True)
class PromenaStatusa:
    """One change of a referral's status at KIRS."""

    status: str
    vreme: str
    razlog: str | None = None
    usluga_pruzena: str | None = None


@dataclass(frozen=True, kw_only=True)
class IstorijaUputa:
    """A referral's status history at KIRS, oldest first."""

    broj_uputa: str
    broj_uputa_posiljaoca: str
    promene: tuple[PromenaStatusa, ...]


@dataclass(frozen=True, kw_only=True)
class StornoUputa:
    """The sender's withdrawal of a referral it sent: KIRS's number, the sender's, why, when."""

    broj_uputa: str
    broj_uputa_posiljaoca: str
    razlog: str
    vreme_storniranja: str


@dataclass(frozen=True, kw_only=True)
class PotvrdaStorna:
    """KIRS's answer to a withdrawal: whether the referral was withdrawn already, and when."""

    broj_uputa: str
    duplikat: str
    vreme_storniranja: str


@dataclass(frozen=True, kw_only=True)
class ObavestenjeOPrijemu:
    """The notice KIRS pushes to subscribers when it receives a person."""

    identifikator: str
    vreme: str
    prijem: PrijemOsobe
