"""Pure translation between a CSW case file (``Predmet``) and the common ``AgencyPersonRecord``.

The record is the case holder's: identity, contact and documents come from ``nosilac``; the
other members become ``household``; the case itself (centre, intake date, stage, decisions)
becomes ``social_benefits``. The holder's risks (``rizici``) are split by data category:
medical conditions go only to ``health``, disability only to ``disability``, the rest to
``vulnerabilities``. The care allowance (туђа нега и помоћ) is a disability fact, so it goes
only to ``disability`` and never into ``social_benefits``.

Rules a reader must know:

- ``has_disability`` is true when the holder's risks name a disability or a care allowance is
  granted (it is granted on a medical finding that the person needs another's care);
  ``care_allowance`` is true when granted, false when refused or ended, None when only pending
  or never applied for. CSW has no way to say "no disability and no care allowance", so such a
  section maps to nothing.
- Empty lists map to None, except ``household``: a case file always records who lives with the
  holder, so no members is the fact "lives alone".
- Not carried, for want of a field in the common schema: members' JMBG and sex, decision
  numbers and one-time amounts (``jednokratniIznos``). Unmapped codes (``codes.UNMAPPED``) are
  dropped; a code outside CSW's lists raises ``UnknownNativeCode``.

No I/O. Invalid values raise ``UnknownNativeCode`` or pydantic's ``ValidationError``.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from adapters.csw.centres import centre_for, municipality_of
from adapters.csw.codes import (
    DECISION_STATUSES,
    DOCUMENT_STATES,
    DOCUMENT_TYPES,
    NEEDS,
    RELATIONSHIPS,
    RETURN_MODES,
    RIGHTS,
    RISKS,
    SEXES,
    STAGES,
    DecisionStatus,
    country_code,
    country_name,
)
from adapters.csw.native import Clan, Dokument, Lice, Nosilac, Povratak, Pravo, Predmet
from gateway.schema.agency import (
    AgencyPersonRecord,
    BenefitDecision,
    DisabilityInformation,
    HealthInformation,
    PersonIdentity,
    Reception,
    RelatedPerson,
    SocialCase,
)
from gateway.schema.person import Contact, IdentityDocument

AGENCY = "csw"
CARE_ALLOWANCE = "care_allowance"
HEALTH_RISKS = frozenset({"medical_condition"})
DISABILITY_RISKS = frozenset({"disability"})
"""Vulnerabilities that are special categories, kept out of ``vulnerabilities``."""
_SPENT = frozenset({"refused", "ended"})


def from_native(case: Predmet) -> AgencyPersonRecord:
    """The case holder's record in the common schema."""
    holder = case.nosilac
    risks = RISKS.common_all(holder.rizici)
    ordinary = [risk for risk in risks if risk not in HEALTH_RISKS | DISABILITY_RISKS]
    return AgencyPersonRecord(
        agency=AGENCY,
        local_id=case.broj_predmeta,
        identity=identity_from_native(holder),
        contact=_contact(holder),
        household=[_relative(member) for member in case.clanovi],
        documents=[_document(entry) for entry in holder.dokumenta if _travels(entry)] or None,
        reception=_reception(case.povratak),
        needs=NEEDS.common_all(case.potrebe) or None,
        social_benefits=_social_case(case),
        vulnerabilities=ordinary or None,
        health=_health(risks, holder.hitna_zdravstvena_potreba),
        disability=_disability(risks, case.prava),
    )


def to_native(record: AgencyPersonRecord) -> Predmet:
    """The case file of a record; it needs an identity and a case with its centre."""
    case, identity = record.social_benefits, record.identity
    if case is None or identity is None or case.centre is None:
        raise ValueError("a CSW case file needs a holder (identity) and a case with a centre")
    return Predmet(
        broj_predmeta=record.local_id,
        centar=centre_for(case.centre),
        datum_prijema=case.opened_on,
        faza=STAGES.written(case.stage),
        nosilac=_holder(record, identity),
        clanovi=[_member(relative) for relative in record.household or []],
        povratak=_return_to_native(record.reception),
        potrebe=NEEDS.written_all(record.needs or []),
        prava=_rights_to_native(record, case),
    )


def identity_from_native(person: Lice) -> PersonIdentity:
    """Who a CSW person entry is about."""
    return PersonIdentity(
        given_name=person.ime,
        family_name=person.prezime,
        parent_name=person.ime_roditelja,
        jmbg=person.jmbg,
        birth_date=person.datum_rodjenja,
        sex=SEXES.mapped(person.pol) if person.pol else None,
        birth_place=person.mesto_rodjenja,
    )


def identity_fields(identity: PersonIdentity) -> dict[str, Any]:
    """The fields of a CSW person entry (``Lice``) for an identity."""
    return {
        "ime": identity.given_name,
        "prezime": identity.family_name,
        "ime_roditelja": identity.parent_name,
        "jmbg": identity.jmbg,
        "datum_rodjenja": identity.birth_date,
        "pol": SEXES.written(identity.sex) if identity.sex else None,
        "mesto_rodjenja": identity.birth_place,
    }


def decision_from_native(right: Pravo) -> BenefitDecision | None:
    """A decision on a right; None for a right that does not travel."""
    benefit = RIGHTS.common(right.vrsta)
    if benefit is None:
        return None
    return BenefitDecision(
        benefit=benefit,
        status=DECISION_STATUSES.mapped(right.status),
        decided_on=right.datum_resenja,
        valid_until=right.vazi_do,
        monthly_amount_rsd=right.mesecni_iznos,
    )


def care_allowance_section(statuses: Iterable[str]) -> DisabilityInformation | None:
    """The disability facts that decisions on a care allowance (our statuses) amount to."""
    found = set(statuses)
    if "granted" in found:
        return DisabilityInformation(has_disability=True, care_allowance=True)
    if found & _SPENT:
        return DisabilityInformation(has_disability=False, care_allowance=False)
    return None


def _contact(holder: Nosilac) -> Contact | None:
    if holder.telefon is None and holder.email is None and holder.adresa is None:
        return None
    return Contact(phone=holder.telefon, email=holder.email, address=holder.adresa)


def _relative(member: Clan) -> RelatedPerson:
    return RelatedPerson(
        given_name=member.ime,
        family_name=member.prezime,
        relationship=RELATIONSHIPS.mapped(member.srodstvo),
        birth_date=member.datum_rodjenja,
        local_id=member.broj_predmeta,
    )


def _travels(entry: Dokument) -> bool:
    return DOCUMENT_TYPES.common(entry.vrsta) is not None


def _document(entry: Dokument) -> IdentityDocument:
    return IdentityDocument(
        type=DOCUMENT_TYPES.mapped(entry.vrsta),
        status=DOCUMENT_STATES.mapped(entry.stanje),
        number=entry.broj,
    )


def _reception(comeback: Povratak | None) -> Reception | None:
    if comeback is None:
        return None
    modality = RETURN_MODES.common(comeback.nacin) if comeback.nacin else None
    country = country_code(comeback.drzava) if comeback.drzava else None
    if modality is None and country is None:
        return None
    return Reception(modality=modality, country_from=country)


def _social_case(case: Predmet) -> SocialCase:
    decisions = (decision_from_native(right) for right in case.prava)
    return SocialCase(
        case_number=case.broj_predmeta,
        centre=municipality_of(case.centar),
        opened_on=case.datum_prijema,
        stage=STAGES.mapped(case.faza),
        benefits=[d for d in decisions if d is not None and d.benefit != CARE_ALLOWANCE],
    )


def _health(risks: Sequence[str], urgent: bool | None) -> HealthInformation | None:
    conditions = [risk for risk in risks if risk in HEALTH_RISKS]
    if not conditions and urgent is None:
        return None
    return HealthInformation(vulnerabilities=conditions, urgent_medical_need=urgent)


def _disability(risks: Sequence[str], rights: Sequence[Pravo]) -> DisabilityInformation | None:
    statuses = (
        DECISION_STATUSES.mapped(right.status)
        for right in rights
        if RIGHTS.common(right.vrsta) == CARE_ALLOWANCE
    )
    allowance = care_allowance_section(statuses)
    if not DISABILITY_RISKS & set(risks):
        return allowance
    care = None if allowance is None else allowance.care_allowance
    return DisabilityInformation(has_disability=True, care_allowance=care)


def _holder(record: AgencyPersonRecord, identity: PersonIdentity) -> Nosilac:
    contact = record.contact or Contact()
    return Nosilac(
        **identity_fields(identity),
        adresa=contact.address,
        telefon=contact.phone,
        email=contact.email,
        dokumenta=[_document_to_native(document) for document in record.documents or []],
        rizici=RISKS.written_all(_risks(record)),
        hitna_zdravstvena_potreba=record.health.urgent_medical_need if record.health else None,
    )


def _risks(record: AgencyPersonRecord) -> list[str]:
    health = record.health.vulnerabilities if record.health else []
    disabled = record.disability is not None and record.disability.has_disability
    return [*(record.vulnerabilities or []), *health, *(["disability"] if disabled else [])]


def _document_to_native(document: IdentityDocument) -> Dokument:
    return Dokument(
        vrsta=DOCUMENT_TYPES.written(document.type),
        stanje=DOCUMENT_STATES.written(document.status),
        broj=document.number,
    )


def _member(relative: RelatedPerson) -> Clan:
    return Clan(
        ime=relative.given_name,
        prezime=relative.family_name,
        srodstvo=RELATIONSHIPS.written(relative.relationship),
        datum_rodjenja=relative.birth_date,
        broj_predmeta=relative.local_id,
    )


def _return_to_native(reception: Reception | None) -> Povratak | None:
    if reception is None or (reception.modality is None and reception.country_from is None):
        return None
    return Povratak(
        nacin=RETURN_MODES.written(reception.modality) if reception.modality else None,
        drzava=country_name(reception.country_from) if reception.country_from else None,
    )


def _rights_to_native(record: AgencyPersonRecord, case: SocialCase) -> list[Pravo]:
    rights = [
        _decision_to_native(decision)
        for decision in case.benefits
        if RIGHTS.native(decision.benefit) is not None
    ]
    care = record.disability.care_allowance if record.disability else None
    if care is not None:
        status: DecisionStatus = "granted" if care else "refused"
        written = DECISION_STATUSES.written(status)
        rights.append(Pravo(vrsta=RIGHTS.written(CARE_ALLOWANCE), status=written))
    return rights


def _decision_to_native(decision: BenefitDecision) -> Pravo:
    return Pravo(
        vrsta=RIGHTS.written(decision.benefit),
        status=DECISION_STATUSES.written(decision.status),
        datum_resenja=decision.decided_on,
        vazi_do=decision.valid_until,
        mesecni_iznos=decision.monthly_amount_rsd,
    )
