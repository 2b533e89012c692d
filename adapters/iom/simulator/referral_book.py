"""The referrals IOM's simulator received: numbering, idempotency, status and its history.

A referral is kept in IOM's native form with the request it came with. The same
``Idempotency-Key`` with the same body returns the first receipt and stores nothing; with a
different body it is refused (as the IETF idempotency-key draft says). Statuses move
``RECEIVED -> ACCEPTED | REJECTED``, ``ACCEPTED -> IN_PROGRESS | COMPLETED | REJECTED``,
``IN_PROGRESS -> COMPLETED``; with ``auto_progress_seconds`` set, a referral moves on by
itself (accepted, in progress, completed) that long after each change, computed when read.
The sender may withdraw a referral until IOM's work on it starts (``RECEIVED | ACCEPTED ->
CANCELLED``); withdrawing it again (any key) changes nothing, and a cancellation's key with
another body is refused like a referral's. ``CANCELLED`` is final: no automatic step and no
admin action leaves it.
"""

import datetime as dt
import hashlib
from typing import Any

from adapters.iom.codes import ReferralStatusCode
from adapters.iom.native import CancellationRequest, ReferralRequest
from adapters.simulation import DocumentStore, due_steps

REFERRALS = "referrals"
IDEMPOTENCY = "idempotency_keys"
CANCELLATION_KEYS = "cancellation_keys"
CANCELLED: ReferralStatusCode = "CANCELLED"
CANCELLABLE = frozenset({"RECEIVED", "ACCEPTED"})
"""The statuses the sender may withdraw a referral from: IOM's work has not started."""
TRANSITIONS: dict[str, tuple[ReferralStatusCode, frozenset[str]]] = {
    "accept": ("ACCEPTED", frozenset({"RECEIVED"})),
    "reject": ("REJECTED", frozenset({"RECEIVED", "ACCEPTED"})),
    "start": ("IN_PROGRESS", frozenset({"ACCEPTED"})),
    "complete": ("COMPLETED", frozenset({"ACCEPTED", "IN_PROGRESS"})),
}
"""Admin action -> the status it sets and the statuses it may leave."""
AUTOMATIC: dict[str, ReferralStatusCode] = {
    "RECEIVED": "ACCEPTED",
    "ACCEPTED": "IN_PROGRESS",
    "IN_PROGRESS": "COMPLETED",
}
Document = dict[str, Any]


class KeyReused(Exception):
    """The idempotency key came before with a different referral."""


class IllegalTransition(Exception):
    """The referral's status does not allow the action."""


class ReferenceMismatch(Exception):
    """A cancellation names another ``externalReferenceId`` than the referral it withdraws."""


class ReferralBook:
    """Referrals in the simulator's store, with their idempotency keys."""

    def __init__(self, store: DocumentStore, *, auto_progress_seconds: float = 0.0) -> None:
        self._store = store
        self.auto_progress_seconds = auto_progress_seconds

    def receive(self, referral: ReferralRequest, idempotency_key: str) -> tuple[Document, bool]:
        """The referral's document and whether the key was seen before (nothing new stored)."""
        fingerprint = _fingerprint(referral)
        now = _now()
        reference = f"RS-REF-{now.year}-{self._store.count(REFERRALS) + 1:05d}"
        claim = {"referralId": reference, "fingerprint": fingerprint}
        if not self._store.insert_new(IDEMPOTENCY, idempotency_key, claim):
            return self._replay(idempotency_key, fingerprint), True
        document = _new_referral(reference, referral, idempotency_key, now)
        self._store.put(REFERRALS, reference, document)
        return document, False

    def get(self, reference: str) -> Document | None:
        """The referral as it stands now, or None."""
        document = self._store.get(REFERRALS, reference)
        return None if document is None else self._progressed(document)

    def all(self) -> list[Document]:
        """Every referral received, in reference order."""
        return [self._progressed(document) for _, document in self._store.all(REFERRALS)]

    def act(self, reference: str, action: str, detail: dict[str, Any]) -> Document | None:
        """Apply an admin action; None for no such referral; raises ``IllegalTransition``."""
        document = self.get(reference)
        if document is None:
            return None
        status, allowed_from = TRANSITIONS[action]
        if document["status"] not in allowed_from:
            raise IllegalTransition(f"cannot {action} a referral that is {document['status']}")
        delivered = detail.get("service_delivered", detail.get("serviceDelivered"))
        if status == "COMPLETED" and delivered is None:
            delivered = True
        _change(document, status, _now(), reason=detail.get("reason"), delivered=delivered)
        self._store.put(REFERRALS, reference, document)
        return document

    def cancel(
        self, reference: str, cancellation: CancellationRequest, idempotency_key: str
    ) -> tuple[Document, bool] | None:
        """Withdraw the referral; its document and whether the key was seen before.

        None for no such referral. A referral withdrawn already stays as it is. Raises
        ``KeyReused``, ``ReferenceMismatch`` and ``IllegalTransition`` (work started or ended).
        """
        document = self.get(reference)
        if document is None:
            return None
        if cancellation.external_reference_id != document["externalReferenceId"]:
            raise ReferenceMismatch(reference)
        fingerprint = f"{reference}:{_fingerprint(cancellation)}"
        seen = self._store.get(CANCELLATION_KEYS, idempotency_key)
        if seen is not None:
            if seen.get("fingerprint") != fingerprint:
                raise KeyReused(idempotency_key)
            return document, True
        if document["status"] not in CANCELLABLE | {CANCELLED}:
            raise IllegalTransition(f"cannot cancel a referral that is {document['status']}")
        claim = {"referralId": reference, "fingerprint": fingerprint}
        if not self._store.insert_new(CANCELLATION_KEYS, idempotency_key, claim):
            return self.cancel(reference, cancellation, idempotency_key)  # claimed meanwhile
        if document["status"] == CANCELLED:
            return document, False
        _change(document, CANCELLED, _now(), reason=cancellation.reason)
        document["cancellation"] = cancellation.to_json() | {"idempotencyKey": idempotency_key}
        self._store.put(REFERRALS, reference, document)
        return document, False

    def _replay(self, idempotency_key: str, fingerprint: str) -> Document:
        claim = self._store.get(IDEMPOTENCY, idempotency_key) or {}
        document = self.get(str(claim.get("referralId")))
        if claim.get("fingerprint") != fingerprint or document is None:
            raise KeyReused(idempotency_key)
        return document

    def _progressed(self, document: Document) -> Document:
        """The document after the automatic steps that are due; stored if any was."""
        delay = dt.timedelta(seconds=self.auto_progress_seconds)
        since = dt.datetime.fromisoformat(document["statusHistory"][-1]["changedAt"])
        steps = due_steps(AUTOMATIC, document["status"], since, delay, _now())
        for status, due in steps:
            _change(document, status, due, delivered=True if status == "COMPLETED" else None)
        if steps:
            self._store.put(REFERRALS, document["referralId"], document)
        return document


def public_view(document: Document) -> Document:
    """What ``GET /api/referrals/{id}`` shows: no request, no key."""
    fields = ("referralId", "externalReferenceId", "status", "receivedAt", "statusHistory")
    return {name: document[name] for name in fields}


def receipt(document: Document) -> Document:
    """What ``POST /api/referrals`` answers."""
    fields = ("referralId", "externalReferenceId", "status", "receivedAt")
    return {name: document[name] for name in fields}


def _new_referral(
    reference: str, referral: ReferralRequest, idempotency_key: str, now: dt.datetime
) -> Document:
    document: Document = {
        "referralId": reference,
        "externalReferenceId": referral.external_reference_id,
        "status": "RECEIVED",
        "receivedAt": now.isoformat(),
        "statusHistory": [],
        "request": referral.to_json(),
        "idempotencyKey": idempotency_key,
    }
    _change(document, "RECEIVED", now)
    return document


def _change(
    document: Document,
    status: ReferralStatusCode,
    at: dt.datetime,
    *,
    reason: object = None,
    delivered: object = None,
) -> None:
    entry: Document = {"status": status, "changedAt": at.isoformat()}
    if isinstance(reason, str) and reason.strip():
        entry["reason"] = reason.strip()[:500]
    if isinstance(delivered, bool):
        entry["serviceDelivered"] = delivered
    document["status"] = status
    document["statusHistory"].append(entry)


def _fingerprint(request: ReferralRequest | CancellationRequest) -> str:
    canonical = request.model_dump_json(by_alias=True, exclude_none=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
