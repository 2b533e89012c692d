"""Tests for JMBG validation, decoding, consistency checks and construction."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gateway.identity.jmbg import (
    InvalidJmbg,
    Jmbg,
    Sex,
    check_consistency,
    check_digit,
    make_jmbg,
    parse_jmbg,
    region_name,
)

TODAY = datetime.date(2025, 6, 1)

# The first twelve digits give S mod 11 == 1: no check digit exists, so no such JMBG is issued.
NOT_ISSUED_PREFIX = "010199071013"

# A valid JMBG in fullwidth digits: str.isdigit() accepts them, a JMBG does not.
FULLWIDTH_DIGITS = "".join(chr(0xFF10 + int(digit)) for digit in "0101990710040")


@pytest.mark.parametrize(
    ("value", "birth_date", "region", "name", "sex", "serial"),
    [
        ("0101006500006", datetime.date(2006, 1, 1), "50", "Slovenia", "male", 0),
        ("2812961710040", datetime.date(1961, 12, 28), "71", "Belgrade", "male", 4),
        ("0101990710040", datetime.date(1990, 1, 1), "71", "Belgrade", "male", 4),
        ("2902004712340", datetime.date(2004, 2, 29), "71", "Belgrade", "male", 234),
        ("0101800710007", datetime.date(1800, 1, 1), "71", "Belgrade", "male", 0),
        ("0101990714992", datetime.date(1990, 1, 1), "71", "Belgrade", "male", 499),
        ("0101990715018", datetime.date(1990, 1, 1), "71", "Belgrade", "female", 501),
        ("0101990719994", datetime.date(1990, 1, 1), "71", "Belgrade", "female", 999),
    ],
)
def test_parse_valid(
    value: str, birth_date: datetime.date, region: str, name: str, sex: Sex, serial: int
) -> None:
    assert parse_jmbg(value, today=TODAY) == Jmbg(
        value=value,
        birth_date=birth_date,
        region=region,
        region_name=name,
        sex=sex,
        serial=serial,
    )


def test_parse_without_today_uses_the_current_date() -> None:
    assert parse_jmbg("0101990710040").birth_date == datetime.date(1990, 1, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "format"),
        ("010199071004", "format"),
        ("01019907100400", "format"),
        (" 0101990710040", "format"),
        ("0101990710040 ", "format"),
        ("01019907100a0", "format"),
        ("0101-99071004", "format"),
        (FULLWIDTH_DIGITS, "format"),
        ("0101990710041", "check_digit"),
        ("0101990710049", "check_digit"),
        ("1101990710040", "check_digit"),
        (NOT_ISSUED_PREFIX + "0", "no_valid_check_digit"),
        (NOT_ISSUED_PREFIX + "9", "no_valid_check_digit"),
        ("3102985712342", "date"),
        ("2902003712347", "date"),
        ("0013990710044", "date"),
        ("0001990710046", "date"),
        ("3104990710040", "date"),
        ("0101026710058", "future_date"),
        ("0101799710049", "future_date"),
    ],
)
def test_parse_invalid(value: str, reason: str) -> None:
    with pytest.raises(InvalidJmbg) as caught:
        parse_jmbg(value, today=TODAY)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("last_digit", "0123456789")
def test_a_prefix_without_check_digit_never_parses(last_digit: str) -> None:
    assert check_digit(NOT_ISSUED_PREFIX) is None
    with pytest.raises(InvalidJmbg) as caught:
        parse_jmbg(NOT_ISSUED_PREFIX + last_digit, today=TODAY)
    assert caught.value.reason == "no_valid_check_digit"


def test_error_message_is_english_and_does_not_repeat_the_number() -> None:
    with pytest.raises(InvalidJmbg) as caught:
        parse_jmbg("0101990710041", today=TODAY)
    assert "check digit" in str(caught.value)
    assert caught.value.message == str(caught.value)
    assert "0101990710041" not in str(caught.value)


def test_birth_date_today_is_not_in_the_future() -> None:
    assert parse_jmbg("0101006500006", today=datetime.date(2006, 1, 1)).birth_date == (
        datetime.date(2006, 1, 1)
    )
    with pytest.raises(InvalidJmbg, match="future"):
        parse_jmbg("0101006500006", today=datetime.date(2005, 12, 31))


@pytest.mark.parametrize(
    ("first_twelve", "expected"),
    [
        ("010100650000", 6),
        ("281296171004", 0),
        ("010199071004", 0),
        ("290200471234", 0),
        ("310298571234", 2),
        (NOT_ISSUED_PREFIX, None),
    ],
)
def test_check_digit(first_twelve: str, expected: int | None) -> None:
    assert check_digit(first_twelve) == expected


@pytest.mark.parametrize("first_twelve", ["", "01019907100", "0101990710040", "01019907100x"])
def test_check_digit_needs_twelve_digits(first_twelve: str) -> None:
    with pytest.raises(ValueError, match="12"):
        check_digit(first_twelve)


@pytest.mark.parametrize(
    ("region", "name"),
    [
        ("00", "foreigners"),
        ("09", "foreigners"),
        ("10", "Bosnia and Herzegovina"),
        ("19", "Bosnia and Herzegovina"),
        ("20", None),
        ("21", "Montenegro"),
        ("29", "Montenegro"),
        ("30", "Croatia"),
        ("39", "Croatia"),
        ("40", None),
        ("41", "North Macedonia"),
        ("49", "North Macedonia"),
        ("50", "Slovenia"),
        ("51", None),
        ("69", None),
        ("70", "registered abroad at a consulate"),
        ("71", "Belgrade"),
        ("73", "Niš area"),
        ("80", "Novi Sad"),
        ("89", "Sremska Mitrovica"),
        ("90", None),
        ("91", "Kosovo"),
        ("97", "Kosovo"),
        ("98", None),
        ("99", None),
    ],
)
def test_region_name(region: str, name: str | None) -> None:
    assert region_name(region) == name


def test_every_serbian_region_has_a_name() -> None:
    assert all(region_name(str(code)) for code in range(70, 90))


JMBG_1990 = parse_jmbg("0101990710040", today=TODAY)


@pytest.mark.parametrize(
    ("birth_date", "sex", "expected"),
    [
        (datetime.date(1990, 1, 1), "male", []),
        (None, None, []),
        (None, "unknown", []),
        (datetime.date(1990, 1, 2), "male", ["birth date"]),
        (datetime.date(1990, 1, 1), "female", ["sex"]),
        (datetime.date(1991, 1, 1), "female", ["birth date", "sex"]),
    ],
)
def test_check_consistency(
    birth_date: datetime.date | None, sex: str | None, expected: list[str]
) -> None:
    messages = check_consistency(JMBG_1990, birth_date=birth_date, sex=sex)
    assert len(messages) == len(expected)
    for message, topic in zip(messages, expected, strict=True):
        assert topic in message


def test_consistency_message_names_both_values() -> None:
    [message] = check_consistency(JMBG_1990, birth_date=datetime.date(1990, 1, 2), sex=None)
    assert "1990-01-02" in message
    assert "1990-01-01" in message


@pytest.mark.parametrize(
    ("birth_date", "region", "serial", "expected"),
    [
        (datetime.date(2006, 1, 1), "50", 0, "0101006500006"),
        (datetime.date(1961, 12, 28), "71", 4, "2812961710040"),
        (datetime.date(1990, 1, 1), "71", 4, "0101990710040"),
    ],
)
def test_make_jmbg(birth_date: datetime.date, region: str, serial: int, expected: str) -> None:
    assert make_jmbg(birth_date, region, serial) == expected


@pytest.mark.parametrize(
    ("birth_date", "region", "serial", "match"),
    [
        (datetime.date(1990, 1, 1), "71", 13, "another serial"),
        (datetime.date(1990, 1, 1), "7", 4, "region"),
        (datetime.date(1990, 1, 1), "7a", 4, "region"),
        (datetime.date(1990, 1, 1), "71", -1, "serial"),
        (datetime.date(1990, 1, 1), "71", 1000, "serial"),
        (datetime.date(1799, 12, 31), "71", 4, "1800"),
        (datetime.date(2800, 1, 1), "71", 4, "2799"),
    ],
)
def test_make_jmbg_refuses(birth_date: datetime.date, region: str, serial: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make_jmbg(birth_date, region, serial)


encodable_dates = st.dates(
    min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2799, 12, 31)
)
regions = st.integers(min_value=0, max_value=99).map("{:02d}".format)
serials = st.integers(min_value=0, max_value=999)


def _made(birth_date: datetime.date, region: str, serial: int) -> str:
    """Return make_jmbg's result, discarding the combinations that have no check digit."""
    try:
        return make_jmbg(birth_date, region, serial)
    except ValueError:
        assume(False)
        raise


@given(birth_date=encodable_dates, region=regions, serial=serials)
def test_make_then_parse_round_trip(birth_date: datetime.date, region: str, serial: int) -> None:
    parsed = parse_jmbg(_made(birth_date, region, serial), today=datetime.date(2799, 12, 31))
    assert parsed.birth_date == birth_date
    assert parsed.region == region
    assert parsed.serial == serial
    assert parsed.sex == ("male" if serial < 500 else "female")
    assert check_consistency(parsed, birth_date=birth_date, sex=parsed.sex) == []


@given(
    birth_date=encodable_dates,
    region=regions,
    serial=serials,
    position=st.integers(min_value=0, max_value=12),
    shift=st.integers(min_value=1, max_value=9),
)
def test_any_single_mistyped_digit_is_refused(
    birth_date: datetime.date, region: str, serial: int, position: int, shift: int
) -> None:
    value = _made(birth_date, region, serial)
    mistyped = str((int(value[position]) + shift) % 10)
    with pytest.raises(InvalidJmbg):
        parse_jmbg(value[:position] + mistyped + value[position + 1 :], today=TODAY)
