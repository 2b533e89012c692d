"""Routes that publish the code lists every coded field of the common schema is checked against."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from gateway.auth.caller import require_scope
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


@router.get(
    "/code-lists", responses=problem_responses(401, 403, 429), dependencies=[require_scope()]
)
def list_code_lists() -> list[str]:
    """Names of the code lists (any client may read them)."""
    return available()


@router.get(
    "/code-lists/{name}",
    responses=problem_responses(401, 403, 404, 422, 429),
    dependencies=[require_scope()],
)
def read_code_list(name: Annotated[str, Path(max_length=64)]) -> CodeListPublic:
    """All entries of one code list (any client may read them)."""
    if name not in available():
        raise NotFound(f"There is no code list named '{name}'.")
    entries = [
        CodeEntry(code=item.code, labels=dict(item.labels), attributes=dict(item.extra))
        for item in code_list(name).items()
    ]
    return CodeListPublic(name=name, entries=entries)
