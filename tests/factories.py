"""Factories of valid request bodies; each test changes only what it is about."""

import datetime as dt
from itertools import count
from typing import Any

from gateway.identity.jmbg import make_jmbg

_serials = count(100)


def new_jmbg(birth_date: dt.date, *, sex: str = "male", region: str = "71") -> str:
    """A valid JMBG not used before in this test run."""
    while True:
        serial = next(_serials) % 500 + (500 if sex == "female" else 0)
        try:
            return make_jmbg(birth_date, region, serial)
        except ValueError:
            continue


def person_body(**overrides: Any) -> dict[str, Any]:
    """A valid new adult person with a JMBG."""
    born = dt.date(1984, 3, 17)
    body: dict[str, Any] = {
        "jmbg": new_jmbg(born),
        "given_name": "Марко",
        "family_name": "Ђорђевић",
        "sex": "male",
        "birth_date": born.isoformat(),
        "municipality": "vranje",
        "languages": ["sr", "de"],
    }
    return body | overrides


def child_body(**overrides: Any) -> dict[str, Any]:
    """A valid new minor without a JMBG (born abroad)."""
    born = dt.date.today().replace(day=1) - dt.timedelta(days=365 * 7)
    body: dict[str, Any] = {
        "given_name": "Ana",
        "family_name": "Đorđević",
        "sex": "female",
        "birth_date": born.isoformat(),
        "languages": ["de"],
    }
    return body | overrides


def return_event_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "modality": "readmission",
        "return_date": "2025-05-14",
        "country_from": "DE",
        "entry_point": "bel_airport_readmission",
        "registering_agency": "kirs",
    }
    return body | overrides


def needs_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "assessed_on": "2025-05-20",
        "assessed_by": "csw",
        "needs": [
            {"domain": "housing", "severity": "high"},
            {"domain": "documentation", "severity": "medium"},
        ],
    }
    return body | overrides
