"""The simulator's first start: the demo population's IOM cases, written in IOM's native form.

Every person of ``agency_people("iom")`` gets a case under their IOM id, with what the demo
population knows (names as recorded, JMBG, documents, family, return, needs) and what only
IOM's system would hold, drawn from a generator seeded by the family (``seed`` and the
principal applicant's case id), so the same seed gives the same cases: the programme, the
flight, vulnerability screening, the reintegration plan (``plan``), counselling and surveys.
"""

import datetime as dt
import random
from dataclasses import dataclass

from adapters.base import to_latin
from adapters.iom.codes import CaseStatusCode, EducationCode, VulnerabilityCode
from adapters.iom.mapping import needs_to_native
from adapters.iom.native import Beneficiary, ContactDetails, FamilyMember, IomCase
from adapters.iom.people import beneficiary_to_native, document_to_native, relative_to_native
from adapters.iom.places import country_alpha_3, destination
from adapters.iom.simulator.plan import counselling, reintegration_plan, survey
from adapters.simulation import AgencyPerson, DocumentStore, agency_people
from gateway.schema.agency import PersonIdentity, RelatedPerson
from gateway.schema.person import AgencyIdentifier

CASES = "cases"
PROGRAMMES = ("National AVRR", "EU Reintegration Programme")
PROGRAMMES_BY_COUNTRY = {"DE": ("REAG/GARP", "EU Reintegration Programme")}
"""Germany funds its own AVRR programme (REAG/GARP), run by IOM."""
DEPARTURE_CITIES = {
    **{"DE": ("Düsseldorf", "Munich", "Frankfurt", "Berlin", "Stuttgart", "Hamburg")},
    **{"SE": ("Stockholm", "Gothenburg", "Malmö"), "FR": ("Paris",), "AT": ("Vienna",)},
    **{"BE": ("Brussels",), "NL": ("Amsterdam",), "CH": ("Zurich", "Geneva", "Basel")},
}
BORDER_CROSSINGS = ("Batrovci border crossing", "Horgoš border crossing")
EDUCATION_WEIGHTS: dict[EducationCode, int] = {
    **{"NONE": 15, "PRIMARY_INCOMPLETE": 30, "PRIMARY": 30, "SECONDARY_VOCATIONAL": 15},
    **{"SECONDARY_GENERAL": 4, "TERTIARY": 2, "UNKNOWN": 4},
}
OCCUPATIONS = (
    *("construction worker", "car mechanic", "cleaner", "seasonal farm worker", "cook"),
    *("hairdresser", "driver", "warehouse worker", "collector of secondary raw materials"),
)
ADULT_AGE, ELDERLY_AGE = 18, 60


@dataclass(frozen=True)
class Journey:
    """What the family shares at IOM: the programme, the case's course and the travel."""

    programme: str
    status: CaseStatusCode
    opened_on: dt.date
    arrival_time: dt.time | None
    arrival_point: str | None


def seed_cases(store: DocumentStore, *, seed: int, households: int) -> int:
    """Write the demo people's cases unless the store has cases; how many were written."""
    if store.count(CASES):
        return 0
    today = dt.date.today()
    people = agency_people("iom", seed=seed, households=households, today=today)
    for person in people:
        store.put(CASES, person.local_id, native_case(person, seed=seed, today=today).to_json())
    return len(people)


def native_case(person: AgencyPerson, *, seed: int, today: dt.date) -> IomCase:
    """One person's case as IOM's system holds it."""
    rng = random.Random(f"{seed}:{person.local_id}")
    journey = _journey(random.Random(f"{seed}:{_principal_case_id(person)}"), person, today)
    trip = person.household.return_event
    flags = _vulnerabilities(rng, person, today)
    # Counselling is for adults; the survey asks the principal applicant about the family.
    adult, head = _age(person, today) >= ADULT_AGE, person.member.relationship == "head"
    return IomCase(
        case_id=person.local_id,
        programme=journey.programme,
        case_status=journey.status,
        opened_on=journey.opened_on,
        return_type="ASSISTED_VOLUNTARY",
        return_country=country_alpha_3(trip.country_from),
        departure_date=trip.return_date,
        arrival_date=trip.return_date,
        arrival_time=journey.arrival_time,
        arrival_point=journey.arrival_point,
        destination=destination(person.household.municipality),
        beneficiary=_beneficiary(rng, person, today),
        contact=_contact(person, today),
        family_composition=_family(person),
        identity_documents=[document_to_native(doc) for doc in person.member.person.documents],
        vulnerabilities=flags,
        medical_assistance_on_arrival=(rng.random() < 0.4) if "MEDICAL" in flags else None,
        reintegration_needs=needs_to_native([need.domain for need in person.household.needs]),
        reintegration_plan=reintegration_plan(rng, person, flags, journey.status, today),
        counselling_sessions=counselling(rng, journey.opened_on, trip.return_date, today)
        if adult
        else [],
        sustainability_survey=survey(rng, trip.return_date, today) if head else None,
        last_updated=dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC),
    )


def _principal_case_id(person: AgencyPerson) -> str:
    return _iom_id(person.household.members[0].person.agency_ids) or person.local_id


def _journey(rng: random.Random, person: AgencyPerson, today: dt.date) -> Journey:
    trip = person.household.return_event
    arrival_time, arrival_point = _arrival(rng, trip.entry_point, trip.country_from)
    return Journey(
        programme=rng.choice(PROGRAMMES_BY_COUNTRY.get(trip.country_from, PROGRAMMES)),
        status=_case_status(rng, (today - trip.return_date).days),
        opened_on=trip.return_date - dt.timedelta(days=rng.randint(21, 120)),
        arrival_time=arrival_time,
        arrival_point=arrival_point,
    )


def _arrival(
    rng: random.Random, entry_point: str, country: str
) -> tuple[dt.time | None, str | None]:
    """Flights land at Belgrade's airport; some families come by bus over a land border."""
    if entry_point == "land_border":
        return None, rng.choice(BORDER_CROSSINGS)
    if entry_point != "other_airport":
        return None, None
    city = rng.choice(DEPARTURE_CITIES.get(country, ("Vienna",)))
    landing = dt.time(rng.randint(7, 22), rng.choice((0, 10, 25, 40, 55)))
    return (
        landing,
        f"Belgrade Nikola Tesla Airport (BEG), flight JU {rng.randint(300, 399)} from {city}",
    )


def _case_status(rng: random.Random, days_since_return: int) -> CaseStatusCode:
    if days_since_return < 60:
        return "OPEN"
    if days_since_return < 365:
        return "ON_HOLD" if rng.random() < 0.1 else "IN_PROGRESS"
    return "CLOSED" if rng.random() < 0.7 else "IN_PROGRESS"


def _beneficiary(rng: random.Random, person: AgencyPerson, today: dt.date) -> Beneficiary:
    recorded = person.member.person
    identity = PersonIdentity(
        given_name=recorded.given_name,
        family_name=recorded.family_name,
        parent_name=recorded.parent_name,
        jmbg=recorded.jmbg,
        birth_date=recorded.birth_date,
        sex=recorded.sex,
    )
    beneficiary = beneficiary_to_native(identity).model_copy(update={"nationality": "SRB"})
    if _age(person, today) < ADULT_AGE:
        return beneficiary
    education = rng.choices(list(EDUCATION_WEIGHTS), list(EDUCATION_WEIGHTS.values()))[0]
    occupation = rng.choice(OCCUPATIONS) if rng.random() < 0.6 else None
    return beneficiary.model_copy(update={"education_level": education, "occupation": occupation})


def _contact(person: AgencyPerson, today: dt.date) -> ContactDetails | None:
    """Adults' phone and the family's address; IOM writes the address in Latin script."""
    if _age(person, today) < ADULT_AGE:
        return None
    phone = person.member.person.contact.phone if person.member.person.contact else None
    address = to_latin(person.household.address) if person.household.address else None
    return ContactDetails(phone_number=phone, address=address) if phone or address else None


def _family(person: AgencyPerson) -> list[FamilyMember]:
    return [
        relative_to_native(
            RelatedPerson(
                given_name=relative.person.given_name,
                family_name=relative.person.family_name,
                relationship=relative.relationship,
                birth_date=relative.person.birth_date,
                local_id=_iom_id(relative.person.agency_ids),
            )
        )
        for relative in person.relatives
    ]


def _iom_id(agency_ids: list[AgencyIdentifier]) -> str | None:
    return next((ids.local_id for ids in agency_ids if ids.agency == "iom"), None)


def _vulnerabilities(
    rng: random.Random, person: AgencyPerson, today: dt.date
) -> list[VulnerabilityCode]:
    """IOM's vulnerability screening before departure."""
    recorded, age = person.member.person, _age(person, today)
    chances: dict[VulnerabilityCode, bool] = {
        "SINGLE_PARENT": _single_parent(person, today),
        "ELDERLY": age >= ELDERLY_AGE,
        "MEDICAL": rng.random() < 0.12,
        "DISABILITY": rng.random() < 0.05,
        "VoT": age >= ADULT_AGE and rng.random() < 0.02,
        "PREGNANT": recorded.sex == "female" and 18 <= age <= 40 and rng.random() < 0.04,
        "UNDOCUMENTED": age >= ADULT_AGE and not _has_identity_document(person),
    }
    return [flag for flag, applies in chances.items() if applies]


def _single_parent(person: AgencyPerson, today: dt.date) -> bool:
    members = person.household.members
    partner = any(member.relationship == "partner" for member in members)
    minors = any(
        m.relationship == "child" and _born(m.person.birth_date, today) < 18 for m in members
    )
    return person.member.relationship == "head" and not partner and minors


def _has_identity_document(person: AgencyPerson) -> bool:
    held = {doc.type for doc in person.member.person.documents if doc.status == "held"}
    return bool(held & {"identity_card", "passport"})


def _age(person: AgencyPerson, today: dt.date) -> int:
    return _born(person.member.person.birth_date, today)


def _born(birth_date: str | None, today: dt.date) -> int:
    """Age in whole years from a possibly partial birth date; unknown counts as adult."""
    if birth_date is None:
        return ADULT_AGE
    born = dt.date.fromisoformat((birth_date + "-01-01")[:10])
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
