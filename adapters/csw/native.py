"""The native format of the CSW central case-file API: JSON with Serbian Latin field names and
Cyrillic values.

A case file (``predmet``) is about a household: its holder (``nosilac``, the person the case
number belongs to), the other members (``clanovi``) with their relation to the holder, the
assessment stage (``faza``), the needs found (``potrebe``) and the rights decided (``prava``).
Codes are Cyrillic words from CSW's own lists (``adapters.csw.codes``); dates are ISO 8601.
Amounts are in RSD, as JSON numbers. Field names are camelCase on the wire (``brojPredmeta``)
and snake_case here. Replies may carry fields this module does not know; they are ignored.

Endpoints (HTTP Basic auth)::

    GET  /api/predmeti/{brojPredmeta}                      -> Predmet
    GET  /api/predmeti?jmbg=&prezime=&kursor=&velicina=    -> StranaPredmeta (cursor pages)
    POST /api/uputi            (header Idempotency-Key)    -> PotvrdaUputa (201, 200 replayed)
    GET  /api/uputi/{broj}                                 -> StanjeUputa
    POST /api/uputi/{broj}/otkaz  (header Idempotency-Key) -> StanjeUputa (200; 404, 409)
    push event ``решење`` (a decision on a right)           -> Dogadjaj

Errors are ``Greska``; a wrong password is 401 with ``WWW-Authenticate: Basic realm="csw"``.
Models only: no I/O.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, PlainSerializer

from adapters.toolkit.native import CamelModel

CANCELLED = "отказан"
"""The status of a referral its sender withdrew (``POST /api/uputi/{broj}/otkaz``)."""
DECISION_EVENT = "решење"
"""The ``vrsta`` of the push event that reports a decision on a right."""

Amount = Annotated[
    Decimal,
    Field(ge=0),
    PlainSerializer(float, return_type=float, when_used="json"),
]
"""An amount in RSD; a JSON number on the wire."""


class NativeModel(CamelModel):
    """A part of CSW's format: camelCase on the wire, unknown fields ignored."""

    def wire(self) -> dict[str, Any]:
        """The JSON-ready form, as CSW's system writes it."""
        return self.model_dump(mode="json")


class Centar(NativeModel):
    """A centre for social work, by the registry number of the municipality it serves."""

    maticni_broj: str | None = None
    naziv: str


class Dokument(NativeModel):
    """A personal document the holder has or lacks."""

    vrsta: str
    stanje: str
    broj: str | None = None


class Lice(NativeModel):
    """A person's identifying data, as CSW records it."""

    jmbg: str | None = None
    ime: str
    prezime: str
    ime_roditelja: str | None = None
    pol: str | None = None
    datum_rodjenja: str | None = Field(
        default=None, description="ISO date, or only the year (or year-month) when that is known"
    )
    mesto_rodjenja: str | None = None


class Nosilac(Lice):
    """The case holder: the person the case number belongs to."""

    adresa: str | None = None
    telefon: str | None = None
    email: str | None = None
    dokumenta: list[Dokument] = Field(default_factory=list)
    rizici: list[str] = Field(default_factory=list)
    hitna_zdravstvena_potreba: bool | None = None


class Clan(NativeModel):
    """Another member of the household, with their relation to the holder."""

    ime: str
    prezime: str
    srodstvo: str
    datum_rodjenja: str | None = None
    jmbg: str | None = None
    pol: str | None = None
    broj_predmeta: str | None = Field(default=None, description="The member's own case, if any")


class Povratak(NativeModel):
    """How the household came back, as the centre learnt it."""

    nacin: str | None = None
    drzava: str | None = None


class Pravo(NativeModel):
    """A right applied for or decided (rešenje), with its amount in RSD."""

    broj_resenja: str | None = None
    vrsta: str
    status: str
    datum_resenja: dt.date | None = None
    vazi_do: dt.date | None = None
    mesecni_iznos: Amount | None = None
    jednokratni_iznos: Amount | None = None


class Predmet(NativeModel):
    """A case file of one household at one centre."""

    broj_predmeta: str = Field(min_length=1)
    centar: Centar
    datum_prijema: dt.date | None = None
    faza: str
    nosilac: Nosilac
    clanovi: list[Clan] = Field(default_factory=list)
    povratak: Povratak | None = None
    potrebe: list[str] = Field(default_factory=list)
    prava: list[Pravo] = Field(default_factory=list)


class StranaPredmeta(NativeModel):
    """One page of search results; ``sledeci_kursor`` asks for the next one."""

    predmeti: list[Predmet]
    sledeci_kursor: str | None = None
    ukupno: int | None = Field(default=None, ge=0)


class Uput(NativeModel):
    """A referral sent to a centre."""

    broj_uputa_posiljaoca: str = Field(min_length=1)
    posiljalac: str
    usluga: str = Field(min_length=1)
    hitnost: str
    rok: dt.date | None = None
    potrebe: list[str] = Field(default_factory=list)
    lice: Lice
    broj_predmeta: str | None = None
    centar: Centar | None = None
    napomena: str | None = None


class PotvrdaUputa(NativeModel):
    """The centre's receipt of a referral."""

    broj: str = Field(min_length=1)
    status: str
    primljen: AwareDatetime


class PromenaStanja(NativeModel):
    """One change of a referral's state."""

    status: str
    vreme: AwareDatetime
    obrazlozenje: str | None = None
    usluga_pruzena: bool | None = None


class StanjeUputa(NativeModel):
    """A referral's state and its history, oldest first."""

    broj: str = Field(min_length=1)
    broj_uputa_posiljaoca: str = Field(min_length=1)
    status: str
    istorija: list[PromenaStanja]


class OtkazUputa(NativeModel):
    """The sender's withdrawal of a referral the centre received.

    ``broj_uputa_posiljaoca`` must be the sender's number of that referral; ``vreme`` is when
    the sender withdrew it, ``obrazlozenje`` why. The centre answers the referral's state, its
    history ending in ``отказан``; a referral whose work started or ended cannot be withdrawn.
    """

    broj_uputa_posiljaoca: str = Field(min_length=1)
    obrazlozenje: str = Field(min_length=1)
    vreme: AwareDatetime


class Dogadjaj(NativeModel):
    """An event CSW's system pushes; ``решење`` carries a decision on a right."""

    id_dogadjaja: str = Field(min_length=1, max_length=100)
    vrsta: str
    vreme: AwareDatetime
    broj_predmeta: str = Field(min_length=1)
    centar: Centar | None = None
    faza: str
    resenje: Pravo


class Greska(NativeModel):
    """An error as CSW's system reports it."""

    greska: str
    poruka: str | None = None
