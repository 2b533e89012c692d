"""The policy decision as a pure function: tables for each rule, properties over many cases."""

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.consent.policy import (
    REGISTRY_CATEGORIES,
    SPECIAL_CATEGORIES,
    CallerView,
    ConsentGrant,
    EmergencyGrant,
    LegalBasisGrant,
    SubjectView,
    decide,
)

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
PERSON, HOUSEHOLD, GUARDIAN = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
NES = CallerView("nes", "employment_services")
ALL = sorted(
    REGISTRY_CATEGORIES | SPECIAL_CATEGORIES | {"employment", "social_benefits", "assistance"}
)
ADULT = SubjectView(person_id=PERSON, household_id=HOUSEHOLD, registered_by="kirs")
CHILD = SubjectView(PERSON, HOUSEHOLD, "kirs", guardian_id=GUARDIAN, consents_through_guardian=True)


def consent(**changes: object) -> ConsentGrant:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "person_id": PERSON,
        "household_id": None,
        "grantees": frozenset({"nes"}),
        "purposes": frozenset({"employment_services"}),
        "categories": frozenset({"identity", "employment"}),
        "valid_from": NOW - HOUR,
        "valid_until": None,
        "revoked": False,
    }
    return ConsentGrant(**(values | changes))  # type: ignore[arg-type]


def legal(**changes: object) -> LegalBasisGrant:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "agency": "kirs",
        "purpose": "reception",
        "categories": frozenset({"identity", "return", "needs"}),
        "valid_from": NOW - HOUR,
        "valid_until": None,
    }
    return LegalBasisGrant(**(values | changes))  # type: ignore[arg-type]


def permitted(caller: CallerView = NES, subject: SubjectView = ADULT, **inputs: object) -> set[str]:
    decision = decide(
        caller=caller,
        subject=subject,
        requested=ALL,
        consents=inputs.get("consents", ()),  # type: ignore[arg-type]
        legal_bases=inputs.get("legal_bases", ()),  # type: ignore[arg-type]
        emergencies=inputs.get("emergencies", ()),  # type: ignore[arg-type]
        now=NOW,
    )
    assert set(decision.permitted) | set(decision.withheld) == set(ALL)
    return set(decision.permitted)


@pytest.mark.parametrize(
    ("grant", "expected"),
    [
        (consent(), {"identity", "employment"}),
        (consent(revoked=True), set()),
        (consent(valid_until=NOW - dt.timedelta(seconds=1)), set()),
        (consent(valid_until=NOW), set()),
        (consent(valid_from=NOW + HOUR), set()),
        (consent(grantees=frozenset({"iom"})), set()),
        (consent(purposes=frozenset({"social_protection"})), set()),
        (consent(person_id=uuid.uuid4()), set()),
        (consent(categories=frozenset({"health"})), {"health"}),
        (consent(person_id=None, household_id=HOUSEHOLD), {"identity", "employment"}),
        (consent(person_id=None, household_id=uuid.uuid4()), set()),
    ],
)
def test_a_consent_permits_exactly_what_it_names_while_it_is_in_force(
    grant: ConsentGrant, expected: set[str]
) -> None:
    assert permitted(consents=[grant]) == expected


@pytest.mark.parametrize(
    ("grant", "covered"),
    [
        (consent(person_id=None, household_id=HOUSEHOLD, given_by_person_id=GUARDIAN), True),
        (consent(person_id=None, household_id=HOUSEHOLD, given_by_person_id=uuid.uuid4()), False),
        (consent(person_id=None, household_id=HOUSEHOLD), False),
        (consent(person_id=None, household_id=HOUSEHOLD, given_by_authority="csw"), True),
        (consent(given_by_person_id=GUARDIAN), True),
    ],
)
def test_a_household_consent_covers_a_child_only_when_the_guardian_gave_it(
    grant: ConsentGrant, covered: bool
) -> None:
    assert (permitted(subject=CHILD, consents=[grant]) == {"identity", "employment"}) is covered


def test_a_legal_basis_permits_only_its_categories_for_its_agency_and_purpose() -> None:
    kirs = CallerView("kirs", "reception")
    assert permitted(kirs, ADULT.__class__(PERSON, HOUSEHOLD, None), legal_bases=[legal()]) == {
        "identity",
        "return",
        "needs",
    }
    assert (
        permitted(
            CallerView("kirs", "audit"), SubjectView(PERSON, None, None), legal_bases=[legal()]
        )
        == set()
    )
    assert permitted(NES, SubjectView(PERSON, None, None), legal_bases=[legal()]) == set()
    assert (
        permitted(kirs, SubjectView(PERSON, None, None), legal_bases=[legal(active=False)]) == set()
    )
    assert (
        permitted(kirs, SubjectView(PERSON, None, None), legal_bases=[legal(valid_until=NOW)])
        == set()
    )


def test_the_registering_agency_has_a_basis_for_the_registry_but_never_special_categories() -> None:
    kirs = CallerView("kirs", "reintegration_planning")
    assert permitted(kirs, ADULT) == set(REGISTRY_CATEGORIES)
    assert not permitted(kirs, ADULT) & SPECIAL_CATEGORIES


def test_an_emergency_grant_permits_its_categories_until_it_ends() -> None:
    caller = CallerView("csw", "emergency_protection")
    grant = EmergencyGrant(
        uuid.uuid4(),
        PERSON,
        "csw",
        "emergency_protection",
        frozenset({"identity", "health"}),
        NOW + HOUR,
    )
    assert permitted(caller, SubjectView(PERSON, None, None), emergencies=[grant]) == {
        "identity",
        "health",
    }
    ended = EmergencyGrant(grant.id, PERSON, "csw", "emergency_protection", grant.categories, NOW)
    assert permitted(caller, SubjectView(PERSON, None, None), emergencies=[ended]) == set()


def test_withheld_categories_say_why() -> None:
    decision = decide(
        caller=NES,
        subject=ADULT,
        requested=["employment", "health", "contact"],
        consents=[consent(revoked=True)],
        legal_bases=[],
        now=NOW,
    )
    assert "revoked" in decision.withheld["employment"]
    assert "special category" in decision.withheld["health"]
    assert "contact" in decision.withheld["contact"]


agencies = st.sampled_from(["kirs", "nes", "csw", "iom"])
purposes = st.sampled_from(["employment_services", "social_protection", "reception"])
categories = st.frozensets(st.sampled_from(ALL), max_size=5)
offsets = st.integers(min_value=-48, max_value=48).map(
    lambda hours: NOW + dt.timedelta(hours=hours)
)
consents = st.builds(
    ConsentGrant,
    id=st.uuids(),
    person_id=st.sampled_from([PERSON, uuid.uuid4()]),
    household_id=st.none(),
    grantees=st.frozensets(agencies, min_size=1),
    purposes=st.frozensets(purposes, min_size=1),
    categories=categories,
    valid_from=offsets,
    valid_until=st.none() | offsets,
    revoked=st.booleans(),
)


@given(st.lists(consents, max_size=6), agencies, purposes)
def test_every_permission_has_a_consent_that_really_grants_it(
    grants: list[ConsentGrant], agency: str, purpose: str
) -> None:
    subject = SubjectView(PERSON, None, registered_by=None)
    decision = decide(
        caller=CallerView(agency, purpose),
        subject=subject,
        requested=ALL,
        consents=grants,
        legal_bases=[],
        now=NOW,
    )
    for category, basis in decision.permitted.items():
        grant = next(grant for grant in grants if str(grant.id) == basis.id)
        assert not grant.revoked
        assert agency in grant.grantees
        assert purpose in grant.purposes
        assert category in grant.categories
        assert grant.valid_from <= NOW
        assert grant.valid_until is None or grant.valid_until > NOW
        assert grant.person_id == PERSON


@given(st.lists(consents, max_size=6), agencies, purposes)
def test_revoking_a_consent_never_adds_a_permission(
    grants: list[ConsentGrant], agency: str, purpose: str
) -> None:
    subject = SubjectView(PERSON, None, registered_by=None)
    caller = CallerView(agency, purpose)
    before = decide(
        caller=caller, subject=subject, requested=ALL, consents=grants, legal_bases=[], now=NOW
    )
    revoked = [
        ConsentGrant(**{**grant.__dict__, "revoked": True}) for grant in grants[:1]
    ] + grants[1:]
    after = decide(
        caller=caller, subject=subject, requested=ALL, consents=revoked, legal_bases=[], now=NOW
    )
    assert set(after.permitted) <= set(before.permitted)


@given(st.lists(consents, max_size=6), agencies, purposes)
def test_special_categories_need_a_grant_that_names_them(
    grants: list[ConsentGrant], agency: str, purpose: str
) -> None:
    subject = SubjectView(PERSON, None, registered_by=agency)
    decision = decide(
        caller=CallerView(agency, purpose),
        subject=subject,
        requested=ALL,
        consents=grants,
        legal_bases=[],
        now=NOW,
    )
    for category in SPECIAL_CATEGORIES & set(decision.permitted):
        assert any(category in grant.categories for grant in grants)
