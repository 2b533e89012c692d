"""The synthetic households: reproducible, and shaped like the returnees DOMAIN.md describes."""

import datetime as dt
import re
import statistics
import uuid
from collections import Counter

import pytest

from gateway.identity.ages import is_certainly_minor
from gateway.identity.jmbg import parse_jmbg
from gateway.identity.names import is_cyrillic
from gateway.schema.person import PersonCreate
from population import DemoHousehold, generate_population

TODAY = dt.date(2025, 6, 1)
HOUSEHOLDS = 200
EXPECTED_MODALITY_SHARES = {"readmission": 25, "avrr": 53, "spontaneous": 22}
ADULT_RELATIONSHIPS = frozenset({"head", "partner", "parent", "in_law", "sibling"})
LOCAL_ID_FORMATS = {
    "kirs": re.compile(r"KIRS-20\d\d-\d{6}"),
    "iom": re.compile(r"RS-AVRR-20\d\d-\d{4}"),
    "nes": re.compile(r"NSZ-\d{9}"),
    "csw": re.compile(r"СЦР-[a-z-]+-20\d\d-\d{4}"),
}


@pytest.fixture(scope="module")
def population() -> list[DemoHousehold]:
    return generate_population(seed=42, households=HOUSEHOLDS, today=TODAY)


@pytest.fixture(scope="module")
def persons(population: list[DemoHousehold]) -> list[PersonCreate]:
    return [member.person for household in population for member in household.members]


def birth_year(person: PersonCreate) -> int:
    assert person.birth_date is not None
    return int(person.birth_date[:4])


def test_the_same_seed_gives_the_same_population_byte_for_byte() -> None:
    first = generate_population(seed=7, households=40, today=TODAY)
    second = generate_population(seed=7, households=40, today=TODAY)
    assert first == second
    assert repr(first) == repr(second)


def test_different_seeds_give_different_populations() -> None:
    first = generate_population(seed=1, households=20, today=TODAY)
    second = generate_population(seed=2, households=20, today=TODAY)
    assert first != second
    assert [h.head for h in first] != [h.head for h in second]


def test_the_count_of_households_is_the_one_asked_for(population: list[DemoHousehold]) -> None:
    assert len(population) == HOUSEHOLDS
    assert generate_population(seed=3, households=0, today=TODAY) == []


def test_modality_shares_are_near_25_53_22(population: list[DemoHousehold]) -> None:
    counts = Counter(household.return_event.modality for household in population)
    for modality, expected in EXPECTED_MODALITY_SHARES.items():
        share = 100 * counts[modality] / len(population)
        assert abs(share - expected) <= 7, (modality, share)


def test_each_modality_has_its_entry_point_and_agency(population: list[DemoHousehold]) -> None:
    for household in population:
        event = household.return_event
        if event.modality == "readmission":
            assert (event.entry_point, event.registering_agency) == (
                "bel_airport_readmission",
                "kirs",
            )
        elif event.modality == "avrr":
            assert event.registering_agency == "iom"
        else:
            assert event.registering_agency in {"csw", "nes"}
            assert event.entry_point in {"land_border", "other"}


def test_returns_happened_within_three_years(population: list[DemoHousehold]) -> None:
    for household in population:
        returned_on = household.return_event.return_date
        assert TODAY - dt.timedelta(days=3 * 365) <= returned_on < TODAY
        assert returned_on <= household.assessed_on <= TODAY


def test_germany_and_sweden_are_the_two_most_common_countries(
    population: list[DemoHousehold],
) -> None:
    counts = Counter(household.return_event.country_from for household in population)
    assert {country for country, _ in counts.most_common(2)} == {"DE", "SE"}


def test_every_minor_has_a_guardian_who_is_an_adult_parent(
    population: list[DemoHousehold],
) -> None:
    for household in population:
        for member in household.members:
            if not is_certainly_minor(member.person.birth_date, today=TODAY):
                continue
            assert member.guardian_index is not None
            guardian = household.members[member.guardian_index]
            assert guardian.relationship in {"head", "partner"}
            assert not is_certainly_minor(guardian.person.birth_date, today=TODAY)


def test_households_are_mostly_families_with_about_three_children(
    population: list[DemoHousehold],
) -> None:
    children = [sum(m.relationship == "child" for m in h.members) for h in population]
    families = [count for count in children if count]
    assert 0.9 <= len(families) / len(population) <= 0.99
    assert 2.5 <= statistics.mean(families) <= 3.5
    assert max(families) <= 7
    assert all(h.members[0].relationship == "head" for h in population)


def test_most_children_are_minors_and_adults_are_20_to_65(
    population: list[DemoHousehold],
) -> None:
    members = [member for household in population for member in household.members]
    children = [m.person for m in members if m.relationship == "child"]
    minors = sum(is_certainly_minor(child.birth_date, today=TODAY) for child in children)
    assert minors / len(children) > 0.75
    for member in members:
        if member.relationship in ADULT_RELATIONSHIPS:
            assert 19 <= TODAY.year - birth_year(member.person) <= 66


def test_jmbgs_are_valid_unique_and_agree_with_birth_date_and_sex(
    persons: list[PersonCreate],
) -> None:
    jmbgs = [person.jmbg for person in persons if person.jmbg is not None]
    assert len(jmbgs) == len(set(jmbgs))
    for person in persons:
        if person.jmbg is not None:
            facts = parse_jmbg(person.jmbg)
            assert facts.birth_date.isoformat() == person.birth_date
            assert facts.sex == person.sex


def test_most_adults_and_fewer_children_have_a_jmbg(persons: list[PersonCreate]) -> None:
    minors = [p for p in persons if is_certainly_minor(p.birth_date, today=TODAY)]
    adults = [p for p in persons if not is_certainly_minor(p.birth_date, today=TODAY)]
    assert 0.65 <= sum(p.jmbg is not None for p in adults) / len(adults) <= 0.85
    assert 0.3 <= sum(p.jmbg is not None for p in minors) / len(minors) <= 0.5


def test_persons_without_jmbg_have_a_birth_date_some_only_a_year(
    persons: list[PersonCreate],
) -> None:
    without = [person for person in persons if person.jmbg is None]
    assert all(person.birth_date is not None for person in without)
    assert any(person.birth_date is not None and len(person.birth_date) == 4 for person in without)


def test_names_are_in_both_scripts(persons: list[PersonCreate]) -> None:
    cyrillic = sum(is_cyrillic(person.family_name) for person in persons)
    assert 0.3 <= cyrillic / len(persons) <= 0.7


def test_agency_ids_are_unique_per_agency_and_well_formed(persons: list[PersonCreate]) -> None:
    pairs = [(i.agency, i.local_id) for person in persons for i in person.agency_ids]
    assert len(pairs) == len(set(pairs))
    assert {agency for agency, _ in pairs} == set(LOCAL_ID_FORMATS)
    for agency, local_id in pairs:
        assert LOCAL_ID_FORMATS[agency].fullmatch(local_id), local_id


def test_readmitted_persons_have_kirs_ids_and_avrr_ones_iom_ids(
    population: list[DemoHousehold],
) -> None:
    expected = {"readmission": "kirs", "avrr": "iom"}
    for household in population:
        agency = expected.get(household.return_event.modality)
        for member in household.members:
            agencies = {identifier.agency for identifier in member.person.agency_ids}
            assert (agency in agencies) if agency else not agencies & {"kirs", "iom"}


def test_some_children_speak_the_language_of_the_country_they_left(
    persons: list[PersonCreate],
) -> None:
    children = [p for p in persons if is_certainly_minor(p.birth_date, today=TODAY)]
    assert sum(bool({"de", "sv"} & set(child.languages)) for child in children) >= 20


def test_many_lack_documents_and_some_adults_have_a_phone(persons: list[PersonCreate]) -> None:
    missing = [p for p in persons if any(d.status == "missing" for d in p.documents)]
    assert len(missing) / len(persons) > 0.4
    phones = [p.contact.phone for p in persons if p.contact is not None]
    assert phones
    assert all(phone is not None and phone.startswith("+381 6") for phone in phones)


def test_municipalities_lean_to_the_big_cities(population: list[DemoHousehold]) -> None:
    municipalities = Counter(household.municipality for household in population)
    belgrade = sum(n for code, n in municipalities.items() if code.startswith("beograd-"))
    assert belgrade / len(population) > 0.2
    without_address = sum(household.no_fixed_address for household in population)
    assert 0 < without_address / len(population) <= 0.12
    assert all((h.address is None) == h.no_fixed_address for h in population)


def test_housing_employment_and_documentation_are_the_commonest_needs(
    population: list[DemoHousehold],
) -> None:
    domains = Counter(need.domain for household in population for need in household.needs)
    assert {domain for domain, _ in domains.most_common(3)} == {
        "housing",
        "employment",
        "documentation",
    }


def test_each_household_builds_a_valid_household_and_records(
    population: list[DemoHousehold],
) -> None:
    for household in population:
        person_ids = [uuid.uuid4() for _ in household.members]
        created = household.household_create(person_ids)
        household_id = uuid.uuid4()
        assert len(created.members) == len(household.members)
        assert household.return_event.event_for(household_id).household_id == household_id
        assert household.needs_assessment_for(household_id).needs
