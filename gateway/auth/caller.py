"""The caller of a request, yielded by the one dependency that guards every ``/v1`` route."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request


@dataclass(frozen=True)
class Caller:
    """An authenticated client: who it is, for which agency, what it may do and why."""

    client_id: str
    agency: str | None
    scopes: frozenset[str]
    purpose: str | None


def get_caller(request: Request) -> Caller:
    """The caller of this request."""
    caller: Caller = request.app.state.caller_resolver(request)
    return caller


def development_caller(_request: Request) -> Caller:
    """Until agency clients authenticate, every request acts as the development client."""
    return Caller(client_id="development", agency=None, scopes=frozenset(), purpose=None)


CallerDep = Annotated[Caller, Depends(get_caller)]
