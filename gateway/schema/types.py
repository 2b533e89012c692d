"""Constrained field types of the common schema, each validated at the edge.

Codes are checked against the shipped code lists (``gateway.codelists``), not enumerated in
the published spec: admins manage the lists, so the contract is "a code of list X".
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from gateway.codelists import code_list
from gateway.identity.jmbg import InvalidJmbg, parse_jmbg
from gateway.identity.names import normalise_name

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class StrictModel(BaseModel):
    """A request or response model that rejects fields it does not know."""

    model_config = ConfigDict(extra="forbid")


def _in_code_list(name: str) -> Callable[[str], str]:
    def check(code: str) -> str:
        if code not in code_list(name):
            raise ValueError(f"'{code}' is not a code of the '{name}' code list")
        return code

    return check


def _valid_jmbg(value: str) -> str:
    try:
        parse_jmbg(value)
    except InvalidJmbg as error:
        raise ValueError(str(error)) from None
    return value


def _valid_name(value: str) -> str:
    normalise_name(value)
    return " ".join(value.split())


def _valid_partial_date(value: str) -> str:
    match = _PARTIAL_DATE.fullmatch(value)
    if match is None:
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a calendar date") from None
    if parsed > dt.date.today() or year < 1900:
        raise ValueError(f"'{value}' is not a plausible birth date")
    return value


def _not_in_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError("the date is in the future")
    return value


def coded(name: str) -> AfterValidator:
    """A validator that checks a value against the code list ``name``."""
    return AfterValidator(_in_code_list(name))


Jmbg = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{13}$"),
    AfterValidator(_valid_jmbg),
    Field(description="Unique master citizen number (13 digits, check digit validated)"),
]
PersonName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    AfterValidator(_valid_name),
    Field(description="A name as recorded, in Serbian Cyrillic or Latin script"),
]
PartialDate = Annotated[
    str,
    StringConstraints(min_length=4, max_length=10),
    AfterValidator(_valid_partial_date),
    Field(description="A date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD"),
]
PastDate = Annotated[dt.date, AfterValidator(_not_in_future)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_CODE = r"^[a-z][a-z0-9_]*$"


def _code(name: str, *, max_length: int = 32, pattern: str = _CODE) -> Any:
    """A string constrained to the code list ``name``; its pattern is published in the spec."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, pattern=pattern),
        coded(name),
        Field(description=f"A code of the '{name}' code list (GET /v1/code-lists/{name})"),
    ]


MunicipalityCode = _code("municipalities", max_length=64, pattern=_SLUG)
CountryCode = _code("countries", max_length=2, pattern=r"^[A-Z]{2}$")
AgencyCode = _code("agencies")
Sex = _code("sexes")
LanguageCode = _code("languages", max_length=8)
DocumentType = _code("document_types")
ReturnModality = _code("return_modalities")
EntryPoint = _code("entry_points", max_length=64)
NeedDomain = _code("need_domains")
Severity = _code("severities")
Relationship = _code("relationships")
