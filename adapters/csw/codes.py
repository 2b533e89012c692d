# ruff: noqa: RUF001 - Serbian Cyrillic words whose letters all look Latin (the preposition
# "u", "baba", "NSZ" in Cyrillic) are meant, not confusables.
"""CSW's own code lists, as its case-file system writes them (Cyrillic words), and their map
to the gateway's code lists.

The case-file system stores a code as its Serbian Cyrillic wording (``новчана социјална
помоћ``), not as a number. Every code of a CSW list maps to exactly one of our codes or is
listed in ``unmapped`` with the reason it does not travel (``UNMAPPED`` gathers them);
``adapters.toolkit.codes.CodeMap`` and a table test check that nothing is left out. Unmapped
codes are dropped on the way in. Where several CSW codes mean one of ours (супруг, супруга
...), ``preferred`` names the one written on the way out.

Countries are written as their Serbian Cyrillic names (ISO 3166 in Serbian, our ``countries``
list); centres are named after the municipality they serve and keyed by its registry number.

The rights are named as the Law on Social Protection names them, but these lists, their
exact wording and every other code word here (stages, statuses, relationships, risks, needs,
senders) are this project's model of CSW's system, not CSW's official code lists. Pure data
and lookups: no I/O, no HTTP.
"""

from functools import cache
from typing import Any, Literal

from adapters.base import code_list
from adapters.toolkit.codes import CodeMap, UnknownNativeCode, unmapped_by_list

Stage = Literal["intake", "initial_assessment", "focused_assessment", "service_plan", "closed"]
DecisionStatus = Literal["pending", "granted", "refused", "ended"]
DocumentStatus = Literal["held", "missing", "expired"]
Priority = Literal["low", "normal", "high", "urgent"]
UpdateStatus = Literal["accepted", "rejected", "in_progress", "completed"]
"""Values the common schema fixes in its models rather than in shipped code lists."""

SEXES = CodeMap[str](
    agency="CSW",
    name="pol",
    common_list="sexes",
    to_common={"мушки": "male", "женски": "female"},
)

STAGES = CodeMap[Stage](
    agency="CSW",
    name="faza",
    common_list="schema:SocialCase.stage",
    to_common={
        "пријем": "intake",
        "почетна процена": "initial_assessment",
        "усмерена процена": "focused_assessment",
        "план услуга": "service_plan",
        "закључен": "closed",
    },
)

RIGHTS = CodeMap[str](
    agency="CSW",
    name="prava.vrsta",
    common_list="benefit_types",
    to_common={
        "новчана социјална помоћ": "financial_social_assistance",
        "увећана новчана социјална помоћ": "financial_social_assistance",
        "туђа нега и помоћ": "care_allowance",
        "увећана туђа нега и помоћ": "care_allowance",
        "једнократна помоћ": "one_time_aid",
        "помоћ у натури": "in_kind_aid",
        "смештај": "residential_placement",
        "хранитељство": "foster_care",
        "старатељство": "guardianship",
        "пријава пребивалишта на адреси центра": "residence_at_centre_address",
        "саветодавно-терапијске услуге": "counselling",
    },
    unmapped={
        "дечији додатак": "decided by the municipality, not by a centre: a centre never holds"
        " this decision, so the entry is only the clerk's note and is not reported as CSW's",
        "помоћ у кући": "home help is a municipal community service; benefit_types has no"
        " code for it yet",
        "становање уз подршку": "supported housing is a community service; benefit_types has"
        " no code for it yet",
    },
    preferred={
        "financial_social_assistance": "новчана социјална помоћ",
        "care_allowance": "туђа нега и помоћ",
    },
)

DECISION_STATUSES = CodeMap[DecisionStatus](
    agency="CSW",
    name="prava.status",
    common_list="schema:BenefitDecision.status",
    to_common={
        "одобрено": "granted",
        "одбијено": "refused",
        "у поступку": "pending",
        "престало": "ended",
    },
)

RELATIONSHIPS = CodeMap[str](
    agency="CSW",
    name="clanovi.srodstvo",
    common_list="relationships",
    to_common={
        "носилац домаћинства": "head",
        **dict.fromkeys(("супружник", "супруг", "супруга"), "partner"),
        **dict.fromkeys(("ванбрачни партнер", "ванбрачна партнерка"), "partner"),
        **dict.fromkeys(("дете", "син", "ћерка", "усвојено дете"), "child"),
        **dict.fromkeys(("родитељ", "отац", "мајка"), "parent"),
        **dict.fromkeys(("брат или сестра", "брат", "сестра"), "sibling"),
        **dict.fromkeys(("сродник по тазбини", "свекар", "свекрва", "таст"), "in_law"),
        **dict.fromkeys(("ташта", "снаха", "зет"), "in_law"),
        **dict.fromkeys(("унуче", "унук", "унука"), "grandchild"),
        **dict.fromkeys(("деда или баба", "деда", "баба"), "grandparent"),
        **dict.fromkeys(("други сродник", "члан домаћинства без сродства"), "other"),
    },
    # The common schema does not say a relative's sex, so the neutral word is written.
    preferred={"other": "други сродник"},
)

DOCUMENT_TYPES = CodeMap[str](
    agency="CSW",
    name="dokumenta.vrsta",
    common_list="document_types",
    to_common={
        "лична карта": "identity_card",
        "пасош": "passport",
        "извод из матичне књиге рођених": "birth_certificate",
        "уверење о држављанству": "citizenship_certificate",
        "потврда о пријави пребивалишта": "residence_registration",
        "картица здравственог осигурања": "health_insurance_card",
        "здравствена књижица": "health_insurance_card",
        "путни лист": "travel_sheet",
        "радна књижица": "work_booklet",
        "школско сведочанство": "school_certificate",
    },
    unmapped={
        "легитимација интерно расељеног лица": "document_types has no code for the IDP card;"
        " IDP status is kept on the person in the gateway's index",
        "извод из матичне књиге венчаних": "document_types has no code for a marriage certificate",
    },
    preferred={"health_insurance_card": "картица здравственог осигурања"},
)

DOCUMENT_STATES = CodeMap[DocumentStatus](
    agency="CSW",
    name="dokumenta.stanje",
    common_list="schema:IdentityDocument.status",
    to_common={"поседује": "held", "не поседује": "missing", "истекла важност": "expired"},
)

RISKS = CodeMap[str](
    agency="CSW",
    name="nosilac.rizici",
    common_list="vulnerabilities",
    to_common={
        "самохрани родитељ": "single_parent",
        "малолетник без пратње": "unaccompanied_minor",
        "старија особа": "elderly",
        "хронична болест": "medical_condition",
        "тешко здравствено стање": "medical_condition",
        "особа са инвалидитетом": "disability",
        "жртва трговине људима": "victim_of_trafficking",
        "без личних докумената": "no_documents",
    },
    unmapped={
        "жртва насиља у породици": "vulnerabilities has no code for domestic violence; the"
        " centre shares it case by case, not through the gateway",
        "припадник ромске националне мањине": "ethnicity is a special category the common"
        " schema does not carry from agencies' records; only the person declares it",
    },
    preferred={"medical_condition": "хронична болест"},
)

NEEDS = CodeMap[str](
    agency="CSW",
    name="potrebe",
    common_list="need_domains",
    to_common={
        "становање": "housing",
        "запошљавање": "employment",
        "здравствена заштита": "health",
        "образовање": "education",
        "лична документа": "documentation",
        "социјална заштита": "social_protection",
        "материјална подршка": "social_protection",
        "психосоцијална подршка": "psychosocial",
        "правна помоћ": "legal",
        "породично-правна заштита": "legal",
    },
    unmapped={
        "дневни боравак": "day care is a service for people with disabilities: naming it in"
        " the needs section would reveal disability, a special category",
    },
    preferred={"social_protection": "социјална заштита", "legal": "правна помоћ"},
)

RETURN_MODES = CodeMap[str](
    agency="CSW",
    name="povratak.nacin",
    common_list="return_modalities",
    to_common={
        "реадмисија": "readmission",
        "потпомогнути добровољни повратак": "avrr",
        "самостални повратак": "spontaneous",
    },
    unmapped={"непознато": "the centre did not learn how the family came back; no modality"},
)

REFERRAL_STATUSES = CodeMap[UpdateStatus](
    agency="CSW",
    name="uput.status",
    common_list="schema:ReferralUpdate.status",
    to_common={
        "прихваћен": "accepted",
        "одбијен": "rejected",
        "у реализацији": "in_progress",
        "реализован": "completed",
    },
    unmapped={
        "примљен": "the receipt itself: the gateway records delivery when the centre's"
        " system answers the referral, so it is not reported again as an update",
        "отказан": "the sender withdrew the referral through the gateway, which records the"
        " withdrawal itself, so the centre's note of it is not reported back as an update",
    },
)

PRIORITIES = CodeMap[Priority](
    agency="CSW",
    name="uput.hitnost",
    common_list="schema:ReferralDelivery.priority",
    to_common={"низак": "low", "редован": "normal", "висок": "high", "хитан": "urgent"},
)

SENDERS = CodeMap[str](
    agency="CSW",
    name="uput.posiljalac",
    common_list="agencies",
    to_common={
        **{"КИРС": "kirs", "НСЗ": "nes", "ЦСР": "csw", "ИОМ": "iom"},
        "оператер мрежног пролаза": "gateway",
    },
    unmapped={"локална самоуправа": "the agencies list has no code for municipalities yet"},
)

ALL_LISTS: tuple[CodeMap[Any], ...] = (
    *(SEXES, STAGES, RIGHTS, DECISION_STATUSES, RELATIONSHIPS, DOCUMENT_TYPES),
    *(DOCUMENT_STATES, RISKS, NEEDS, RETURN_MODES, REFERRAL_STATUSES, PRIORITIES, SENDERS),
)
UNMAPPED = unmapped_by_list(ALL_LISTS)
"""CSW codes that do not travel, by list, each with the reason."""


def country_name(country: str) -> str:
    """The Serbian Cyrillic name CSW writes for an ISO 3166 country code."""
    return code_list("countries").get(country).label("sr-Cyrl")


def country_code(name: str) -> str:
    """The ISO 3166 code of a country CSW names in Serbian Cyrillic."""
    try:
        return _countries_by_name()[name]
    except KeyError:
        raise UnknownNativeCode(f"'{name}' is not a country name CSW writes") from None


@cache
def _countries_by_name() -> dict[str, str]:
    return {entry.label("sr-Cyrl"): entry.code for entry in code_list("countries").items()}
