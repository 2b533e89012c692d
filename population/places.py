"""Where the synthetic households live: weighted municipalities, addresses and birth regions.

Returnees settle mostly in Belgrade's city municipalities and a few southern and northern
cities; the weights below say so. Pure: draws only from the ``random.Random`` it is given.
"""

import random
from dataclasses import dataclass

from gateway.codelists import code_list
from population.names import SETTLEMENTS, STREETS

MUNICIPALITY_WEIGHTS = {
    **{"beograd-zemun": 6, "beograd-palilula": 6, "beograd-cukarica": 4, "beograd-zvezdara": 4},
    **{"beograd-novi-beograd": 4, "beograd-vozdovac": 3, "beograd-rakovica": 2},
    **{"beograd-surcin": 2, "beograd-obrenovac": 2, "beograd-mladenovac": 1},
    **{"novi-sad": 7, "vranje": 6, "leskovac": 6, "bujanovac": 5, "subotica": 5},
    **{"kragujevac": 5, "nis-crveni-krst": 3, "nis-palilula": 3, "nis-medijana": 2},
}
OTHER_MUNICIPALITY_SHARE = 0.12
"""Share of households in a municipality outside the weighted ones, drawn uniformly."""
NO_FIXED_ADDRESS_SHARE = 0.05
SETTLEMENT_SHARE = 0.2
"""Share of addresses in an informal settlement, written with ``bb`` (no house number)."""

# Belgrade and Niš are wholly divided into city municipalities: a household lives in one of those.
_DIVIDED_CITIES = frozenset({"beograd", "nis"})

# JMBG registration region by administrative district (okrug), as DOMAIN.md lists the regions.
_DISTRICT_REGIONS = {
    "City of Belgrade": "71",
    **{"Šumadijski okrug": "72", "Pomoravski okrug": "72"},
    **{"Nišavski okrug": "73", "Toplički okrug": "73", "Pirotski okrug": "73"},
    **{"Jablanički okrug": "74", "Pčinjski okrug": "74"},
    **{"Zaječarski okrug": "75", "Borski okrug": "75"},
    **{"Podunavski okrug": "76", "Braničevski okrug": "76"},
    **{"Mačvanski okrug": "77", "Kolubarski okrug": "77"},
    **{"Raški okrug": "78", "Rasinski okrug": "78", "Moravički okrug": "78"},
    **{"Zlatiborski okrug": "79", "Južnobački okrug": "80", "Zapadnobački okrug": "81"},
    **{"Severnobački okrug": "82", "Severnobanatski okrug": "84"},
    **{"Srednjobanatski okrug": "85", "Južnobanatski okrug": "86", "Sremski okrug": "88"},
}
KOSOVO_REGIONS = ("91", "92", "93", "94", "95", "96")
ABROAD_REGION = "70"
"""Region of a JMBG assigned at a consulate, to a child born abroad."""


@dataclass(frozen=True)
class Place:
    """Where a household lives; ``address`` is in Latin script, None without a fixed address."""

    municipality: str
    address: str | None
    no_fixed_address: bool

    @property
    def birth_region(self) -> str:
        """The JMBG region of a child born here."""
        return birth_region(self.municipality)


def draw_place(rng: random.Random) -> Place:
    """A municipality and an address, or no fixed address for about one household in twenty."""
    municipality = _draw_municipality(rng)
    if rng.random() < NO_FIXED_ADDRESS_SHARE:
        return Place(municipality=municipality, address=None, no_fixed_address=True)
    return Place(municipality=municipality, address=_draw_address(rng), no_fixed_address=False)


def birth_region(municipality: str) -> str:
    """The JMBG registration region of a municipality, from its district."""
    district = code_list("municipalities").get(municipality).extra.get("district", "")
    return _DISTRICT_REGIONS.get(district, "71")


def _draw_municipality(rng: random.Random) -> str:
    if rng.random() < OTHER_MUNICIPALITY_SHARE:
        return rng.choice(_other_municipalities())
    codes = list(MUNICIPALITY_WEIGHTS)
    return rng.choices(codes, weights=[MUNICIPALITY_WEIGHTS[code] for code in codes])[0]


def _other_municipalities() -> list[str]:
    return [
        code
        for code in code_list("municipalities").codes()
        if code not in MUNICIPALITY_WEIGHTS and code not in _DIVIDED_CITIES
    ]


def _draw_address(rng: random.Random) -> str:
    if rng.random() < SETTLEMENT_SHARE:
        return f"{rng.choice(SETTLEMENTS)} bb"
    return f"{rng.choice(STREETS)} {rng.randint(1, 160)}"
