"""The background duties of a host run in one server process, however many serve the API.

The duties are the delivery worker, the periodic audit checkpoint and the summaries of
refused calls. ``gateway serve --workers N`` (or any process manager that starts several
copies of the application) would otherwise run them N times. Each process therefore tries
an exclusive, non-blocking ``flock`` on one file named after the database; the process that
holds it runs the duties for its lifetime, the others only serve requests. The operating
system releases the lock when its holder ends, however it ends, and the process that the
manager starts in its place takes the lock over.

The lock is per host: gateways on other hosts sharing the database run their own duties,
which is safe (the worker leases jobs in the database, and a checkpoint is made only when one
is due), just not needed more than once per host.
"""

import contextlib
import fcntl
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from gateway.config import Settings

logger = logging.getLogger("gateway.host_duties")


def lock_file(settings: Settings) -> Path:
    """The lock file of this database's duties on this host (no credentials in its name)."""
    if settings.host_duties_lock is not None:
        return settings.host_duties_lock
    digest = hashlib.sha256(settings.sqlalchemy_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"gateway-host-duties-{digest}.lock"


@contextlib.contextmanager
def host_duties(settings: Settings) -> Iterator[bool]:
    """True while this process holds the host's duties, False if another process does."""
    path = lock_file(settings)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        logger.info("background duties run in another process of this host (pid %s)", os.getpid())
        yield False
        return
    try:
        logger.info("background duties run in this process (pid %s)", os.getpid())
        yield True
    finally:
        os.close(descriptor)
