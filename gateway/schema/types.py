"""Constrained field types of the common schema, each validated at the edge.

Codes are checked against the shipped code lists (``gateway.codelists``) and published in the
spec as an ``enum`` read from the same data files, so the spec accepts exactly what the check does.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from gateway.codelists import code_list
from gateway.identity.jmbg import InvalidJmbg, parse_jmbg
from gateway.identity.names import normalise_name

_M = TypeVar("_M", bound=BaseModel)
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class StrictModel(BaseModel):
    """A request or response model that rejects fields it does not know."""

    model_config = ConfigDict(extra="forbid")


def read_from(model: type[_M], record: object, **given: Any) -> _M:
    """``model`` validated from ``record``'s attributes of the same names as its fields, and
    from ``given`` for the fields that ``record`` names otherwise or lacks."""
    values = {
        name: getattr(record, name)
        for name in model.model_fields
        if name not in given and hasattr(record, name)
    }
    return model.model_validate(values | given)


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


def _in_utc(value: dt.datetime) -> dt.datetime:
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the date-time in UTC falls outside the years 1 to 9999") from None


def _not_in_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError("the date is in the future")
    return value


@dataclass(frozen=True)
class _CodedAs:
    """Checks a value against the code list ``name`` and publishes the list's codes as ``enum``.

    The server refuses any other code, so the spec says which ones it accepts; the enum is
    read from the shipped data files, so it never drifts from what the check enforces.
    """

    name: str

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            _in_code_list(self.name), handler(source)
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "enum": code_list(self.name).codes()}


def coded(name: str) -> _CodedAs:
    """A check of a value against the code list ``name``, its codes published as ``enum``."""
    return _CodedAs(name)


Jmbg = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{13}$"),
    AfterValidator(_valid_jmbg),
    Field(
        description="Unique master citizen number (JMBG): 13 digits DDMMYYYRRBBBK, a real "
        "birth date, and the mod-11 check digit K",
        json_schema_extra={"format": "jmbg"},
    ),
]
PersonName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    AfterValidator(_valid_name),
    Field(
        description="A name as recorded, in Serbian Cyrillic or Latin script: letters of any "
        "script with their combining marks, spaces, hyphens, apostrophes and dots, and at "
        "least one letter (no digits, underscores or other symbols)",
        json_schema_extra={"format": "person-name"},
    ),
]
PartialDate = Annotated[
    str,
    StringConstraints(min_length=4, max_length=10, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
    AfterValidator(_valid_partial_date),
    Field(
        description="A date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD; a calendar date "
        "from 1900 to today",
        json_schema_extra={"format": "partial-date"},
    ),
]
PastDate = Annotated[
    dt.date, AfterValidator(_not_in_future), Field(description="A calendar date, not in the future")
]
# Every moment the API reads: with an offset (a naive time is ambiguous), held in UTC so that no
# later comparison, arithmetic or database write meets an offset that overflows the calendar.
Instant = Annotated[AwareDatetime, AfterValidator(_in_utc)]
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
