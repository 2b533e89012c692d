"""The common event an agency's push becomes, and the media type it came as.

Every adapter's ``parse_event`` ends in one of two events: a record the agency pushed whole
(a reception, a registration, a decision, a case update) or one update of a referral. Pure.
"""

import datetime as dt
from typing import Literal

from gateway.schema.agency import AgencyPersonRecord, InboundEvent, ReferralUpdate

RecordEventKind = Literal["reception", "registration", "decision", "case_update"]


def media_type(content_type: str) -> str:
    """The media type of a ``Content-Type`` header, without parameters, in lower case."""
    return content_type.split(";")[0].strip().lower()


def record_event(
    agency: str, kind: RecordEventKind, event_id: str, at: dt.datetime, record: AgencyPersonRecord
) -> InboundEvent:
    """The event of a record the agency pushed whole."""
    return InboundEvent(event_id=event_id, agency=agency, kind=kind, occurred_at=at, record=record)


def referral_event(
    agency: str, event_id: str, at: dt.datetime, update: ReferralUpdate
) -> InboundEvent:
    """The event of one change of a referral the agency received."""
    return InboundEvent(
        event_id=event_id, agency=agency, kind="referral_update", occurred_at=at, referral=update
    )
