"""JMBG, the Serbian unique master citizen number: validation, decoding and construction.

A JMBG is 13 digits, ``DD MM YYY RR BBB K``: day, month and the last three digits of the birth
year (below 800 means 2000+YYY, else 1000+YYY), registration region, a serial number
(000-499 male, 500-999 female) and a check digit over the first twelve digits.

Pure: no I/O and no dependencies beyond the standard library. Error messages never repeat the
number itself, because a JMBG is personal data and error messages end up in logs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

Sex = Literal["male", "female"]

_LENGTH = 13
_WEIGHTS = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_FIRST_FEMALE_SERIAL = 500

_SERBIAN_REGIONS = {
    "70": "registered abroad at a consulate",
    "71": "Belgrade",
    "72": "Kragujevac area",
    "73": "Niš area",
    "74": "Leskovac/Vranje",
    "75": "Zaječar/Bor",
    "76": "Smederevo/Požarevac",
    "77": "Šabac/Valjevo",
    "78": "Kraljevo/Kruševac/Čačak/Novi Pazar",
    "79": "Užice",
    "80": "Novi Sad",
    "81": "Sombor",
    "82": "Subotica",
    "83": "Vrbas/Bečej",
    "84": "Kikinda",
    "85": "Zrenjanin",
    "86": "Pančevo",
    "87": "Vršac",
    "88": "Ruma",
    "89": "Sremska Mitrovica",
}
_REGION_RANGES = (
    (0, 9, "foreigners"),
    (10, 19, "Bosnia and Herzegovina"),
    (21, 29, "Montenegro"),
    (30, 39, "Croatia"),
    (41, 49, "North Macedonia"),
    (50, 50, "Slovenia"),
    (91, 97, "Kosovo"),
)


class InvalidJmbg(ValueError):
    """A string that is not a valid JMBG; ``reason`` is a short machine-readable code.

    Reasons: ``format`` (not 13 ASCII digits), ``check_digit`` (wrong last digit),
    ``no_valid_check_digit`` (the first twelve digits admit no check digit, so the number was
    never issued), ``date`` (the encoded birth date does not exist) and ``future_date``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Jmbg:
    """A valid JMBG and what it encodes."""

    value: str
    birth_date: datetime.date
    region: str
    region_name: str | None
    sex: Sex
    serial: int


def region_name(region: str) -> str | None:
    """Return the registration region's name for a two-digit code, or None when unassigned."""
    if region in _SERBIAN_REGIONS:
        return _SERBIAN_REGIONS[region]
    number = int(region)
    for low, high, name in _REGION_RANGES:
        if low <= number <= high:
            return name
    return None


def check_digit(first_twelve: str) -> int | None:
    """Return the check digit for twelve digits, or None when no valid number exists."""
    if len(first_twelve) != _LENGTH - 1 or not _is_ascii_digits(first_twelve):
        raise ValueError("the check digit is computed over exactly 12 ASCII digits")
    weighted_sum = sum(w * int(d) for w, d in zip(_WEIGHTS, first_twelve, strict=True))
    remainder = weighted_sum % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def parse_jmbg(value: str, *, today: datetime.date | None = None) -> Jmbg:
    """Validate a JMBG and decode it; raise InvalidJmbg saying what is wrong."""
    if len(value) != _LENGTH or not _is_ascii_digits(value):
        raise InvalidJmbg("format", "a JMBG is exactly 13 digits (0-9), with no spaces")
    _verify_check_digit(value)
    birth_date = _decode_birth_date(value)
    if birth_date > (today if today is not None else datetime.date.today()):
        raise InvalidJmbg("future_date", "the birth date encoded in the JMBG is in the future")
    serial = int(value[9:12])
    return Jmbg(
        value=value,
        birth_date=birth_date,
        region=value[7:9],
        region_name=region_name(value[7:9]),
        sex="male" if serial < _FIRST_FEMALE_SERIAL else "female",
        serial=serial,
    )


def check_consistency(
    jmbg: Jmbg, *, birth_date: datetime.date | None, sex: str | None
) -> list[str]:
    """Return messages for each recorded attribute that contradicts the JMBG; empty if none.

    ``None`` means not recorded. Only the sexes a JMBG can encode (``male``, ``female``) are
    compared: another recorded value (``unknown``, ``other``) is not a contradiction.
    """
    mismatches = []
    if birth_date is not None and birth_date != jmbg.birth_date:
        mismatches.append(
            f"the recorded birth date {birth_date.isoformat()} differs from the JMBG's "
            f"{jmbg.birth_date.isoformat()}"
        )
    if sex in ("male", "female") and sex != jmbg.sex:
        mismatches.append(f"the recorded sex {sex} differs from the JMBG's {jmbg.sex}")
    return mismatches


def make_jmbg(birth_date: datetime.date, region: str, serial: int) -> str:
    """Build a valid JMBG; raise ValueError when this combination has no valid check digit."""
    if len(region) != 2 or not _is_ascii_digits(region):
        raise ValueError("the region is two ASCII digits")
    if not 0 <= serial <= 999:
        raise ValueError("the serial is between 0 and 999")
    if not 1800 <= birth_date.year <= 2799:
        raise ValueError("a JMBG encodes birth years from 1800 to 2799 only")
    first_twelve = f"{birth_date:%d%m}{birth_date.year % 1000:03d}{region}{serial:03d}"
    digit = check_digit(first_twelve)
    if digit is None:
        raise ValueError("no valid check digit for this combination: choose another serial")
    return f"{first_twelve}{digit}"


def _is_ascii_digits(text: str) -> bool:
    """Tell whether the text is non-empty and only ASCII digits (str.isdigit accepts more)."""
    return text.isascii() and text.isdigit()


def _verify_check_digit(value: str) -> None:
    """Raise InvalidJmbg when the last digit is not the check digit of the first twelve."""
    expected = check_digit(value[:12])
    if expected is None:
        raise InvalidJmbg(
            "no_valid_check_digit",
            "the first 12 digits admit no valid check digit: no such JMBG is issued",
        )
    if int(value[12]) != expected:
        raise InvalidJmbg("check_digit", "the JMBG's check digit is wrong (a mistyped digit?)")


def _decode_birth_date(value: str) -> datetime.date:
    """Return the birth date encoded in a JMBG; raise InvalidJmbg when it does not exist."""
    short_year = int(value[4:7])
    year = 2000 + short_year if short_year < 800 else 1000 + short_year
    try:
        return datetime.date(year, int(value[2:4]), int(value[0:2]))
    except ValueError:
        raise InvalidJmbg(
            "date", "the birth date encoded in the JMBG (first 7 digits) does not exist"
        ) from None
