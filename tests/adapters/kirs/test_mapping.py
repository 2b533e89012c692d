"""Reception records between KIRS's native form and the common schema, both ways."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.kirs import xmlcodec
from adapters.kirs.dates import (
    BELGRADE,
    format_date_time,
    format_partial_date,
    parse_date_time,
    parse_partial_date,
)
from adapters.kirs.mapping import from_native, names_to_native, to_native
from adapters.kirs.native import CYRILLIC_SCRIPT, LATIN_SCRIPT, KirsFormatError, Problems
from adapters.toolkit.codes import NotRepresentable
from gateway.schema.agency import AgencyPersonRecord
from tests.adapters.kirs.strategies import moments, partial_dates, person_records


def through_xml(record: AgencyPersonRecord) -> AgencyPersonRecord:
    """Common → native → XML → native → common, as a record travels from KIRS."""
    problems = Problems()
    element = xmlcodec.write_reception(to_native(record))
    native = xmlcodec.read_reception(xmlcodec.reader(element, "PrijemOsobe", problems))
    problems.raise_if_any()
    return from_native(native)


@settings(max_examples=150, deadline=None)
@given(person_records())
def test_a_record_survives_the_native_form(record: AgencyPersonRecord) -> None:
    assert from_native(to_native(record)) == record
    assert through_xml(record) == record


@given(partial_dates)
def test_partial_dates_survive(iso: str) -> None:
    assert parse_partial_date(format_partial_date(iso)) == iso


@given(moments)
def test_reception_times_survive_to_the_minute(moment: dt.datetime) -> None:
    assert parse_date_time(format_date_time(moment)) == moment


def test_dates_are_written_as_kirs_writes_them() -> None:
    assert format_partial_date("1975") == "00.00.1975."
    assert format_partial_date("1975-05") == "00.05.1975."
    assert format_partial_date("1975-05-18") == "18.05.1975."
    utc = dt.datetime(2024, 7, 1, 12, 5, tzinfo=dt.UTC)
    assert format_date_time(utc) == "01.07.2024. 14:05"
    assert parse_date_time("01.07.2024. 14:05") == utc.astimezone(BELGRADE)


@pytest.mark.parametrize("text", ["1975", "18.05.1975", "32.01.1975.", "18.00.1975.", "18.5.1975."])
def test_a_date_not_in_kirs_form_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"date|day|month|range"):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("given", "family", "script", "cyrillic", "latin"),
    [
        ("Љубиша", "Ђорђевић", CYRILLIC_SCRIPT, ("Љубиша", "Ђорђевић"), ("Ljubiša", "Đorđević")),
        ("Ljubiša", "Đorđević", LATIN_SCRIPT, ("Љубиша", "Ђорђевић"), ("Ljubiša", "Đorđević")),
        ("Kevin", "Đorđević", LATIN_SCRIPT, ("Кевин", "Ђорђевић"), ("Kevin", "Đorđević")),
    ],
)
def test_names_are_kept_in_both_scripts(
    given: str, family: str, script: str, cyrillic: tuple[str, str], latin: tuple[str, str]
) -> None:
    imena = names_to_native(given, family)
    assert imena.izvorno_pismo == script
    assert (imena.ime, imena.prezime) == cyrillic
    assert (imena.ime_latinicom, imena.prezime_latinicom) == latin


@settings(max_examples=40, deadline=None)
@given(person_records())
def test_special_categories_stay_in_their_own_sections(record: AgencyPersonRecord) -> None:
    back = from_native(to_native(record))
    assert "medical_condition" not in (back.vulnerabilities or [])
    assert "disability" not in (back.vulnerabilities or [])
    assert "health" not in (back.needs or [])


def test_a_record_without_reception_cannot_be_written() -> None:
    record = AgencyPersonRecord(agency="kirs", local_id="KIRS-2024-000001")
    with pytest.raises(NotRepresentable):
        to_native(record)


@settings(max_examples=20)
@given(person_records(), st.sampled_from(["NacinPovratka", "Pol", "DatumPrijema", "JMBG"]))
def test_a_record_with_a_bad_value_names_each_problem(
    record: AgencyPersonRecord, spoilt: str
) -> None:
    element = xmlcodec.write_reception(to_native(record))
    for node in element.iter(xmlcodec.tag(spoilt)):
        node.text = "99.99.9999. 99:99" if spoilt == "DatumPrijema" else "1234567890123"
    xmlcodec.add_text(element, "DrzavaPovratka", None)
    problems = Problems()
    native = xmlcodec.read_reception(xmlcodec.reader(element, "PrijemOsobe", problems))
    if spoilt in ("Pol", "JMBG") and not list(element.iter(xmlcodec.tag(spoilt))):
        assert from_native(native) == record
        return
    with pytest.raises(KirsFormatError) as raised:
        from_native(native)
    assert raised.value.problems
    assert "1234567890123" not in str(raised.value)
