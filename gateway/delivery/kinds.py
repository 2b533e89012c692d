"""Job kinds: what the worker knows of each kind of job, handed to it by the kind's owner.

The outbox and the worker are a mechanism: they claim jobs, send them, retry them with
backoff, park the dead and record every try, whatever the jobs carry. What a kind of job
means (what to check before it goes, how it goes, what its delivery changes) belongs to the
package that writes such jobs: it implements a ``JobKind`` and the composition root
(``gateway.composition``) hands the kinds, with any ``Poller`` that asks the agencies for news,
to the worker as ``JobKinds``. This package imports no feature package.

The hooks run inside the worker's transactions (preparing in the claiming one, finishing in
the recording one) and never commit.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import anyio
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from adapters.base import AgencyAdapter
from gateway.delivery.jobs import Claimed, Result, Send, Settled
from gateway.delivery.settings import DeliverySettings


class JobKind(Protocol):
    """One kind of job (``DeliveryJob.kind``): what the worker calls on its jobs.

    A kind with nothing to do in a hook implements it as doing nothing (its unused
    parameters named with a leading underscore).
    """

    name: str
    """The kind's name, as jobs of this kind carry it."""
    purpose: str
    """The purpose the worker's audit entries about these jobs name."""

    def decide(self, session: Session, jobs: Sequence[Claimed], /) -> object | None:
        """Work done once for a claimed batch of this kind's jobs, handed to ``prepare``.

        The worker holds what it returns while the batch is prepared; if it fails, each job
        is prepared with None.
        """
        ...

    def prepare(self, session: Session, job: Claimed, decided: object | None, /) -> Send | Settled:
        """Ready to send, or settled without a request."""
        ...

    def hold(self, session: Session, jobs: Sequence[Claimed], /) -> Sequence[object]:
        """Lock and load at once the rows that finishing these jobs changes; the worker holds
        what it returns while it finishes the batch."""
        ...

    def settled(self, session: Session, settled: Settled, /) -> None:
        """What follows when a job was settled without a request."""
        ...

    def delivered(self, session: Session, result: Result, /) -> None:
        """What follows when a try delivered the job, even a late one whose claim had lapsed."""
        ...


class Poller(Protocol):
    """What a worker runs every ``GATEWAY_DELIVERY_STATUS_POLL_SECONDS``: one batch at a time,
    returning how many items the batch held (a full batch means more are due)."""

    async def __call__(
        self,
        factory: sessionmaker[Session],
        adapters: Mapping[str, AgencyAdapter],
        settings: DeliverySettings,
        *,
        limiter: anyio.CapacityLimiter | None = None,
    ) -> int: ...


@dataclass(frozen=True)
class JobKinds:
    """The kinds a worker runs, by name, and its pollers."""

    by_name: Mapping[str, JobKind]
    pollers: Sequence[Poller] = ()

    @classmethod
    def of(cls, kinds: Iterable[JobKind], pollers: Iterable[Poller] = ()) -> "JobKinds":
        found: dict[str, JobKind] = {}
        for kind in kinds:
            if kind.name in found:
                raise ValueError(f"two job kinds are named {kind.name}")
            found[kind.name] = kind
        return cls(found, tuple(pollers))

    def get(self, name: str) -> JobKind | None:
        return self.by_name.get(name)

    def __getitem__(self, name: str) -> JobKind:
        kind = self.by_name.get(name)
        if kind is None:
            raise LookupError(f"no job kind {name} is registered with this worker")
        return kind
