"""The checks KIRS's service makes on a referral before it takes it: its own lists and formats.

These are checks against KIRS's own code lists, not the gateway's: a referral from a health
centre (``дом здравља``) is valid at KIRS although the gateway has no code for the sender.
Messages name the element, never the value found there.
"""

from collections.abc import Callable, Iterable

from adapters.base import InvalidJmbg, parse_jmbg
from adapters.kirs.codes import INSTITUTIONS, MUNICIPALITIES, NEEDS, PRIORITIES, SEXES
from adapters.kirs.dates import parse_date, parse_date_time, parse_partial_date
from adapters.kirs.native import StornoUputa, Uput
from adapters.toolkit.codes import CodeMap

REASON_LENGTH = 200
"""The longest reason KIRS's register keeps."""


def valid_jmbg(value: str) -> bool:
    """Whether ``value`` is a JMBG with a valid date and check digit."""
    try:
        parse_jmbg(value)
    except InvalidJmbg:
        return False
    return True


def referral_problems(uput: Uput) -> list[str]:
    """What is wrong with a referral by KIRS's rules; empty when it may be taken."""
    person = uput.osoba
    coded: Iterable[tuple[CodeMap[str], str | None, str]] = (
        (PRIORITIES, uput.prioritet, "Uput/Prioritet"),
        (INSTITUTIONS, uput.posiljalac, "Uput/Posiljalac"),
        (MUNICIPALITIES, uput.opstina, "Uput/Opstina"),
        (SEXES, person.pol, "Uput/Osoba/Pol"),
        *((NEEDS, need, f"Uput/Potrebe/Potreba[{n}]") for n, need in enumerate(uput.potrebe, 1)),
    )
    problems = [
        f"{where}: not a code of the KIRS list {codes.name}"
        for codes, value, where in coded
        if value is not None and value not in codes.codes
    ]
    problems += _unreadable(parse_date, uput.rok, "Uput/RokZaPostupanje")
    problems += _unreadable(parse_partial_date, person.datum_rodjenja, "Uput/Osoba/DatumRodjenja")
    if person.jmbg is not None and not valid_jmbg(person.jmbg):
        problems.append("Uput/Osoba/JMBG: not a valid JMBG")
    return problems


def cancellation_problems(storno: StornoUputa) -> list[str]:
    """What is wrong with a withdrawal by KIRS's rules; empty when it may be taken."""
    problems = _unreadable(parse_date_time, storno.vreme_storniranja, "Storno/VremeStorniranja")
    if len(storno.razlog) > REASON_LENGTH:
        problems.append(f"Storno/Razlog: longer than {REASON_LENGTH} characters")
    return problems


def _unreadable(parse: Callable[[str], object], value: str | None, where: str) -> list[str]:
    if value is None:
        return []
    try:
        parse(value)
    except ValueError as error:
        return [f"{where}: {error}"]
    return []
