"""Waking the workers of this process when a transaction commits a new job.

Workers poll (``GATEWAY_DELIVERY_POLL_SECONDS``), so jobs written by another process are
found within that time. A job committed in this process (``gateway serve`` runs the API and a
worker together) wakes the local workers at once: the outbox asks for ``notify`` after the
commit, and each worker waits on an ``asyncio.Event`` registered here. ``notify`` may be
called from any thread.
"""

import asyncio
import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

_lock = threading.Lock()
_waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
_ARMED = "gateway.delivery.wake_on_commit"


def register() -> asyncio.Event:
    """An event set whenever a job is committed in this process (call in the worker's loop)."""
    wake = asyncio.Event()
    with _lock:
        _waiting.append((asyncio.get_running_loop(), wake))
    return wake


def unregister(wake: asyncio.Event) -> None:
    with _lock:
        _waiting[:] = [item for item in _waiting if item[1] is not wake]


def notify() -> None:
    """Wake every registered worker."""
    with _lock:
        waiting = list(_waiting)
    for loop, wake in waiting:
        try:
            loop.call_soon_threadsafe(wake.set)
        except RuntimeError:  # the loop has closed; its worker is gone
            unregister(wake)


def on_commit(session: Session) -> None:
    """Wake the workers once ``session``'s transaction has committed."""
    if session.info.get(_ARMED):
        return
    session.info[_ARMED] = True
    event.listen(session, "after_commit", _committed, once=True)


def _committed(session: Session) -> None:
    session.info.pop(_ARMED, None)
    notify()
