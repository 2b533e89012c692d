"""Events IOM pushes to the gateway, read into the common ``InboundEvent``.

IOM sends JSON with an ``eventType``: ``case.updated`` carries the whole case (read by
``mapping.from_native``), ``referral.status_changed`` one change of a referral IOM received.
Anything else raises ``InvalidNativePayload`` listing each problem as ``where: what``; the
problems name fields, never their values, because the values are personal data. Pure.
"""

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from adapters.base import InvalidNativePayload
from adapters.iom.mapping import AGENCY, from_native
from adapters.iom.native import EVENTS, CaseUpdatedEvent, ReferralStatusChangedEvent
from adapters.iom.referral_mapping import change_from_native
from adapters.toolkit.events import media_type, record_event, referral_event
from gateway.schema.agency import InboundEvent

JSON_MEDIA_TYPES = ("application/json",)
EVENT_TYPES = ("case.updated", "referral.status_changed")


def event_from_native(body: bytes, content_type: str) -> InboundEvent:
    """The pushed event in the common schema; raises ``InvalidNativePayload``."""
    media = media_type(content_type)
    if media not in JSON_MEDIA_TYPES and not media.endswith("+json"):
        problems = [f"content type: '{media}' is not JSON"]
        raise InvalidNativePayload(AGENCY, "IOM events are JSON", problems)
    try:
        event = EVENTS.validate_json(body)
    except ValidationError as error:
        raise _invalid("the event does not fit IOM's format", error) from None
    try:
        return _translated(event)
    except ValidationError as error:
        raise _invalid("the event's values do not fit the common schema", error) from None
    except ValueError as error:
        raise InvalidNativePayload(AGENCY, "the event cannot be translated", [str(error)]) from None


def _translated(event: CaseUpdatedEvent | ReferralStatusChangedEvent) -> InboundEvent:
    if isinstance(event, CaseUpdatedEvent):
        record = from_native(event.case)
        return record_event(AGENCY, "case_update", event.event_id, event.occurred_at, record)
    update = change_from_native(event.referral)
    return referral_event(AGENCY, event.event_id, event.occurred_at, update)


def _invalid(message: str, error: ValidationError) -> InvalidNativePayload:
    return InvalidNativePayload(AGENCY, message, [_problem(detail) for detail in error.errors()])


def _problem(detail: ErrorDetails) -> str:
    location = [str(part) for part in detail["loc"]]
    if location and location[0] in EVENT_TYPES:  # the union's tag, not a field of the event
        location = location[1:]
    return f"{'.'.join(location) or 'body'}: {detail['msg']}"
