"""Golden samples of CSW's native format and what they map to in the common schema."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from adapters.csw.mapping import from_native, to_native
from adapters.csw.native import Dogadjaj, Predmet, StanjeUputa
from adapters.csw.referral_mapping import event_from_native, event_problems, updates_from_native
from gateway.schema.agency import (
    BenefitDecision,
    DisabilityInformation,
    HealthInformation,
    PersonIdentity,
    Reception,
    RelatedPerson,
)
from gateway.schema.person import Contact, IdentityDocument

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def test_a_cyrillic_case_file_maps_each_fact_to_its_section() -> None:
    record = from_native(Predmet.model_validate_json(sample("predmet_zemun.json")))
    assert (record.agency, record.local_id) == ("csw", "СЦР-beograd-zemun-2026-0166")
    assert record.identity == PersonIdentity(
        given_name="Ђорђе",
        family_name="Ђорђевић",
        parent_name="Драган",
        jmbg="0101990710040",
        birth_date="1990-01-01",
        sex="male",
        birth_place="Земун",
    )
    assert record.contact == Contact(phone="+381 64 123 4567", address="Угриновачка 212")
    assert record.reception == Reception(modality="readmission", country_from="DE")


def test_the_household_keeps_relations_and_partial_birth_dates() -> None:
    record = from_native(Predmet.model_validate_json(sample("predmet_zemun.json")))
    assert record.household == [
        RelatedPerson(
            given_name="Љиљана",
            family_name="Ђорђевић",
            relationship="partner",
            birth_date="1992-06-30",
        ),
        RelatedPerson(
            given_name="Џенифер",
            family_name="Ђорђевић",
            relationship="child",
            birth_date="2015-03-02",
        ),
        RelatedPerson(
            given_name="Никола", family_name="Ђорђевић", relationship="child", birth_date="2019"
        ),
        RelatedPerson(
            given_name="Милка",
            family_name="Ђорђевић",
            relationship="parent",
            birth_date="1961-11-11",
            local_id="СЦР-beograd-zemun-2019-0412",
        ),
    ]


def test_unmapped_codes_are_dropped_and_special_categories_kept_apart() -> None:
    record = from_native(Predmet.model_validate_json(sample("predmet_zemun.json")))
    assert record.documents == [
        IdentityDocument(type="identity_card", status="expired", number="009876543"),
        IdentityDocument(type="travel_sheet", status="held"),
    ]
    assert record.needs == ["housing", "documentation", "social_protection", "health"]
    assert record.vulnerabilities == ["no_documents"]
    assert record.health == HealthInformation(
        vulnerabilities=["medical_condition"], urgent_medical_need=True
    )
    assert record.disability == DisabilityInformation(has_disability=True, care_allowance=None)


def test_the_case_carries_the_centres_decisions_but_not_the_care_allowance() -> None:
    case = from_native(Predmet.model_validate_json(sample("predmet_zemun.json"))).social_benefits
    assert case is not None
    assert (case.case_number, case.centre) == ("СЦР-beograd-zemun-2026-0166", "beograd-zemun")
    assert (case.opened_on, case.stage) == (dt.date(2026, 1, 14), "focused_assessment")
    assert case.benefits == [
        BenefitDecision(
            benefit="financial_social_assistance",
            status="granted",
            decided_on=dt.date(2026, 2, 3),
            valid_until=dt.date(2027, 2, 3),
            monthly_amount_rsd=Decimal("27885.00"),
        ),
        BenefitDecision(benefit="one_time_aid", status="granted", decided_on=dt.date(2026, 1, 20)),
    ]


def test_a_latin_script_case_of_a_family_without_an_address() -> None:
    record = from_native(Predmet.model_validate_json(sample("predmet_bujanovac_latinica.json")))
    assert record.identity is not None
    assert record.social_benefits is not None
    assert (record.identity.given_name, record.identity.family_name) == ("Dženeta", "Šaćiri")
    assert (record.identity.birth_date, record.identity.jmbg) == ("1979", None)
    assert record.contact is None
    assert [member.given_name for member in record.household or []] == ["Ardijan", "Ljiljana"]
    assert record.reception == Reception(country_from="SE")
    assert record.documents == [
        IdentityDocument(type="identity_card", status="missing"),
        IdentityDocument(type="health_insurance_card", status="held"),
    ]
    assert (record.health, record.disability) == (None, None)
    assert [(b.benefit, b.status) for b in record.social_benefits.benefits] == [
        ("residence_at_centre_address", "granted"),
        ("financial_social_assistance", "pending"),
    ]
    assert record.social_benefits.stage == "intake"


def test_the_samples_survive_a_trip_back_to_the_native_format() -> None:
    for name in ("predmet_zemun.json", "predmet_bujanovac_latinica.json"):
        record = from_native(Predmet.model_validate_json(sample(name)))
        assert from_native(to_native(record)) == record


def test_a_decision_event_becomes_a_decision_on_the_case() -> None:
    event = Dogadjaj.model_validate_json(sample("dogadjaj_resenje.json"))
    assert event_problems(event) == []
    inbound = event_from_native(event)
    assert (inbound.event_id, inbound.kind) == ("b6f1c1f0-3c55-4a55-9d7e-2f1f6f0e4a11", "decision")
    assert inbound.occurred_at == dt.datetime(2026, 2, 3, 9, 42, 17, tzinfo=dt.UTC)
    assert inbound.record is not None
    assert inbound.record.social_benefits is not None
    assert inbound.record.social_benefits.stage == "service_plan"
    assert inbound.record.social_benefits.benefits[0].monthly_amount_rsd == Decimal("27885")


def test_a_status_history_becomes_updates_after_the_receipt() -> None:
    updates = updates_from_native(StanjeUputa.model_validate_json(sample("stanje_uputa.json")))
    assert [update.status for update in updates] == ["accepted", "in_progress", "completed"]
    assert {update.agency_reference for update in updates} == {"УП-2026-000042"}
    assert {update.referral_id for update in updates} == {"0194f3e2-7a31-7c4e-9d2b-5a8f0c6e1b77"}
    assert updates[-1].service_delivered is True
    assert updates[-1].reason is not None
    assert updates[-1].reason.startswith("Породица")


def test_the_samples_are_what_the_simulator_would_write() -> None:
    for name in ("predmet_zemun.json", "predmet_bujanovac_latinica.json"):
        case = Predmet.model_validate_json(sample(name))
        assert set(case.wire()) == set(json.loads(sample(name)))
