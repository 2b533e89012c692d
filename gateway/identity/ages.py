"""Ages from birth dates that may be partial (a year, or a year and a month).

A partial date spans a range: ``is_certainly_minor`` takes its earliest day (the person is a
minor even then), ``possibly_under`` its latest (the person may still be that young).
"""

import calendar
import datetime as dt

AGE_OF_MAJORITY = 18


def is_certainly_minor(birth_date: str | None, *, today: dt.date | None = None) -> bool:
    """Whether the person is under 18 even at the earliest date a partial birth date allows."""
    if birth_date is None:
        return False
    today = today or dt.date.today()
    year, month, day = (int(part) for part in (birth_date + "-01-01")[:10].split("-"))
    earliest = dt.date(year, month, day)
    age = today.year - earliest.year - ((today.month, today.day) < (earliest.month, earliest.day))
    return age < AGE_OF_MAJORITY


def possibly_under(age: int, birth_date: str | None, *, today: dt.date | None = None) -> bool:
    """Whether the person may be under ``age`` (partial birth dates: at their latest date)."""
    if birth_date is None:
        return False
    today = today or dt.date.today()
    parts = [int(part) for part in birth_date.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    latest = dt.date(year, month, day)
    years = today.year - latest.year - ((today.month, today.day) < (latest.month, latest.day))
    return years < age
