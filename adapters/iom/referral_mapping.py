"""Referrals to IOM: the gateway's delivery and cancellation as IOM's requests, IOM's status
history as updates.

The gateway's referral id travels as ``externalReferenceId``; IOM answers with its own
``referralId`` (``RS-REF-2025-00042``), the agency reference, which names the referral in the
path of its cancellation. IOM's ``RECEIVED`` entry is the receipt itself and its ``CANCELLED``
entry the sender's own withdrawal: neither is reported as an update. Pure: no I/O.
"""

import datetime as dt

from adapters.iom import codes
from adapters.iom.mapping import needs_to_native
from adapters.iom.native import (
    CancellationRequest,
    ReferralChange,
    ReferralRequest,
    ReferralStatus,
    StatusChange,
)
from adapters.iom.people import beneficiary_to_native
from adapters.iom.places import destination
from gateway.schema.agency import ReferralCancellation, ReferralDelivery, ReferralUpdate

_REASON_LENGTH = 200


def referral_to_native(referral: ReferralDelivery) -> ReferralRequest:
    """The referral as ``POST /api/referrals`` takes it."""
    return ReferralRequest(
        external_reference_id=referral.referral_id,
        referring_organization=referral.from_agency.upper(),
        requested_service=referral.service,
        priority=codes.PRIORITIES.written(referral.priority),
        due_date=referral.due_date,
        needs=needs_to_native(referral.needs),
        beneficiary=beneficiary_to_native(referral.person),
        case_id=referral.local_id,
        destination=destination(referral.municipality),
        notes_category=referral.notes_category,
    )


def cancellation_to_native(cancellation: ReferralCancellation) -> CancellationRequest:
    """The withdrawal as ``POST /api/referrals/{referralId}/cancellation`` takes it (UTC)."""
    return CancellationRequest(
        external_reference_id=cancellation.referral_id,
        reason=cancellation.reason,
        cancelled_at=cancellation.cancelled_at.astimezone(dt.UTC),
    )


def updates_from_native(status: ReferralStatus) -> list[ReferralUpdate]:
    """The changes in IOM's status history after the receipt, oldest first."""
    changes = sorted(status.status_history, key=lambda change: change.changed_at)
    return [
        update_from_native(change, status.external_reference_id, status.referral_id)
        for change in changes
        if codes.REFERRAL_STATUSES.common(change.status) is not None
    ]


def change_from_native(change: ReferralChange) -> ReferralUpdate:
    """A pushed status change as an update; raises ValueError for ``RECEIVED``, ``CANCELLED``."""
    if codes.REFERRAL_STATUSES.common(change.status) is None:
        raise ValueError(f"status {change.status} is not an update of IOM's work")
    return update_from_native(change, change.external_reference_id, change.referral_id)


def update_from_native(
    change: StatusChange, referral_id: str, agency_reference: str
) -> ReferralUpdate:
    """One entry of IOM's history as the common update."""
    return ReferralUpdate(
        referral_id=referral_id,
        agency_reference=agency_reference,
        status=codes.REFERRAL_STATUSES.mapped(change.status),
        reason=(change.reason or "").strip()[:_REASON_LENGTH] or None,
        service_delivered=change.service_delivered,
        occurred_at=change.changed_at,
    )
