"""The simulated job-seeker register: stored in NES's native JSON, read by number or searched.

Routes (API key required, see ``app``):

- ``GET /api/v1/lica-koja-traze-zaposlenje/{evidencioniBroj}``: one job seeker, or 404
  ``LICE_NIJE_NA_EVIDENCIJI``;
- ``GET /api/v1/lica-koja-traze-zaposlenje?jmbg=...&prezime=...``: by JMBG and/or family
  name (both given: both must match). The family name matches in either script and any case
  (``Ristić`` finds ``Ристић``), as NES's search does; it is not a fuzzy search.
"""

import datetime as dt
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.base import to_latin
from adapters.nes.simulator.errors import NesError
from adapters.nes.simulator.job_seekers import job_seeker
from adapters.simulation import DocumentStore, agency_people

COLLECTION = "lica"
PATH = "/api/v1/lica-koja-traze-zaposlenje"
_JMBG = re.compile(r"^[0-9]{13}$")


class JobSeekerRegister:
    """Job seekers by registration number, in the simulator's store."""

    def __init__(self, store: DocumentStore) -> None:
        self._store = store

    def seed(self, *, seed: int, households: int, today: dt.date | None = None) -> int:
        """Fill an empty register from the demo people; how many were added."""
        if self._store.count(COLLECTION):
            return 0
        day = today or dt.date.today()
        people = agency_people("nes", seed=seed, households=households, today=day)
        for person in people:
            entry = job_seeker(person, seed=seed, today=day)
            self._store.put(COLLECTION, person.local_id, entry.model_dump(mode="json"))
        return len(people)

    def get(self, number: str) -> dict[str, Any]:
        """One job seeker's entry; NesError 404 when there is none."""
        entry = self._store.get(COLLECTION, number)
        if entry is None:
            message = f"Lice sa evidencionim brojem {number} nije na evidenciji."
            raise NesError(404, "LICE_NIJE_NA_EVIDENCIJI", message)
        return entry

    def search(self, *, jmbg: str | None, family_name: str | None) -> list[dict[str, Any]]:
        """Entries matching every criterion given."""
        wanted = None if family_name is None else _name_key(family_name)
        return [
            entry
            for _, entry in self._store.all(COLLECTION)
            if (jmbg is None or entry.get("jmbg") == jmbg)
            and (wanted is None or _name_key(str(entry.get("prezime", ""))) == wanted)
        ]


def routes(register: JobSeekerRegister) -> list[Route]:
    """The register's endpoints."""

    async def read(request: Request) -> JSONResponse:
        return JSONResponse(register.get(request.path_params["evidencioniBroj"]))

    async def search(request: Request) -> JSONResponse:
        jmbg, family_name = _criteria(request)
        found = register.search(jmbg=jmbg, family_name=family_name)
        return JSONResponse({"ukupno": len(found), "lica": found})

    return [
        Route(PATH, search, methods=["GET"]),
        Route(PATH + "/{evidencioniBroj}", read, methods=["GET"]),
    ]


def _criteria(request: Request) -> tuple[str | None, str | None]:
    jmbg = request.query_params.get("jmbg", "").strip() or None
    family_name = request.query_params.get("prezime", "").strip() or None
    if jmbg is None and family_name is None:
        message = "Pretraga zahteva parametar jmbg ili prezime."
        raise NesError(400, "NEDOSTAJE_KRITERIJUM", message)
    if jmbg is not None and not _JMBG.fullmatch(jmbg):
        raise NesError(400, "NEISPRAVAN_JMBG", "JMBG mora imati tačno 13 cifara.")
    return jmbg, family_name


def _name_key(name: str) -> str:
    return " ".join(to_latin(name).casefold().split())
