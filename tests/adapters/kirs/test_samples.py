"""Golden samples of KIRS's native format (``samples/``) and what they mean in the common schema."""

import datetime as dt
import xml.etree.ElementTree as ET

import httpx
import pytest

from adapters.base import InvalidNativePayload
from adapters.kirs import KirsAdapter, KirsSettings, messages, soap
from adapters.kirs.dates import BELGRADE
from adapters.kirs.mapping import from_native
from adapters.kirs.referral_mapping import updates_from_native
from gateway.schema.agency import InboundEvent
from tests.adapters.kirs.support import sample


def parse_event(body: bytes, content_type: str = "text/xml; charset=utf-8") -> InboundEvent:
    return KirsAdapter(httpx.AsyncClient(), KirsSettings()).parse_event(body, content_type)


def test_a_family_heads_reception_record() -> None:
    payload = soap.read_message(sample("preuzmi_prijem_odgovor.xml")).payload
    record = from_native(messages.read_reception_response(payload))
    assert record.identity is not None
    assert record.identity.model_dump(exclude_none=True) == {
        **{"given_name": "Бајрам", "family_name": "Демировић", "parent_name": "Џемал"},
        **{"jmbg": "1203984741237", "birth_date": "1984-03-12", "sex": "male"},
        "birth_place": "Лесковац",
    }
    assert record.reception is not None
    assert record.reception.model_dump() == {
        "received_at": dt.datetime(2024, 3, 14, 6, 45, tzinfo=BELGRADE),
        **{"modality": "readmission", "country_from": "DE", "arrival": "JU 351"},
        **{"travel_sheet_number": "PL-DE-2024-00417", "intended_municipality": "leskovac"},
    }
    assert record.contact is not None
    assert record.contact.address == "Ромско насеље бб"
    assert [(m.given_name, m.relationship, m.birth_date) for m in record.household or []] == [
        ("Ајша", "partner", "1987-07-30"),
        ("Рамиз", "child", "2009-11-02"),
        ("Kevin", "child", "2012-05-19"),
        ("Шефика", "in_law", "1961"),
    ]


def test_the_family_heads_needs_documents_and_special_categories() -> None:
    payload = soap.read_message(sample("preuzmi_prijem_odgovor.xml")).payload
    record = from_native(messages.read_reception_response(payload))
    assert [(d.type, d.status, d.number) for d in record.documents or []] == [
        ("identity_card", "expired", None),
        ("travel_sheet", "held", "PL-DE-2024-00417"),
        ("health_insurance_card", "missing", None),
    ]  # the driving licence is not a document the gateway tracks
    assert record.needs == ["housing", "social_protection", "education"]
    assert record.vulnerabilities == ["no_documents"]
    assert record.health is not None
    assert record.health.model_dump() == {
        "vulnerabilities": ["medical_condition"],
        "urgent_medical_need": True,
    }
    assert record.disability is not None
    assert record.disability.has_disability is True


def test_a_pushed_reception_notice() -> None:
    event = parse_event(sample("obavestenje_o_prijemu.xml"))
    assert (event.event_id, event.agency, event.kind) == (
        "OBV-KIRS-2025-000311",
        "kirs",
        "reception",
    )
    assert event.occurred_at == dt.datetime(2025, 9, 2, 23, 10, tzinfo=BELGRADE)
    record = event.record
    assert record is not None
    assert record.identity is not None
    assert record.identity.model_dump(exclude_none=True) == {
        **{"given_name": "Jennifer", "family_name": "Ramadanović", "birth_date": "2006-05"},
        **{"sex": "female", "birth_place": "Дуизбург, Немачка"},
    }
    assert record.reception is not None
    assert (record.reception.modality, record.reception.country_from) == ("readmission", "HR")
    assert record.reception.arrival == "Батровци"
    assert record.reception.intended_municipality == "nis-palilula"
    assert record.household == []
    assert [(d.type, d.status) for d in record.documents or []] == [
        ("birth_certificate", "missing")
    ]
    assert (record.needs, record.vulnerabilities) == (["documentation"], ["no_documents"])
    assert (record.health, record.disability) == (None, None)


def test_a_referrals_status_history() -> None:
    payload = soap.read_message(sample("status_uputa_odgovor.xml")).payload
    updates = updates_from_native(messages.read_status_response(payload))
    assert [(u.status, u.occurred_at.date().isoformat()) for u in updates] == [
        ("accepted", "2025-02-04"),
        ("in_progress", "2025-02-10"),
        ("completed", "2025-04-28"),
    ]
    assert {u.agency_reference for u in updates} == {"UP-2025-000042"}
    assert {u.referral_id for u in updates} == {"0b7e2f4c-6c1a-4b55-9d59-2f7e8a1c9e30"}
    assert updates[1].reason == "Укључен у јавни позив за доделу грађевинског материјала"
    assert updates[2].service_delivered is True


def test_a_bare_notice_without_its_envelope_is_read_too() -> None:
    envelope = soap.read_message(sample("obavestenje_o_prijemu.xml"))
    bare = ET.tostring(envelope.payload, encoding="utf-8")
    assert parse_event(bare, "application/xml").event_id == "OBV-KIRS-2025-000311"


RECORD = "ObavestenjeOPrijemu/PrijemOsobe"


def spoilt_notice(*replacements: tuple[bytes, bytes]) -> bytes:
    body = sample("obavestenje_o_prijemu.xml")
    for old, new in replacements:
        assert old in body
        body = body.replace(old, new)
    return body


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        (
            spoilt_notice(
                (b"<kir:BrojPrijema>KIRS-2025-000311</kir:BrojPrijema>", b""),
                (b"02.09.2025. 22:40", b"2025-09-02T22:40"),
                ("женски".encode(), "непознат".encode()),
            ),
            [
                f"{RECORD}/BrojPrijema: missing",
                f"{RECORD}/Osoba/Pol: not a code of the KIRS list Пол",
                f"{RECORD}/DatumPrijema: not a date and time as dd.MM.yyyy. HH:mm",
            ],
        ),
        (
            spoilt_notice(
                (b"<kir:IdentifikatorObavestenja>OBV-KIRS-2025-000311", b"<kir:X>"),
                (b"</kir:IdentifikatorObavestenja>", b"</kir:X>"),
                ("реадмисија по".encode(), "депортација по".encode()),
                (b"00.05.2006.", b"31.02.2006."),
            ),
            [
                "ObavestenjeOPrijemu/IdentifikatorObavestenja: missing",
                f"{RECORD}/Osoba/DatumRodjenja: day is out of range for month",
                f"{RECORD}/NacinPovratka: not a code of the KIRS list НачинПовратка",
            ],
        ),
        (
            spoilt_notice(
                (b"<kir:PrijemOsobe>", b"<kir:Prijem>"), (b"</kir:PrijemOsobe>", b"</kir:Prijem>")
            ),
            ["ObavestenjeOPrijemu/PrijemOsobe: missing"],
        ),
    ],
    ids=["missing-and-wrong-values", "unknown-codes-and-dates", "no-record"],
)
def test_a_malformed_notice_lists_every_problem(body: bytes, problems: list[str]) -> None:
    with pytest.raises(InvalidNativePayload) as raised:
        parse_event(body)
    assert sorted(raised.value.problems) == sorted(problems)


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (b"<kir:Obavestenje", "text/xml", "not well-formed XML"),
        (b'{"event": "reception"}', "application/json", "the content type is not text/xml"),
        (
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>',
            "text/xml",
            "the SOAP body must hold exactly one element",
        ),
    ],
)
def test_an_unreadable_notice_says_why(body: bytes, content_type: str, problem: str) -> None:
    with pytest.raises(InvalidNativePayload) as raised:
        parse_event(body, content_type)
    assert raised.value.problems == [problem]
