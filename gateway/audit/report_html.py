# ruff: noqa: RUF001 - Serbian Cyrillic labels, whose letters often look Latin
"""The subject access report as a printable HTML page in Serbian (Latin, Cyrillic) or English.

Every value that comes from the trail or the code lists is escaped (``html.escape``); the page
has no scripts and no external resources, so it prints and archives as it is.
"""

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any, Literal
from zoneinfo import ZoneInfo

from gateway.audit.report import label
from gateway.audit.schemas import SubjectAccess, SubjectReport

BELGRADE = ZoneInfo("Europe/Belgrade")
Language = Literal["sr-Latn", "sr-Cyrl", "en"]

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Who has accessed your personal data",
        "intro": "Every access to your personal data recorded by the returnee interoperability "
        "gateway: which agency, for what purpose, on what basis and when. Refused attempts "
        "are listed too.",
        "person": "Person (gateway id)",
        "households": "Household",
        "generated": "Report made",
        "time": "Time (Belgrade)",
        "agency": "Agency",
        "purpose": "Purpose",
        "action": "What happened",
        "shown": "Data shown",
        "withheld": "Data withheld",
        "basis": "Basis",
        "case": "Case or file",
        "empty": "No access to your data has been recorded.",
        "household": "household data",
        "footer": "You may ask the agency named in a row, or the data-protection officer, "
        "about any access. Under the Law on Personal Data Protection a request is answered "
        "within 30 days.",
    },
    "sr-Latn": {
        "title": "Ko je pristupao vašim podacima o ličnosti",
        "intro": "Svaki pristup vašim podacima o ličnosti koji je zabeležio mrežni prolaz za "
        "povratnike: koja ustanova, u koju svrhu, po kom osnovu i kada. Navedeni su i "
        "odbijeni pokušaji.",
        "person": "Lice (identifikator u mrežnom prolazu)",
        "households": "Domaćinstvo",
        "generated": "Izveštaj sačinjen",
        "time": "Vreme (Beograd)",
        "agency": "Ustanova",
        "purpose": "Svrha",
        "action": "Šta se desilo",
        "shown": "Prikazani podaci",
        "withheld": "Uskraćeni podaci",
        "basis": "Osnov",
        "case": "Predmet",
        "empty": "Nije zabeležen nijedan pristup vašim podacima.",
        "household": "podaci domaćinstva",
        "footer": "O svakom pristupu možete pitati ustanovu navedenu u redu ili lice za "
        "zaštitu podataka o ličnosti. Po Zakonu o zaštiti podataka o ličnosti, na zahtev se "
        "odgovara u roku od 30 dana.",
    },
    "sr-Cyrl": {
        "title": "Ко је приступао вашим подацима о личности",
        "intro": "Сваки приступ вашим подацима о личности који је забележио мрежни пролаз за "
        "повратнике: која установа, у коју сврху, по ком основу и када. Наведени су и "
        "одбијени покушаји.",
        "person": "Лице (идентификатор у мрежном пролазу)",
        "households": "Домаћинство",
        "generated": "Извештај сачињен",
        "time": "Време (Београд)",
        "agency": "Установа",
        "purpose": "Сврха",
        "action": "Шта се десило",
        "shown": "Приказани подаци",
        "withheld": "Ускраћени подаци",
        "basis": "Основ",
        "case": "Предмет",
        "empty": "Није забележен ниједан приступ вашим подацима.",
        "household": "подаци домаћинства",
        "footer": "О сваком приступу можете питати установу наведену у реду или лице за "
        "заштиту података о личности. По Закону о заштити података о личности, на захтев се "
        "одговара у року од 30 дана.",
    },
}
_ACTIONS = {
    "en": {"read": "viewed", "created": "registered", "changed": "changed", "audit": "audit"},
    "sr-Latn": {"read": "uvid", "created": "upis", "changed": "izmena", "audit": "revizija"},
    "sr-Cyrl": {"read": "увид", "created": "упис", "changed": "измена", "audit": "ревизија"},
}
_DECISIONS = {
    "en": {"permit": "allowed", "deny": "refused"},
    "sr-Latn": {"permit": "dozvoljeno", "deny": "odbijeno"},
    "sr-Cyrl": {"permit": "дозвољено", "deny": "одбијено"},
}
_BASES = {
    "en": {
        "consent": "your consent",
        "legal_basis": "legal obligation",
        "registration": "registered by this agency",
        "emergency": "emergency access",
    },
    "sr-Latn": {
        "consent": "vaš pristanak",
        "legal_basis": "zakonska obaveza",
        "registration": "podaci koje je ustanova sama unela",
        "emergency": "hitan pristup",
    },
    "sr-Cyrl": {
        "consent": "ваш пристанак",
        "legal_basis": "законска обавеза",
        "registration": "подаци које је установа сама унела",
        "emergency": "хитан приступ",
    },
}
STYLESHEET = (
    "body{font-family:sans-serif;margin:2em;color:#000}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #777;padding:4px 6px;text-align:left;vertical-align:top;"
    "font-size:10pt}dt{font-weight:bold}@media print{body{margin:1cm}}"
)
_COLUMNS = ("time", "agency", "purpose", "action", "shown", "withheld", "basis", "case")


def render(report: SubjectReport) -> str:
    """The report as a complete HTML document in ``report.language``."""
    language = report.language
    text = _TEXT[language]
    facts = [
        (text["person"], report.person_id),
        *((text["households"], household) for household in report.households),
        (text["generated"], _time(report.generated_at, language)),
    ]
    return "".join(
        [
            f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">',
            f"<title>{escape(text['title'])}</title><style>{STYLESHEET}</style></head><body>",
            f"<h1>{escape(text['title'])}</h1><p>{escape(text['intro'])}</p><dl>",
            "".join(f"<dt>{escape(term)}</dt><dd>{escape(value)}</dd>" for term, value in facts),
            "</dl>",
            _table(report.accesses, language) if report.accesses else _paragraph(text["empty"]),
            _paragraph(text["footer"]),
            "</body></html>",
        ]
    )


def _table(accesses: list[SubjectAccess], language: str) -> str:
    text = _TEXT[language]
    head = "".join(f"<th>{escape(text[column])}</th>" for column in _COLUMNS)
    rows = "".join(_row(access, language) for access in accesses)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _row(access: SubjectAccess, language: str) -> str:
    action = _action(access.action, language) + ", " + _DECISIONS[language][access.decision]
    if access.about == "household":
        action += f" ({_TEXT[language]['household']})"
    cells = [
        _time(access.time, language),
        access.agency_name or "",
        access.purpose_label or "",
        action,
        _categories(access.categories_returned, language),
        _categories(access.categories_withheld, language),
        _basis(access.basis, language),
        access.case_reference or "",
    ]
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def _action(action: str, language: str) -> str:
    labels = _ACTIONS[language]
    if action.startswith("audit."):
        return labels["audit"]
    return labels.get(action.rpartition(".")[2], action)


def _categories(codes: Iterable[str] | None, language: str) -> str:
    names = [
        (label("data_categories", code, language) or code).split(":")[0] for code in codes or ()
    ]
    return ", ".join(names)


def _basis(basis: Any, language: str) -> str:
    """The kinds of basis used (consent, legal obligation ...), in the report's language."""
    values = basis.values() if isinstance(basis, dict) else [basis] if basis else []
    kinds = sorted({str(value).partition(":")[0] for value in values})
    return ", ".join(_BASES[language].get(kind, kind) for kind in kinds)


def _time(value: dt.datetime, language: str) -> str:
    local = value.astimezone(BELGRADE)
    return (
        local.strftime("%Y-%m-%d %H:%M") if language == "en" else local.strftime("%d.%m.%Y. %H:%M")
    )


def _paragraph(value: str) -> str:
    return f"<p>{escape(value)}</p>"
