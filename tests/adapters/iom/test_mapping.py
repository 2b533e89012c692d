"""Round trips between the common record and IOM's case, and where special categories land."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.iom.mapping import from_native, to_native
from adapters.iom.native import BudgetLine, IomCase, ReintegrationPlan
from gateway.codelists import code_list
from gateway.identity.jmbg import make_jmbg
from gateway.schema.agency import (
    AgencyPersonRecord,
    AssistanceItem,
    DisabilityInformation,
    EmploymentProfile,
    HealthInformation,
    PersonIdentity,
    Reception,
    ReintegrationCase,
    RelatedPerson,
)
from gateway.schema.person import Contact, IdentityDocument

BELGRADE = ZoneInfo("Europe/Belgrade")
TODAY = dt.date.today()
CYRILLIC_UPPER, CYRILLIC_LOWER = "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ", "абвгдђежзијклљмнњопрстћуфхцчџш"
LATIN_UPPER, LATIN_LOWER = "ABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ", "abcčćdđefghijklmnoprsštuvzž"
PLAIN = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ-.,0123456789", min_size=1, max_size=60
)
NON_SPECIAL = ["single_parent", "unaccompanied_minor", "elderly", "victim_of_trafficking"]
NON_SPECIAL.append("no_documents")
ASSISTANCE_TYPES = [
    c for c in code_list("assistance_types").codes() if c not in {"medical", "counselling"}
]
ASSISTANCE_STATUSES = ["planned", "approved", "delivered", "cancelled"]
EXAMPLES = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(code_list(name).codes())


def word(upper: str, lower: str) -> st.SearchStrategy[str]:
    first = st.sampled_from(upper)
    return st.tuples(first, st.text(alphabet=lower, min_size=1, max_size=10)).map("".join)


def names() -> st.SearchStrategy[str]:
    cyrillic, latin = word(CYRILLIC_UPPER, CYRILLIC_LOWER), word(LATIN_UPPER, LATIN_LOWER)
    single = cyrillic | latin
    return single | st.tuples(single, single).map("-".join)


def partial_dates() -> st.SearchStrategy[str]:
    days = st.dates(min_value=dt.date(1925, 1, 1), max_value=TODAY)
    return st.tuples(days, st.sampled_from([4, 7, 10])).map(
        lambda pair: pair[0].isoformat()[: pair[1]]
    )


def jmbgs() -> st.SearchStrategy[str]:
    def valid(birth: dt.date, region: str, serial: int) -> str | None:
        try:
            return make_jmbg(birth, region, serial)
        except ValueError:
            return None

    born = st.dates(min_value=dt.date(1930, 1, 1), max_value=TODAY)
    drawn = st.builds(valid, born, st.sampled_from(["70", "71", "74", "80"]), st.integers(0, 999))
    return drawn.filter(bool).map(str)


def arrivals() -> st.SearchStrategy[dt.datetime]:
    """Belgrade times that mean one instant (no DST gap or repeated hour), in any offset."""

    def unambiguous(moment: dt.datetime) -> bool:
        local = moment.replace(tzinfo=BELGRADE)
        return local.astimezone(dt.UTC).astimezone(BELGRADE).replace(tzinfo=None) == moment

    local = st.datetimes(min_value=dt.datetime(2008, 1, 1), max_value=dt.datetime(2025, 12, 31))
    zone = st.sampled_from([BELGRADE, dt.UTC, ZoneInfo("Europe/Berlin")])
    return st.tuples(local.filter(unambiguous), zone).map(
        lambda pair: pair[0].replace(tzinfo=BELGRADE).astimezone(pair[1])
    )


def identities() -> st.SearchStrategy[PersonIdentity]:
    return st.builds(
        PersonIdentity,
        given_name=names(),
        family_name=names(),
        parent_name=st.none() | names(),
        jmbg=st.none() | jmbgs(),
        birth_date=st.none() | partial_dates(),
        sex=st.none() | codes("sexes"),
        birth_place=st.none() | PLAIN,
    )


def contacts() -> st.SearchStrategy[Contact]:
    phones = st.from_regex(r"\+381 6[0-9] [0-9]{3} [0-9]{4}", fullmatch=True)
    emails = st.sampled_from(["dragan.j@example.org", "porodica@example.rs"])
    drawn = st.builds(
        Contact, phone=st.none() | phones, email=st.none() | emails, address=st.none() | PLAIN
    )
    return drawn.filter(lambda contact: bool(contact.model_dump(exclude_none=True)))


def relatives() -> st.SearchStrategy[RelatedPerson]:
    return st.builds(
        RelatedPerson,
        given_name=names(),
        family_name=names(),
        relationship=codes("relationships"),
        birth_date=st.none() | partial_dates(),
        local_id=st.none() | st.from_regex(r"RS-AVRR-20[0-9]{2}-[0-9]{4}", fullmatch=True),
    )


def documents() -> st.SearchStrategy[IdentityDocument]:
    number = st.none() | st.from_regex(r"[0-9A-Z]{6,12}", fullmatch=True)
    statuses = st.sampled_from(["held", "missing", "expired"])
    return st.builds(IdentityDocument, type=codes("document_types"), status=statuses, number=number)


def receptions() -> st.SearchStrategy[Reception]:
    drawn = st.builds(
        Reception,
        received_at=st.none() | arrivals(),
        modality=st.none() | codes("return_modalities"),
        country_from=st.none() | codes("countries"),
        arrival=st.none() | PLAIN,
        intended_municipality=st.none() | codes("municipalities"),
    )
    return drawn.filter(lambda reception: bool(reception.model_dump(exclude_none=True)))


def employment() -> st.SearchStrategy[EmploymentProfile]:
    drawn = st.builds(
        EmploymentProfile,
        education_level=st.none() | codes("education_levels"),
        occupation=st.none() | PLAIN,
    )
    return drawn.filter(lambda profile: bool(profile.education_level or profile.occupation))


def items() -> st.SearchStrategy[AssistanceItem]:
    amounts = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2)

    def item(
        kind: str, status: str, day: dt.date | None, amount: Decimal | None, by: str | None
    ) -> AssistanceItem:
        currency = None if amount is None else "EUR"
        return AssistanceItem.model_validate(
            {
                "type": kind,
                "status": status,
                "delivered_on": day,
                "amount": amount,
                "currency": currency,
                "provider": by,
            }
        )

    return st.builds(
        item,
        st.sampled_from(ASSISTANCE_TYPES),
        st.sampled_from(ASSISTANCE_STATUSES),
        st.none() | st.dates(max_value=TODAY),
        st.none() | amounts,
        st.none() | st.sampled_from(["iom", "nes", "csw", "kirs"]),
    )


def scores() -> st.SearchStrategy[dict[str, float]]:
    score = st.floats(min_value=0, max_value=1, allow_nan=False)
    return st.fixed_dictionaries({"economic": score, "social": score, "psychosocial": score})


@st.composite
def records(draw: st.DrawFn) -> AgencyPersonRecord:
    """Records in the image of ``from_native``: what an IOM case can say, and only that."""
    local_id = draw(st.from_regex(r"RS-AVRR-20[0-9]{2}-[0-9]{4}", fullmatch=True))
    assistance = ReintegrationCase.model_validate(
        {
            "case_number": local_id,
            "programme": draw(
                st.none() | st.sampled_from(["National AVRR", "EU Reintegration Programme"])
            ),
            "status": draw(codes("case_statuses")),
            "opened_on": draw(st.none() | st.dates(max_value=TODAY)),
            "counselling_sessions": draw(st.integers(0, 12)),
            "items": draw(st.lists(items(), max_size=6)),
            "sustainability": draw(st.none() | scores()),
        }
    )
    return AgencyPersonRecord(
        agency="iom",
        local_id=local_id,
        identity=draw(identities()),
        contact=draw(st.none() | contacts()),
        household=draw(st.lists(relatives(), max_size=5)),
        documents=draw(st.lists(documents(), max_size=5)),
        reception=draw(st.none() | receptions()),
        needs=draw(st.lists(codes("need_domains"), unique=True, max_size=8)),
        employment=draw(st.none() | employment()),
        assistance=assistance,
        vulnerabilities=draw(st.lists(st.sampled_from(NON_SPECIAL), unique=True, max_size=3)),
        health=draw(st.none() | health()),
        disability=draw(st.none() | st.just(DisabilityInformation(has_disability=True))),
    )


def health() -> st.SearchStrategy[HealthInformation]:
    flagged = st.builds(
        HealthInformation,
        vulnerabilities=st.just(["medical_condition"]),
        urgent_medical_need=st.none() | st.booleans(),
    )
    return flagged | st.builds(
        HealthInformation, vulnerabilities=st.just([]), urgent_medical_need=st.booleans()
    )


def over_the_wire(case: IomCase) -> IomCase:
    """The case as IOM's JSON and read back, as the adapter would receive it."""
    return IomCase.model_validate_json(case.model_dump_json(exclude_none=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_common_to_native_to_common_keeps_every_mapped_field(record: AgencyPersonRecord) -> None:
    assert from_native(over_the_wire(to_native(record))) == record


@EXAMPLES
@given(identities())
def test_names_in_either_script_survive_and_iom_gets_latin(identity: PersonIdentity) -> None:
    record = AgencyPersonRecord(
        agency="iom",
        local_id="RS-AVRR-2024-0001",
        identity=identity,
        assistance=ReintegrationCase(
            case_number="RS-AVRR-2024-0001", status="open", counselling_sessions=0
        ),
    )
    case = to_native(record)
    assert not any(
        "\u0400" <= char <= "\u04ff"
        for char in case.beneficiary.first_name + case.beneficiary.last_name
    )
    assert from_native(over_the_wire(case)).identity == identity


def test_a_cyrillic_name_reaches_iom_in_serbian_latin_with_the_recorded_spelling() -> None:
    identity = PersonIdentity(given_name="Љубиша", family_name="Ђорђевић", parent_name="Џемаил")
    record = AgencyPersonRecord(
        agency="iom",
        local_id="RS-AVRR-2024-0002",
        identity=identity,
        assistance=ReintegrationCase(
            case_number="RS-AVRR-2024-0002", status="open", counselling_sessions=0
        ),
    )
    beneficiary = to_native(record).beneficiary
    assert (beneficiary.first_name, beneficiary.last_name, beneficiary.parent_name) == (
        "Ljubiša",
        "Đorđević",
        "Džemail",
    )
    assert beneficiary.local_names is not None
    assert beneficiary.local_names.first_name == "Љубиша"


@EXAMPLES
@given(partial_dates(), arrivals())
def test_partial_birth_dates_and_arrival_times_survive(
    birth_date: str, arrival: dt.datetime
) -> None:
    record = AgencyPersonRecord(
        agency="iom",
        local_id="RS-AVRR-2024-0003",
        identity=PersonIdentity(given_name="Ana", family_name="Nikolić", birth_date=birth_date),
        reception=Reception(received_at=arrival),
        assistance=ReintegrationCase(
            case_number="RS-AVRR-2024-0003", status="open", counselling_sessions=0
        ),
    )
    back = from_native(over_the_wire(to_native(record)))
    assert back.identity is not None
    assert back.identity.birth_date == birth_date
    assert back.reception is not None
    assert back.reception.received_at == arrival


BUDGET_LINES = st.builds(
    BudgetLine,
    category=st.sampled_from(
        ["MEDICAL", "HOUSING", "BUSINESS_STARTUP", "JOB_PLACEMENT", "SCHOOLING"]
    ),
    amount_eur=st.none() | st.decimals(min_value=0, max_value=5000, places=2),
    status=st.sampled_from(["PLANNED", "APPROVED", "DELIVERED", "CANCELLED"]),
)
FLAGS = st.lists(
    st.sampled_from(["MEDICAL", "MENTAL_HEALTH", "DISABILITY", "ELDERLY", "VoT", "PREGNANT"]),
    unique=True,
)


@EXAMPLES
@given(FLAGS, st.lists(BUDGET_LINES, max_size=6))
def test_health_and_disability_land_only_in_their_own_sections(
    flags: list[str], lines: list[BudgetLine]
) -> None:
    case = IomCase.model_validate(
        {
            "caseId": "RS-AVRR-2024-0004",
            "caseStatus": "OPEN",
            "beneficiary": {"firstName": "Ana", "lastName": "Nikolić"},
        }
    ).model_copy(
        update={
            "vulnerabilities": flags,
            "reintegration_plan": ReintegrationPlan(budget_lines=lines),
        }
    )
    record = from_native(case)
    assert record.assistance is not None
    assert {item.type for item in record.assistance.items} <= {
        "housing",
        "business_startup",
        "schooling",
    }
    assert not {"medical_condition", "disability"} & set(record.vulnerabilities or [])
    medical = bool({"MEDICAL", "MENTAL_HEALTH"} & set(flags)) or any(
        line.category == "MEDICAL" for line in lines
    )
    assert (
        record.health is not None and record.health.vulnerabilities == ["medical_condition"]
    ) == medical
    assert (record.disability is not None) == ("DISABILITY" in flags)


def _record_with(item: AssistanceItem) -> AgencyPersonRecord:
    return AgencyPersonRecord(
        agency="iom",
        local_id="RS-AVRR-2024-0005",
        identity=PersonIdentity(given_name="Ana", family_name="Nikolić"),
        assistance=ReintegrationCase(case_number="RS-AVRR-2024-0005", status="open", items=[item]),
    )


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        (
            AssistanceItem(type="housing", status="approved", amount=Decimal(100), currency="RSD"),
            "EUR",
        ),
        (AssistanceItem(type="counselling", status="delivered"), "no code"),
    ],
)
def test_what_iom_cannot_hold_is_refused_on_the_way_out(item: AssistanceItem, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        to_native(_record_with(item))


def test_a_case_needs_identity_and_assistance() -> None:
    with pytest.raises(ValueError, match="identity and assistance"):
        to_native(AgencyPersonRecord(agency="iom", local_id="RS-AVRR-2024-0006"))
