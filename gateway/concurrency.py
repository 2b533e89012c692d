"""Optimistic concurrency: ETags carry a record's version, writes must name it in If-Match.

If-Match is evaluated as RFC 9110 §13.1.1 says: ``*`` matches the record, a list of entity
tags matches when one of them equals the current ETag by the strong comparison, so a weak tag
(``W/"3"``) never matches. A header that is not ``*`` or a list of entity tags is answered 400,
not 412: the condition cannot be evaluated, ignoring it would drop the caller's protection
against lost updates, and 412 would send the caller to read the record again for nothing.
"""

import re
from typing import Any

from gateway.errors import MalformedRequest, PreconditionFailed, PreconditionRequired

# entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text (RFC 9110 §8.8.3)
_ENTITY_TAG = r'(W/)?"[\x21\x23-\x7e\x80-\xff]*"'
# #entity-tag: tags separated by commas and optional whitespace, empty elements allowed (§5.6.1)
_TAG_LIST = re.compile(rf"[ \t,]*(?:{_ENTITY_TAG}(?:[ \t]*,[ \t,]*{_ENTITY_TAG})*)?[ \t,]*")


def etag(version: int) -> str:
    """The entity tag of a record version."""
    return f'"{version}"'


def require_current(if_match: str | None, *, current_version: int) -> None:
    """Refuse a write that does not name the record's current version."""
    if if_match is None:
        raise PreconditionRequired(
            "Send the ETag of the record you read in an If-Match header to change it."
        )
    if if_match.strip(" \t") == "*" or etag(current_version) in _strong_tags(if_match):
        return
    raise PreconditionFailed(
        f"The record is now at version {current_version}; read it again and retry the change.",
        headers={"ETag": etag(current_version)},
    )


def _strong_tags(if_match: str) -> list[str]:
    """The strong entity tags listed in an If-Match value (weak ones can never match)."""
    if _TAG_LIST.fullmatch(if_match) is None:
        raise MalformedRequest(
            'The If-Match header must be * or a list of entity tags such as "3".'
        )
    return [tag.group() for tag in re.finditer(_ENTITY_TAG, if_match) if tag.group(1) is None]


# RFC 9110 §13.1.1: "*" or a (possibly empty) list of entity tags; a field value is ASCII and
# has no leading or trailing whitespace on the wire (§5.5).
_IF_MATCH_SCHEMA = {
    "type": "string",
    "maxLength": 200,
    "pattern": r'^(\*|((W/)?"[!#-~]*"([ \t]*,[ \t]*(W/)?"[!#-~]*")*)?)$',
}


def document_preconditions(document: dict[str, Any]) -> None:
    """Publish If-Match as required where its absence is answered 428, and its syntax.

    The header stays optional to FastAPI so that its absence reaches ``require_current`` and
    is answered 428 (RFC 6585), not 422; the spec must still say the write needs it.
    """
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "header" and parameter["name"].lower() == "if-match":
                    parameter["schema"] = dict(_IF_MATCH_SCHEMA)
                    parameter["required"] = "428" in operation["responses"]
