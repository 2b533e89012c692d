"""Golden samples of NES's native JSON and exactly what each maps to."""

import datetime as dt
from pathlib import Path

from adapters.nes.events import parse_event
from adapters.nes.mapping import from_native
from adapters.nes.native import LiceKojeTraziZaposlenje, StatusUputa
from adapters.nes.referral_mapping import updates_from_native
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

SAMPLES = Path(__file__).parent / "samples"
CET = dt.timezone(dt.timedelta(hours=1))


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def job_seeker(name: str) -> AgencyPersonRecord:
    return from_native(LiceKojeTraziZaposlenje.model_validate_json(sample(name)))


def test_a_readmitted_single_mother_maps_section_by_section() -> None:
    assert job_seeker("lice-readmisija.json") == AgencyPersonRecord(
        agency="nes",
        local_id="NSZ-073321814",
        identity=PersonIdentity(
            given_name="Jasmina",
            family_name="Demirović",
            parent_name="Ismet",
            jmbg="0309992715376",
            birth_date="1992-09-03",
            sex="female",
            birth_place="Zemun",
        ),
        contact=Contact(phone="+381 64 218 3307", address="Romsko naselje bb, Zemun"),
        documents=[
            IdentityDocument(type="identity_card", status="held", number="012345678"),
            IdentityDocument(type="birth_certificate", status="missing"),
            IdentityDocument(type="work_booklet", status="held"),
        ],
        reception=Reception(modality="readmission", country_from="DE"),
        employment=EmploymentProfile(
            register_status="unemployed",
            registered_on=dt.date(2025, 3, 18),
            education_level="primary_incomplete",
            occupation="Pomoćni radnik",
            work_experience_months=7,
            employment_plan_agreed_on=dt.date(2025, 4, 2),
            hard_to_employ=True,
            measures=[
                MeasureEnrolment(
                    measure="job_club",
                    status="completed",
                    start_date=dt.date(2025, 4, 14),
                    end_date=dt.date(2025, 4, 24),
                ),
                MeasureEnrolment(
                    measure="adult_education",
                    status="enrolled",
                    start_date=dt.date(2025, 9, 15),
                    end_date=dt.date(2026, 3, 14),
                ),
            ],
        ),
        vulnerabilities=["single_parent"],
        health=HealthInformation(vulnerabilities=["medical_condition"]),
        disability=DisabilityInformation(has_disability=True),
    )


def test_the_sample_declares_roma_and_the_record_does_not_carry_it() -> None:
    assert b'"roma"' in sample("lice-readmisija.json")
    dumped = job_seeker("lice-readmisija.json").model_dump_json()
    assert "roma" not in dumped.lower()
    assert "OSI" not in dumped


def test_a_cyrillic_removed_job_seeker_without_jmbg_maps_as_recorded() -> None:
    assert job_seeker("lice-cirilica-brisan.json") == AgencyPersonRecord(
        agency="nes",
        local_id="NSZ-518204377",
        identity=PersonIdentity(
            given_name="Бајрам", family_name="Османовић", birth_date="1979", sex="male"
        ),
        contact=Contact(phone="016/212-345", address="Романијска 12, Лесковац"),
        documents=[IdentityDocument(type="identity_card", status="expired")],
        reception=Reception(modality="avrr", country_from="SE"),
        employment=EmploymentProfile(
            register_status="removed",
            registered_on=dt.date(2024, 11, 5),
            occupation="Сезонски пољопривредни радник",
            work_experience_months=0,
        ),
    )


def test_a_registration_event_carries_the_whole_record() -> None:
    event = parse_event(sample("dogadjaj-prijava-na-evidenciju.json"), "application/json")
    assert (event.event_id, event.agency, event.kind) == (
        "5b0f7c2e-8d1a-4f4e-9a57-2f1c6d0e9b11",
        "nes",
        "registration",
    )
    assert event.occurred_at == dt.datetime(2026, 1, 20, 9, 15, 3, tzinfo=CET)
    assert event.record is not None
    assert event.record.local_id == "NSZ-640017252"
    assert event.record.employment == EmploymentProfile(
        register_status="unemployed",
        registered_on=dt.date(2026, 1, 20),
        education_level="secondary_vocational",
        occupation="Zidar",
        work_experience_months=38,
        hard_to_employ=False,
    )
    assert event.record.reception == Reception(modality="spontaneous", country_from="AT")


def test_a_status_history_gives_the_updates_after_the_receipt() -> None:
    updates = updates_from_native(StatusUputa.model_validate_json(sample("uput-status.json")))
    assert [(update.status, update.occurred_at) for update in updates] == [
        ("accepted", dt.datetime(2026, 1, 13, 11, 30, tzinfo=CET)),
        ("in_progress", dt.datetime(2026, 1, 19, 9, 0, tzinfo=CET)),
        ("completed", dt.datetime(2026, 1, 30, 14, 45, tzinfo=CET)),
    ]
    assert {update.referral_id for update in updates} == {"0193b8f2-1c4d-7a8e-9f10-5e2d7c6b4a31"}
    assert {update.agency_reference for update in updates} == {"UP-2026-000042"}
    assert updates[1].reason == "Uključen u klub za traženje posla"
    assert updates[2].service_delivered is True
