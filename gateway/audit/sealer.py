"""The sealer: links the entries that committed transactions staged into the chain.

One of the host's background duties (``gateway.host_duties``): every
``chain.SEAL_INTERVAL_SECONDS`` it seals what is pending, in its own transaction, so every
committed entry is in the chain within about a second even when nobody reads the trail.
Sealers on several hosts take turns under the chain's lock.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from gateway.audit import chain
from gateway.background import in_background

logger = logging.getLogger("gateway.audit")


def seal_pending(factory: sessionmaker[Session]) -> int:
    """Seal what is pending now; how many entries were sealed."""
    with factory() as session:
        sealed = chain.seal(session.connection())
        session.commit()
    return sealed


@asynccontextmanager
async def sealing(factory: sessionmaker[Session], *, enabled: bool) -> AsyncIterator[None]:
    """Seal pending entries every so often while the block runs (when ``enabled``)."""
    if not enabled:
        yield
        return

    async def seal_forever() -> None:
        while True:
            try:
                await anyio.to_thread.run_sync(seal_pending, factory)
            except Exception:
                logger.exception("pending audit entries could not be sealed; trying again")
            await anyio.sleep(chain.SEAL_INTERVAL_SECONDS)

    async with in_background(seal_forever):
        yield
