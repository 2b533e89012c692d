"""The code lists the gateway ships: read-only lookups over data files, loaded once and cached.

Each list but ``countries`` is a CSV file in ``data/`` (lines starting with ``#`` are comments that
name the source). Most have the columns ``code,label_en,label_sr_latn,label_sr_cyrl``;
``municipalities`` has ``name_latin`` and ``name_cyrillic`` instead of labels, and its other
columns (``registry_number``, ``kind``, ``district``, ``parent``) land in ``Code.extra``.
``countries`` is ISO 3166-1 alpha-2, built from pycountry and its Serbian translations.

This module only reads: it never writes a list, and it knows nothing of agencies' native codes
(their mappings live in each adapter's ``mapping.py``).
"""

from __future__ import annotations

import csv
import gettext
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

import pycountry

__all__ = ["LANGUAGES", "Code", "CodeList", "available", "code_list"]

LANGUAGES = ("en", "sr-Latn", "sr-Cyrl")
"""The label languages every code carries, as BCP 47 tags."""

_CSV_LISTS = tuple(
    sorted(
        entry.name.removesuffix(".csv")
        for entry in resources.files(__name__).joinpath("data").iterdir()
        if entry.name.endswith(".csv")
    )
)
_COUNTRIES = "countries"
_LABEL_COLUMNS = {"label_en": "en", "label_sr_latn": "sr-Latn", "label_sr_cyrl": "sr-Cyrl"}
_NAME_COLUMNS = {"name_latin": ("en", "sr-Latn"), "name_cyrillic": ("sr-Cyrl",)}
_PYCOUNTRY_LOCALES = {"sr-Latn": "sr@latin", "sr-Cyrl": "sr"}


@dataclass(frozen=True)
class Code:
    """One code of a list, with its labels by language and any further columns."""

    code: str
    labels: Mapping[str, str]
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def label(self, language: str = "en") -> str:
        """The label in ``language`` (one of ``LANGUAGES``), falling back to English."""
        return self.labels.get(language) or self.labels["en"]


class CodeList:
    """A named, ordered list of codes; ``in`` and ``get`` look codes up exactly."""

    def __init__(self, name: str, codes: Iterable[Code]) -> None:
        self.name = name
        self._codes: dict[str, Code] = {}
        for code in codes:
            if code.code in self._codes:
                raise ValueError(f"code list '{name}' has the code '{code.code}' twice")
            self._codes[code.code] = code

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"CodeList({self.name!r}, {len(self)} codes)"

    def get(self, code: str) -> Code:
        """The entry for ``code``; raises ``KeyError`` if the list has no such code."""
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"'{code}' is not a code of the '{self.name}' code list") from None

    def codes(self) -> list[str]:
        """The codes, in the order of the list."""
        return list(self._codes)

    def items(self) -> list[Code]:
        """The entries, in the order of the list."""
        return list(self._codes.values())


def available() -> list[str]:
    """The names of all code lists, for ``code_list``."""
    return sorted((*_CSV_LISTS, _COUNTRIES))


@cache
def code_list(name: str) -> CodeList:
    """The code list called ``name`` (see ``available()``), loaded on first use."""
    if name == _COUNTRIES:
        return CodeList(name, _countries())
    if name not in _CSV_LISTS:
        raise KeyError(f"there is no code list called '{name}'; known: {', '.join(available())}")
    return CodeList(name, (_code_from_row(name, row) for row in _read_rows(name)))


def _read_rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath("data", f"{name}.csv").read_text("utf-8")
    data_lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    return [
        {key: value.strip() for key, value in row.items()} for row in csv.DictReader(data_lines)
    ]


def _code_from_row(name: str, row: dict[str, str]) -> Code:
    labels: dict[str, str] = {}
    extra: dict[str, str] = {}
    for column, value in row.items():
        if column in _LABEL_COLUMNS:
            labels[_LABEL_COLUMNS[column]] = value
        elif column in _NAME_COLUMNS:
            labels.update(dict.fromkeys(_NAME_COLUMNS[column], value))
        elif column != "code":
            extra[column] = value
    code = row.get("code", "")
    if not code or any(not labels.get(language) for language in LANGUAGES):
        raise ValueError(f"code list '{name}': row {row} lacks a code or a label")
    return Code(code, MappingProxyType(labels), MappingProxyType(extra))


def _countries() -> list[Code]:
    translations = {
        language: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
        )
        for language, locale in _PYCOUNTRY_LOCALES.items()
    }
    countries = sorted(pycountry.countries, key=lambda country: str(country.alpha_2))
    return [_country_code(str(c.alpha_2), str(c.name), translations) for c in countries]


def _country_code(
    alpha_2: str, name: str, translations: Mapping[str, gettext.NullTranslations]
) -> Code:
    labels = {"en": name}
    labels.update({lang: tr.gettext(name) for lang, tr in translations.items()})
    return Code(alpha_2, MappingProxyType(labels), MappingProxyType({}))
