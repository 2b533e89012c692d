# ruff: noqa: RUF001 - Serbian Cyrillic words spelt only with letters that look Latin
"""KIRS's own code lists, in its own words (Serbian Cyrillic), and what they are in ours.

Each ``CodeMap`` (``adapters.toolkit.codes``) is total: every KIRS code maps to one of our codes
or is in ``unmapped`` with the reason, and a test checks it. Where KIRS has several codes for
one of ours (``син`` and ``ћерка`` are both ``child``), ``preferred`` names the one written when
translating back.
Unmapped codes are dropped when a record is read: the reason says what is lost and why.
Municipalities are the one list not spelled out here: KIRS writes the official names of the
Register of Spatial Units, the names our ``municipalities`` list carries.

Every other code word here is this project's model of KIRS's system, not KIRS's official code
lists (KIRS's interface is not public; see ``README.md``).
"""

from collections import Counter

from adapters.base import code_list
from adapters.toolkit.codes import CodeMap

SEXES = CodeMap[str](
    agency="KIRS", name="Пол", common_list="sexes", to_common={"мушки": "male", "женски": "female"}
)

RETURN_MODALITIES = CodeMap[str](
    agency="KIRS",
    name="НачинПовратка",
    common_list="return_modalities",
    to_common={
        "реадмисија": "readmission",
        "реадмисија по скраћеном поступку": "readmission",
        "добровољни повратак уз подршку ИОМ": "avrr",
        "самоиницијативни повратак": "spontaneous",
    },
    unmapped={
        "транзит држављанина треће земље": "a third-country national passing through under the"
        " readmission agreement: not a returnee to Serbia, outside the gateway's scope",
    },
    preferred={"readmission": "реадмисија"},
)

_COUNTRIES = {
    **{"Аустрија": "AT", "Белгија": "BE", "Бугарска": "BG", "Кипар": "CY", "Чешка": "CZ"},
    **{"Немачка": "DE", "Данска": "DK", "Естонија": "EE", "Грчка": "GR", "Шпанија": "ES"},
    **{"Финска": "FI", "Француска": "FR", "Хрватска": "HR", "Мађарска": "HU", "Ирска": "IE"},
    **{"Италија": "IT", "Литванија": "LT", "Луксембург": "LU", "Летонија": "LV", "Малта": "MT"},
    **{"Холандија": "NL", "Пољска": "PL", "Португалија": "PT", "Румунија": "RO"},
    **{"Шведска": "SE", "Словенија": "SI", "Словачка": "SK", "Норвешка": "NO", "Исланд": "IS"},
    **{"Швајцарска": "CH", "Лихтенштајн": "LI", "Велика Британија": "GB"},
}
COUNTRIES = CodeMap[str](
    agency="KIRS",
    name="ДржаваПовратка",
    common_list="countries",
    to_common=_COUNTRIES,
    unmapped={
        "непозната": "the readmission request named no country; country_from stays empty",
    },
)
"""The states KIRS receives readmitted people from: the EU, Schengen associates and the UK."""

RELATIONSHIPS = CodeMap[str](
    agency="KIRS",
    name="Сродство",
    common_list="relationships",
    to_common={
        "носилац породице": "head",
        **{"супруг": "partner", "супруга": "partner", "супружник": "partner"},
        **{"ванбрачни партнер": "partner", "ванбрачна партнерка": "partner"},
        **{"син": "child", "ћерка": "child", "дете": "child"},
        **{"отац": "parent", "мајка": "parent", "родитељ": "parent"},
        **{"брат": "sibling", "сестра": "sibling", "брат/сестра": "sibling"},
        **{"свекар": "in_law", "свекрва": "in_law", "таст": "in_law", "ташта": "in_law"},
        **{"зет": "in_law", "снаја": "in_law", "сродник по тазбини": "in_law"},
        **{"унук": "grandchild", "унука": "grandchild", "унуче": "grandchild"},
        **{"деда": "grandparent", "баба": "grandparent", "деда/баба": "grandparent"},
        **{"старатељ": "other", "други сродник": "other", "члан домаћинства": "other"},
    },
    # The common schema does not carry a relative's sex: translating back writes the
    # sex-neutral word KIRS's form also offers.
    preferred={
        **{"partner": "супружник", "child": "дете", "parent": "родитељ"},
        **{"sibling": "брат/сестра", "in_law": "сродник по тазбини", "grandchild": "унуче"},
        **{"grandparent": "деда/баба", "other": "други сродник"},
    },
)

DOCUMENT_TYPES = CodeMap[str](
    agency="KIRS",
    name="ВрстаДокумента",
    common_list="document_types",
    to_common={
        **{"лична карта": "identity_card", "пасош": "passport"},
        "извод из матичне књиге рођених": "birth_certificate",
        "уверење о држављанству": "citizenship_certificate",
        "потврда о пријави пребивалишта": "residence_registration",
        "картица здравственог осигурања": "health_insurance_card",
        "здравствена књижица": "health_insurance_card",
        **{"путни лист": "travel_sheet", "радна књижица": "work_booklet"},
        "сведочанство": "school_certificate",
    },
    unmapped={
        "возачка дозвола": "a driving licence: not one of the personal documents we track",
        "боравишна дозвола": "a residence permit of the state returned from, void after return",
        "легитимација интерно расељеног лица": "the IDP card KIRS issues: our document_types"
        " list has no code for it (IDP status travels with the person, not as a document)",
    },
    preferred={"health_insurance_card": "картица здравственог осигурања"},
)

DOCUMENT_STATUSES = CodeMap[str](
    agency="KIRS",
    name="СтатусДокумента",
    common_list="schema:IdentityDocument.status",
    to_common={
        **{"поседује": "held", "не поседује": "missing", "истекао": "expired"},
        **{"изгубљен": "missing", "одузет": "missing"},
    },
    preferred={"missing": "не поседује"},
)

NEEDS = CodeMap[str](
    agency="KIRS",
    name="ВрстаПотребе",
    common_list="need_domains",
    to_common={
        **{"смештај": "housing", "запошљавање": "employment", "здравствена заштита": "health"},
        "укључивање деце у образовање": "education",
        **{"лична документа": "documentation", "социјална заштита": "social_protection"},
        "збрињавање малолетника": "social_protection",
        **{"психосоцијална подршка": "psychosocial", "правна помоћ": "legal"},
    },
    unmapped={
        "превоз до места боравка": "transport from the airport, given at reception and done"
        " there: no need remains for anyone to meet",
        "преводилац": "an interpreter during the reception interview, done at reception",
    },
    preferred={"social_protection": "социјална заштита"},
)
"""Urgent needs at reception and needs a referral addresses; ``health`` is special (mapping)."""

VULNERABILITIES = CodeMap[str](
    agency="KIRS",
    name="Рањивост",
    common_list="vulnerabilities",
    to_common={
        **{"самохрани родитељ": "single_parent", "малолетник без пратње": "unaccompanied_minor"},
        **{"старије лице": "elderly", "хронична болест": "medical_condition"},
        **{"трудноћа": "medical_condition", "особа са инвалидитетом": "disability"},
        **{"жртва трговине људима": "victim_of_trafficking"},
        **{"без личних докумената": "no_documents"},
    },
    unmapped={
        "ризик од апатридије": "a child born abroad whose birth was never registered: our"
        " vulnerabilities list has no statelessness risk; the missing documents still show",
    },
    preferred={"medical_condition": "хронична болест"},
)

INSTITUTIONS = CodeMap[str](
    agency="KIRS",
    name="Установа",
    common_list="agencies",
    to_common={
        **{"Комесаријат за избеглице и миграције": "kirs"},
        **{"повереник за избеглице и миграције": "kirs"},
        **{"Национална служба за запошљавање": "nes", "центар за социјални рад": "csw"},
        **{"Међународна организација за миграције": "iom"},
        # Referrals the gateway's own routing rules raise come from its operator.
        **{"Оператер мрежног пролаза за повратнике": "gateway"},
    },
    unmapped={
        "дом здравља": "health centres are not connected to the gateway",
        "школа": "schools are not connected to the gateway",
        "полицијска управа": "police administrations (identity cards) are not connected",
    },
    preferred={"kirs": "Комесаријат за избеглице и миграције"},
)
"""Who sends a referral to KIRS, and whom KIRS refers people to at reception."""

PRIORITIES = CodeMap[str](
    agency="KIRS",
    name="Приоритет",
    common_list="schema:ReferralDelivery.priority",
    to_common={"низак": "low", "редован": "normal", "висок": "high", "хитан": "urgent"},
)

REFERRAL_STATUSES = CodeMap[str](
    agency="KIRS",
    name="СтатусУпута",
    common_list="schema:ReferralUpdate.status",
    to_common={
        **{"прихваћен": "accepted", "одбијен": "rejected"},
        **{"у обради": "in_progress", "реализован": "completed"},
    },
    unmapped={
        "примљен": "received: the gateway marks a referral delivered when KIRS answers PrimiUput",
        "сторниран": "cancelled at the sender's request: the gateway records cancellations itself",
    },
)
RECEIVED = "примљен"


def _municipality_names() -> dict[str, str]:
    """Official Cyrillic name to our code; a name two units share names its city too."""
    municipalities = code_list("municipalities")
    names = Counter(item.label("sr-Cyrl") for item in municipalities.items())
    mapped: dict[str, str] = {}
    for item in municipalities.items():
        name = item.label("sr-Cyrl")
        if names[name] > 1:
            parent = municipalities.get(item.extra["parent"]).label("sr-Cyrl")
            name = f"{name} ({parent})"
        mapped[name] = item.code
    return mapped


MUNICIPALITIES = CodeMap[str](
    agency="KIRS",
    name="Општина",
    common_list="municipalities",
    to_common=_municipality_names(),
)

ALL: tuple[CodeMap[str], ...] = (
    *(SEXES, RETURN_MODALITIES, COUNTRIES, RELATIONSHIPS, DOCUMENT_TYPES, DOCUMENT_STATUSES),
    *(NEEDS, VULNERABILITIES, INSTITUTIONS, PRIORITIES, REFERRAL_STATUSES, MUNICIPALITIES),
)
"""Every KIRS code list the adapter knows."""

_GENDERED: dict[str, tuple[str, str]] = {
    **{"partner": ("супруг", "супруга"), "child": ("син", "ћерка")},
    **{"parent": ("отац", "мајка"), "sibling": ("брат", "сестра")},
    **{"grandchild": ("унук", "унука"), "grandparent": ("деда", "баба")},
}
_IN_LAWS = {("male", "male"): "таст", ("male", "female"): "ташта"}
_IN_LAWS |= {("female", "male"): "свекар", ("female", "female"): "свекрва"}


def gendered_relationship(relationship: str, sex: str, head_sex: str) -> str:
    """The word KIRS's clerks write when they know the relative's sex (and the head's)."""
    if relationship == "in_law":
        return _IN_LAWS.get((head_sex, sex), RELATIONSHIPS.written(relationship))
    words = _GENDERED.get(relationship)
    if words is None or sex not in ("male", "female"):
        return RELATIONSHIPS.written(relationship)
    return words[0] if sex == "male" else words[1]
