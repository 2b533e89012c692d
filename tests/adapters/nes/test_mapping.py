"""Round trips between the common record and NES's job seeker, and where each fact lands."""

import datetime as dt
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.nes import codes
from adapters.nes.mapping import from_native, to_native
from adapters.nes.native import LiceKojeTraziZaposlenje, StatusLica, TeskoZaposljivi
from gateway.codelists import code_list
from gateway.identity.jmbg import make_jmbg
from gateway.identity.names import to_cyrillic
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
from population.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES

T = TypeVar("T")
TODAY = dt.date.today()
LATIN = "ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽabcčćdđefghijklmnoprsštuvzž"
CYRILLIC = "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШабвгдђежзијклљмнњопрстћуфхцчџш"
KNOWN_NAMES = (*FAMILY_NAMES, *MALE_GIVEN_NAMES, *FEMALE_GIVEN_NAMES)

names = st.one_of(
    st.sampled_from(KNOWN_NAMES),
    st.sampled_from(KNOWN_NAMES).map(to_cyrillic),
    st.text(alphabet=LATIN, min_size=1, max_size=30),
    st.text(alphabet=CYRILLIC, min_size=1, max_size=30),
)
texts = st.text(alphabet=LATIN + CYRILLIC + " -,0123456789", min_size=1, max_size=60).filter(
    str.strip
)
past_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
any_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def partial_dates() -> st.SearchStrategy[str]:
    return past_dates.flatmap(
        lambda day: st.sampled_from([day.isoformat(), f"{day.year:04d}", f"{day:%Y-%m}"])
    )


def _jmbg(parts: tuple[dt.date, str, int]) -> str | None:
    try:
        return make_jmbg(*parts)
    except ValueError:
        return None


jmbgs = (
    st.tuples(
        st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
        st.sampled_from(["70", "71", "73", "80", "91"]),
        st.integers(0, 999),
    )
    .map(_jmbg)
    .filter(lambda value: value is not None)
)

identities = st.builds(
    PersonIdentity,
    given_name=names,
    family_name=names,
    parent_name=optional(names),
    jmbg=optional(jmbgs),
    birth_date=optional(partial_dates()),
    sex=optional(st.sampled_from(["male", "female"])),
    birth_place=optional(texts),
)
contacts = st.builds(
    Contact,
    phone=optional(st.from_regex(r"\+381 6[0-9] [0-9]{3} [0-9]{3,4}", fullmatch=True)),
    email=optional(st.from_regex(r"[a-z]{1,10}\.[a-z]{1,10}@example\.rs", fullmatch=True)),
    address=optional(texts),
).filter(lambda contact: contact != Contact())
documents = st.builds(
    IdentityDocument,
    type=st.sampled_from(sorted(codes.DOCUMENT.to_common.values())),
    status=st.sampled_from(["held", "missing", "expired"]),
    number=optional(st.from_regex(r"[0-9]{6,12}", fullmatch=True)),
)
receptions = st.builds(
    Reception,
    modality=optional(st.sampled_from(code_list("return_modalities").codes())),
    country_from=optional(st.sampled_from(["DE", "SE", "FR", "AT", "CH"])),
)
measures = st.builds(
    MeasureEnrolment,
    measure=st.sampled_from(code_list("labour_measures").codes()),
    status=st.sampled_from(["planned", "enrolled", "completed", "dropped"]),
    start_date=optional(any_dates),
    end_date=optional(any_dates),
)
employment_profiles = st.builds(
    EmploymentProfile,
    register_status=st.sampled_from(code_list("employment_register_statuses").codes()),
    registered_on=optional(past_dates),
    education_level=optional(st.sampled_from(code_list("education_levels").codes())),
    occupation=optional(texts),
    work_experience_months=optional(st.integers(0, 900)),
    employment_plan_agreed_on=optional(past_dates),
    hard_to_employ=optional(st.booleans()),
    measures=st.lists(measures, max_size=4),
)


@st.composite
def records(draw: st.DrawFn) -> AgencyPersonRecord:
    """Common records of what NES can hold: grounds only for those marked hard to employ."""
    employment = draw(optional(employment_profiles))
    marked = employment is not None and employment.hard_to_employ is True
    grounds = ["single_parent", "victim_of_trafficking"]
    return AgencyPersonRecord(
        agency="nes",
        local_id=draw(st.from_regex(r"NSZ-[0-9]{9}", fullmatch=True)),
        identity=draw(identities),
        contact=draw(optional(contacts)),
        documents=draw(optional(st.lists(documents, min_size=1, max_size=4))),
        reception=draw(optional(receptions)),
        employment=employment,
        vulnerabilities=draw(optional(st.lists(st.sampled_from(grounds), min_size=1, unique=True)))
        if marked
        else None,
        health=draw(optional(st.just(HealthInformation(vulnerabilities=["medical_condition"]))))
        if marked
        else None,
        disability=draw(optional(st.just(DisabilityInformation(has_disability=True))))
        if marked
        else None,
    )


@given(records())
def test_common_to_native_and_back_keeps_every_mapped_field(record: AgencyPersonRecord) -> None:
    assert from_native(to_native(record)) == record


@given(records())
def test_the_round_trip_survives_the_wire(record: AgencyPersonRecord) -> None:
    wire = to_native(record).model_dump_json()
    assert from_native(LiceKojeTraziZaposlenje.model_validate_json(wire)) == record


@given(identities)
def test_names_in_either_script_and_dates_pass_unchanged(identity: PersonIdentity) -> None:
    record = AgencyPersonRecord(agency="nes", local_id="NSZ-000000001", identity=identity)
    native = to_native(record)
    assert (native.ime, native.prezime) == (identity.given_name, identity.family_name)
    assert native.datum_rodjenja == identity.birth_date
    assert from_native(native).identity == identity


@given(st.lists(st.sampled_from(sorted(codes.HARD_TO_EMPLOY_REASON.labels)), max_size=12))
def test_special_categories_land_only_in_their_sections(grounds: list[str]) -> None:
    record = from_native(job_seeker(tesko_zaposljivi=TeskoZaposljivi(oznaka=True, razlozi=grounds)))
    assert not {"medical_condition", "disability"} & set(record.vulnerabilities or [])
    assert (record.health is not None) == ("zdravstveno_stanje" in grounds)
    assert (record.disability is not None) == ("invaliditet" in grounds)
    assert "roma" not in record.model_dump_json()


def job_seeker(**fields: object) -> LiceKojeTraziZaposlenje:
    base = {"evidencioni_broj": "NSZ-000000001", "ime": "Marko", "prezime": "Ilić"}
    return LiceKojeTraziZaposlenje.model_validate(base | fields)


def test_a_removed_job_seeker_is_removed_whatever_the_category() -> None:
    native = job_seeker(kategorija_evidencije="nezaposlen", status=StatusLica(aktivan=False))
    employment = from_native(native).employment
    assert employment is not None
    assert employment.register_status == "removed"


def test_unmapped_measures_are_dropped_and_mapped_ones_kept() -> None:
    measures = [{"sifraMere": "OSI", "status": "u_toku"}, {"sifraMere": "JR", "status": "u_toku"}]
    employment = from_native(job_seeker(mere=measures)).employment
    assert employment is not None
    assert [enrolment.measure for enrolment in employment.measures] == ["public_works"]


def test_a_person_without_employment_facts_has_no_employment_section() -> None:
    record = from_native(job_seeker())
    assert (record.employment, record.reception, record.contact, record.documents) == (
        None,
        None,
        None,
        None,
    )


def test_a_returnee_without_details_has_an_empty_reception() -> None:
    assert from_native(job_seeker(status=StatusLica(povratnik=True))).reception == Reception()


def test_a_record_without_identity_cannot_be_written_for_nes() -> None:
    with pytest.raises(ValueError, match="without a name"):
        to_native(AgencyPersonRecord(agency="nes", local_id="NSZ-000000001"))


def test_vulnerabilities_nes_has_no_ground_for_are_left_out() -> None:
    record = AgencyPersonRecord(
        agency="nes",
        local_id="NSZ-000000001",
        identity=PersonIdentity(given_name="Ana", family_name="Kostić"),
        vulnerabilities=["elderly", "single_parent"],
    )
    native = to_native(record)
    assert native.tesko_zaposljivi == TeskoZaposljivi(
        oznaka=True, razlozi=["roditelj_samohranitelj"]
    )
