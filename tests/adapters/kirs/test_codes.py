"""KIRS's own code lists: in KIRS's words (totality is ``tests/adapters/test_code_maps``)."""

import pytest

from adapters.kirs import codes
from adapters.kirs.codes import ALL
from adapters.toolkit.codes import CodeMap, NotRepresentable
from gateway.identity.names import is_cyrillic


@pytest.mark.parametrize("code_map", ALL, ids=lambda code_map: code_map.common_list)
def test_kirs_writes_its_codes_in_cyrillic(code_map: CodeMap[str]) -> None:
    assert all(is_cyrillic(native) for native in code_map.codes)


def test_an_unknown_code_is_refused_and_an_unmapped_one_is_none() -> None:
    with pytest.raises(ValueError, match="not a code of KIRS's list 'НачинПовратка'"):
        codes.RETURN_MODALITIES.common("депортација")
    assert codes.RETURN_MODALITIES.common("транзит држављанина треће земље") is None
    with pytest.raises(NotRepresentable):
        codes.COUNTRIES.written("US")


def test_unmapped_codes_are_few_and_each_has_a_reason() -> None:
    unmapped = {code for code_map in ALL for code in code_map.unmapped}
    assert len(unmapped) == 13


def test_two_municipalities_of_one_name_are_told_apart_by_their_city() -> None:
    assert codes.MUNICIPALITIES.common("Палилула (Београд)") == "beograd-palilula"
    assert codes.MUNICIPALITIES.common("Палилула (Ниш)") == "nis-palilula"
    assert codes.MUNICIPALITIES.written("beograd-zemun") == "Земун"


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
    assert codes.RELATIONSHIPS.common(word) == relationship
