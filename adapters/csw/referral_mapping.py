"""Pure translation of referrals and pushed events between the common schema and CSW's format.

A referral goes to CSW as an ``Uput``: the gateway's referral id is the sender's number
(``brojUputaPosiljaoca``), the service code travels as written in the gateway's catalogue,
needs and priority in CSW's words, and the municipality as the centre that should act. CSW's
status history (``StanjeUputa``) comes back as ``ReferralUpdate``s, oldest first; its first
entry, ``примљен``, is the receipt and is not an update; nor is ``отказан``, the note of the
sender's withdrawal. A withdrawal goes to CSW as an ``OtkazUputa``, its time in Belgrade time as
CSW's own history writes it (our model of CSW's format).

The push event ``решење`` reports one decision on a right: it becomes a ``decision`` event
whose record carries that decision in ``social_benefits``, or, for a care allowance, only the
``disability`` section. ``event_problems`` lists everything wrong with an event at once.

No I/O.
"""

from typing import Any
from zoneinfo import ZoneInfo

from adapters.csw.centres import centre_for, municipality_of
from adapters.csw.codes import (
    DECISION_STATUSES,
    NEEDS,
    PRIORITIES,
    REFERRAL_STATUSES,
    RIGHTS,
    SENDERS,
    STAGES,
)
from adapters.csw.mapping import (
    AGENCY,
    CARE_ALLOWANCE,
    care_allowance_section,
    decision_from_native,
    identity_fields,
)
from adapters.csw.native import (
    DECISION_EVENT,
    Dogadjaj,
    Lice,
    OtkazUputa,
    PotvrdaUputa,
    PromenaStanja,
    StanjeUputa,
    Uput,
)
from adapters.toolkit.codes import CodeMap, UnknownNativeCode
from adapters.toolkit.events import record_event
from gateway.schema.agency import (
    AgencyPersonRecord,
    BenefitDecision,
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
    SocialCase,
)

BELGRADE = ZoneInfo("Europe/Belgrade")

REASON_LENGTH = 200
"""The longest reason the common schema keeps; CSW's explanations may be longer."""


def referral_to_native(referral: ReferralDelivery) -> Uput:
    """The referral as CSW's system receives it."""
    municipality = referral.municipality
    return Uput(
        broj_uputa_posiljaoca=referral.referral_id,
        posiljalac=SENDERS.written(referral.from_agency),
        usluga=referral.service,
        hitnost=PRIORITIES.written(referral.priority),
        rok=referral.due_date,
        potrebe=NEEDS.written_all(referral.needs),
        lice=Lice(**identity_fields(referral.person)),
        broj_predmeta=referral.local_id,
        centar=centre_for(municipality) if municipality else None,
        napomena=referral.notes_category,
    )


def receipt_from_native(receipt: PotvrdaUputa, *, replayed: bool) -> ReferralReceipt:
    """What the gateway keeps of CSW's receipt; ``replayed`` when the key was seen before."""
    return ReferralReceipt(agency_reference=receipt.broj, duplicate=replayed)


def cancellation_to_native(cancellation: ReferralCancellation) -> OtkazUputa:
    """The sender's withdrawal as CSW's system receives it (the number goes in the path)."""
    return OtkazUputa(
        broj_uputa_posiljaoca=cancellation.referral_id,
        obrazlozenje=cancellation.reason,
        vreme=cancellation.cancelled_at.astimezone(BELGRADE),
    )


def updates_from_native(state: StanjeUputa) -> list[ReferralUpdate]:
    """The referral's changes after its receipt, oldest first."""
    changes = sorted(state.istorija, key=lambda change: change.vreme)
    updates = (_update(state, change) for change in changes)
    return [update for update in updates if update is not None]


def event_problems(event: Dogadjaj) -> list[str]:
    """Everything that keeps a well-formed event from meaning something; empty when fine."""
    found = [
        "" if event.vrsta == DECISION_EVENT else f"vrsta: '{event.vrsta}' is not a CSW event",
        _code_problem("faza", STAGES, event.faza),
        _code_problem("resenje.vrsta", RIGHTS, event.resenje.vrsta),
        _code_problem("resenje.status", DECISION_STATUSES, event.resenje.status),
    ]
    if event.resenje.status == DECISION_STATUSES.written("pending"):
        found.append("resenje.status: a decision cannot still be pending")
    return [problem for problem in found if problem]


def event_from_native(event: Dogadjaj) -> InboundEvent:
    """The decision event in the common schema; check ``event_problems`` first."""
    return record_event(AGENCY, "decision", event.id_dogadjaja, event.vreme, _decided_record(event))


def _update(state: StanjeUputa, change: PromenaStanja) -> ReferralUpdate | None:
    status = REFERRAL_STATUSES.common(change.status)
    if status is None:
        return None
    return ReferralUpdate(
        referral_id=state.broj_uputa_posiljaoca,
        agency_reference=state.broj,
        status=status,
        reason=change.obrazlozenje[:REASON_LENGTH] if change.obrazlozenje else None,
        service_delivered=change.usluga_pruzena,
        occurred_at=change.vreme,
    )


def _code_problem(field: str, codes: CodeMap[Any], value: str) -> str:
    try:
        codes.mapped(value)
    except UnknownNativeCode as error:
        return f"{field}: {error}"
    return ""


def _decided_record(event: Dogadjaj) -> AgencyPersonRecord:
    decision = decision_from_native(event.resenje)
    if decision is None:
        raise UnknownNativeCode(f"'{event.resenje.vrsta}' is not decided by a centre")
    if decision.benefit == CARE_ALLOWANCE:
        disability = care_allowance_section([decision.status])
        return AgencyPersonRecord(
            agency=AGENCY, local_id=event.broj_predmeta, disability=disability
        )
    case = _case(event, decision)
    return AgencyPersonRecord(agency=AGENCY, local_id=event.broj_predmeta, social_benefits=case)


def _case(event: Dogadjaj, decision: BenefitDecision) -> SocialCase:
    return SocialCase(
        case_number=event.broj_predmeta,
        centre=municipality_of(event.centar) if event.centar else None,
        stage=STAGES.mapped(event.faza),
        benefits=[decision],
    )
