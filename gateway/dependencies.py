"""Typed dependencies on what the composition root built: the only reader of ``app.state``.

``gateway.main`` builds the settings, the session factory, the key ring, the token policy,
the rate limits, the adapters and the delivery settings once per application and keeps them
on it. Handlers and the dependencies they use receive them through the aliases below, typed
and visible in their signatures, never by reading the untyped ``request.app.state``. None of
these adds a parameter to the published spec; they are coroutines only so that FastAPI
calls them directly instead of through its thread pool (they never wait on anything).
"""

from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from adapters.base import AgencyAdapter
from gateway.auth.keys import KeyRing
from gateway.auth.rate_limits import RateLimits
from gateway.auth.tokens import TokenPolicy
from gateway.config import Settings
from gateway.delivery.settings import DeliverySettings


async def settings(request: Request) -> Settings:
    """The application's settings."""
    found: Settings = request.app.state.settings
    return found


async def session_factory(request: Request) -> sessionmaker[Session]:
    """The factory of the application's database sessions."""
    found: sessionmaker[Session] = request.app.state.session_factory
    return found


async def key_ring(request: Request) -> KeyRing:
    """The keys that sign and verify the gateway's tokens and checkpoints."""
    found: KeyRing = request.app.state.key_ring
    return found


async def token_policy(request: Request) -> TokenPolicy:
    """Who issues and accepts the gateway's tokens, and for how long."""
    found: TokenPolicy = request.app.state.token_policy
    return found


async def rate_limits(request: Request) -> RateLimits:
    """The per-client and per-address limits."""
    found: RateLimits = request.app.state.rate_limits
    return found


async def adapters(request: Request) -> Mapping[str, AgencyAdapter]:
    """The configured agencies' adapters, by agency code."""
    found: Mapping[str, AgencyAdapter] = request.app.state.adapters
    return found


async def delivery_settings(request: Request) -> DeliverySettings:
    """The delivery settings (read from the environment once, when no worker set them)."""
    state = request.app.state
    found: DeliverySettings | None = getattr(state, "delivery_settings", None)
    if found is None:
        found = state.delivery_settings = DeliverySettings()
    return found


SettingsDep = Annotated[Settings, Depends(settings)]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(session_factory)]
KeyRingDep = Annotated[KeyRing, Depends(key_ring)]
TokenPolicyDep = Annotated[TokenPolicy, Depends(token_policy)]
RateLimitsDep = Annotated[RateLimits, Depends(rate_limits)]
AdaptersDep = Annotated[Mapping[str, AgencyAdapter], Depends(adapters)]
DeliverySettingsDep = Annotated[DeliverySettings, Depends(delivery_settings)]
