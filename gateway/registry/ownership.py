"""Object-level rule for writes: an agency changes what its own clients registered."""

from collections.abc import Callable

from gateway.auth.caller import Caller
from gateway.errors import Forbidden


def require_owner(
    registered_by: str | None, caller: Caller, *, noun: str, require_visible: Callable[[], object]
) -> None:
    """Refuse a change by another agency than the registering one (admins may change all).

    ``require_visible`` runs first for anyone else: a caller that may not even see the record
    gets the 404 of a missing one, so that a write never confirms that an id is real.
    """
    if caller.is_admin or registered_by == caller.agency:
        return
    require_visible()
    raise Forbidden(f"Only the agency that registered this {noun} may change it.")
