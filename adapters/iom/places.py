"""Places as IOM writes them, and as our code lists name them: countries and municipalities.

IOM writes countries as ISO 3166-1 alpha-3 (``DEU``), we use alpha-2 (``DE``). IOM writes a
destination as the municipality's Serbian Latin name plus, for a city municipality, its city
(``Palilula`` in ``Niš``); we use the slugs of the ``municipalities`` code list. A name that is
not in the register maps to None rather than failing the whole record. Pure: no I/O.
"""

from functools import cache

import pycountry

from adapters.base import code_list
from adapters.iom.native import Destination

_LATIN = "sr-Latn"


def country_alpha_2(alpha_3: str | None) -> str | None:
    """Our country code for IOM's alpha-3 code; None when unknown."""
    if alpha_3 is None:
        return None
    country = pycountry.countries.get(alpha_3=alpha_3)
    code = None if country is None else str(country.alpha_2)
    return code if code in code_list("countries") else None


def country_alpha_3(alpha_2: str | None) -> str | None:
    """IOM's alpha-3 code for one of our country codes."""
    if alpha_2 is None:
        return None
    country = pycountry.countries.get(alpha_2=alpha_2)
    return None if country is None else str(country.alpha_3)


def municipality_code(destination: Destination | None) -> str | None:
    """Our municipality code for IOM's destination; None when the register has no such place."""
    if destination is None:
        return None
    city = destination.city.casefold() if destination.city else None
    return _municipality_index().get((destination.municipality.casefold(), city))


def destination(code: str | None) -> Destination | None:
    """IOM's destination for one of our municipality codes."""
    return None if code is None else _destination_of(code)


def _destination_of(code: str) -> Destination:
    municipalities = code_list("municipalities")
    entry = municipalities.get(code)
    parent = entry.extra.get("parent") or None
    city = municipalities.get(parent).label(_LATIN) if parent else None
    return Destination(municipality=entry.label(_LATIN), city=city)


@cache
def _municipality_index() -> dict[tuple[str, str | None], str]:
    """(municipality name, city name or None), case-folded -> our code."""
    index: dict[tuple[str, str | None], str] = {}
    for entry in code_list("municipalities").items():
        place = _destination_of(entry.code)
        city = place.city.casefold() if place.city else None
        index[(place.municipality.casefold(), city)] = entry.code
    return index
