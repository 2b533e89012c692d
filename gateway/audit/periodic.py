"""Checkpoints made on their own while the gateway serves: every N entries or every so often.

Each served gateway polls (``GATEWAY_AUDIT_CHECKPOINT_POLL_SECONDS``); when the trail grew by
``GATEWAY_AUDIT_CHECKPOINT_EVERY_ENTRIES`` entries since the last checkpoint, or any entry
was added and ``GATEWAY_AUDIT_CHECKPOINT_INTERVAL_SECONDS`` passed, it signs a checkpoint.
Several replicas may poll: checkpoints are taken under the chain's lock and skipped when the
last one already covers the head. These checkpoints are not themselves audit entries (that
would make every checkpoint due the next one).
"""

import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from gateway.audit import checkpoints
from gateway.audit.models import AuditCheckpoint
from gateway.auth.keys import KeyRing
from gateway.background import in_background
from gateway.models import utcnow

logger = logging.getLogger("gateway.audit")


class AuditSettings(BaseSettings):
    """When served gateways make checkpoints on their own (env prefix ``GATEWAY_AUDIT_``)."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_AUDIT_", extra="ignore")

    checkpoint_every_entries: int = Field(default=10_000, ge=1)
    checkpoint_interval_seconds: int = Field(default=3600, ge=0, description="0: never on time")
    checkpoint_poll_seconds: float = Field(default=15.0, gt=0)

    @property
    def interval(self) -> dt.timedelta | None:
        seconds = self.checkpoint_interval_seconds
        return dt.timedelta(seconds=seconds) if seconds else None


def checkpoint_if_due(
    factory: sessionmaker[Session], key_ring: KeyRing, *, issuer: str, settings: AuditSettings
) -> AuditCheckpoint | None:
    """Make a checkpoint if one is due; None otherwise."""
    with factory() as session:
        if not checkpoints.due(
            session,
            every_entries=settings.checkpoint_every_entries,
            interval=settings.interval,
            now=utcnow(),
        ):
            return None
        made = checkpoints.create(
            session,
            keys=key_ring.current(session),
            issuer=issuer,
            made_by="periodic",
            only_if_new=True,
        )
        session.commit()
        return made


@asynccontextmanager
async def periodic_checkpoints(app: FastAPI, *, enabled: bool) -> AsyncIterator[None]:
    """Run the checkpoint poller while the application serves (when ``enabled``)."""
    if not enabled:
        yield
        return
    settings = AuditSettings()
    async with in_background(lambda: _poll(app, settings)):
        yield


async def _poll(app: FastAPI, settings: AuditSettings) -> None:
    state = app.state
    while True:
        await anyio.sleep(settings.checkpoint_poll_seconds)
        try:
            await anyio.to_thread.run_sync(
                lambda: checkpoint_if_due(
                    state.session_factory,
                    state.key_ring,
                    issuer=state.settings.issuer,
                    settings=settings,
                )
            )
        except Exception:
            logger.exception("a periodic checkpoint could not be made")
