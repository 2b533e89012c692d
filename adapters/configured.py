"""Adapters built from configuration: the core never imports an agency package by name.

``GATEWAY_ADAPTERS`` lists ``agency=module`` pairs (default: the four shipped adapters). Each
module exposes ``create_adapter(http)`` and, for the demo and tests, ``create_simulator()``.
"""

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

import httpx

from adapters.base import AgencyAdapter

DEFAULT_ADAPTERS = "kirs=adapters.kirs,nes=adapters.nes,csw=adapters.csw,iom=adapters.iom"


def parse_adapter_list(text: str) -> dict[str, str]:
    """``"kirs=adapters.kirs,nes=..."`` as ``{"kirs": "adapters.kirs", ...}``."""
    pairs = [item.strip() for item in text.split(",") if item.strip()]
    found: dict[str, str] = {}
    for pair in pairs:
        agency, separator, module = pair.partition("=")
        if not separator or not agency.strip() or not module.strip():
            raise ValueError(f"'{pair}' is not agency=module")
        found[agency.strip()] = module.strip()
    return found


def _module(path: str) -> ModuleType:
    return importlib.import_module(path)


def build_adapters(modules: Mapping[str, str], http: httpx.AsyncClient) -> dict[str, AgencyAdapter]:
    """One adapter per configured agency, sharing the gateway's HTTP client."""
    adapters: dict[str, AgencyAdapter] = {}
    for agency, path in modules.items():
        create: Callable[[httpx.AsyncClient], AgencyAdapter] = _module(path).create_adapter
        adapters[agency] = create(http)
    return adapters


def simulator_factory(modules: Mapping[str, str], agency: str) -> Callable[..., Any]:
    """The ``create_simulator`` of a configured agency's package."""
    if agency not in modules:
        raise KeyError(f"no adapter is configured for '{agency}'; known: {', '.join(modules)}")
    factory: Callable[..., Any] = _module(modules[agency]).create_simulator
    return factory
