"""How the NES simulator writes the demo people into its register as job seekers.

Each demo person with an NES id becomes a ``LiceKojeTraziZaposlenje`` in NES's own words:
identity and contact as the demo recorded them, documents NES asks for, the return, and what
an employment counsellor would add: education level, occupation, work experience, register
category, the individual employment plan, measures and the grounds of hard-to-employ status.
The additions are drawn from a ``random.Random`` seeded with the simulator's seed and the
registration number, so the same seed always gives the same register. The shares are
plausible for returnees (mostly primary education or less), not statistics.
"""

import datetime as dt
import random

from adapters.base import code_list, is_cyrillic
from adapters.nes import codes
from adapters.nes.native import (
    Dokument,
    IndividualniPlan,
    LiceKojeTraziZaposlenje,
    Mera,
    StatusLica,
    TeskoZaposljivi,
)
from adapters.nes.referral_mapping import municipality
from adapters.simulation import AgencyPerson
from gateway.schema.person import PersonCreate
from population.returns import weighted

EDUCATION_WEIGHTS = {
    **{"bez_skole": 12, "nezavrsena_osnovna": 28, "I": 27, "II": 6, "III": 15, "IV": 6},
    **{"IV_gimnazija": 2, "V": 1, "VI-2": 1, "VII-1": 1, "nepoznato": 1},
}
LOW_EDUCATION = frozenset({"bez_skole", "nezavrsena_osnovna", "I", "nepoznato"})
OCCUPATIONS = {
    "low": (
        *("Bez zanimanja", "Pomoćni radnik", "Pomoćni građevinski radnik", "Higijeničar"),
        *("Sezonski poljoprivredni radnik", "Sakupljač sekundarnih sirovina", "Perač vozila"),
    ),
    "skilled": ("Zidar", "Frizer", "Kuvar", "Vozač", "Bravar", "Prodavac", "Krojač", "Moler"),
    "secondary": ("Ekonomski tehničar", "Mašinski tehničar", "Medicinska sestra - tehničar"),
    "higher": ("Diplomirani ekonomista", "Profesor razredne nastave", "Inženjer informatike"),
}
_OCCUPATION_GROUPS = {"II": "skilled", "III": "skilled", "IV": "secondary", "V": "skilled"}
_OCCUPATION_GROUPS |= {"IV_gimnazija": "secondary", "VI-2": "higher", "VII-1": "higher"}
CATEGORY_WEIGHTS = {"nezaposlen": 88, "zaposlen_trazi_promenu": 5, "drugo_lice": 7}
ACTIVE_SHARE = 0.9
PLAN_SHARE = 0.8
MEASURE_COUNT_WEIGHTS = {0: 30, 1: 35, 2: 25, 3: 10}
MEASURE_WEIGHTS = {
    **{"SAV": 10, "KTP": 14, "ATP": 14, "OTR": 10, "OZP": 3, "PRAK": 2, "FOO": 10},
    **{"SAMZ": 5, "SZAP": 6, "JR": 12, "SAJAM": 8},
}
MEASURE_DAYS = {"SAV": 1, "KTP": 10, "ATP": 2, "OTR": 90, "OZP": 60, "PRAK": 365, "FOO": 180}
MEASURE_DAYS |= {"SAMZ": 365, "SZAP": 365, "JR": 120, "SAJAM": 1, "OSI": 365}
COUNSELLORS = ("Marija Petrović", "Jelena Nikolić", "Dragan Ilić", "Snežana Kostić")
GROUND_SHARES = {"zdravstveno_stanje": 0.06, "invaliditet": 0.04, "zrtva_trgovine_ljudima": 0.01}
GROUND_SHARES |= {"korisnik_nsp": 0.25, "roma": 0.6}
"""Chances of grounds the demo data does not decide; ``roma`` only for Romani speakers, who
may declare themselves Roma (self-declared, never inferred from a name)."""


def job_seeker(person: AgencyPerson, *, seed: int, today: dt.date) -> LiceKojeTraziZaposlenje:
    """The register's entry for a demo person, the same for the same seed and day."""
    rng = random.Random(f"nes:{seed}:{person.local_id}")
    demo = person.member.person
    registered_on = _registered_on(rng, person, today)
    education = weighted(rng, EDUCATION_WEIGHTS)
    plan = _plan(rng, registered_on, today)
    return LiceKojeTraziZaposlenje(
        **_identity(rng, demo),
        **_residence(person),
        evidencioni_broj=person.local_id,
        telefon=demo.contact.phone if demo.contact else None,
        stepen_obrazovanja=education,
        zanimanje=rng.choice(OCCUPATIONS[_OCCUPATION_GROUPS.get(education, "low")]),
        radni_staz_meseci=0 if rng.random() < 0.4 else rng.randint(1, 180),
        kategorija_evidencije=weighted(rng, CATEGORY_WEIGHTS),
        status=_status(rng, person, registered_on),
        individualni_plan_zaposljavanja=plan,
        mere=_measures(rng, education, plan.datum_zakljucenja if plan else registered_on, today),
        tesko_zaposljivi=_hard_to_employ(rng, person, education, registered_on, today),
        dokumenti=_documents(rng, demo, education),
    )


def _identity(rng: random.Random, demo: PersonCreate) -> dict[str, object]:
    return {
        "jmbg": demo.jmbg,
        "ime": demo.given_name,
        "prezime": demo.family_name,
        "ime_roditelja": demo.parent_name,
        "pol": None if demo.sex is None else codes.SEX.native(demo.sex),
        "datum_rodjenja": demo.birth_date,
        "mesto_rodjenja": _birth_place(rng, demo),
    }


def _birth_place(rng: random.Random, demo: PersonCreate) -> str | None:
    if demo.municipality is None or rng.random() < 0.4:
        return None
    return code_list("municipalities").get(demo.municipality).label("sr-Latn")


def _residence(person: AgencyPerson) -> dict[str, object]:
    """Address written as the household's is (street, place), the municipality and branch."""
    household = person.household
    entry = code_list("municipalities").get(household.municipality)
    place = ""
    if household.address is not None:
        script = "sr-Cyrl" if is_cyrillic(household.address) else "sr-Latn"
        place = f"{household.address}, {entry.label(script)}"
    return {
        "adresa": place or None,
        "opstina": municipality(household.municipality),
        "filijala": _branch(entry.extra.get("parent") or household.municipality),
    }


def _branch(city: str) -> str:
    if city == "beograd":
        return "Filijala za grad Beograd"
    return f"Filijala {code_list('municipalities').get(city).label('sr-Latn')}"


def _registered_on(rng: random.Random, person: AgencyPerson, today: dt.date) -> dt.date:
    returned_on = person.household.return_event.return_date
    return min(today, returned_on + dt.timedelta(days=rng.randint(3, 90)))


def _status(rng: random.Random, person: AgencyPerson, registered_on: dt.date) -> StatusLica:
    trip = person.household.return_event
    return StatusLica(
        aktivan=rng.random() < ACTIVE_SHARE,
        datum_prijave=registered_on,
        povratnik=True,
        vrsta_povratka=codes.RETURN_KIND.native(trip.modality),
        drzava_povratka=trip.country_from,
    )


def _plan(rng: random.Random, registered_on: dt.date, today: dt.date) -> IndividualniPlan | None:
    if rng.random() >= PLAN_SHARE:
        return None
    agreed_on = min(today, registered_on + dt.timedelta(days=rng.randint(7, 60)))
    return IndividualniPlan(
        datum_zakljucenja=agreed_on,
        datum_revizije=agreed_on + dt.timedelta(days=182),
        savetnik=rng.choice(COUNSELLORS),
    )


def _measures(rng: random.Random, education: str, since: dt.date, today: dt.date) -> list[Mera]:
    weights = dict(MEASURE_WEIGHTS)
    if education not in LOW_EDUCATION:
        del weights["FOO"]  # adult primary education is for those without primary school
    counts = list(MEASURE_COUNT_WEIGHTS)
    count = rng.choices(counts, weights=[MEASURE_COUNT_WEIGHTS[n] for n in counts])[0]
    chosen: list[str] = []
    for _ in range(count):
        code = weighted(rng, {c: w for c, w in weights.items() if c not in chosen})
        chosen.append(code)
    return [_measure(rng, code, since, today) for code in chosen]


def _measure(rng: random.Random, code: str, since: dt.date, today: dt.date) -> Mera:
    start = since + dt.timedelta(days=rng.randint(0, 240))
    end = start + dt.timedelta(days=MEASURE_DAYS[code])
    if start > today:
        return Mera(sifra_mere=code, status="planirana", datum_od=start, datum_do=end)
    if end > today:
        return Mera(sifra_mere=code, status="u_toku", datum_od=start, datum_do=end)
    if rng.random() < 0.15:
        left_on = start + (end - start) * rng.random() / 2
        return Mera(sifra_mere=code, status="prekinuta", datum_od=start, datum_do=left_on)
    return Mera(sifra_mere=code, status="zavrsena", datum_od=start, datum_do=end)


def _hard_to_employ(
    rng: random.Random, person: AgencyPerson, education: str, since: dt.date, today: dt.date
) -> TeskoZaposljivi:
    demo = person.member.person
    age = today.year - int((demo.birth_date or str(today.year - 35))[:4])
    facts = {
        "dugorocno_nezaposlen": (today - since).days > 365,
        "mladi_do_30": age < 30,
        "stariji_od_50": age >= 50,
        "bez_kvalifikacija": education in LOW_EDUCATION,
        "povratnik_readmisija": person.household.return_event.modality == "readmission",
        "roditelj_samohranitelj": _single_parent(person),
        "izbeglo_raseljeno": demo.idp,
        "roma": "rom" in demo.languages,
    }
    drawn = {ground: rng.random() < share for ground, share in GROUND_SHARES.items()}
    holds = facts | {ground: chance and facts.get(ground, True) for ground, chance in drawn.items()}
    grounds = [ground for ground in codes.HARD_TO_EMPLOY_REASON.labels if holds[ground]]
    return TeskoZaposljivi(oznaka=bool(grounds), razlozi=grounds)


def _single_parent(person: AgencyPerson) -> bool:
    relationships = {other.relationship for other in person.relatives}
    is_head = person.member.relationship == "head"
    return is_head and "partner" not in relationships and "child" in relationships


def _documents(rng: random.Random, demo: PersonCreate, education: str) -> list[Dokument]:
    documents = [
        Dokument(vrsta=vrsta, stanje=codes.DOCUMENT_STATE.written(document.status))
        for document in demo.documents
        if (vrsta := codes.DOCUMENT.native(document.type)) is not None
    ]
    if education not in LOW_EDUCATION and rng.random() < 0.7:
        documents.append(Dokument(vrsta="diploma", stanje="poseduje"))
    return documents
