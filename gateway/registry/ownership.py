"""Object-level rule for writes: an agency changes what its own clients registered."""

from gateway.auth.caller import Caller
from gateway.errors import Forbidden


def require_owner(registered_by: str | None, caller: Caller, *, noun: str) -> None:
    """Refuse a change by another agency than the registering one (admins may change all)."""
    if caller.is_admin or registered_by == caller.agency:
        return
    raise Forbidden(f"Only the agency that registered this {noun} may change it.")
