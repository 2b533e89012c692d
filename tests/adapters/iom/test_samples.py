"""Golden samples of IOM's native format and what they map to."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from adapters.iom.events import event_from_native
from adapters.iom.mapping import from_native
from adapters.iom.native import IomCase
from gateway.schema.agency import AgencyPersonRecord

SAMPLES = Path(__file__).parent / "samples"


def record_of(sample: str) -> AgencyPersonRecord:
    return from_native(IomCase.model_validate_json((SAMPLES / sample).read_bytes()))


def test_the_principal_applicants_case_maps_section_by_section() -> None:
    record = record_of("case_principal_applicant.json")
    assert record.local_id == "RS-AVRR-2023-0456"
    assert record.identity is not None
    assert (record.identity.given_name, record.identity.family_name) == ("Dragan", "Jovanović")
    assert (record.identity.jmbg, record.identity.birth_date) == ("1203984740125", "1984-03-12")
    assert (record.identity.sex, record.identity.birth_place) == ("male", "Leskovac")
    assert record.contact is not None
    assert record.contact.phone == "+381 63 123 4567"
    assert record.employment is not None
    assert (record.employment.education_level, record.employment.occupation) == (
        "primary",
        "construction worker",
    )


def test_the_return_is_read_in_belgrade_time_with_our_codes() -> None:
    reception = record_of("case_principal_applicant.json").reception
    assert reception is not None
    assert reception.received_at == dt.datetime(2023, 4, 18, 12, 35, tzinfo=dt.UTC)
    assert (reception.modality, reception.country_from) == ("avrr", "DE")
    assert reception.intended_municipality == "nis-palilula"
    assert reception.arrival is not None
    assert "JU 351" in reception.arrival


def test_family_documents_and_needs_keep_what_our_lists_know() -> None:
    record = record_of("case_principal_applicant.json")
    assert [(p.relationship, p.birth_date, p.local_id) for p in record.household or []] == [
        ("partner", "1988-07-02", "RS-AVRR-2023-0457"),
        ("child", "2012-05", "RS-AVRR-2023-0459"),
        ("in_law", "1961", None),
    ]
    assert [(d.type, d.status) for d in record.documents or []] == [
        ("identity_card", "held"),
        ("passport", "expired"),
        ("health_insurance_card", "missing"),
    ]
    assert record.needs == ["housing", "employment", "health"]


def test_the_medical_budget_line_is_withheld_from_assistance() -> None:
    record = record_of("case_principal_applicant.json")
    assistance = record.assistance
    assert assistance is not None
    assert (assistance.status, assistance.programme) == ("active", "REAG/GARP")
    assert [item.type for item in assistance.items] == [
        "cash_on_arrival",
        "business_startup",
        "housing",
        "psychosocial",
    ]
    assert sum(item.amount or 0 for item in assistance.items) == Decimal("4200.50")
    assert [item.provider for item in assistance.items] == ["iom", "iom", "iom", None]
    assert assistance.counselling_sessions == 4
    assert assistance.sustainability == {"economic": 0.71, "social": 0.64, "psychosocial": 0.38}


def test_mental_health_is_reported_only_as_health() -> None:
    record = record_of("case_principal_applicant.json")
    assert record.vulnerabilities == []
    assert record.health is not None
    assert record.health.vulnerabilities == ["medical_condition"]
    assert record.health.urgent_medical_need is None
    assert record.disability is None


def test_a_childs_case_keeps_the_cyrillic_names_and_a_partial_birth_date() -> None:
    record = record_of("case_child_cyrillic.json")
    assert record.identity is not None
    names = (record.identity.given_name, record.identity.family_name, record.identity.parent_name)
    assert names == ("Љубица", "Ђорђевић", "Никола")
    assert (record.identity.birth_date, record.identity.jmbg) == ("2014-06", None)
    assert [(p.given_name, p.relationship) for p in record.household or []] == [
        ("Никола", "head"),
        ("Џенета", "partner"),
    ]
    assert record.employment is None, "UNKNOWN education is not a fact"


def test_a_childs_health_and_disability_are_in_their_own_sections() -> None:
    record = record_of("case_child_cyrillic.json")
    assert record.vulnerabilities == []
    assert record.health is not None
    assert (record.health.vulnerabilities, record.health.urgent_medical_need) == (
        ["medical_condition"],
        True,
    )
    assert record.disability is not None
    assert record.disability.has_disability
    assert record.assistance is not None
    assert [(i.type, i.provider) for i in record.assistance.items] == [("schooling", None)]


def test_a_date_without_a_time_is_midnight_in_belgrade() -> None:
    reception = record_of("case_child_cyrillic.json").reception
    assert reception is not None
    assert reception.received_at == dt.datetime(2024, 11, 4, 23, 0, tzinfo=dt.UTC)
    assert (reception.country_from, reception.intended_municipality) == ("SE", "vranje")


def test_a_pushed_referral_rejection_is_a_referral_update() -> None:
    body = (SAMPLES / "event_referral_status_changed.json").read_bytes()
    event = event_from_native(body, "application/json")
    assert (event.kind, event.event_id) == ("referral_update", "evt_7d1f0c2a9b8e4f6a")
    assert event.referral is not None
    assert (event.referral.status, event.referral.agency_reference) == (
        "rejected",
        "RS-REF-2025-00042",
    )
    assert event.referral.service_delivered is False
    assert event.referral.reason is not None
    assert "EU states" in event.referral.reason
