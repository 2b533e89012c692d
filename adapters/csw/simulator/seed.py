# ruff: noqa: RUF001 - Serbian Cyrillic words whose letters all look Latin (the preposition
# "u", "baba", "NSZ" in Cyrillic) are meant, not confusables.
"""The simulator's case files, made from the demo people who carry a CSW case number.

Each such person heads a household; their case file names them as holder and the others as
members, in CSW's words (gendered relations, Cyrillic codes), with names as the clerk wrote
them. What the demo population does not say (intake date, stage, risks, rights decided) is drawn
from a generator seeded by the case number, so the same seed gives the same files every time.
Amounts are approximations of recent statutory amounts, for the demo only.
"""

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal

from adapters.csw.centres import centre_for
from adapters.csw.codes import (
    DOCUMENT_STATES,
    DOCUMENT_TYPES,
    NEEDS,
    RELATIONSHIPS,
    RETURN_MODES,
    SEXES,
    country_name,
)
from adapters.csw.native import Clan, Dokument, Nosilac, Povratak, Pravo, Predmet
from adapters.simulation import AgencyPerson, agency_people
from population import DemoMember, DemoReturn

ASSISTANCE_BASE_RSD = Decimal("11154.00")
"""Roughly the monthly base of financial social assistance for one adult (indexed twice a year)."""
CARE_ALLOWANCE_RSD = Decimal("19978.00")
"""Roughly the monthly care allowance (туђа нега и помоћ)."""
ONE_TIME_AMOUNTS = (5000, 8000, 10000, 15000, 20000)
DISABILITY_SHARE = 0.08
VIOLENCE_SHARE = 0.03
UNKNOWN_RETURN_SHARE = 0.3
"""Share of spontaneous returnees who never told the centre how they came back."""
_STAGE_DAYS = ((7, "пријем"), (30, "почетна процена"), (90, "усмерена процена"))
_GENDERED = {
    **{("partner", "male"): "супруг", ("partner", "female"): "супруга"},
    **{("child", "male"): "син", ("child", "female"): "ћерка"},
    **{("parent", "male"): "отац", ("parent", "female"): "мајка"},
    **{("sibling", "male"): "брат", ("sibling", "female"): "сестра"},
    **{("grandchild", "male"): "унук", ("grandchild", "female"): "унука"},
    **{("grandparent", "male"): "деда", ("grandparent", "female"): "баба"},
}


def seeded_cases(*, seed: int, households: int, today: dt.date | None = None) -> list[Predmet]:
    """The case file of every demo person with a CSW case number."""
    day = today or dt.date.today()
    people = agency_people("csw", seed=seed, households=households, today=day)
    return [case_file(person, seed=seed, today=day) for person in people]


def case_file(person: AgencyPerson, *, seed: int, today: dt.date) -> Predmet:
    """One household's case file, its holder being ``person``."""
    rng = random.Random(f"{seed}:{person.local_id}")
    household = person.household
    opened = _intake_date(rng, household.return_event, today)
    risks = _risks(rng, person, today)
    return Predmet(
        broj_predmeta=person.local_id,
        centar=centre_for(household.municipality),
        datum_prijema=opened,
        faza=_stage(rng, opened, today),
        nosilac=_holder(rng, person, risks),
        clanovi=[_member(member) for member in person.relatives],
        povratak=_comeback(rng, household.return_event),
        potrebe=list(dict.fromkeys(NEEDS.written(need.domain) for need in household.needs)),
        prava=_rights(rng, person, opened, today, risks),
    )


def _intake_date(rng: random.Random, comeback: DemoReturn, today: dt.date) -> dt.date:
    # Families who came back on their own turn to the centre first; others are referred later.
    latest = 30 if comeback.registering_agency == "csw" else 180
    return min(today, comeback.return_date + dt.timedelta(days=rng.randint(1, latest)))


def _stage(rng: random.Random, opened: dt.date, today: dt.date) -> str:
    days = (today - opened).days
    if days > 365 and rng.random() < 0.3:
        return "закључен"
    return next((stage for limit, stage in _STAGE_DAYS if days < limit), "план услуга")


def _risks(rng: random.Random, person: AgencyPerson, today: dt.date) -> list[str]:
    who, household = person.member.person, person.household
    relations = {member.relationship for member in household.members}
    needs = {need.domain for need in household.needs}
    found = {
        "самохрани родитељ": "child" in relations and "partner" not in relations,
        "старија особа": _age(person.member, today) >= 65,
        "без личних докумената": any(
            d.type == "identity_card" and d.status != "held" for d in who.documents
        ),
        "хронична болест": "health" in needs and rng.random() < 0.5,
        "особа са инвалидитетом": rng.random() < DISABILITY_SHARE,
        "жртва насиља у породици": rng.random() < VIOLENCE_SHARE,
    }
    return [risk for risk, present in found.items() if present]


def _holder(rng: random.Random, person: AgencyPerson, risks: list[str]) -> Nosilac:
    who = person.member.person
    ill = "хронична болест" in risks
    return Nosilac(
        jmbg=who.jmbg,
        ime=who.given_name,
        prezime=who.family_name,
        ime_roditelja=who.parent_name,
        pol=SEXES.written(who.sex) if who.sex else None,
        datum_rodjenja=who.birth_date,
        adresa=person.household.address,
        telefon=who.contact.phone if who.contact else None,
        dokumenta=[
            Dokument(vrsta=DOCUMENT_TYPES.written(d.type), stanje=DOCUMENT_STATES.written(d.status))
            for d in who.documents
        ],
        rizici=risks,
        hitna_zdravstvena_potreba=(rng.random() < 0.3) if ill else None,
    )


def _member(member: DemoMember) -> Clan:
    who = member.person
    relation = _GENDERED.get((member.relationship, who.sex or ""))
    return Clan(
        ime=who.given_name,
        prezime=who.family_name,
        srodstvo=relation or RELATIONSHIPS.written(member.relationship),
        datum_rodjenja=who.birth_date,
        jmbg=who.jmbg,
        pol=SEXES.written(who.sex) if who.sex else None,
    )


def _comeback(rng: random.Random, comeback: DemoReturn) -> Povratak:
    unknown = comeback.modality == "spontaneous" and rng.random() < UNKNOWN_RETURN_SHARE
    mode = "непознато" if unknown else RETURN_MODES.written(comeback.modality)
    return Povratak(nacin=mode, drzava=country_name(comeback.country_from))


def _rights(
    rng: random.Random, person: AgencyPerson, opened: dt.date, today: dt.date, risks: list[str]
) -> list[Pravo]:
    household = person.household
    needs = {need.domain for need in household.needs}
    rights: list[Pravo | None] = [
        _assistance(rng, person, opened, today)
        if "social_protection" in needs or rng.random() < 0.4
        else None,
        _one_time_aid(rng, opened, today) if rng.random() < 0.45 else None,
        _simple_right(rng, "помоћ у натури", opened, today) if rng.random() < 0.2 else None,
        _simple_right(rng, "пријава пребивалишта на адреси центра", opened, today)
        if household.no_fixed_address
        else None,
        _care_allowance(rng, opened, today) if "особа са инвалидитетом" in risks else None,
    ]
    return [right for right in rights if right is not None]


def _decided(
    rng: random.Random, opened: dt.date, today: dt.date, days: tuple[int, int]
) -> dt.date | None:
    """The day of the decision, or None while it is still being decided."""
    day = opened + dt.timedelta(days=rng.randint(*days))
    return None if day > today else day


def _number(rng: random.Random, decided: dt.date) -> str:
    # 553 is the filing class of social protection in Serbian public administration.
    return f"553-{rng.randint(100, 9999)}/{decided.year}"


def _pending(kind: str) -> Pravo:
    return Pravo(vrsta=kind, status="у поступку")


def _assistance(rng: random.Random, person: AgencyPerson, opened: dt.date, today: dt.date) -> Pravo:
    kind = "новчана социјална помоћ"
    decided = _decided(rng, opened, today, (15, 45))
    if decided is None:
        return _pending(kind)
    if rng.random() < 0.2:
        return Pravo(
            broj_resenja=_number(rng, decided), vrsta=kind, status="одбијено", datum_resenja=decided
        )
    until = decided + dt.timedelta(days=365)
    return Pravo(
        broj_resenja=_number(rng, decided),
        vrsta=kind,
        status="одобрено" if until >= today else "престало",
        datum_resenja=decided,
        vazi_do=until,
        mesecni_iznos=_assistance_amount(person, today),
    )


def _assistance_amount(person: AgencyPerson, today: dt.date) -> Decimal:
    """The base for the holder, half of it for each other adult, 30% for each child."""
    others = list(person.relatives)
    adults = sum(1 for member in others if _age(member, today) >= 18)
    units = Decimal(1) + Decimal("0.5") * adults + Decimal("0.3") * (len(others) - adults)
    return (ASSISTANCE_BASE_RSD * units).quantize(Decimal("0.01"))


def _one_time_aid(rng: random.Random, opened: dt.date, today: dt.date) -> Pravo:
    return _granted(rng, "једнократна помоћ", opened, today, (2, 20), one_time=ONE_TIME_AMOUNTS)


def _simple_right(rng: random.Random, kind: str, opened: dt.date, today: dt.date) -> Pravo:
    return _granted(rng, kind, opened, today, (1, 15))


def _care_allowance(rng: random.Random, opened: dt.date, today: dt.date) -> Pravo:
    # The allowance waits for the medical commission's finding: weeks, often months.
    kind = "туђа нега и помоћ"
    return _granted(rng, kind, opened, today, (30, 120), monthly=CARE_ALLOWANCE_RSD)


def _granted(
    rng: random.Random,
    kind: str,
    opened: dt.date,
    today: dt.date,
    wait_days: tuple[int, int],
    *,
    one_time: Sequence[int] = (),
    monthly: Decimal | None = None,
) -> Pravo:
    """A right granted some ``wait_days`` after the case opened, or pending until then.

    A one-time amount is drawn from ``one_time`` between the decision date and the decision's
    number: the order of the draws fixes the seeded values.
    """
    decided = _decided(rng, opened, today, wait_days)
    if decided is None:
        return _pending(kind)
    amount = Decimal(rng.choice(one_time)) if one_time else None
    return Pravo(
        broj_resenja=_number(rng, decided),
        vrsta=kind,
        status="одобрено",
        datum_resenja=decided,
        mesecni_iznos=monthly,
        jednokratni_iznos=amount,
    )


def _age(member: DemoMember, today: dt.date) -> int:
    """Full years on ``today``; from the year alone when only the year is known."""
    born = member.person.birth_date or str(today.year)
    if len(born) < 10:
        return today.year - int(born[:4])
    birthday = dt.date.fromisoformat(born)
    return today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
