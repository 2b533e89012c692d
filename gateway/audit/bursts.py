"""Refused anonymous calls on the trail: one entry per source and window, with the count.

Anyone who reaches the port can send refused calls (no token, a garbage token, an unknown
route); writing each as its own entry would let them grow the trail and hold the chain's
lock at will. So a ``/v1`` refusal that names no client is tallied per source address
(``gateway.audit.tally``): the first of a window is written as usual, with the source and the
window's length; the rest are counted, and the count is written as one
``request.refused.repeated`` entry when the window closes (swept by each served gateway) or
at the source's next refusal after it, whichever comes first. What a crash can lose: with
Redis, the count of a window handed over but not yet committed (one window); in memory, the
counts of the windows still open in that process (one window per source). The first refusal
of every window is always on the record.
"""

import datetime as dt
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import anyio
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from gateway.audit import writer
from gateway.audit.context import RequestAudit
from gateway.audit.entries import AuditEvent, Draft, draft
from gateway.audit.tally import RefusalTally, Window
from gateway.background import in_background

logger = logging.getLogger("gateway.audit")


def is_anonymous(request: RequestAudit, drafts: list[Draft]) -> bool:
    """Whether these refusals name no client (nobody authenticated, no token's client named)."""
    return request.actor is None and all(d.fields["actor_client"] is None for d in drafts)


def tallied(
    tally: RefusalTally, source: str, status: int, drafts: list[Draft], now: float
) -> list[Draft]:
    """The entries still to write for one anonymous refusal from ``source``."""
    noted = tally.note(source, status, now)
    kept = [_with_source(refusal, source, tally.window_seconds) for refusal in drafts]
    written = kept if noted.first else []
    if noted.closed is not None:
        written.append(summary(noted.closed, tally.window_seconds))
    return written


def summary(window: Window, window_seconds: int) -> Draft:
    """The one entry of a window's refusals after its first."""
    opened = dt.datetime.fromtimestamp(window.opened_at, dt.UTC)
    event = AuditEvent(
        action="request.refused.repeated",
        decision="deny",
        outcome="repeated",
        detail={
            "source": window.source,
            "window_opened_at": opened.isoformat(),
            "window_seconds": window_seconds,
            "count": sum(window.counts.values()),
            "by_status": {str(status): count for status, count in sorted(window.counts.items())},
        },
    )
    return draft(event, None)


def write_closed_windows(factory: sessionmaker[Session], tally: RefusalTally, *, now: float) -> int:
    """Write the count of every window closed by ``now``; how many were written."""
    closed = tally.closed(now)
    if closed:
        with factory() as session:
            for window in closed:
                writer.enqueue(session, summary(window, tally.window_seconds))
            session.commit()
    return len(closed)


@asynccontextmanager
async def burst_summaries(app: FastAPI, *, enabled: bool) -> AsyncIterator[None]:
    """Write closed windows' counts while the application serves (when ``enabled``)."""
    if not enabled:
        yield
        return
    async with in_background(lambda: _sweep(app)):
        yield


async def _sweep(app: FastAPI) -> None:
    state = app.state
    while True:
        await anyio.sleep(state.refusal_tally.window_seconds)
        try:
            await anyio.to_thread.run_sync(
                lambda: write_closed_windows(
                    state.session_factory, state.refusal_tally, now=time.time()
                )
            )
        except Exception:
            logger.exception("counts of refused calls could not be written to the audit trail")


def _with_source(refusal: Draft, source: str, window_seconds: int) -> Draft:
    detail = refusal.fields["detail"] | {"source": source, "tallied_seconds": window_seconds}
    return replace(refusal, fields=refusal.fields | {"detail": detail})
