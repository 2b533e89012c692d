"""Pure reading of the events NES pushes: JSON bytes in, an ``InboundEvent`` or the problems out.

NES pushes ``prijava-na-evidenciju`` when a person is registered as a job seeker (kind
``registration``, with the whole record) and ``promena-statusa-uputa`` when a referral changes
state (kind ``referral_update``, its latest change). A payload that cannot be read raises
``InvalidNativePayload`` listing each problem with where it is. No I/O.
"""

from pydantic import ValidationError

from adapters.base import InvalidNativePayload
from adapters.nes.mapping import AGENCY, from_native
from adapters.nes.native import EVENT_REGISTRATION, Dogadjaj, StatusUputa
from adapters.nes.referral_mapping import updates_from_native
from adapters.toolkit.events import media_type, record_event, referral_event
from gateway.schema.agency import InboundEvent, ReferralUpdate

JSON_MEDIA_TYPE = "application/json"


def parse_event(body: bytes, content_type: str) -> InboundEvent:
    """The common event for an NES push; raises ``InvalidNativePayload`` with the problems."""
    if media_type(content_type) != JSON_MEDIA_TYPE:
        raise _invalid([f"content type '{content_type}' is not {JSON_MEDIA_TYPE}"])
    try:
        event = Dogadjaj.model_validate_json(body)
    except ValidationError as error:
        raise _invalid(problems(error)) from None
    try:
        return _inbound(event)
    except ValidationError as error:
        where = "lice" if event.lice is not None else "uput"
        raise _invalid(problems(error, within=f"{where} (common schema) ")) from None


def problems(error: ValidationError, *, within: str = "") -> list[str]:
    """One line per validation error: where (wire field names) and what."""
    return [
        f"{within}{'.'.join(map(str, detail['loc'])) or '(body)'}: {detail['msg']}"
        for detail in error.errors(include_url=False)
    ]


def _inbound(event: Dogadjaj) -> InboundEvent:
    event_id, at = event.id_dogadjaja, event.vreme_dogadjaja
    if event.tip_dogadjaja == EVENT_REGISTRATION and event.lice is not None:
        return record_event(AGENCY, "registration", event_id, at, from_native(event.lice))
    assert event.uput is not None  # Dogadjaj's validator requires it for the other kind
    return referral_event(AGENCY, event_id, at, _latest_update(event.uput))


def _latest_update(status: StatusUputa) -> ReferralUpdate:
    updates = updates_from_native(status)
    if not updates:
        only = "(only 'primljen' or 'otkazan')"
        raise _invalid([f"uput.istorija: no change that is an update {only}"])
    return updates[-1]


def _invalid(found: list[str]) -> InvalidNativePayload:
    return InvalidNativePayload(AGENCY, "the event cannot be read: " + "; ".join(found), found)
