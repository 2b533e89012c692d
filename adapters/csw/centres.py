# ruff: noqa: RUF001 - Serbian Cyrillic words whose letters all look Latin (the preposition
# "u", "baba", "NSZ" in Cyrillic) are meant, not confusables.
"""The centres for social work, one per municipality, as CSW's system names them.

A centre is identified by the registry number (matični broj) of the municipality it serves and
by its name; Belgrade's centre works through a department in each city municipality. Where our
list has no registry number (the cities wholly divided into city municipalities), the name
alone identifies the centre. Pure lookups over the ``municipalities`` code list.
"""

from functools import cache

from adapters.base import Code, code_list
from adapters.csw.native import Centar
from adapters.toolkit.codes import UnknownNativeCode

_BELGRADE = "beograd"


def centre_for(municipality: str) -> Centar:
    """The centre that serves a municipality (a code of our ``municipalities`` list)."""
    entry = code_list("municipalities").get(municipality)
    return Centar(maticni_broj=entry.extra.get("registry_number") or None, naziv=_name(entry))


def municipality_of(centre: Centar) -> str:
    """Our municipality code for a centre, by its registry number or else by its name."""
    by_number, by_name = _directory()
    found = by_number.get(centre.maticni_broj or "") or by_name.get(centre.naziv)
    if found is None:
        raise UnknownNativeCode(f"'{centre.naziv}' ({centre.maticni_broj}) is not a known centre")
    return found


def _name(entry: Code) -> str:
    name = entry.label("sr-Cyrl")
    parent = entry.extra.get("parent")
    if parent == _BELGRADE:
        return f"Градски центар за социјални рад у Београду — Одељење {name}"
    if parent:
        city = code_list("municipalities").get(parent).label("sr-Cyrl")
        return f"Центар за социјални рад {city} — Одељење {name}"
    return f"Центар за социјални рад {name}"


@cache
def _directory() -> tuple[dict[str, str], dict[str, str]]:
    entries = code_list("municipalities").items()
    by_number = {
        entry.extra["registry_number"]: entry.code
        for entry in entries
        if entry.extra.get("registry_number")
    }
    return by_number, {_name(entry): entry.code for entry in entries}
