"""The base of the agencies' JSON models, and reading a reply into one.

NES, CSW and IOM write camelCase JSON; their models are snake_case in Python, ignore fields
they do not know (an agency adding a field must not break the gateway) and read by either
name. ``read_reply`` turns a reply that does not fit into ``AdapterMalformedReply``, naming
where and why but never the values (they may be personal data).
"""

from typing import TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from adapters.base import AdapterMalformedReply

Reply = TypeVar("Reply", bound=BaseModel)


class CamelModel(BaseModel):
    """A JSON object of an agency's API: camelCase on the wire, snake_case in Python."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
    )


def problems(error: ValidationError) -> list[str]:
    """Where and why a value does not fit, one line a problem, without the values."""
    return [
        f"{'.'.join(str(part) for part in item['loc']) or 'body'}: {item['msg']}"
        for item in error.errors()
    ]


def read_reply(agency: str, system: str, model: type[Reply], response: httpx.Response) -> Reply:
    """The reply read as ``model``; ``AdapterMalformedReply`` if it does not fit."""
    try:
        return model.model_validate_json(response.content)
    except ValidationError as error:
        found = problems(error)
        raise AdapterMalformedReply(
            agency,
            f"{system}'s reply does not fit its format as a {model.__name__}"
            f" ({len(found)} problems): {'; '.join(found)}"[:500],
        ) from None
