"""The shipped code lists: each loads, is well formed, and the municipalities are right."""

import re
import unicodedata

import pytest

from gateway.codelists import LANGUAGES, Code, CodeList, available, code_list

CSV_LISTS = [name for name in available() if name != "countries"]

# Serbian Cyrillic to Latin, one to one; kept here so the test does not depend on
# gateway.identity. Capital digraphs are title case (Љубовија -> Ljubovija), as in names.
_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
_LATIN = (
    "a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m",
    "n", "nj", "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š",
)  # fmt: skip
_TO_LATIN = dict(zip(_CYRILLIC, _LATIN, strict=True))
_TO_LATIN.update({cyr.upper(): lat.capitalize() for cyr, lat in list(_TO_LATIN.items())})


def to_latin(text: str) -> str:
    return "".join(_TO_LATIN.get(char, char) for char in text)


def is_latin_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char).startswith("LATIN")


def registry_check_digit_ok(number: str) -> bool:
    """Mod 11 over the first four digits, weights 5, 4, 3, 2; a remainder of 10 is written 0."""
    digits = [int(digit) for digit in number]
    remainder = 11 - sum(d * w for d, w in zip(digits, (5, 4, 3, 2), strict=False)) % 11
    return remainder != 11 and remainder % 10 == digits[4]


def municipalities() -> list[Code]:
    return code_list("municipalities").items()


def by_kind(kind: str) -> list[Code]:
    return [entry for entry in municipalities() if entry.extra["kind"] == kind]


@pytest.mark.parametrize("name", available())
def test_every_list_loads_with_unique_codes_and_all_labels(name: str) -> None:
    codes = code_list(name)
    assert len(codes) > 0
    assert len(set(codes.codes())) == len(codes)
    for entry in codes.items():
        assert entry.code == entry.code.strip() != ""
        assert all(entry.labels[language].strip() for language in LANGUAGES)


@pytest.mark.parametrize("name", CSV_LISTS)
def test_cyrillic_labels_are_cyrillic_and_transliterate_to_the_latin_ones(name: str) -> None:
    for entry in code_list(name).items():
        cyrillic = entry.labels["sr-Cyrl"]
        assert not any(is_latin_letter(char) for char in cyrillic), cyrillic
        assert to_latin(cyrillic) == entry.labels["sr-Latn"], entry.code


def test_available_names_every_list() -> None:
    assert available() == sorted([*CSV_LISTS, "countries"])
    assert "municipalities" in available()


def test_lookup_api() -> None:
    modalities = code_list("return_modalities")
    assert modalities.codes() == ["readmission", "avrr", "spontaneous"]
    assert "avrr" in modalities
    assert "deported" not in modalities
    assert modalities.get("readmission").label("sr-Cyrl") == "Реадмисија"
    assert modalities.get("readmission").label("de") == "Readmission"
    with pytest.raises(KeyError, match="return_modalities"):
        modalities.get("deported")
    with pytest.raises(KeyError, match="no code list"):
        code_list("nonexistent")
    assert code_list("severities") is code_list("severities")


def test_code_list_refuses_a_duplicate_code() -> None:
    entry = Code("d", {"en": "D", "sr-Latn": "D", "sr-Cyrl": "Д"})
    with pytest.raises(ValueError, match="twice"):
        CodeList("demo", [entry, entry])


def test_countries_are_iso_3166_alpha_2_with_serbian_names() -> None:
    countries = code_list("countries")
    assert {"DE", "SE", "RS", "AT", "FR"} <= set(countries.codes())
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in countries.codes())
    assert countries.get("DE").labels == {
        "en": "Germany",
        "sr-Latn": "Nemačka",
        "sr-Cyrl": "Немачка",
    }
    assert countries.get("SE").label("sr-Latn") == "Švedska"


def test_municipality_codes_are_lower_case_ascii_slugs() -> None:
    for entry in municipalities():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry.code), entry.code


def test_municipality_labels_are_the_names_in_both_scripts() -> None:
    vranje = code_list("municipalities").get("vranje")
    assert vranje.labels == {"en": "Vranje", "sr-Latn": "Vranje", "sr-Cyrl": "Врање"}
    assert set(vranje.extra) == {"registry_number", "kind", "district", "parent"}
    assert code_list("municipalities").get("backa-palanka").label("sr-Cyrl") == "Бачка Паланка"
    assert code_list("municipalities").get("kanjiza").label("sr-Latn") == "Kanjiža"


def test_registry_numbers_are_empty_or_five_unique_digits_with_a_valid_check_digit() -> None:
    numbers = [entry.extra["registry_number"] for entry in municipalities()]
    filled = [number for number in numbers if number]
    assert all(re.fullmatch(r"\d{5}", number) for number in filled)
    assert len(set(filled)) == len(filled)
    assert all(registry_check_digit_ok(number) for number in filled)
    # Shipped: every unit but the cities of Belgrade and Niš, which have no opština-level number.
    assert [entry.code for entry in municipalities() if not entry.extra["registry_number"]] == [
        "beograd",
        "nis",
    ]


def test_every_city_municipality_belongs_to_a_city() -> None:
    codes = code_list("municipalities")
    for entry in by_kind("city_municipality"):
        parent = codes.get(entry.extra["parent"])
        assert parent.extra["kind"] == "city"
        assert entry.code.startswith(f"{parent.code}-")
    for entry in by_kind("city") + by_kind("municipality"):
        assert entry.extra["parent"] == "", entry.code


def test_the_local_self_governments_outside_kosovo_are_all_there() -> None:
    # 145 local self-governments: the City of Belgrade, 27 other cities and 117 municipalities;
    # plus 26 city municipalities (Belgrade 17, Niš 5, Novi Sad, Požarevac, Užice, Vranje 1 each).
    assert len(by_kind("city")) == 28
    assert len(by_kind("municipality")) == 117
    assert len(by_kind("city")) + len(by_kind("municipality")) == 145
    assert len(by_kind("city_municipality")) == 26
    assert len(code_list("municipalities")) == 171
    assert len([e for e in by_kind("city_municipality") if e.extra["parent"] == "beograd"]) == 17
    assert len([e for e in by_kind("city_municipality") if e.extra["parent"] == "nis"]) == 5


@pytest.mark.parametrize(
    "name",
    [
        "Beograd", "Novi Sad", "Niš", "Kragujevac", "Vranje", "Leskovac", "Subotica", "Zrenjanin",
        "Pančevo", "Kraljevo", "Čačak", "Novi Pazar", "Šabac", "Smederevo", "Požarevac",
        "Bujanovac", "Preševo", "Surdulica", "Vladičin Han", "Prokuplje", "Pirot", "Zaječar",
        "Bor", "Valjevo", "Užice", "Sombor", "Kikinda", "Vršac", "Sremska Mitrovica", "Ruma",
    ],
)  # fmt: skip
def test_named_places_are_listed(name: str) -> None:
    assert name in {entry.labels["sr-Latn"] for entry in municipalities()}


def test_known_entries() -> None:
    codes = code_list("municipalities")
    assert codes.get("beograd").extra["kind"] == "city"
    assert codes.get("beograd-stari-grad").extra == {
        "registry_number": "70246",
        "kind": "city_municipality",
        "district": "City of Belgrade",
        "parent": "beograd",
    }
    assert codes.get("nis-medijana").extra["registry_number"] == "71331"
    assert codes.get("novi-sad-petrovaradin").extra["parent"] == "novi-sad"
    assert codes.get("vranje-vranjska-banja").labels["sr-Cyrl"] == "Врањска Бања"
    assert codes.get("bujanovac").extra["district"] == "Pčinjski okrug"
