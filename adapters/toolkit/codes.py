"""``CodeMap``: one code list of an agency, and what each of its codes means in one of ours.

A map is total by construction: every agency code is either mapped (``to_common``) or listed in
``unmapped`` with the reason it does not travel; building a map where a labelled code is
neither, or one is both, fails at import. Where several agency codes mean one of ours,
``preferred`` names the one written on the way out. Unmapped codes are dropped on the way in.

The same five lookups serve every adapter::

    check(code)      the code itself; UnknownNativeCode if the agency's list has no such code
    common(code)     our code, or None for an unmapped one (or no code)
    mapped(code)     our code for one that must travel; UnknownNativeCode for an unmapped one
    native(ours)     the agency's code written for one of ours, or None where it has none
    written(ours)    the same where the agency must have one; NotRepresentable otherwise

``common``, ``native`` and ``written`` take None for "no code" and give None back;
``common_all`` and ``written_all`` translate several codes, each once, in their order.

``common_codes()`` is what the map may land in (one of our code lists, or the values the
common schema fixes for a field, named ``schema:Model.field``), for the totality tests.
Pure data and lookups: no I/O.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, cast, get_args, overload

from typing_extensions import TypeVar

from adapters.base import code_list
from gateway.schema import agency as agency_schema
from gateway.schema import person as person_schema

C = TypeVar("C", bound=str)
"""Our codes (a ``Literal`` where the common schema fixes the values, else ``str``)."""
N = TypeVar("N", bound=str, default=str)
"""The agency's codes (a ``Literal`` where the native models fix them, else ``str``)."""


class UnknownNativeCode(ValueError):
    """A value that is not a code of the agency list it should come from, or does not travel."""


class NotRepresentable(ValueError):
    """A code of ours that the agency's list has no code for."""


@dataclass(frozen=True)
class CodeMap(Generic[C, N]):
    """One agency code list, in its own order, and what each code means in one of our lists."""

    agency: str
    """The agency as people name it (``NES``), for messages."""
    name: str
    """The field or list of the agency's format that the codes fill."""
    common_list: str
    """Our code list, or ``schema:Model.field`` for values the common schema fixes itself."""
    to_common: Mapping[N, C]
    unmapped: Mapping[N, str] = field(default_factory=lambda: MappingProxyType({}))
    """Agency codes that do not travel, each with the reason."""
    preferred: Mapping[C, N] = field(default_factory=lambda: MappingProxyType({}))
    """Our code -> the agency code written for it, where several (or an unmapped one) could be."""
    labels: Mapping[N, str] = field(default_factory=lambda: MappingProxyType({}))
    """The agency's wording of each code, where the list has labels beside its codes."""

    def __post_init__(self) -> None:
        both = set(self.to_common) & set(self.unmapped)
        if both:
            raise ValueError(f"{self._list}: mapped and unmapped at once: {sorted(both)}")
        if self.labels and set(self.labels) != set(self.to_common) | set(self.unmapped):
            raise ValueError(f"{self._list}: a labelled code is neither mapped nor unmapped")
        for ours, code in self.preferred.items():
            if self.to_common.get(code, ours) != ours or self.check(code) != code:
                raise ValueError(f"{self._list}: preferred '{code}' does not mean '{ours}'")

    @property
    def codes(self) -> tuple[N, ...]:
        """Every code of the agency's list."""
        if self.labels:
            return tuple(self.labels)
        return (*self.to_common, *self.unmapped)

    def check(self, code: str) -> N:
        """The code itself; ``UnknownNativeCode`` when the agency's list has no such code."""
        if code not in self.to_common and code not in self.unmapped:
            raise UnknownNativeCode(f"'{code}' is not a code of {self._list}")
        return cast(N, code)

    def common(self, code: str | None) -> C | None:
        """Our code for an agency code; None for no code or one of the ``unmapped``."""
        return None if code is None else self.to_common.get(self.check(code))

    def mapped(self, code: str) -> C:
        """Our code for an agency code that must have one; ``UnknownNativeCode`` otherwise."""
        common = self.common(code)
        if common is None:
            reason = self.unmapped[self.check(code)]
            raise UnknownNativeCode(f"'{code}' of {self._list} does not travel: {reason}")
        return common

    def native(self, common_code: str | None) -> N | None:
        """The agency code written for one of ours; None for none, or where it has no code."""
        if common_code is None:
            return None
        if common_code in self.preferred:
            return self.preferred[common_code]  # type: ignore[index]
        return next((code for code, ours in self.to_common.items() if ours == common_code), None)

    @overload
    def written(self, common_code: str) -> N: ...

    @overload
    def written(self, common_code: None) -> None: ...

    def written(self, common_code: str | None) -> N | None:
        """The agency code for one of ours that it must know (None for none);
        ``NotRepresentable`` where it has no code."""
        if common_code is None:
            return None
        code = self.native(common_code)
        if code is None:
            raise NotRepresentable(f"{self._list} has no code for '{common_code}'")
        return code

    def common_all(self, codes: Iterable[str]) -> list[C]:
        """Our codes for agency codes, unmapped ones dropped, each once, in the agency's order."""
        found = (self.common(code) for code in codes)
        return list(dict.fromkeys(code for code in found if code is not None))

    def written_all(self, common_codes: Iterable[str]) -> list[N]:
        """The agency codes for ours, each once, in our order; ``NotRepresentable`` for none."""
        return list(dict.fromkeys(self.written(code) for code in common_codes))

    def common_codes(self) -> frozenset[str]:
        """The codes this map may land in: our list's, or the common schema's values."""
        if not self.common_list.startswith("schema:"):
            return frozenset(code_list(self.common_list).codes())
        model_name, field_name = self.common_list.removeprefix("schema:").split(".")
        model = getattr(agency_schema, model_name, None) or getattr(person_schema, model_name)
        return frozenset(_literal_values(model.model_fields[field_name].annotation))

    @property
    def _list(self) -> str:
        return f"{self.agency}'s list '{self.name}'"


def _literal_values(annotation: object) -> Iterable[str]:
    """The values of a ``Literal`` annotation, possibly inside ``Optional``."""
    values = get_args(annotation)
    if values and all(isinstance(value, str) for value in values):
        return values
    return [value for arg in values for value in get_args(arg) if isinstance(value, str)]


def unmapped_by_list(code_maps: Iterable[CodeMap[Any, Any]]) -> dict[str, dict[str, str]]:
    """The codes that do not travel, by list, with the reason: for documentation and tests."""
    return {codes.name: dict(codes.unmapped) for codes in code_maps if codes.unmapped}


def unique(codes: Iterable[str | None]) -> list[str]:
    """The codes without None and repeats, in their first order."""
    return list(dict.fromkeys(code for code in codes if code is not None))
