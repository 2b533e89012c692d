"""NES's native format: JSON with Serbian Latin camelCase field names and NES's own codes.

The models describe what NES's REST API (``/api/v1``) sends and accepts: the job seeker
(``LiceKojeTraziZaposlenje``), search results, referrals (``Uput``) with their receipts,
status history and withdrawal (``OtkazivanjeUputa``), pushed events (``Dogadjaj``) and errors
(``Greska``). Python names are the snake_case of the wire names (``datum_rodjenja`` is
``datumRodjenja``); models dump by alias.

Readers are tolerant of fields NES may add (``extra="ignore"``) but strict about codes: a code
missing from NES's lists in ``codes`` does not fit the format. Shared by the adapter and the
simulator, so both sides speak exactly this format. No I/O.
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, Field, model_validator

from adapters.nes import codes
from adapters.toolkit.native import CamelModel

SexCode = Annotated[str, AfterValidator(codes.SEX.check)]
EducationCode = Annotated[str, AfterValidator(codes.EDUCATION.check)]
CategoryCode = Annotated[str, AfterValidator(codes.REGISTER_CATEGORY.check)]
ReturnKindCode = Annotated[str, AfterValidator(codes.RETURN_KIND.check)]
MeasureCode = Annotated[str, AfterValidator(codes.MEASURE.check)]
MeasureStatusCode = Annotated[str, AfterValidator(codes.MEASURE_STATUS.check)]
ReasonCode = Annotated[str, AfterValidator(codes.HARD_TO_EMPLOY_REASON.check)]
DocumentCode = Annotated[str, AfterValidator(codes.DOCUMENT.check)]
DocumentStateCode = Annotated[str, AfterValidator(codes.DOCUMENT_STATE.check)]
NeedCode = Annotated[str, AfterValidator(codes.NEED.check)]
PriorityCode = Annotated[str, AfterValidator(codes.PRIORITY.check)]
SenderCode = Annotated[str, AfterValidator(codes.SENDER.check)]
ReferralStatusCode = Annotated[str, AfterValidator(codes.REFERRAL_STATUS.check)]

Jmbg = Annotated[str, Field(pattern=r"^[0-9]{13}$")]
PartialIsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
"""An ISO 8601 date, possibly of reduced precision (``1981`` when only the year is known)."""

EVENT_REGISTRATION = "prijava-na-evidenciju"
EVENT_REFERRAL_STATUS = "promena-statusa-uputa"
REFERRAL_CANCELLED = "otkazan"
"""The state of a referral its sender withdrew (``POST /api/v1/uputi/{broj}/otkazivanje``)."""


class NativeModel(CamelModel):
    """A piece of NES's JSON: camelCase on the wire, snake_case in Python."""


class Opstina(NativeModel):
    """A municipality, keyed by its number in the Register of Spatial Units where known."""

    maticni_broj: str | None = None
    naziv: str


class OsnovniPodaci(NativeModel):
    """Who a person is: the identity part of a job seeker and of a referral."""

    jmbg: Jmbg | None = None
    ime: str = Field(min_length=1)
    prezime: str = Field(min_length=1)
    ime_roditelja: str | None = None
    pol: SexCode | None = None
    datum_rodjenja: PartialIsoDate | None = None
    mesto_rodjenja: str | None = None


class StatusLica(NativeModel):
    """The person's standing in the register, and whether NES records them as a returnee."""

    aktivan: bool = True
    datum_prijave: dt.date | None = None
    povratnik: bool = False
    vrsta_povratka: ReturnKindCode | None = None
    drzava_povratka: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class IndividualniPlan(NativeModel):
    """The individual employment plan agreed with an employment counsellor."""

    datum_zakljucenja: dt.date
    datum_revizije: dt.date | None = None
    savetnik: str | None = None


class Mera(NativeModel):
    """An active labour-market measure the person takes part in."""

    sifra_mere: MeasureCode
    status: MeasureStatusCode
    datum_od: dt.date | None = None
    datum_do: dt.date | None = None


class TeskoZaposljivi(NativeModel):
    """Whether the person is hard to employ, and on what grounds (NES's categories)."""

    oznaka: bool
    razlozi: list[ReasonCode] = Field(default_factory=list)


class Dokument(NativeModel):
    """A document the person presented, or lacks."""

    vrsta: DocumentCode
    stanje: DocumentStateCode
    broj: str | None = None


class LiceKojeTraziZaposlenje(OsnovniPodaci):
    """A job seeker in NES's register, by registration number (``evidencioniBroj``)."""

    evidencioni_broj: str = Field(min_length=1, max_length=64)
    filijala: str | None = None
    adresa: str | None = None
    opstina: Opstina | None = None
    telefon: str | None = None
    email: str | None = None
    stepen_obrazovanja: EducationCode | None = None
    zanimanje: str | None = None
    radni_staz_meseci: int | None = Field(default=None, ge=0)
    kategorija_evidencije: CategoryCode | None = None
    status: StatusLica = Field(default_factory=StatusLica)
    individualni_plan_zaposljavanja: IndividualniPlan | None = None
    mere: list[Mera] = Field(default_factory=list)
    tesko_zaposljivi: TeskoZaposljivi | None = None
    dokumenti: list[Dokument] = Field(default_factory=list)


class RezultatPretrage(NativeModel):
    """The answer to a search of the register."""

    ukupno: int = Field(ge=0)
    lica: list[LiceKojeTraziZaposlenje]


class Uput(NativeModel):
    """A referral sent to NES (``POST /api/v1/uputi``)."""

    spoljni_broj: str = Field(min_length=1, max_length=100)
    uputilac: SenderCode
    usluga: str = Field(min_length=1, max_length=200)
    sifra_mere: MeasureCode | None = None
    prioritet: PriorityCode
    rok: dt.date | None = None
    potrebe: list[NeedCode] = Field(min_length=1)
    lice: OsnovniPodaci
    evidencioni_broj: str | None = None
    opstina: Opstina | None = None
    napomena_kategorija: str | None = None


class PotvrdaUputa(NativeModel):
    """NES's receipt of a referral."""

    broj_uputa: str = Field(min_length=1, max_length=64)
    status: ReferralStatusCode
    primljen_u: AwareDatetime


class PromenaStatusa(NativeModel):
    """One change of a referral's state at NES."""

    status: ReferralStatusCode
    vreme: AwareDatetime
    razlog: str | None = None
    usluga_pruzena: bool | None = None


class StatusUputa(NativeModel):
    """A referral's current state and its history (``GET /api/v1/uputi/{broj}``)."""

    broj_uputa: str = Field(min_length=1, max_length=64)
    spoljni_broj: str = Field(min_length=1, max_length=100)
    status: ReferralStatusCode
    istorija: list[PromenaStatusa]


class OtkazivanjeUputa(NativeModel):
    """The sender's withdrawal of a referral (``POST /api/v1/uputi/{broj}/otkazivanje``)."""

    spoljni_broj: str = Field(min_length=1, max_length=100)
    razlog: str = Field(min_length=1, max_length=200)
    vreme_otkazivanja: AwareDatetime


class Dogadjaj(NativeModel):
    """An event NES pushes: a registration in the register, or a referral's new state."""

    id_dogadjaja: str = Field(min_length=1, max_length=100)
    tip_dogadjaja: Literal["prijava-na-evidenciju", "promena-statusa-uputa"]
    vreme_dogadjaja: AwareDatetime
    lice: LiceKojeTraziZaposlenje | None = None
    uput: StatusUputa | None = None

    @model_validator(mode="after")
    def _carries_its_subject(self) -> "Dogadjaj":
        if self.tip_dogadjaja == EVENT_REGISTRATION and self.lice is None:
            raise ValueError("a 'prijava-na-evidenciju' event carries 'lice'")
        if self.tip_dogadjaja == EVENT_REFERRAL_STATUS and self.uput is None:
            raise ValueError("a 'promena-statusa-uputa' event carries 'uput'")
        return self


class Greska(NativeModel):
    """NES's error body: a code and a message in Serbian."""

    greska: str
    poruka: str
