"""Referrals, receipts, withdrawals and histories: KIRS's native form and the common schema."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.kirs import messages, soap, xmlcodec
from adapters.kirs.dates import format_date_time
from adapters.kirs.native import (
    IstorijaUputa,
    KirsFormatError,
    PotvrdaStorna,
    PotvrdaUputa,
    Problems,
    PromenaStatusa,
    StornoUputa,
)
from adapters.kirs.referral_mapping import (
    cancellation_from_native,
    cancellation_receipt_from_native,
    cancellation_to_native,
    receipt_from_native,
    referral_from_native,
    referral_to_native,
    updates_from_native,
)
from adapters.toolkit.codes import NotRepresentable
from gateway.schema.agency import ReferralCancellation, ReferralDelivery
from tests.adapters.kirs.strategies import (
    cancellations,
    idempotency_keys,
    moments,
    referral_numbers,
    referrals,
)


@settings(max_examples=80, deadline=None)
@given(referrals())
def test_a_referral_survives_the_native_form(referral: ReferralDelivery) -> None:
    problems = Problems()
    element = xmlcodec.write_referral(referral_to_native(referral))
    native = xmlcodec.read_referral(xmlcodec.reader(element, "Uput", problems))
    problems.raise_if_any()
    assert referral_from_native(native) == referral


def test_a_referral_is_written_in_kirs_words() -> None:
    referral = ReferralDelivery.model_validate(
        {
            **{"referral_id": "r-1", "from_agency": "nes", "service": "housing_call"},
            **{"priority": "urgent", "due_date": "2025-03-01", "needs": ["housing", "health"]},
            "person": {"given_name": "Ljubiša", "family_name": "Đorđević", "sex": "male"},
            "municipality": "nis-palilula",
        }
    )
    uput = referral_to_native(referral)
    assert (uput.posiljalac, uput.prioritet, uput.rok) == (
        "Национална служба за запошљавање",
        "хитан",
        "01.03.2025.",
    )
    assert uput.potrebe == ("смештај", "здравствена заштита")
    assert uput.opstina == "Палилула (Ниш)"
    assert (uput.osoba.imena.ime, uput.osoba.imena.prezime, uput.osoba.pol) == (
        "Љубиша",
        "Ђорђевић",
        "мушки",
    )


def test_a_referral_kirs_cannot_write_is_not_representable() -> None:
    referral = ReferralDelivery.model_validate(
        {
            **{"referral_id": "r-1", "from_agency": "csw", "service": "x", "priority": "low"},
            **{"needs": [], "person": {"given_name": "A", "family_name": "B"}},
        }
    )
    uput = referral_to_native(referral)
    with pytest.raises(NotRepresentable):
        referral_to_native(referral.model_copy(update={"priority": "someday"}))
    assert uput.potrebe == ()


def test_a_receipt_says_whether_kirs_had_the_key_already() -> None:
    first = PotvrdaUputa(
        broj_uputa="UP-2025-000001", duplikat="не", vreme_prijema="01.02.2025. 10:00"
    )
    again = PotvrdaUputa(
        broj_uputa="UP-2025-000001", duplikat="да", vreme_prijema="01.02.2025. 10:00"
    )
    assert receipt_from_native(first).duplicate is False
    assert receipt_from_native(again).duplicate is True
    with pytest.raises(KirsFormatError, match="Duplikat: neither да nor не"):
        receipt_from_native(PotvrdaUputa(broj_uputa="UP-1", duplikat="yes", vreme_prijema=""))


def test_received_and_cancelled_entries_are_not_updates() -> None:
    history = IstorijaUputa(
        broj_uputa="UP-2025-000001",
        broj_uputa_posiljaoca="r-1",
        promene=(
            PromenaStatusa(status="примљен", vreme="01.02.2025. 10:00"),
            PromenaStatusa(status="прихваћен", vreme="02.02.2025. 10:00"),
            PromenaStatusa(status="сторниран", vreme="03.02.2025. 10:00", razlog="Повучен"),
        ),
    )
    assert [update.status for update in updates_from_native(history)] == ["accepted"]


def test_an_unknown_status_or_time_is_a_format_error() -> None:
    history = IstorijaUputa(
        broj_uputa="UP-2025-000001",
        broj_uputa_posiljaoca="r-1",
        promene=(PromenaStatusa(status="заборављен", vreme="02.02.2025."),),
    )
    with pytest.raises(KirsFormatError) as raised:
        updates_from_native(history)
    assert raised.value.problems == [
        "IstorijaUputa/Promene/Promena[1]/Status: not a code of the KIRS list СтатусУпута",
        "IstorijaUputa/Promene/Promena[1]/Vreme: not a date and time as dd.MM.yyyy. HH:mm",
    ]


@settings(max_examples=80, deadline=None)
@given(cancellations(), idempotency_keys)
def test_a_cancellation_survives_the_native_message(
    cancellation: ReferralCancellation, key: str
) -> None:
    body = soap.envelope(messages.cancellation_request(key, cancellation_to_native(cancellation)))
    read_key, storno = messages.read_cancellation_request(soap.read_message(body).payload)
    assert read_key == key
    assert cancellation_from_native(storno) == cancellation


@settings(max_examples=40, deadline=None)
@given(referral_numbers, st.sampled_from(["да", "не"]), moments)
def test_a_cancellation_receipt_survives_the_native_message(
    number: str, duplikat: str, moment: dt.datetime
) -> None:
    potvrda = PotvrdaStorna(
        broj_uputa=number, duplikat=duplikat, vreme_storniranja=format_date_time(moment)
    )
    answer = messages.response(
        messages.CANCEL_REFERRAL, xmlcodec.write_cancellation_receipt(potvrda)
    )
    read = messages.read_cancellation_response(soap.read_message(soap.envelope(answer)).payload)
    assert read == potvrda
    assert cancellation_receipt_from_native(read, number) is (duplikat == "да")


def test_a_cancellation_is_written_in_kirs_words() -> None:
    cancellation = ReferralCancellation(
        referral_id="r-1",
        agency_reference="UP-2025-000001",
        reason="Лице се одселило",
        cancelled_at=dt.datetime(2025, 2, 3, 9, 0, 59, tzinfo=dt.UTC),
    )
    payload = messages.cancellation_request("key-9", cancellation_to_native(cancellation))
    assert payload.tag == "{urn:kirs.gov.rs:readmisija:v1}StornirajUput"
    assert soap.soap_action(messages.CANCEL_REFERRAL) == (
        '"urn:kirs.gov.rs:readmisija:v1/StornirajUput"'
    )
    texts = {child.tag.rpartition("}")[2]: child.text for child in payload.iter()}
    assert texts == {
        "StornirajUput": None,
        "IdentifikatorZahteva": "key-9",
        "Storno": None,
        "BrojUputa": "UP-2025-000001",
        "BrojUputaPosiljaoca": "r-1",
        "Razlog": "Лице се одселило",
        "VremeStorniranja": "03.02.2025. 10:00",
    }


def test_a_cancellation_missing_its_parts_lists_every_problem() -> None:
    payload = messages.request(messages.CANCEL_REFERRAL)
    with pytest.raises(KirsFormatError) as raised:
        messages.read_cancellation_request(payload)
    assert raised.value.problems == [
        "StornirajUput/IdentifikatorZahteva: missing",
        "StornirajUput/Storno: missing",
    ]
    storno = StornoUputa(
        broj_uputa="UP-2025-000001", broj_uputa_posiljaoca="r-1", razlog="x", vreme_storniranja="?"
    )
    with pytest.raises(KirsFormatError, match="Storno/VremeStorniranja: not a date and time"):
        cancellation_from_native(storno)


def test_a_cancellation_receipt_must_answer_for_the_referral_withdrawn() -> None:
    potvrda = PotvrdaStorna(
        broj_uputa="UP-2025-000002", duplikat="може", vreme_storniranja="03.02.2025. 10:00"
    )
    with pytest.raises(KirsFormatError) as raised:
        cancellation_receipt_from_native(potvrda, "UP-2025-000001")
    assert raised.value.problems == [
        "PotvrdaStorna/BrojUputa: not the referral withdrawn",
        "PotvrdaStorna/Duplikat: neither да nor не",
    ]
