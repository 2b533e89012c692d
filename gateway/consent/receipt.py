"""The consent receipt a returnee takes home: JSON after ISO/IEC TS 27560, and a printable page.

The page says, in Serbian (Latin or Cyrillic) or English, who may see what, for what, from
when until when, and how to revoke. Labels come from the code lists, so they read in the
returnee's language; every value is HTML-escaped.
"""

from html import escape
from typing import Any, Literal

from gateway.codelists import code_list
from gateway.consent.schemas import ConsentPublic
from gateway.identity.names import to_cyrillic

Language = Literal["en", "sr-Latn", "sr-Cyrl"]

_TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Consent receipt", "sr-Latn": "Potvrda o pristanku"},
    "intro": {
        "en": "You agreed that the agencies below may see the data listed, for the purposes "
        "listed.",
        "sr-Latn": "Pristali ste da dole navedene službe vide navedene podatke, u navedene svrhe.",
    },
    "who": {"en": "Who may see it", "sr-Latn": "Ko može da vidi"},
    "what": {"en": "What they may see", "sr-Latn": "Šta može da vidi"},
    "why": {"en": "For what", "sr-Latn": "U koju svrhu"},
    "when": {"en": "Valid", "sr-Latn": "Važi"},
    "from": {"en": "from", "sr-Latn": "od"},
    "until": {"en": "until", "sr-Latn": "do"},
    "revoked": {"en": "until you revoke it", "sr-Latn": "dok ga ne povučete"},
    "status": {"en": "Status", "sr-Latn": "Stanje"},
    "given": {"en": "Recorded by", "sr-Latn": "Zabeležio"},
    "how": {"en": "How to revoke", "sr-Latn": "Kako da povučete pristanak"},
    "revoke_text": {
        "en": "You may revoke this consent at any time, without giving a reason, at any office "
        "of the agencies named or of the agency that recorded it. Quote the number below. "
        "It stops applying at once; what was lawfully shared before stays lawful.",
        "sr-Latn": "Pristanak možete povući u svakom trenutku, bez navođenja razloga, u bilo kojoj "
        "kancelariji navedenih službi ili službe koja ga je zabeležila. Navedite broj ispod. "
        "Prestaje da važi odmah; ono što je zakonito podeljeno ranije ostaje zakonito.",
    },
    "number": {"en": "Consent number", "sr-Latn": "Broj pristanka"},
    "version": {"en": "version", "sr-Latn": "verzija"},
}
STYLESHEET = (
    "body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}"
    "th{text-align:left;padding-right:1em;vertical-align:top}@media print{body{margin:0}}"
)
_STATUS = {
    "active": {"en": "in force", "sr-Latn": "važi"},
    "scheduled": {"en": "not yet in force", "sr-Latn": "još ne važi"},
    "expired": {"en": "expired", "sr-Latn": "istekao"},
    "revoked": {"en": "revoked", "sr-Latn": "povučen"},
}


def receipt_record(
    consent: ConsentPublic, *, controller_names: dict[str, str] | None = None
) -> dict[str, Any]:
    """The consent as a record structured after ISO/IEC TS 27560 (consent record information)."""
    return {
        "schema_version": "ISO/IEC TS 27560:2023",
        "record_id": str(consent.id),
        "record_version": consent.version,
        "pii_principal_id": str(consent.person_id or consent.household_id),
        "pii_principal_kind": "person" if consent.person_id else "household",
        "given_by": str(consent.given_by_person_id)
        if consent.given_by_person_id
        else consent.given_by_authority or "pii_principal",
        "pii_controllers": [
            {
                "agency": agency,
                "name": (controller_names or {}).get(agency, _label("agencies", agency, "en")),
            }
            for agency in consent.grantees
        ],
        "purposes": [
            {
                "purpose": purpose,
                "description": _label("purposes", purpose, "en"),
                "lawful_basis": "consent",
            }
            for purpose in consent.purposes
        ],
        "pii_categories": [
            {"category": category, "special": _special(category)} for category in consent.categories
        ],
        "notice": {"language": consent.notice_language},
        "evidence": consent.evidence.model_dump(mode="json"),
        "event": {
            "type": "given",
            "time": consent.valid_from.isoformat(),
            "recorded_by": consent.recorded_by_agency,
        },
        "validity": {
            "from": consent.valid_from.isoformat(),
            "until": consent.valid_until.isoformat() if consent.valid_until else None,
        },
        "state": consent.status,
        "withdrawal": {
            "method": "In person, at any office of the named agencies or the recording agency, "
            "or through the agency's system (POST /v1/consents/{id}/revoke)",
            "withdrawn_at": consent.revoked_at.isoformat() if consent.revoked_at else None,
            "reason": consent.revocation_reason,
        },
    }


def receipt_page(consent: ConsentPublic, language: Language) -> str:
    """A printable HTML page of the receipt in ``language``."""
    text = {key: escape(_t(key, language)) for key in _TEXT}
    rows = [
        (text["who"], _labels("agencies", consent.grantees, language)),
        (text["what"], _labels("data_categories", consent.categories, language)),
        (text["why"], _labels("purposes", consent.purposes, language)),
        (text["when"], escape(_validity(consent, language))),
        (text["status"], escape(_text(_STATUS[consent.status], language))),
        (text["given"], _labels("agencies", [consent.recorded_by_agency], language)),
    ]
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{text['title']}</title><style>{STYLESHEET}</style></head><body>"
        f"<h1>{text['title']}</h1><p>{text['intro']}</p><table>{table}</table>"
        f"<h2>{text['how']}</h2><p>{text['revoke_text']}</p>"
        f"<p>{text['number']}: <strong>{escape(str(consent.id))}</strong> "
        f"({text['version']} {consent.version})</p></body></html>"
    )


def _labels(list_name: str, codes: list[str], language: Language) -> str:
    return escape(", ".join(_label(list_name, code, language) for code in codes))


def _validity(consent: ConsentPublic, language: Language) -> str:
    start = f"{_t('from', language)} {consent.valid_from:%d.%m.%Y.}"
    end = (
        f"{_t('until', language)} {consent.valid_until:%d.%m.%Y.}"
        if consent.valid_until
        else _t("revoked", language)
    )
    return f"{start} {end}"


def _t(key: str, language: Language) -> str:
    return _text(_TEXT[key], language)


def _text(entry: dict[str, str], language: Language) -> str:
    if language == "sr-Cyrl":
        return to_cyrillic(entry["sr-Latn"])
    return entry[language]


def _label(list_name: str, code: str, language: Language) -> str:
    codes = code_list(list_name)
    return codes.get(code).labels[language] if code in codes else code


def _special(category: str) -> bool:
    return code_list("data_categories").get(category).extra.get("special") == "yes"
