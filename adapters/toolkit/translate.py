"""A reply that arrived whole but does not translate is a malformed reply, for every adapter.

An agency may answer in its own format with values the common schema refuses (an invalid
JMBG, a code its list does not have): the core expects ``AdapterMalformedReply`` then, never
a ``ValueError`` and never a 500.
"""

from collections.abc import Callable
from typing import TypeVar

from pydantic import ValidationError

from adapters.base import AdapterMalformedReply
from adapters.toolkit.native import problems

Native = TypeVar("Native")
Common = TypeVar("Common")


def translated(agency: str, translate: Callable[[Native], Common], native: Native) -> Common:
    """``translate(native)``; a value that does not fit the other side is a malformed reply."""
    try:
        return translate(native)
    except ValueError as error:
        message = f"the reply does not fit the common schema: {why(error)}"
        raise AdapterMalformedReply(agency, message) from None


def why(error: ValueError) -> str:
    """What did not fit: a validation error's places and reasons (never its values), or the
    error's own message (which names codes, not personal data)."""
    if isinstance(error, ValidationError):
        found = problems(error)
        return f"{len(found)} values refused: {'; '.join(found)}"[:500]
    return str(error)


def require_withdrawn(agency: str, state: str, *, withdrawn: str) -> None:
    """A withdrawal's answer shows the referral in the agency's ``withdrawn`` state; any other
    state is a malformed reply (the agency said yes to something else)."""
    if state != withdrawn:
        raise AdapterMalformedReply(agency, f"the withdrawal was answered with the state '{state}'")
