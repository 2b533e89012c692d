# ruff: noqa: RUF001 - Serbian Cyrillic words spelt only with letters that look Latin
"""The reception records the simulated Readmission Office holds: the demo people it received.

``agency_people("kirs")`` gives the people of the gateway's demo population who carry a KIRS
reception number, with their household and return. Each becomes the ``PrijemOsobe`` a clerk at
the airport would have written: the same names (in the household's script) and numbers the
gateway's demo data holds, plus what only KIRS knows, drawn from a generator seeded by the
household or the person so every start writes the same records: the time of arrival, the
flight, travel-sheet numbers, urgent needs, vulnerabilities and the office's own referrals.
"""

import dataclasses
import datetime as dt
import random

from adapters.kirs.codes import COUNTRIES, gendered_relationship
from adapters.kirs.dates import BELGRADE
from adapters.kirs.mapping import to_native
from adapters.kirs.native import PrijemOsobe, Upucivanje
from adapters.simulation import AgencyPerson, agency_people
from gateway.schema.agency import (
    AgencyPersonRecord,
    DisabilityInformation,
    HealthInformation,
    PersonIdentity,
    Reception,
    RelatedPerson,
)
from gateway.schema.person import Contact, IdentityDocument
from population import DemoMember

FLIGHTS = {
    **{"DE": ("JU 331", "JU 351", "LH 1722", "EW 9740"), "SE": ("JU 371", "SK 1771")},
    **{"FR": ("JU 361", "AF 1582"), "AT": ("OS 737", "JU 381"), "BE": ("JU 311", "SN 2921")},
    **{"NL": ("JU 391", "KL 1991"), "CH": ("JU 341", "LX 1410")},
}
"""Flights into Belgrade the readmitted arrive on, by the state they are returned from."""
BIRTH_PLACES = {
    **{"71": "Београд", "72": "Крагујевац", "73": "Ниш", "74": "Лесковац", "75": "Зајечар"},
    **{"76": "Пожаревац", "77": "Шабац", "78": "Краљево", "79": "Ужице", "80": "Нови Сад"},
    **{"81": "Сомбор", "82": "Суботица", "83": "Врбас", "84": "Кикинда", "85": "Зрењанин"},
    **{"86": "Панчево", "87": "Вршац", "88": "Рума", "89": "Сремска Митровица"},
    **{"91": "Приштина", "92": "Косовска Митровица", "93": "Пећ", "94": "Ђаковица"},
    **{"95": "Призрен", "96": "Гњилане"},
}
"""The birth place a clerk writes for a JMBG's registration region."""
REFERRED_TO = {
    **{"housing": "повереник за избеглице и миграције", "health": "дом здравља"},
    **{"social_protection": "центар за социјални рад", "education": "школа"},
    **{"employment": "Национална служба за запошљавање", "documentation": "полицијска управа"},
    "psychosocial": "центар за социјални рад",
}
"""Where the office refers a family at reception, by urgent need (legal aid: NGOs, not here)."""
URGENT = frozenset({"high", "critical"})
CHRONIC_ILLNESS_SHARE = 0.1
DISABILITY_SHARE = 0.04
TRANSPORT_SHARE = 0.5


def seeded_receptions(*, seed: int, households: int) -> list[PrijemOsobe]:
    """The reception record of every demo person KIRS received."""
    people = agency_people("kirs", seed=seed, households=households)
    return [reception_of(person, seed) for person in people]


def reception_of(person: AgencyPerson, seed: int) -> PrijemOsobe:
    """The reception record of one demo person, as the office writes it."""
    household = random.Random(f"{seed}/{_kirs_id(person.household.members[0])}")
    personal = random.Random(f"{seed}/{person.local_id}")
    prijem = to_native(common_record(person, household, personal))
    return _native_details(prijem, person, household)


def common_record(
    person: AgencyPerson, household: random.Random, personal: random.Random
) -> AgencyPersonRecord:
    """What KIRS holds about the person, in the common schema."""
    member = person.member.person
    travel_sheet = _travel_sheet(person, personal)
    vulnerabilities, health, disability = _vulnerabilities(person, personal)
    return AgencyPersonRecord(
        agency="kirs",
        local_id=person.local_id,
        identity=PersonIdentity(
            **member.model_dump(include={"given_name", "family_name", "parent_name", "jmbg"}),
            birth_date=member.birth_date,
            sex=member.sex,
            birth_place=_birth_place(member.jmbg, person.household.return_event.country_from),
        ),
        contact=_contact(person),
        household=[_relative(other) for other in person.relatives],
        documents=_documents(person, travel_sheet),
        reception=_reception(person, household, travel_sheet),
        needs=[need for need in _urgent_needs(person) if need != "health"] or None,
        vulnerabilities=vulnerabilities,
        health=health,
        disability=disability,
    )


def _kirs_id(member: DemoMember) -> str:
    return next(i.local_id for i in member.person.agency_ids if i.agency == "kirs")


def _birth_place(jmbg: str | None, country_from: str) -> str | None:
    if jmbg is None:
        return None
    region = jmbg[7:9]
    if region == "70":  # registered at a consulate: born in the state the family lived in
        return next(name for name, code in COUNTRIES.to_common.items() if code == country_from)
    return BIRTH_PLACES.get(region)


def _contact(person: AgencyPerson) -> Contact | None:
    contact = person.member.person.contact
    phone = contact.phone if contact is not None else None
    if phone is None and person.household.address is None:
        return None
    return Contact(phone=phone, address=person.household.address)


def _relative(other: DemoMember) -> RelatedPerson:
    return RelatedPerson(
        given_name=other.person.given_name,
        family_name=other.person.family_name,
        relationship=other.relationship,
        birth_date=other.person.birth_date,
        local_id=_kirs_id(other),
    )


def _travel_sheet(person: AgencyPerson, personal: random.Random) -> str | None:
    """The number of the travel sheet the consulate issued, for those who hold one."""
    documents = person.member.person.documents
    if not any(d.type == "travel_sheet" and d.status == "held" for d in documents):
        return None
    trip = person.household.return_event
    return f"PL-{trip.country_from}-{trip.return_date.year}-{personal.randint(1, 99999):05d}"


def _documents(person: AgencyPerson, travel_sheet: str | None) -> list[IdentityDocument]:
    return [
        document.model_copy(update={"number": travel_sheet})
        if document.type == "travel_sheet"
        else document
        for document in person.member.person.documents
    ]


def _reception(
    person: AgencyPerson, household: random.Random, travel_sheet: str | None
) -> Reception:
    trip = person.household.return_event
    arrival = dt.time(household.randint(6, 22), household.randint(0, 59))
    return Reception(
        received_at=dt.datetime.combine(trip.return_date, arrival, tzinfo=BELGRADE),
        modality=trip.modality,
        country_from=trip.country_from,
        arrival=household.choice(FLIGHTS[trip.country_from]),
        travel_sheet_number=travel_sheet,
        intended_municipality=person.household.municipality,
    )


def _urgent_needs(person: AgencyPerson) -> list[str]:
    return [need.domain for need in person.household.needs if need.severity in URGENT]


def _vulnerabilities(
    person: AgencyPerson, personal: random.Random
) -> tuple[list[str] | None, HealthInformation | None, DisabilityInformation | None]:
    """Vulnerabilities, and apart from them the health and disability the clerk recorded."""
    member = person.member
    age = _age(member.person.birth_date)
    marks = [
        *(["single_parent"] if member.relationship == "head" and _lone(person) else []),
        *(["elderly"] if age >= 65 else []),
        *(["no_documents"] if age >= 18 and not _holds_identity_document(person) else []),
    ]
    chronic = age >= 18 and personal.random() < CHRONIC_ILLNESS_SHARE
    disabled = personal.random() < DISABILITY_SHARE
    urgent = member.relationship == "head" and "health" in _urgent_needs(person)
    health = HealthInformation(
        vulnerabilities=["medical_condition"] if chronic else [],
        urgent_medical_need=True if urgent else None,
    )
    disability = DisabilityInformation(has_disability=True) if disabled else None
    return marks or None, health if chronic or urgent else None, disability


def _age(birth_date: str | None) -> int:
    """Completed years today, from a possibly partial birth date."""
    if birth_date is None:
        return 0
    today = dt.date.today()
    if len(birth_date) < 10:
        return today.year - int(birth_date[:4])
    born = dt.date.fromisoformat(birth_date)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _lone(person: AgencyPerson) -> bool:
    """A head of household with children and no partner."""
    relationships = {member.relationship for member in person.household.members}
    return "child" in relationships and "partner" not in relationships


def _holds_identity_document(person: AgencyPerson) -> bool:
    return any(
        document.type in ("identity_card", "passport") and document.status == "held"
        for document in person.member.person.documents
    )


def _native_details(
    prijem: PrijemOsobe, person: AgencyPerson, household: random.Random
) -> PrijemOsobe:
    """What the common record cannot say: gendered kinship words, the office's referrals..."""
    head_sex = person.household.head.sex or ""
    members = tuple(
        dataclasses.replace(
            native,
            srodstvo=gendered_relationship(other.relationship, other.person.sex or "", head_sex),
        )
        for native, other in zip(prijem.clanovi_porodice or (), person.relatives, strict=True)
    )
    return dataclasses.replace(
        prijem,
        clanovi_porodice=members,
        hitne_potrebe=_with_transport(prijem.hitne_potrebe, person, household),
        ranjivosti=_with_statelessness_risk(prijem.ranjivosti, person),
        upucivanja=_referrals_made(prijem, person),
    )


def _kinship(relative: DemoMember, head_sex: str) -> str:
    return gendered_relationship(relative.relationship, relative.person.sex or "", head_sex)


def _with_transport(
    needs: tuple[str, ...] | None, person: AgencyPerson, household: random.Random
) -> tuple[str, ...] | None:
    """Families going on beyond Belgrade often need a ride to where they will stay."""
    far = not person.household.municipality.startswith("beograd")
    if far and household.random() < TRANSPORT_SHARE:
        return (*(needs or ()), "превоз до места боравка")
    return needs


def _with_statelessness_risk(
    marks: tuple[str, ...] | None, person: AgencyPerson
) -> tuple[str, ...] | None:
    """A child with neither a JMBG nor a birth certificate risks being stateless."""
    member = person.member.person
    unregistered = member.jmbg is None and not any(
        document.type == "birth_certificate" and document.status == "held"
        for document in member.documents
    )
    if _age(member.birth_date) < 18 and unregistered:
        return (*(marks or ()), "ризик од апатридије")
    return marks


def _referrals_made(prijem: PrijemOsobe, person: AgencyPerson) -> tuple[Upucivanje, ...] | None:
    """The office refers the family, through its head, for each urgent need."""
    if person.member.relationship != "head":
        return None
    day = prijem.datum_prijema.partition(" ")[0]
    institutions = dict.fromkeys(
        REFERRED_TO[need] for need in _urgent_needs(person) if need in REFERRED_TO
    )
    return tuple(Upucivanje(ustanova=name, datum=day) for name in institutions) or None
