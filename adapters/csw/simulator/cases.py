# ruff: noqa: RUF001 - Serbian Cyrillic words whose letters all look Latin (the preposition
# "u", "baba", "NSZ" in Cyrillic) are meant, not confusables.
"""The case-file endpoints of the simulated CSW API: read one case, search with cursor pages.

``GET /api/predmeti/{brojPredmeta}`` answers the case file or 404. ``GET /api/predmeti`` needs
``jmbg`` and/or ``prezime``, matched on the holder (the surname in either script, with or
without diacritics), and answers ``velicina`` cases a page, in case-number order, with
``sledeciKursor`` while more remain. The cursor is opaque to callers: the last case number of
the page, base64url-encoded.
"""

import base64
import binascii
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.base import search_keys
from adapters.csw.simulator.auth import error
from adapters.simulation import DocumentStore

CASES = "predmeti"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class BadQuery(ValueError):
    """A search the API does not accept; the message is CSW's, in Serbian."""


def case_routes(store: DocumentStore) -> list[Route]:
    """The routes that read case files from ``store``."""

    async def read(request: Request) -> Response:
        number = request.path_params["broj"]
        case = store.get(CASES, number)
        if case is None:
            return error(404, "предмет није пронађен", f"Предмет {number} не постоји.")
        return JSONResponse(case)

    async def search(request: Request) -> Response:
        try:
            return JSONResponse(_page(store, dict(request.query_params)))
        except BadQuery as problem:
            return error(400, "неисправна претрага", str(problem))

    return [
        Route("/api/predmeti", search, methods=["GET"]),
        Route("/api/predmeti/{broj}", read, methods=["GET"]),
    ]


def _page(store: DocumentStore, query: dict[str, str]) -> dict[str, Any]:
    jmbg, surname = query.get("jmbg") or None, query.get("prezime") or None
    if jmbg is None and surname is None:
        raise BadQuery("Потребан је бар један критеријум: jmbg или prezime.")
    if jmbg is not None and not (jmbg.isdigit() and len(jmbg) == 13):
        raise BadQuery("ЈМБГ мора имати 13 цифара.")
    size, after = _page_size(query.get("velicina")), _after(query.get("kursor"))
    found = [case for key, case in store.all(CASES) if _matches(case, jmbg, surname)]
    rest = [case for case in found if after is None or case["brojPredmeta"] > after]
    page = rest[:size]
    more = len(rest) > size
    return {
        "predmeti": page,
        "sledeciKursor": _cursor(page[-1]["brojPredmeta"]) if more else None,
        "ukupno": len(found),
    }


def _matches(case: dict[str, Any], jmbg: str | None, surname: str | None) -> bool:
    holder = case["nosilac"]
    if jmbg is not None and holder.get("jmbg") != jmbg:
        return False
    # Names are held in either script and searched for in either, with or without diacritics.
    return surname is None or bool(set(search_keys(holder["prezime"])) & set(search_keys(surname)))


def _page_size(text: str | None) -> int:
    if text is None:
        return DEFAULT_PAGE_SIZE
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE_SIZE:
        raise BadQuery(f"Величина стране мора бити између 1 и {MAX_PAGE_SIZE}.")
    return int(text)


def _cursor(number: str) -> str:
    return base64.urlsafe_b64encode(number.encode()).decode().rstrip("=")


def _after(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise BadQuery("Курсор није исправан.") from None
