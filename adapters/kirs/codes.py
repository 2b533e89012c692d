# ruff: noqa: RUF001 - Serbian Cyrillic words spelt only with letters that look Latin
"""KIRS's own code lists, in its own words (Serbian Cyrillic), and what they are in ours.

Each ``CodeMap`` is total: every KIRS code maps to one of our codes or is in ``unmapped`` with
the reason, and a test checks it. Where KIRS has several codes for one of ours (``син`` and
``ћерка`` are both ``child``), ``preferred`` names the one written when translating back.
Unmapped codes are dropped when a record is read: the reason says what is lost and why.
Municipalities are the one list not spelled out here: KIRS writes the official names of the
Register of Spatial Units, the names our ``municipalities`` list carries.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import get_args

from gateway.codelists import code_list
from gateway.schema.agency import ReferralDelivery, ReferralUpdate
from gateway.schema.person import IdentityDocument


class NotRepresentable(ValueError):
    """A common-schema value that KIRS's format has no way to write."""


@dataclass(frozen=True)
class CodeMap:
    """One KIRS code list and the code of ours each of its codes stands for."""

    native_list: str
    ours: str
    our_codes: frozenset[str]
    mapped: Mapping[str, str]
    unmapped: Mapping[str, str] = field(default_factory=dict)
    preferred: Mapping[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code of the KIRS list."""
        return (*self.mapped, *self.unmapped)

    def to_ours(self, native: str) -> str | None:
        """Our code for a KIRS code; None for an unmapped one; ValueError for an unknown one."""
        if native in self.mapped:
            return self.mapped[native]
        if native in self.unmapped:
            return None
        raise ValueError(f"not a code of the KIRS list {self.native_list}")

    def to_native(self, ours: str) -> str:
        """The KIRS code written for one of ours; raises ``NotRepresentable`` if there is none."""
        if ours in self.preferred:
            return self.preferred[ours]
        candidates = [native for native, code in self.mapped.items() if code == ours]
        if len(candidates) != 1:
            raise NotRepresentable(f"KIRS list {self.native_list} has no code for '{ours}'")
        return candidates[0]


def _codes(name: str) -> frozenset[str]:
    return frozenset(code_list(name).codes())


def _literal(annotation: object) -> frozenset[str]:
    """The values of a ``Literal`` field of the common schema (possibly ``Optional``)."""
    values = get_args(annotation)
    if values and all(isinstance(value, str) for value in values):
        return frozenset(values)
    return frozenset(v for arg in values for v in get_args(arg) if isinstance(v, str))


SEXES = CodeMap("Пол", "sexes", _codes("sexes"), {"мушки": "male", "женски": "female"})

RETURN_MODALITIES = CodeMap(
    "НачинПовратка",
    "return_modalities",
    _codes("return_modalities"),
    mapped={
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
COUNTRIES = CodeMap(
    "ДржаваПовратка",
    "countries",
    _codes("countries"),
    mapped=_COUNTRIES,
    unmapped={
        "непозната": "the readmission request named no country; country_from stays empty",
    },
)
"""The states KIRS receives readmitted people from: the EU, Schengen associates and the UK."""

RELATIONSHIPS = CodeMap(
    "Сродство",
    "relationships",
    _codes("relationships"),
    mapped={
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

DOCUMENT_TYPES = CodeMap(
    "ВрстаДокумента",
    "document_types",
    _codes("document_types"),
    mapped={
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

DOCUMENT_STATUSES = CodeMap(
    "СтатусДокумента",
    "document status",
    _literal(IdentityDocument.model_fields["status"].annotation),
    mapped={
        **{"поседује": "held", "не поседује": "missing", "истекао": "expired"},
        **{"изгубљен": "missing", "одузет": "missing"},
    },
    preferred={"missing": "не поседује"},
)

NEEDS = CodeMap(
    "ВрстаПотребе",
    "need_domains",
    _codes("need_domains"),
    mapped={
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

VULNERABILITIES = CodeMap(
    "Рањивост",
    "vulnerabilities",
    _codes("vulnerabilities"),
    mapped={
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

INSTITUTIONS = CodeMap(
    "Установа",
    "agencies",
    _codes("agencies"),
    mapped={
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

PRIORITIES = CodeMap(
    "Приоритет",
    "referral priority",
    _literal(ReferralDelivery.model_fields["priority"].annotation),
    mapped={"низак": "low", "редован": "normal", "висок": "high", "хитан": "urgent"},
)

REFERRAL_STATUSES = CodeMap(
    "СтатусУпута",
    "referral status",
    _literal(ReferralUpdate.model_fields["status"].annotation),
    mapped={
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


MUNICIPALITIES = CodeMap(
    "Општина", "municipalities", _codes("municipalities"), _municipality_names()
)

ALL: tuple[CodeMap, ...] = (
    *(SEXES, RETURN_MODALITIES, COUNTRIES, RELATIONSHIPS, DOCUMENT_TYPES, DOCUMENT_STATUSES),
    *(NEEDS, VULNERABILITIES, INSTITUTIONS, PRIORITIES, REFERRAL_STATUSES, MUNICIPALITIES),
)
"""Every KIRS code list the adapter knows."""

PARTIAL_LISTS = frozenset({"countries", "agencies"})
"""Our lists KIRS need not cover: it receives from some states only, and refers to others."""

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
        return _IN_LAWS.get((head_sex, sex), RELATIONSHIPS.to_native(relationship))
    words = _GENDERED.get(relationship)
    if words is None or sex not in ("male", "female"):
        return RELATIONSHIPS.to_native(relationship)
    return words[0] if sex == "male" else words[1]


def unique(codes: Iterable[str | None]) -> list[str]:
    """The codes without None and repeats, in their first order."""
    return list(dict.fromkeys(code for code in codes if code is not None))
