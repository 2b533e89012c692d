"""Dates as KIRS writes them: ``dd.MM.yyyy.`` with the trailing dot, times to the minute.

KIRS writes local Belgrade time without an offset (``23.10.2025. 14:35``) and, as Serbian
registers do, an unknown day or month as ``00`` (``00.00.1975.`` is "born in 1975"). The
repeated hour when summer time ends cannot be told apart in this form: it is read as the
first one. Pure.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

BELGRADE = ZoneInfo("Europe/Belgrade")

_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})\.$")
_DATE_TIME = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})\. (\d{2}):(\d{2})$")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def format_date(day: dt.date) -> str:
    """``18.01.1988.``"""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}."


def parse_date(text: str) -> dt.date:
    """The date of ``dd.MM.yyyy.``; raises ValueError for anything else."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError("not a date as dd.MM.yyyy.")
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def format_partial_date(iso: str) -> str:
    """A common-schema partial date (``1975``, ``1975-05``, ``1975-05-18``) in KIRS's form."""
    match = _PARTIAL.fullmatch(iso)
    if match is None:
        raise ValueError("not a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    return f"{day or '00'}.{month or '00'}.{year}."


def parse_partial_date(text: str) -> str:
    """A KIRS date, possibly with ``00`` for an unknown day or month, as a partial ISO date."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError("not a date as dd.MM.yyyy.")
    day, month, year = match.groups()
    if month == "00":
        if day != "00":
            raise ValueError("a day is given without its month")
        return year
    if day == "00":
        dt.date(int(year), int(month), 1)
        return f"{year}-{month}"
    return parse_date(text).isoformat()


def format_date_time(moment: dt.datetime) -> str:
    """``23.10.2025. 14:35`` in Belgrade time; a naive ``moment`` is taken as Belgrade time."""
    local = moment.astimezone(BELGRADE) if moment.tzinfo is not None else moment
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def parse_date_time(text: str) -> dt.datetime:
    """The moment of ``dd.MM.yyyy. HH:mm`` in Belgrade time; raises ValueError otherwise."""
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise ValueError("not a date and time as dd.MM.yyyy. HH:mm")
    day, month, year, hour, minute = (int(part) for part in match.groups())
    return dt.datetime(year, month, day, hour, minute, tzinfo=BELGRADE)
