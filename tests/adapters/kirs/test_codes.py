"""KIRS's own code lists: each is total, and its codes are in KIRS's words."""

import pytest

from adapters.kirs import codes
from adapters.kirs.codes import ALL, PARTIAL_LISTS, CodeMap, NotRepresentable
from gateway.identity.names import is_cyrillic


@pytest.mark.parametrize("code_map", ALL, ids=lambda code_map: code_map.ours)
def test_every_kirs_code_maps_to_one_of_ours_or_says_why_not(code_map: CodeMap) -> None:
    assert code_map.mapped, code_map.native_list
    assert not set(code_map.mapped) & set(code_map.unmapped)
    assert set(code_map.mapped.values()) <= code_map.our_codes
    assert all(reason.strip() for reason in code_map.unmapped.values())
    for native in code_map.codes:
        assert code_map.to_ours(native) == code_map.mapped.get(native)


@pytest.mark.parametrize("code_map", ALL, ids=lambda code_map: code_map.ours)
def test_every_code_of_ours_can_be_written_back(code_map: CodeMap) -> None:
    if code_map.ours in PARTIAL_LISTS:
        covered = frozenset(code_map.mapped.values())
    else:
        covered = code_map.our_codes
        assert covered == set(code_map.mapped.values()), code_map.ours
    for ours in covered:
        assert code_map.to_ours(code_map.to_native(ours)) == ours


@pytest.mark.parametrize("code_map", ALL, ids=lambda code_map: code_map.ours)
def test_kirs_writes_its_codes_in_cyrillic(code_map: CodeMap) -> None:
    assert all(is_cyrillic(native) for native in code_map.codes)


def test_an_unknown_code_is_refused_and_an_unmapped_one_is_none() -> None:
    with pytest.raises(ValueError, match="not a code of the KIRS list НачинПовратка"):
        codes.RETURN_MODALITIES.to_ours("депортација")
    assert codes.RETURN_MODALITIES.to_ours("транзит држављанина треће земље") is None
    with pytest.raises(NotRepresentable):
        codes.COUNTRIES.to_native("US")


def test_unmapped_codes_are_few_and_each_has_a_reason() -> None:
    unmapped = {code for code_map in ALL for code in code_map.unmapped}
    assert len(unmapped) == 13


def test_two_municipalities_of_one_name_are_told_apart_by_their_city() -> None:
    assert codes.MUNICIPALITIES.to_ours("Палилула (Београд)") == "beograd-palilula"
    assert codes.MUNICIPALITIES.to_ours("Палилула (Ниш)") == "nis-palilula"
    assert codes.MUNICIPALITIES.to_native("beograd-zemun") == "Земун"


@pytest.mark.parametrize(
    ("relationship", "sex", "head_sex", "word"),
    [
        ("partner", "female", "male", "супруга"),
        ("child", "male", "female", "син"),
        ("child", "female", "male", "ћерка"),
        ("in_law", "female", "male", "ташта"),
        ("in_law", "male", "female", "свекар"),
        ("head", "male", "male", "носилац породице"),
        ("other", "female", "male", "други сродник"),
    ],
)
def test_clerks_write_kinship_by_sex(relationship: str, sex: str, head_sex: str, word: str) -> None:
    assert codes.gendered_relationship(relationship, sex, head_sex) == word
    assert codes.RELATIONSHIPS.to_ours(word) == relationship
