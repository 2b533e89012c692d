"""Pure translation between NES's job seeker and the common ``AgencyPersonRecord``.

Each NES fact lands in the section of its data category:

- identity: ``jmbg``, ``ime``, ``prezime``, ``imeRoditelja``, ``pol``, ``datumRodjenja``,
  ``mestoRodjenja``; contact: ``adresa``, ``telefon``, ``email``; documents: ``dokumenti``;
- reception (category ``return``): ``status.povratnik``, ``vrstaPovratka``, ``drzavaPovratka``;
- employment: ``kategorijaEvidencije`` and ``status.aktivan`` (register status),
  ``status.datumPrijave``, ``stepenObrazovanja``, ``zanimanje``, ``radniStazMeseci``, the
  plan's ``datumZakljucenja``, ``teskoZaposljivi.oznaka`` and ``mere``;
- the grounds of ``teskoZaposljivi``: a medical condition ONLY into ``health``, disability ONLY
  into ``disability``, the others into ``vulnerabilities``; ethnicity nowhere (``codes``).

Not exported, having no place in the common schema: ``filijala`` and ``opstina`` (NES's
organisation; the gateway keeps the household's municipality), the plan's counsellor and
review date. Names pass in the script NES recorded them in. No I/O.
"""

from typing import Any

from adapters.nes import codes
from adapters.nes.native import (
    Dokument,
    IndividualniPlan,
    LiceKojeTraziZaposlenje,
    Mera,
    OsnovniPodaci,
    StatusLica,
    TeskoZaposljivi,
)
from gateway.schema.agency import (
    AgencyPersonRecord,
    DisabilityInformation,
    EmploymentProfile,
    HealthInformation,
    MeasureEnrolment,
    PersonIdentity,
    Reception,
)
from gateway.schema.person import Contact, IdentityDocument

AGENCY = "nes"
HEALTH_VULNERABILITIES = frozenset({"medical_condition"})
"""Our vulnerabilities of the special category health: they travel only in ``health``."""
DISABILITY_VULNERABILITIES = frozenset({"disability"})
"""Our vulnerabilities of the special category disability: only in ``disability``."""
_SPECIAL = HEALTH_VULNERABILITIES | DISABILITY_VULNERABILITIES


def from_native(job_seeker: LiceKojeTraziZaposlenje) -> AgencyPersonRecord:
    """The common record of an NES job seeker; raises ValidationError if it does not fit."""
    grounds = _grounds(job_seeker.tesko_zaposljivi)
    return AgencyPersonRecord(
        agency=AGENCY,
        local_id=job_seeker.evidencioni_broj,
        identity=identity_from_native(job_seeker),
        contact=_contact(job_seeker),
        documents=[_document(document) for document in job_seeker.dokumenti] or None,
        reception=_reception(job_seeker.status),
        employment=_employment(job_seeker),
        vulnerabilities=[code for code in grounds if code not in _SPECIAL] or None,
        health=_health(grounds),
        disability=_disability(grounds),
    )


def to_native(record: AgencyPersonRecord) -> LiceKojeTraziZaposlenje:
    """The NES job seeker for a common record; raises ValueError without an identity."""
    if record.identity is None:
        raise ValueError("NES keeps no job seeker without a name")
    employment = record.employment or EmploymentProfile()
    return LiceKojeTraziZaposlenje(
        **identity_to_native(record.identity).model_dump(by_alias=False),
        **_contact_fields(record.contact),
        **_employment_fields(employment),
        evidencioni_broj=record.local_id,
        status=_status(employment, record.reception),
        tesko_zaposljivi=_hard_to_employ(record, employment),
        dokumenti=[_native_document(document) for document in record.documents or []],
    )


def identity_from_native(person: OsnovniPodaci) -> PersonIdentity:
    """Who the person is, from NES's identity fields."""
    return PersonIdentity(
        given_name=person.ime,
        family_name=person.prezime,
        parent_name=person.ime_roditelja,
        jmbg=person.jmbg,
        birth_date=person.datum_rodjenja,
        sex=codes.SEX.common(person.pol),
        birth_place=person.mesto_rodjenja,
    )


def identity_to_native(identity: PersonIdentity) -> OsnovniPodaci:
    """NES's identity fields for a person."""
    return OsnovniPodaci(
        jmbg=identity.jmbg,
        ime=identity.given_name,
        prezime=identity.family_name,
        ime_roditelja=identity.parent_name,
        pol=codes.SEX.native(identity.sex),
        datum_rodjenja=identity.birth_date,
        mesto_rodjenja=identity.birth_place,
    )


def _contact(job_seeker: LiceKojeTraziZaposlenje) -> Contact | None:
    contact = Contact(phone=job_seeker.telefon, email=job_seeker.email, address=job_seeker.adresa)
    return None if contact == Contact() else contact


def _contact_fields(contact: Contact | None) -> dict[str, Any]:
    if contact is None:
        return {}
    return {"telefon": contact.phone, "email": contact.email, "adresa": contact.address}


def _document(document: Dokument) -> IdentityDocument:
    return IdentityDocument(
        type=codes.DOCUMENT.mapped(document.vrsta),
        status=codes.DOCUMENT_STATE.mapped(document.stanje),
        number=document.broj,
    )


def _native_document(document: IdentityDocument) -> Dokument:
    return Dokument(
        vrsta=codes.DOCUMENT.written(document.type),
        stanje=codes.DOCUMENT_STATE.written(document.status),
        broj=document.number,
    )


def _reception(status: StatusLica) -> Reception | None:
    if not status.povratnik:
        return None
    return Reception(
        modality=codes.RETURN_KIND.common(status.vrsta_povratka),
        country_from=status.drzava_povratka,
    )


def _employment(job_seeker: LiceKojeTraziZaposlenje) -> EmploymentProfile | None:
    plan = job_seeker.individualni_plan_zaposljavanja
    hard_to_employ = job_seeker.tesko_zaposljivi
    profile = EmploymentProfile(
        register_status=_register_status(job_seeker),
        registered_on=job_seeker.status.datum_prijave,
        education_level=codes.EDUCATION.common(job_seeker.stepen_obrazovanja),
        occupation=job_seeker.zanimanje,
        work_experience_months=job_seeker.radni_staz_meseci,
        employment_plan_agreed_on=None if plan is None else plan.datum_zakljucenja,
        hard_to_employ=None if hard_to_employ is None else hard_to_employ.oznaka,
        measures=[enrolment for enrolment in map(_measure, job_seeker.mere) if enrolment],
    )
    return None if profile == EmploymentProfile() else profile


def _register_status(job_seeker: LiceKojeTraziZaposlenje) -> str | None:
    if not job_seeker.status.aktivan:
        return "removed"
    return codes.REGISTER_CATEGORY.common(job_seeker.kategorija_evidencije)


def _measure(measure: Mera) -> MeasureEnrolment | None:
    """The enrolment, or None for a measure that does not travel (``UNMAPPED``)."""
    code = codes.MEASURE.common(measure.sifra_mere)
    status = codes.MEASURE_STATUS.common(measure.status)
    if code is None or status is None:
        return None
    return MeasureEnrolment(
        measure=code, status=status, start_date=measure.datum_od, end_date=measure.datum_do
    )


def _employment_fields(employment: EmploymentProfile) -> dict[str, Any]:
    agreed_on = employment.employment_plan_agreed_on
    return {
        "kategorija_evidencije": _native_category(employment.register_status),
        "stepen_obrazovanja": codes.EDUCATION.native(employment.education_level),
        "zanimanje": employment.occupation,
        "radni_staz_meseci": employment.work_experience_months,
        "individualni_plan_zaposljavanja": None
        if agreed_on is None
        else IndividualniPlan(datum_zakljucenja=agreed_on),
        "mere": [_native_measure(enrolment) for enrolment in employment.measures],
    }


def _native_category(register_status: str | None) -> str | None:
    # NES keeps a removed person's last category; "removed" itself is status.aktivan = false.
    if register_status == "removed":
        return None
    return codes.REGISTER_CATEGORY.native(register_status)


def _native_measure(enrolment: MeasureEnrolment) -> Mera:
    return Mera(
        sifra_mere=codes.MEASURE.written(enrolment.measure),
        status=codes.MEASURE_STATUS.written(enrolment.status),
        datum_od=enrolment.start_date,
        datum_do=enrolment.end_date,
    )


def _status(employment: EmploymentProfile, reception: Reception | None) -> StatusLica:
    return StatusLica(
        aktivan=employment.register_status != "removed",
        datum_prijave=employment.registered_on,
        povratnik=reception is not None,
        vrsta_povratka=None if reception is None else _return_kind(reception),
        drzava_povratka=None if reception is None else reception.country_from,
    )


def _return_kind(reception: Reception) -> str | None:
    return codes.RETURN_KIND.native(reception.modality)


def _grounds(hard_to_employ: TeskoZaposljivi | None) -> list[str]:
    """Our vulnerabilities among the grounds, in NES's order, each once; the rest dropped."""
    if hard_to_employ is None:
        return []
    mapped = (codes.HARD_TO_EMPLOY_REASON.common(reason) for reason in hard_to_employ.razlozi)
    return list(dict.fromkeys(code for code in mapped if code is not None))


def _health(grounds: list[str]) -> HealthInformation | None:
    found = [code for code in grounds if code in HEALTH_VULNERABILITIES]
    return HealthInformation(vulnerabilities=found) if found else None


def _disability(grounds: list[str]) -> DisabilityInformation | None:
    if any(code in DISABILITY_VULNERABILITIES for code in grounds):
        return DisabilityInformation(has_disability=True)
    return None


def _hard_to_employ(
    record: AgencyPersonRecord, employment: EmploymentProfile
) -> TeskoZaposljivi | None:
    """NES's mark and its grounds; vulnerabilities NES has no category for are left out."""
    grounds = [*(record.vulnerabilities or [])]
    grounds += record.health.vulnerabilities if record.health else []
    grounds += ["disability"] if record.disability and record.disability.has_disability else []
    reasons = [r for r in map(codes.HARD_TO_EMPLOY_REASON.native, grounds) if r is not None]
    if employment.hard_to_employ is None and not reasons:
        return None
    marked = bool(reasons) if employment.hard_to_employ is None else employment.hard_to_employ
    return TeskoZaposljivi(oznaka=marked, razlozi=list(dict.fromkeys(reasons)))
