"""Referrals, receipts and status histories between KIRS's native form and the common schema."""

import pytest
from hypothesis import given, settings

from adapters.kirs import xmlcodec
from adapters.kirs.codes import NotRepresentable
from adapters.kirs.native import (
    IstorijaUputa,
    KirsFormatError,
    PotvrdaUputa,
    Problems,
    PromenaStatusa,
)
from adapters.kirs.referral_mapping import (
    receipt_from_native,
    referral_from_native,
    referral_to_native,
    updates_from_native,
)
from gateway.schema.agency import ReferralDelivery
from tests.adapters.kirs.strategies import referrals


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
