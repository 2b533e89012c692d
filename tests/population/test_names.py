"""The name lists of the synthetic population: long, Serbian, and safe in both scripts."""

from gateway.identity.names import to_cyrillic, to_latin
from population.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, STREETS


def test_names_survive_the_round_trip_through_cyrillic() -> None:
    for name in (*MALE_GIVEN_NAMES, *FEMALE_GIVEN_NAMES, *FAMILY_NAMES, *STREETS):
        assert to_latin(to_cyrillic(name)) == name


def test_name_lists_are_long_and_have_the_serbian_letters() -> None:
    for names in (MALE_GIVEN_NAMES, FEMALE_GIVEN_NAMES, FAMILY_NAMES):
        assert len(names) >= 40
        assert len(set(names)) == len(names)
    letters = "".join((*MALE_GIVEN_NAMES, *FEMALE_GIVEN_NAMES, *FAMILY_NAMES))
    for letter in ("Đ", "Ž", "Č", "Ć", "Š", "Lj", "Nj", "Dž"):
        assert letter in letters or letter.lower() in letters
