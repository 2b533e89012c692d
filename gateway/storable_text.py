"""Text the databases can store, and the refusal at the edge of request text that is not.

PostgreSQL ``text`` cannot hold NUL (U+0000), and a lone surrogate (U+D800 to U+DFFF) cannot be
encoded as UTF-8 at all: either one reaching a statement fails it, after part of a request may
have been applied. ``refuse_unstorable_text`` is a dependency of every route (installed once in
``create_app``); it answers 422 naming each path parameter, query parameter, header (HTTP
Basic credentials decoded) and JSON body string that holds such a character, before any
endpoint or other dependency runs. Routes that read their body themselves (the token endpoint,
agencies' pushed events) check what they read with ``unstorable_locations`` and refuse or keep
it in their own way; ``escaped`` writes such text in a form that can be stored.
"""

import base64
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from fastapi import Request
from fastapi.params import Form
from fastapi.routing import APIRoute

from gateway.errors import FieldProblem, InvalidRequest

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "contains a character that cannot be stored (NUL or a lone surrogate)"
_MOST_REPORTED = 50


def is_storable(text: str) -> bool:
    """Whether ``text`` holds no NUL and no lone surrogate."""
    return _UNSTORABLE.search(text) is None


def escaped(text: str) -> str:
    """``text`` with each NUL and lone surrogate written as a Python escape (``\\x00``)."""
    return _UNSTORABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def unstorable_locations(value: Any, location: str) -> list[str]:
    """Where in ``value`` (strings, mappings, sequences, nested) unstorable text is found."""
    return list(_walk(value, location))[:_MOST_REPORTED]


def _walk(value: Any, location: str) -> Iterator[str]:
    if isinstance(value, str):
        if not is_storable(value):
            yield location
    elif isinstance(value, Mapping):
        for key, item in value.items():
            name = escaped(str(key))
            if not is_storable(str(key)):
                yield f"{location}.{name}"
            yield from _walk(item, f"{location}.{name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{location}.{index}")


def _unstorable_pairs(pairs: Iterable[tuple[str, Any]], location: str) -> Iterator[str]:
    for name, value in pairs:
        if not is_storable(name) or (isinstance(value, str) and not is_storable(value)):
            yield f"{location}.{escaped(name)}"


async def refuse_unstorable_text(request: Request) -> None:
    """Refuse a request whose path, query, headers or parsed body hold unstorable text."""
    locations = [
        *_unstorable_pairs(request.path_params.items(), "path"),
        *_unstorable_pairs(request.query_params.multi_items(), "query"),
        *_unstorable_pairs(request.headers.items(), "header"),
        *_unstorable_pairs(_basic_credentials(request), "header"),
        *await _body_locations(request),
    ]
    if locations:
        problems = [FieldProblem(location=where, message=UNSTORABLE_MESSAGE) for where in locations]
        raise InvalidRequest(
            "The request holds text that cannot be stored.", errors=problems[:_MOST_REPORTED]
        )


def _basic_credentials(request: Request) -> list[tuple[str, str]]:
    """HTTP Basic credentials, decoded: a client id is looked up before it is checked."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return []
    try:
        return [("authorization", base64.b64decode(encoded, validate=True).decode())]
    except ValueError:
        return []


async def _body_locations(request: Request) -> list[str]:
    """Where unstorable text is in the body the route's own parameters are read from."""
    route = request.scope.get("route")
    field = route.body_field if isinstance(route, APIRoute) else None
    if field is None:
        return []
    if isinstance(field.field_info, Form):
        return list(_unstorable_pairs((await request.form()).multi_items(), "body"))
    try:
        # Parsed already (and kept) by FastAPI when the body is JSON; a body that is not JSON
        # is refused by the route's own validation.
        body = await request.json()
    except ValueError:
        return []
    return unstorable_locations(body, "body")
