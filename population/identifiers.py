"""Unique identifiers for the synthetic population: JMBGs and agencies' own case numbers.

One ``Identifiers`` serves a whole population, so no JMBG and no agency identifier repeats.
JMBGs follow the published structure (valid check digit); the agencies' case-number shapes
(``KIRS-2024-000123``, ``NSZ-`` and nine digits, ...) are this project's model of their systems,
not the agencies' official numbering. Draws only from the ``random.Random`` it is given.
"""

import datetime as dt
import random

from gateway.identity.jmbg import make_jmbg

_SERIALS_PER_SEX = 500
_NES_DIGITS = 9


class Identifiers:
    """Hands out JMBGs and agency identifiers, each at most once."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._jmbgs: set[str] = set()
        self._nes_numbers: set[str] = set()
        self._next_numbers: dict[str, int] = {}

    def jmbg(self, birth_date: dt.date, region: str, sex: str) -> str | None:
        """A valid, unused JMBG; from a random serial on, the next serial until one works."""
        first_serial = 0 if sex == "male" else _SERIALS_PER_SEX
        start = self._rng.randrange(_SERIALS_PER_SEX)
        for step in range(_SERIALS_PER_SEX):
            serial = first_serial + (start + step) % _SERIALS_PER_SEX
            try:
                value = make_jmbg(birth_date, region, serial)
            except ValueError:  # no valid check digit for this serial
                continue
            if value not in self._jmbgs:
                self._jmbgs.add(value)
                return value
        return None

    def numbered(self, prefix: str, width: int) -> str:
        """The next number of a series, such as ``KIRS-2024-000123``; gaps stand for others."""
        number = self._next_numbers.get(prefix) or self._rng.randint(1, 300)
        self._next_numbers[prefix] = number + self._rng.randint(1, 4)
        return f"{prefix}{number:0{width}d}"

    def nes_number(self) -> str:
        """An unused NES job-seeker number: ``NSZ-`` and nine digits."""
        while True:
            value = f"NSZ-{self._rng.randrange(10**_NES_DIGITS):0{_NES_DIGITS}d}"
            if value not in self._nes_numbers:
                self._nes_numbers.add(value)
                return value
