"""Routes that publish the code lists every coded field of the common schema is checked against."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from gateway.auth.caller import AnyCaller
from gateway.codelists import available, code_list
from gateway.errors import NotFound, problem_responses

router = APIRouter(prefix="/v1", tags=["code lists"])


class CodeEntry(BaseModel):
    """One code with its labels in English and Serbian (Latin and Cyrillic)."""

    code: str
    labels: dict[str, str]
    attributes: dict[str, str]


class CodeListPublic(BaseModel):
    """A code list and its entries."""

    name: str
    entries: list[CodeEntry]


@router.get("/code-lists", responses=problem_responses(401, 403, 429))
def list_code_lists(caller: AnyCaller) -> list[str]:
    """Names of the code lists (any client may read them)."""
    del caller
    return available()


@router.get("/code-lists/{name}", responses=problem_responses(401, 403, 404, 422, 429))
def read_code_list(name: Annotated[str, Path(max_length=64)], caller: AnyCaller) -> CodeListPublic:
    """All entries of one code list (any client may read them)."""
    del caller
    if name not in available():
        raise NotFound(f"There is no code list named '{name}'.")
    entries = [
        CodeEntry(code=item.code, labels=dict(item.labels), attributes=dict(item.extra))
        for item in code_list(name).items()
    ]
    return CodeListPublic(name=name, entries=entries)
