"""Round trips: a record in the common schema survives CSW's native format and back.

The strategies build records in the canonical form the mapping module documents: a CSW case
always has a holder and a centre, empty lists are None (the household excepted), and disability
sections are ones CSW can express.
"""

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.csw.codes import NEEDS, PRIORITIES
from adapters.csw.mapping import from_native, identity_from_native, to_native
from adapters.csw.native import Predmet, Uput
from adapters.csw.referral_mapping import referral_to_native
from gateway.codelists import code_list
from gateway.identity.jmbg import make_jmbg
from gateway.schema.agency import (
    AgencyPersonRecord,
    BenefitDecision,
    DisabilityInformation,
    HealthInformation,
    PersonIdentity,
    Reception,
    ReferralDelivery,
    RelatedPerson,
    SocialCase,
)
from gateway.schema.person import Contact, IdentityDocument

CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
LATIN = "abcčćdđefghijklmnoprsštuvzž"
SPECIAL = {"medical_condition", "disability"}
NOT_IN_CASE = {"care_allowance", "child_allowance"}
"""Benefits that never sit in a CSW case's decisions: one is a disability fact, one municipal."""
TODAY = dt.date.today()
EXAMPLES = settings(max_examples=60, deadline=None, database=None)


def codes(name: str, *, without: set[str] | None = None) -> st.SearchStrategy[str]:
    return st.sampled_from([c for c in code_list(name).codes() if c not in (without or set())])


def word(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=10).map(str.capitalize)


names = st.one_of(word(CYRILLIC), word(LATIN)) | st.builds(
    lambda first, second: f"{first}-{second}", word(LATIN), word(LATIN)
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)
birth_dates = st.dates(min_value=dt.date(1920, 1, 1), max_value=TODAY)
partial_dates = st.one_of(
    birth_dates.map(dt.date.isoformat),
    birth_dates.map(lambda day: day.isoformat()[:7]),
    birth_dates.map(lambda day: str(day.year)),
)
money = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2)


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


@st.composite
def jmbgs(draw: st.DrawFn) -> str:
    born = draw(birth_dates)
    serial = draw(st.integers(min_value=0, max_value=999))
    region = draw(st.sampled_from(["70", "71", "73", "80", "91"]))
    try:
        return make_jmbg(born, region, serial)
    except ValueError:  # no valid check digit for this serial
        return make_jmbg(dt.date(1990, 1, 1), "71", 4)


identities = st.builds(
    PersonIdentity,
    given_name=names,
    family_name=names,
    parent_name=optional(names),
    jmbg=optional(jmbgs()),
    birth_date=optional(partial_dates),
    sex=optional(codes("sexes")),
    birth_place=optional(st.sampled_from(["Земун", "Vranje", "Приштина", "Duisburg"])),
)
contacts = st.builds(
    Contact,
    phone=st.from_regex(r"\+381 6[0-9] [0-9]{3} [0-9]{4}", fullmatch=True),
    email=optional(st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@example\.rs", fullmatch=True)),
    address=optional(st.sampled_from(["Угриновачка 212", "Radnička 3", "Насеље Чукарица бб"])),
)
relatives = st.builds(
    RelatedPerson,
    given_name=names,
    family_name=names,
    relationship=codes("relationships"),
    birth_date=optional(partial_dates),
    local_id=optional(st.from_regex(r"СЦР-[a-z]{3,8}-20[0-2][0-9]-[0-9]{4}", fullmatch=True)),
)
documents = st.builds(
    IdentityDocument,
    type=codes("document_types"),
    status=st.sampled_from(["held", "missing", "expired"]),
    number=optional(st.from_regex(r"[A-Z0-9]{5,12}", fullmatch=True)),
)
receptions = st.builds(
    Reception, modality=codes("return_modalities"), country_from=optional(codes("countries"))
) | st.builds(Reception, country_from=codes("countries"))
decisions = st.builds(
    BenefitDecision,
    benefit=codes("benefit_types", without=NOT_IN_CASE),
    status=st.sampled_from(["pending", "granted", "refused", "ended"]),
    decided_on=optional(dates),
    valid_until=optional(dates),
    monthly_amount_rsd=optional(money),
)
healths = st.builds(
    HealthInformation,
    vulnerabilities=st.just(["medical_condition"]),
    urgent_medical_need=optional(st.booleans()),
) | st.builds(HealthInformation, vulnerabilities=st.just([]), urgent_medical_need=st.booleans())
disabilities = st.sampled_from(
    [
        DisabilityInformation(has_disability=True, care_allowance=None),
        DisabilityInformation(has_disability=True, care_allowance=True),
        DisabilityInformation(has_disability=True, care_allowance=False),
        DisabilityInformation(has_disability=False, care_allowance=False),
    ]
)


def unique_or_none(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.none() | st.lists(strategy, min_size=1, max_size=5, unique=True)


@st.composite
def records(draw: st.DrawFn) -> AgencyPersonRecord:
    municipality = draw(codes("municipalities"))
    number = (
        f"СЦР-{municipality}-{draw(st.integers(2008, TODAY.year))}-{draw(st.integers(1, 9999)):04d}"
    )
    case = SocialCase(
        case_number=number,
        centre=municipality,
        opened_on=draw(optional(dates)),
        stage=draw(
            st.sampled_from(
                ["intake", "initial_assessment", "focused_assessment", "service_plan", "closed"]
            )
        ),
        benefits=draw(st.lists(decisions, max_size=4)),
    )
    return AgencyPersonRecord(
        agency="csw",
        local_id=number,
        identity=draw(identities),
        contact=draw(optional(contacts)),
        household=draw(st.lists(relatives, max_size=6)),
        documents=draw(st.none() | st.lists(documents, min_size=1, max_size=5)),
        reception=draw(optional(receptions)),
        needs=draw(unique_or_none(codes("need_domains"))),
        social_benefits=case,
        vulnerabilities=draw(unique_or_none(codes("vulnerabilities", without=SPECIAL))),
        health=draw(optional(healths)),
        disability=draw(optional(disabilities)),
    )


@EXAMPLES
@given(records())
def test_a_record_survives_the_native_format_on_the_wire(record: AgencyPersonRecord) -> None:
    wire = json.dumps(to_native(record).wire(), ensure_ascii=False)
    assert from_native(Predmet.model_validate_json(wire)) == record


@EXAMPLES
@given(identities)
def test_names_in_either_script_and_partial_dates_survive(identity: PersonIdentity) -> None:
    record = AgencyPersonRecord(
        agency="csw",
        local_id="СЦР-vranje-2025-0001",
        identity=identity,
        household=[],
        social_benefits=SocialCase(
            case_number="СЦР-vranje-2025-0001", centre="vranje", stage="intake"
        ),
    )
    back = from_native(Predmet.model_validate_json(json.dumps(to_native(record).wire())))
    assert back.identity == identity


@EXAMPLES
@given(
    person=identities,
    needs=st.lists(codes("need_domains"), min_size=1, max_size=4, unique=True),
    priority=st.sampled_from(["low", "normal", "high", "urgent"]),
    due=optional(dates),
    municipality=optional(codes("municipalities")),
)
def test_a_referral_reaches_csw_with_its_person_needs_and_priority(
    person: PersonIdentity,
    needs: list[str],
    priority: str,
    due: dt.date | None,
    municipality: str | None,
) -> None:
    referral = ReferralDelivery(
        referral_id="0194f3e2-7a31-7c4e-9d2b-5a8f0c6e1b77",
        from_agency="kirs",
        service="social_assistance_assessment",
        priority=priority,
        due_date=due,
        needs=needs,
        person=person,
        municipality=municipality,
    )
    native = Uput.model_validate_json(json.dumps(referral_to_native(referral).wire()))
    assert identity_from_native(native.lice) == person
    assert NEEDS.common_all(native.potrebe) == needs
    assert (PRIORITIES.common(native.hitnost), native.rok) == (priority, due)
