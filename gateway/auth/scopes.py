"""The scopes a client may be granted, and how a token request names them and its purpose."""

from collections.abc import Iterable
from dataclasses import dataclass

from gateway.codelists import code_list

SCOPES: dict[str, str] = {
    "returnees:read": "Read returnees, households, return events and needs",
    "returnees:write": "Register and change returnees, households, return events and needs",
    "referrals:read": "Read referrals",
    "referrals:write": "Send and handle referrals",
    "consents:read": "Read consents and legal bases",
    "consents:write": "Record and revoke consents",
    "audit:read": "Query the audit trail",
    "stats:read": "Read statistics without identifying persons",
    "admin": "Administer clients, keys, legal bases, services and routing",
}
PURPOSE_PREFIX = "purpose:"
# Separation of duties: whoever registers clients and changes legal bases must not also read
# the trail that records those changes, or one stolen credential can act and hide it.
EXCLUSIVE_SCOPES: tuple[frozenset[str], ...] = (frozenset({"admin", "audit:read"}),)


@dataclass(frozen=True)
class TokenRequestScope:
    """The scopes and the one purpose a token request asks for."""

    scopes: frozenset[str]
    purpose: str | None


def parse_requested(scope: str | None) -> TokenRequestScope:
    """Split a ``scope`` parameter into scopes and ``purpose:<code>`` entries."""
    words = (scope or "").split()
    purposes = [
        word.removeprefix(PURPOSE_PREFIX) for word in words if word.startswith(PURPOSE_PREFIX)
    ]
    if len(purposes) > 1:
        raise ValueError("a token is issued for exactly one purpose")
    scopes = frozenset(word for word in words if not word.startswith(PURPOSE_PREFIX))
    return TokenRequestScope(scopes, purposes[0] if purposes else None)


def unknown_scopes(scopes: frozenset[str]) -> set[str]:
    return set(scopes) - set(SCOPES)


def duty_conflicts(scopes: Iterable[str]) -> list[frozenset[str]]:
    """The sets of scopes that one client may not hold together, of those in ``scopes``."""
    held = set(scopes)
    return [exclusive for exclusive in EXCLUSIVE_SCOPES if exclusive <= held]


def is_purpose(code: str) -> bool:
    return code in code_list("purposes")
